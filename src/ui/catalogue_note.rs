//! Where the prices come from, and how current they are.

use leptos::prelude::*;

use super::state::use_prices;

#[component]
pub fn CatalogueNote() -> impl IntoView {
    let state = use_prices();
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
        <div class="catalogue-note" data-testid="catalogue-version" data-version=source.version.clone()>
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
            <p data-testid="vocabulary-licences">
                "Tokenizer vocabularies, served from this site: OpenAI's encodings ("
                <a href="vocab/LICENSE-openai.txt">"MIT"</a>"), Mistral Tekken ("
                <a href="vocab/LICENSE-tekken.txt">"Apache-2.0"</a>"), Qwen ("
                <a href="vocab/LICENSE-qwen2.txt">"Apache-2.0"</a>"), DeepSeek ("
                <a href="vocab/LICENSE-deepseek_v3.txt">"MIT"</a>"), Meta Llama 3 and Llama 4 ("
                <a href="vocab/LICENSE-llama3.txt">"Llama 3 Community License"</a>", "
                <a href="vocab/NOTICE-llama3.txt">"notice"</a>"; "
                <a href="vocab/LICENSE-llama4.txt">"Llama 4 Community License"</a>", "
                <a href="vocab/NOTICE-llama4.txt">"notice"</a>"), Gemma 3 ("
                <a href="vocab/LICENSE-gemma3.txt">"Apache-2.0; Gemma is provided under and subject to the Gemma Terms of Use"</a>"). "
                <strong>"Built with Meta Llama 3. Built with Llama."</strong>
            </p>
            <p>
                "Token counts are computed in your browser, in a worker: exactly with OpenAI's encodings and the open-weight vocabularies above. "
                "Where a model's tokenizer is private, the count is an estimate and the cost shows a range (see how token counts are made)."
            </p>
        </div>
    }
}
