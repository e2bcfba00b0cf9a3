//! The theme toggle: light, dark or the system's (`theme-toggle`, `theme-choice`).

use leptos::prelude::*;

use super::appearance::{use_appearance, ThemeChoice};

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let appearance = use_appearance();
    view! {
        <fieldset class="theme-toggle" data-testid="theme-toggle">
            <legend>"Theme"</legend>
            {ThemeChoice::ALL
                .into_iter()
                .map(|choice| {
                    view! {
                        <label>
                            <input
                                type="radio"
                                name="theme"
                                value=choice.as_str()
                                data-testid="theme-choice"
                                data-value=choice.as_str()
                                prop:checked=move || appearance.theme.get() == choice
                                on:change=move |_| appearance.choose(choice)
                            />
                            {choice.label()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
