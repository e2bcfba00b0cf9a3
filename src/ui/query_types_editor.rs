//! The traffic portfolio: one row per query type (share, tokens, model, escalation, batch).

use leptos::prelude::*;
use rust_decimal::Decimal;

use super::scenario_field::{parse_pct, parse_tokens, token_text, FieldMessageList, ScenarioField};
use super::state::use_scenario;
use crate::core::issue::{self, FieldPath};
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
    let shares = Memo::new(move |_| state.messages_for(&FieldPath::QueryTypes));
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
                <FieldMessageList messages=shares/>
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
    let remove = move |_| {
        state.reshape(|scenario| {
            scenario.remove_query_type(index);
        })
    };
    let field =
        |kind: TypeField| view! { <QueryTypeField index kind initial=kind.text(&query_type)/> };
    view! {
        <div class="query-type" data-testid="query-type" data-index=index>
            <div class="query-type-head">
                {field(TypeField::Name)}
                {field(TypeField::Share)}
                {field(TypeField::Model)}
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
                    field=issue::QueryTypeField::SharedPrefixTokens
                    prompt_testid="type-prefix-from-prompt"
                    source=query_type.shared_prefix_tokens
                    set=|t: &mut QueryType, source| t.shared_prefix_tokens = source
                />
                <TokenSourceField
                    index
                    label="Variable input"
                    field=issue::QueryTypeField::InputTokens
                    prompt_testid="type-input-from-prompt"
                    source=query_type.input_tokens
                    set=|t: &mut QueryType, source| t.input_tokens = source
                />
                {field(TypeField::Output)}
                {field(TypeField::Reasoning)}
            </div>
            <div class="query-type-levers">
                {field(TypeField::EscalationRate)}
                {field(TypeField::EscalationModel)}
                {field(TypeField::Batch)}
            </div>
        </div>
    }
}

/// The text fields of a query type's row (the two token counts that may come from the
/// prompt are [`TokenSourceField`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypeField {
    Name,
    Share,
    Model,
    Output,
    Reasoning,
    EscalationRate,
    EscalationModel,
    Batch,
}

/// How a kind of field looks: what [`ScenarioField`] is given besides its text.
struct FieldLook {
    label: &'static str,
    unit: &'static str,
    inputmode: &'static str,
    list: &'static str,
    class: &'static str,
}

/// A number field's look; text fields change `inputmode`, `list` and `class`.
const NUMBER: FieldLook = FieldLook {
    label: "",
    unit: "",
    inputmode: "decimal",
    list: "",
    class: "",
};

/// A model id, picked from the catalogue's answering models.
const MODEL_ID: FieldLook = FieldLook {
    inputmode: "text",
    list: "scenario-models",
    class: "wide",
    ..NUMBER
};

impl TypeField {
    /// The query type's field, as its messages are filed (`query_types[i].<path>`); its
    /// `data-testid` hook follows from it.
    fn path(self) -> issue::QueryTypeField {
        match self {
            TypeField::Name => issue::QueryTypeField::Name,
            TypeField::Share => issue::QueryTypeField::SharePct,
            TypeField::Model => issue::QueryTypeField::Model,
            TypeField::Output => issue::QueryTypeField::OutputTokens,
            TypeField::Reasoning => issue::QueryTypeField::ReasoningTokens,
            TypeField::EscalationRate => issue::QueryTypeField::EscalationRatePct,
            TypeField::EscalationModel => issue::QueryTypeField::EscalationModel,
            TypeField::Batch => issue::QueryTypeField::BatchPct,
        }
    }

    fn look(self) -> FieldLook {
        let label = match self {
            TypeField::Name => "Name",
            TypeField::Share => "Share of traffic",
            TypeField::Model => "Model",
            TypeField::Output => "Output",
            TypeField::Reasoning => "Reasoning (billed as output)",
            TypeField::EscalationRate => "Escalated",
            TypeField::EscalationModel => "…re-run on",
            TypeField::Batch => "Batch API",
        };
        let look = FieldLook { label, ..NUMBER };
        match self {
            TypeField::Name => FieldLook {
                inputmode: "text",
                class: "name",
                ..look
            },
            TypeField::Model | TypeField::EscalationModel => FieldLook { label, ..MODEL_ID },
            TypeField::Share | TypeField::EscalationRate | TypeField::Batch => {
                FieldLook { unit: "%", ..look }
            }
            TypeField::Output | TypeField::Reasoning => FieldLook {
                unit: "tokens",
                inputmode: "numeric",
                ..look
            },
        }
    }

    /// The text the field starts with.
    fn text(self, query_type: &QueryType) -> String {
        let escalation = query_type.escalation.as_ref();
        match self {
            TypeField::Name => query_type.name.clone(),
            TypeField::Share => query_type.share_pct.normalize().to_string(),
            TypeField::Model => query_type.model.clone(),
            TypeField::Output => query_type.output_tokens.to_string(),
            TypeField::Reasoning => query_type.reasoning_tokens.to_string(),
            TypeField::EscalationRate => escalation
                .map(|e| e.rate_pct.normalize().to_string())
                .unwrap_or_default(),
            TypeField::EscalationModel => escalation.map(|e| e.model.clone()).unwrap_or_default(),
            TypeField::Batch => query_type.batch_pct.normalize().to_string(),
        }
    }

    /// Reads `text` and writes it into query type `index`, or says why it cannot.
    fn apply(self, index: usize, text: String) -> Result<(), String> {
        match self {
            TypeField::Name => edit_type(index, |t| t.name = text),
            TypeField::Share => {
                let share = parse_pct(&text)?;
                edit_type(index, |t| t.share_pct = share);
            }
            TypeField::Model => edit_type(index, |t| t.model = text.trim().to_string()),
            TypeField::Output => {
                let count = parse_tokens(&text)?;
                edit_type(index, |t| t.output_tokens = count);
            }
            TypeField::Reasoning => {
                let count = parse_tokens(&text)?;
                edit_type(index, |t| t.reasoning_tokens = count);
            }
            TypeField::EscalationRate => {
                let rate = parse_pct(&text)?;
                edit_type(index, |t| t.set_escalation(Some(rate), None));
            }
            TypeField::EscalationModel => edit_type(index, |t| t.set_escalation(None, Some(&text))),
            TypeField::Batch => {
                let share = parse_pct(&text)?;
                edit_type(index, |t| t.batch_pct = share);
            }
        }
        Ok(())
    }
}

/// One text field of query type `index`, starting with the text `initial`.
#[component]
fn QueryTypeField(index: usize, kind: TypeField, initial: String) -> impl IntoView {
    let look = kind.look();
    view! {
        <ScenarioField
            label=look.label.into()
            field=FieldPath::query_type(index, kind.path())
            unit=look.unit
            inputmode=look.inputmode
            list=look.list
            class=look.class
            initial
            apply=Callback::new(move |text: String| kind.apply(index, text))
        />
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
    field: issue::QueryTypeField,
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
                field=FieldPath::query_type(index, field)
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
