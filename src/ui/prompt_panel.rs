//! The prompt box and its exact token counts (`prompt-input`, `token-count`,
//! `count-progress`, `held-text`).

use js_sys::{Function, JsString, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ClipboardEvent, DataTransfer, Event, HtmlTextAreaElement, InputEvent};

use super::count_notes::TokenEstimates;
use super::state::{use_prompt, PromptState, HELD_TEXT_MIN_UNITS};
use crate::core::format::group_thousands;
use crate::core::tokens::encoding::Encoding;

/// Characters of a held text shown in the box.
const HELD_PREVIEW_UNITS: u32 = 2_000;

#[component]
pub fn PromptPanel() -> impl IntoView {
    let prompt = use_prompt();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let on_edit = move |_| {
        if let Some(element) = textarea.get() {
            take_text(prompt, &element, value_of(&element));
        }
    };
    // A long text arriving by paste or drop is held before the browser puts it in the box
    // (laying out 50 MB there would freeze the page). `beforeinput` carries both; the paste
    // event is also taken, as pastes a script makes fire no `beforeinput`.
    let on_paste = move |event: ClipboardEvent| {
        let arriving = event.clipboard_data().and_then(|data| transfer_text(&data));
        hold_if_long(prompt, textarea, &event, arriving);
    };
    let on_before_input = move |event: InputEvent| {
        if !matches!(
            event.input_type().as_str(),
            "insertFromPaste" | "insertFromDrop" | "insertReplacementText"
        ) {
            return;
        }
        // Read as JavaScript strings: `.data()` would copy the text into wasm memory.
        let arriving = event
            .data_transfer()
            .and_then(|data| transfer_text(&data))
            .or_else(|| js_string(&event, "data"));
        hold_if_long(prompt, textarea, &event, arriving);
    };
    let clear = move |_| {
        if let Some(element) = textarea.get() {
            element.set_value("");
            element.set_read_only(false);
            prompt.set_text(JsString::from(""), false);
            let _ = element.focus();
        }
    };
    view! {
        <label class="field-label" for="prompt">"Prompt"</label>
        <textarea
            id="prompt"
            node_ref=textarea
            data-testid="prompt-input"
            rows="10"
            spellcheck="false"
            placeholder="Paste a system prompt, a user message, a document…"
            // Set once: the textarea is the source of the text, and echoing a long paste back
            // into it would copy it again and re-lay it out on every edit.
            prop:value=prompt.initial_text()
            on:input=on_edit
            on:change=on_edit
            on:paste=on_paste
            on:beforeinput=on_before_input
        ></textarea>
        <Show when=move || prompt.held.get().is_some()>
            <p class="held-text" data-testid="held-text" role="status">
                {move || held_message(prompt.held.get().unwrap_or(0))}
                " "
                <button type="button" class="link-button" on:click=clear>"Clear"</button>
            </p>
        </Show>
        <div class="token-counts" aria-live="polite">
            {Encoding::ALL.into_iter().map(|encoding| view! { <TokenCount encoding/> }).collect_view()}
            <span class="muted">
                {move || format!("{} characters", group_thousands(prompt.characters.get()))}
            </span>
            <CountProgressBar/>
        </div>
        <TokenEstimates/>
    }
}

/// Text too long for the box, arriving with `event`, is joined to what is around the
/// selection and held; shorter text is left to the browser (`input` follows).
fn hold_if_long(
    prompt: PromptState,
    textarea: NodeRef<leptos::html::Textarea>,
    event: &Event,
    arriving: Option<JsString>,
) {
    let (Some(element), Some(arriving)) = (textarea.get(), arriving) else {
        return;
    };
    if arriving.length() < HELD_TEXT_MIN_UNITS {
        return;
    }
    event.prevent_default();
    let value = value_of(&element);
    let start = element.selection_start().ok().flatten().unwrap_or(0);
    let end = element
        .selection_end()
        .ok()
        .flatten()
        .unwrap_or(value.length());
    let text = value
        .slice(0, start)
        .concat(&arriving)
        .concat(&value.slice(end, value.length()));
    take_text(prompt, &element, text);
}

/// A clipboard's or a drag's text as a JavaScript string (`get_data` would copy it into
/// wasm memory).
fn transfer_text(data: &DataTransfer) -> Option<JsString> {
    let get_data: Function = Reflect::get(data, &JsValue::from_str("getData"))
        .ok()?
        .dyn_into()
        .ok()?;
    get_data
        .call1(data, &JsValue::from_str("text"))
        .ok()?
        .dyn_into()
        .ok()
}

fn value_of(element: &HtmlTextAreaElement) -> JsString {
    // Read as a JavaScript string: `.value()` would copy the whole text into wasm memory.
    js_string(element, "value").unwrap_or_else(|| JsString::from(""))
}

/// `object[property]`, when it is a string, left in JavaScript.
fn js_string(object: &JsValue, property: &str) -> Option<JsString> {
    Reflect::get(object, &JsValue::from_str(property))
        .ok()?
        .dyn_into::<JsString>()
        .ok()
}

/// Takes the box's new text; a text too long to lay out is held, and the box shows its
/// start, read-only, until it is cleared.
fn take_text(prompt: PromptState, element: &HtmlTextAreaElement, text: JsString) {
    let held = text.length() >= HELD_TEXT_MIN_UNITS;
    if held {
        let preview: String = text.slice(0, HELD_PREVIEW_UNITS).into();
        element.set_value(&format!("{preview}\n…"));
        element.set_read_only(true);
    } else if element.read_only() {
        element.set_read_only(false);
    }
    prompt.set_text(text, held);
}

fn held_message(units: u32) -> String {
    format!(
        "A long text ({} characters) is held beside the box, which shows its first {}. \
         Every character is counted.",
        group_thousands(units as u64),
        group_thousands(HELD_PREVIEW_UNITS as u64)
    )
}

/// How far counting a long text has got.
#[component]
fn CountProgressBar() -> impl IntoView {
    let prompt = use_prompt();
    let percent = move || {
        prompt
            .progress
            .get()
            .filter(|p| p.total > 0.0)
            .map(|p| (p.done / p.total * 100.0).clamp(0.0, 100.0).floor())
    };
    view! {
        <Show when=move || percent().is_some()>
            <span class="count-progress" data-testid="count-progress">
                <progress max="100" value=move || percent().unwrap_or(0.0)></progress>
                {move || format!(" counting… {}%", percent().unwrap_or(0.0))}
            </span>
        </Show>
    }
}

/// One encoding's exact count; `data-state` says whether it is final for the current text.
#[component]
fn TokenCount(encoding: Encoding) -> impl IntoView {
    let prompt = use_prompt();
    let count = move || prompt.counts.with(|counts| counts.get(encoding));
    let ms = move || {
        prompt.timings.with(|t| {
            t.get(&encoding.counted_as())
                .map(|ms| ms.round().to_string())
        })
    };
    view! {
        <span
            class="token-count"
            data-testid="token-count"
            data-tokenizer=encoding.as_str()
            data-value=move || count().map(|c| c.to_string())
            data-state=move || if prompt.is_ready(encoding) { "ready" } else { "counting" }
            data-count-ms=ms
            class:stale=move || !prompt.is_ready(encoding)
        >
            <strong>{move || count().map(group_thousands).unwrap_or_else(|| "…".into())}</strong>
            " "
            <code>{encoding.as_str()}</code>
        </span>
    }
}
