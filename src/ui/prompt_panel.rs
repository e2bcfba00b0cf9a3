//! The prompt box and its exact token counts (`prompt-input`, `token-count`).

use leptos::prelude::*;

use super::state::use_planner;
use crate::core::fields::group_thousands;
use crate::core::tokens::Encoding;

#[component]
pub fn PromptPanel() -> impl IntoView {
    let prompt = use_planner().prompt;
    let characters = Memo::new(move |_| prompt.text.with(|text| text.chars().count() as u64));
    view! {
        <label class="field-label" for="prompt">"Prompt"</label>
        <textarea
            id="prompt"
            data-testid="prompt-input"
            rows="10"
            spellcheck="false"
            placeholder="Paste a system prompt, a user message, a document…"
            // Set once: the textarea is the source of the text, and echoing a long paste back
            // into it would copy it again and re-lay it out on every edit.
            prop:value=prompt.text.get_untracked()
            on:input=move |ev| prompt.text.set(event_target_value(&ev))
            on:change=move |ev| prompt.text.set(event_target_value(&ev))
        ></textarea>
        <div class="token-counts" aria-live="polite">
            {Encoding::ALL.into_iter().map(|encoding| view! { <TokenCount encoding/> }).collect_view()}
            <span class="muted">{move || format!("{} characters", group_thousands(characters.get()))}</span>
        </div>
    }
}

/// One encoding's exact count; `data-state` says whether it is final for the current text.
#[component]
fn TokenCount(encoding: Encoding) -> impl IntoView {
    let prompt = use_planner().prompt;
    let count = move || prompt.counts.with(|counts| counts.get(&encoding).copied());
    view! {
        <span
            class="token-count"
            data-testid="token-count"
            data-tokenizer=encoding.as_str()
            data-value=move || count().map(|c| c.to_string())
            data-state=move || if prompt.counting.get() { "counting" } else { "ready" }
            class:stale=move || prompt.counting.get()
        >
            <strong>{move || count().map(group_thousands).unwrap_or_else(|| "…".into())}</strong>
            " tokens "
            <code>{encoding.as_str()}</code>
        </span>
    }
}
