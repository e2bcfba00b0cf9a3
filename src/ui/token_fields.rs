//! Token counts typed by hand, batch and service tier (`input-tokens`, `output-tokens`,
//! `cache-read-tokens`, `cache-write-tokens`, `cache-write-1h-tokens`, `batch-toggle`,
//! `service-tier`).

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::state::{use_comparison, use_prompt, TokenField};
use crate::core::format::group_thousands;
use crate::core::pricing::delivery::ServiceTier;
use crate::core::tokens::encoding::Encoding;

#[component]
pub fn TokenFieldsPanel() -> impl IntoView {
    let comparison = use_comparison();
    let fields = comparison.fields;
    let delivery = comparison.delivery;
    let counts = use_prompt().counts;
    let input_hint = Signal::derive(move || {
        let o200k = counts.with(|c| c.get(Encoding::O200kBase).unwrap_or(0));
        format!(
            "Empty: the prompt's count ({} tokens, o200k_base)",
            group_thousands(o200k)
        )
    });
    view! {
        <fieldset class="token-fields">
            <legend>"Per query"</legend>
            <NumberField field=fields.input testid="input-tokens" hint=input_hint/>
            <NumberField field=fields.output testid="output-tokens" hint="Reply length"/>
            <NumberField field=fields.cache_read testid="cache-read-tokens" hint="Part of the input, read from the prompt cache"/>
            <NumberField field=fields.cache_write_5m testid="cache-write-tokens" hint="Part of the input, written with a 5-minute TTL"/>
            <NumberField field=fields.cache_write_1h testid="cache-write-1h-tokens" hint="Part of the input, written with a 1-hour TTL"/>
            <div class="delivery">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="batch-toggle"
                        prop:checked=move || delivery.with(|d| d.batch)
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            delivery.update(|d| d.batch = checked);
                        }
                    />
                    " Batch API (where the model has a batch price)"
                </label>
                <label class="field-label" for="service-tier">"Service tier"</label>
                <select
                    id="service-tier"
                    data-testid="service-tier"
                    on:change=move |ev| {
                        let tier = ServiceTier::from_name(&event_target_value(&ev)).unwrap_or_default();
                        delivery.update(|d| d.service_tier = tier);
                    }
                >
                    {ServiceTier::ALL
                        .into_iter()
                        .map(|tier| {
                            view! {
                                <option value=tier.as_str() selected=move || delivery.with(|d| d.service_tier == tier)>
                                    {tier.as_str()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="hint">"Flex and priority apply where the model sells them."</p>
            </div>
        </fieldset>
    }
}

/// Reads a field on `input` and on `change` (WebDriver's clear fires only the latter).
fn read_field(field: TokenField, ev: &leptos::ev::Event) {
    let input = event_target::<HtmlInputElement>(ev);
    field.unreadable.set(input.validity().bad_input());
    field.text.set(input.value());
}

/// A whole-number field with its own message when refused.
#[component]
fn NumberField(
    field: TokenField,
    testid: &'static str,
    #[prop(into)] hint: Signal<String>,
) -> impl IntoView {
    let invalid = move || field.parsed.with(|parsed| parsed.is_err());
    view! {
        <div class="number-field" class:invalid=invalid>
            <label class="field-label" for=testid>{field.label}</label>
            <input
                id=testid
                type="number"
                min="0"
                step="1"
                inputmode="numeric"
                data-testid=testid
                aria-invalid=move || invalid().to_string()
                prop:value=move || field.text.get()
                on:input=move |ev| read_field(field, &ev)
                on:change=move |ev| read_field(field, &ev)
            />
            <span class="hint">{move || hint.get()}</span>
            {move || field.error().map(|error| view! { <span class="field-error">{error}</span> })}
        </div>
    }
}
