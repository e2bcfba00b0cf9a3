//! The traffic portfolio: one row per query type (share, tokens, model, escalation, batch).

use leptos::prelude::*;
use rust_decimal::Decimal;

use super::scenario_field::{parse_pct, parse_tokens, token_text, ScenarioField};
use super::state::use_scenario;
use crate::core::plan::scenario::{QueryType, Scenario, TokenSource, MAX_QUERY_TYPES};

/// Applies a change to query type `index` (a row that has gone is ignored).
fn edit_type(index: usize, change: impl FnOnce(&mut QueryType)) {
    use_scenario().edit(|scenario: &mut Scenario| {
        if let Some(query_type) = scenario.query_types.get_mut(index) {
            change(query_type);
        }
    });
}

#[component]
pub fn QueryTypesEditor() -> impl IntoView {
    let state = use_scenario();
    let shares = Memo::new(move |_| state.messages_for("query_types"));
    let add = move |_| {
        state.reshape(|scenario| {
            scenario.add_query_type();
        })
    };
    view! {
        <fieldset class="query-types">
            <legend>"Query types"</legend>
            <p class="hint">
                "Each kind of query, its share of traffic and the model that answers it. Tokens are per query: the shared prefix (system prompt, tools, examples) is what prompt caching can reuse."
            </p>
            // Keyed by generation: a loaded scenario gets fresh fields, never ones that keep
            // what was typed into the last.
            <For
                each=move || {
                    let generation = state.generation.get();
                    state
                        .scenario
                        .get_untracked()
                        .query_types
                        .into_iter()
                        .enumerate()
                        .map(|(index, query_type)| (generation, index, query_type))
                        .collect::<Vec<_>>()
                }
                key=|(generation, index, _)| (*generation, *index)
                children=|(_, index, query_type)| view! { <QueryTypeRow index query_type/> }
            />
            <div class="share-total" data-testid="share-total">
                {move || {
                    let total: Decimal = state
                        .scenario
                        .with(|s| s.query_types.iter().map(|t| t.share_pct).sum());
                    format!("Shares total {}%", total.normalize())
                }}
                {move || {
                    shares
                        .get()
                        .into_iter()
                        .map(|message| view! { <span class="field-error">{message}</span> })
                        .collect_view()
                }}
            </div>
            <button
                type="button"
                class="secondary"
                data-testid="add-query-type"
                disabled=move || state.scenario.with(|s| s.query_types.len() >= MAX_QUERY_TYPES)
                on:click=add
            >
                "+ Add a query type"
            </button>
        </fieldset>
    }
}

#[component]
fn QueryTypeRow(index: usize, query_type: QueryType) -> impl IntoView {
    let state = use_scenario();
    let at = move |field: &str| format!("query_types[{index}].{field}");
    let remove = move |_| {
        state.reshape(|scenario| {
            scenario.remove_query_type(index);
        })
    };
    let (escalation_rate, escalation_model) = match &query_type.escalation {
        Some(e) => (e.rate_pct.normalize().to_string(), e.model.clone()),
        None => (String::new(), String::new()),
    };
    view! {
        <div class="query-type" data-testid="query-type" data-index=index>
            <div class="query-type-head">
                <ScenarioField
                    label="Name".into()
                    field=at("name")
                    testid="type-name"
                    inputmode="text"
                    class="name"
                    initial=query_type.name.clone()
                    apply=Callback::new(move |text: String| {
                        edit_type(index, |t| t.name = text);
                        Ok(())
                    })
                />
                <ScenarioField
                    label="Share of traffic".into()
                    field=at("share_pct")
                    testid="type-share"
                    unit="%"
                    initial=query_type.share_pct.normalize().to_string()
                    apply=Callback::new(move |text: String| {
                        let share = parse_pct(&text)?;
                        edit_type(index, |t| t.share_pct = share);
                        Ok(())
                    })
                />
                <ScenarioField
                    label="Model".into()
                    field=at("model")
                    testid="type-model"
                    inputmode="text"
                    list="scenario-models"
                    class="wide"
                    initial=query_type.model.clone()
                    apply=Callback::new(move |text: String| {
                        edit_type(index, |t| t.model = text.trim().to_string());
                        Ok(())
                    })
                />
                <button
                    type="button"
                    class="remove"
                    data-testid="remove-query-type"
                    title="Remove this query type"
                    disabled=move || state.scenario.with(|s| s.query_types.len() <= 1)
                    on:click=remove
                >
                    "Remove"
                </button>
            </div>
            <div class="query-type-tokens">
                <TokenSourceField
                    index
                    label="Shared prefix"
                    field="shared_prefix_tokens"
                    testid="type-prefix"
                    prompt_testid="type-prefix-from-prompt"
                    source=query_type.shared_prefix_tokens
                    set=|t: &mut QueryType, source| t.shared_prefix_tokens = source
                />
                <TokenSourceField
                    index
                    label="Variable input"
                    field="input_tokens"
                    testid="type-input"
                    prompt_testid="type-input-from-prompt"
                    source=query_type.input_tokens
                    set=|t: &mut QueryType, source| t.input_tokens = source
                />
                <ScenarioField
                    label="Output".into()
                    field=at("output_tokens")
                    testid="type-output"
                    unit="tokens"
                    inputmode="numeric"
                    initial=query_type.output_tokens.to_string()
                    apply=Callback::new(move |text: String| {
                        let count = parse_tokens(&text)?;
                        edit_type(index, |t| t.output_tokens = count);
                        Ok(())
                    })
                />
                <ScenarioField
                    label="Reasoning (billed as output)".into()
                    field=at("reasoning_tokens")
                    testid="type-reasoning"
                    unit="tokens"
                    inputmode="numeric"
                    initial=query_type.reasoning_tokens.to_string()
                    apply=Callback::new(move |text: String| {
                        let count = parse_tokens(&text)?;
                        edit_type(index, |t| t.reasoning_tokens = count);
                        Ok(())
                    })
                />
            </div>
            <div class="query-type-levers">
                <ScenarioField
                    label="Escalated".into()
                    field=at("escalation.rate_pct")
                    testid="type-escalation-rate"
                    unit="%"
                    initial=escalation_rate
                    apply=Callback::new(move |text: String| {
                        let rate = parse_pct(&text)?;
                        edit_type(index, |t| t.set_escalation(Some(rate), None));
                        Ok(())
                    })
                />
                <ScenarioField
                    label="…re-run on".into()
                    field=at("escalation.model")
                    testid="type-escalation-model"
                    inputmode="text"
                    list="scenario-models"
                    class="wide"
                    initial=escalation_model
                    apply=Callback::new(move |text: String| {
                        edit_type(index, |t| t.set_escalation(None, Some(&text)));
                        Ok(())
                    })
                />
                <ScenarioField
                    label="Batch API".into()
                    field=at("batch_pct")
                    testid="type-batch"
                    unit="%"
                    initial=query_type.batch_pct.normalize().to_string()
                    apply=Callback::new(move |text: String| {
                        let share = parse_pct(&text)?;
                        edit_type(index, |t| t.batch_pct = share);
                        Ok(())
                    })
                />
            </div>
        </div>
    }
}

fn typed_source(text: &str) -> Result<TokenSource, String> {
    Ok(match parse_tokens(text)? {
        0 => TokenSource::None,
        count => TokenSource::Typed(count),
    })
}

/// A token count that is typed, or taken from the pasted prompt (per model, exact or
/// estimated).
#[component]
fn TokenSourceField(
    index: usize,
    label: &'static str,
    /// The query type's field it sets.
    field: &'static str,
    testid: &'static str,
    prompt_testid: &'static str,
    source: TokenSource,
    set: fn(&mut QueryType, TokenSource),
) -> impl IntoView {
    let from_prompt = RwSignal::new(source == TokenSource::Prompt);
    // The typed count, kept while the prompt's count stands in, so unticking restores it.
    let typed = StoredValue::new(token_text(source));
    view! {
        <div class="token-source">
            <ScenarioField
                label=label.into()
                field=format!("query_types[{index}].{field}")
                testid
                unit="tokens"
                inputmode="numeric"
                disabled=from_prompt
                initial=token_text(source)
                apply=Callback::new(move |text: String| {
                    let source = typed_source(&text)?;
                    typed.set_value(text);
                    edit_type(index, |t| set(t, source));
                    Ok(())
                })
            />
            <label class="check small">
                <input
                    type="checkbox"
                    data-testid=prompt_testid
                    prop:checked=from_prompt
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        from_prompt.set(on);
                        let source = if on {
                            TokenSource::Prompt
                        } else {
                            typed_source(&typed.get_value()).unwrap_or_default()
                        };
                        edit_type(index, |t| set(t, source));
                    }
                />
                " the pasted prompt"
            </label>
        </div>
    }
}
