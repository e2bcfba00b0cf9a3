//! Where the prices come from, and how current they are.

use leptos::prelude::*;

use super::state::use_planner;

#[component]
pub fn CatalogueNote() -> impl IntoView {
    let state = use_planner();
    let source = &state.catalogue.source;
    let models = state
        .catalogue
        .providers
        .iter()
        .map(|p| p.models.len())
        .sum::<usize>();
    let as_of = source.prices_as_of;
    let scheduled = as_of > state.priced_at.date_naive();
    view! {
        <footer class="catalogue-note" data-testid="catalogue-version" data-version=source.version.clone()>
            <p>
                "Prices from "
                <strong>{format!("{} {}", source.source, source.version)}</strong>
                {format!(" (MIT): {} providers, {} models. ", state.catalogue.providers.len(), models)}
                {if scheduled {
                    format!("Newest price change listed: {as_of} (scheduled). ")
                } else {
                    format!("Newest price change: {as_of}. ")
                }}
                {format!("Costs use the prices in force on {}.", state.priced_at.format("%Y-%m-%d"))}
            </p>
            <p>
                "Token counts are computed in your browser with tiktoken's public encodings. "
                "Where a model's tokenizer is private, the o200k_base count stands in and the cost shows a range."
            </p>
        </footer>
    }
}
