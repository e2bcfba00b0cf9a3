//! Every refused input, said plainly in one place (`app-error`).

use leptos::prelude::*;

use super::state::{use_comparison, use_prompt, use_scenario};

#[component]
pub fn ErrorBanner() -> impl IntoView {
    let (comparison, prompt, scenario) = (use_comparison(), use_prompt(), use_scenario());
    let errors = Memo::new(move |_| {
        let mut errors = comparison.errors();
        errors.extend(prompt.worker_errors());
        errors.extend(scenario.errors());
        errors.extend(prompt.vocabulary_errors());
        errors
    });
    view! {
        <Show when=move || errors.with(|e| !e.is_empty())>
            <div class="app-error" data-testid="app-error" role="alert">
                <ul>
                    {move || errors.get().into_iter().map(|error| view! { <li>{error}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
