//! Every refused input, said plainly in one place (`app-error`).

use leptos::prelude::*;

use super::state::use_planner;

#[component]
pub fn ErrorBanner() -> impl IntoView {
    let state = use_planner();
    let errors = Memo::new(move |_| state.errors());
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
