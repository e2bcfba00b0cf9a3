//! One field of the scenario editor: a label, a text box that writes into the scenario as it
//! is typed, and the messages about that field (text that is not a number, a share above
//! 100%, a model without a cache price) right beside it.

use std::str::FromStr;

use leptos::prelude::*;
use rust_decimal::Decimal;

use super::state::use_scenario;
use crate::core::input::parse_token_count;
use crate::core::issue::{
    FieldPath, ForecastField, PricePart, PromptCacheField, QueryTypeField, ResponseCacheField,
    RouterField,
};
use crate::core::plan::scenario::TokenSource;

/// Reads a percentage; range checks are the scenario's own, so they show beside the field
/// with the rest of its messages.
pub fn parse_pct(text: &str) -> Result<Decimal, String> {
    parse_decimal(text.trim().trim_end_matches('%'))
}

/// Reads a plain decimal (an empty field is 0).
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Decimal::ZERO);
    }
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|_| format!("{text:?} is not a number"))
}

/// Reads a whole number of tokens (an empty field is 0).
pub fn parse_tokens(text: &str) -> Result<u64, String> {
    parse_token_count(text)
        .map(|count| count.unwrap_or(0))
        .map_err(|error| error.to_string())
}

/// A token count as the field shows it.
pub fn token_text(source: TokenSource) -> String {
    match source {
        TokenSource::Typed(count) => count.to_string(),
        TokenSource::None | TokenSource::Prompt => String::new(),
    }
}

/// The `data-testid` of the editor's field that shows the messages filed under `path`.
///
/// Every path core can emit has one (the match is exhaustive, so a new kind of path cannot go
/// without), and the fields take their hook from here, so a message filed under a path is
/// beside the field with that hook. Each is a field the editor shows whenever core can file
/// something under its path: the router's token fields in model mode, its price in fixed mode.
pub fn field_showing(path: &FieldPath) -> &'static str {
    match path {
        FieldPath::QueryTypes => "share-total",
        FieldPath::QueryType { field, .. } => match field {
            QueryTypeField::Name => "type-name",
            QueryTypeField::SharePct => "type-share",
            QueryTypeField::Model => "type-model",
            QueryTypeField::SharedPrefixTokens => "type-prefix",
            QueryTypeField::InputTokens => "type-input",
            QueryTypeField::OutputTokens => "type-output",
            QueryTypeField::ReasoningTokens => "type-reasoning",
            QueryTypeField::EscalationRatePct => "type-escalation-rate",
            QueryTypeField::EscalationModel => "type-escalation-model",
            QueryTypeField::BatchPct => "type-batch",
        },
        FieldPath::Router(field) => match field {
            RouterField::Model => "router-model",
            RouterField::InputTokens => "router-input-tokens",
            RouterField::OutputTokens => "router-output-tokens",
            RouterField::UsdPer1k => "router-usd-per-1k",
        },
        FieldPath::ResponseCache(field) => match field {
            ResponseCacheField::ExactHitPct => "exact-hit-pct",
            ResponseCacheField::SemanticHitPct => "semantic-hit-pct",
            ResponseCacheField::EmbeddingModel => "embedding-model",
        },
        FieldPath::PromptCache(field) => match field {
            PromptCacheField::HitPct => "prompt-cache-hit-pct",
            PromptCacheField::Ttl => "prompt-cache-ttl",
        },
        FieldPath::BaselineModel => "baseline-model",
        FieldPath::Discount(_) => "provider-discount",
        FieldPath::CustomPrice { part, .. } => match part {
            PricePart::Price => "custom-input-mtok",
            PricePart::Output => "custom-output-mtok",
            PricePart::CacheRead => "custom-cache-read-mtok",
        },
        FieldPath::Forecast(field) => match field {
            ForecastField::UsersStart => "users-start",
            ForecastField::GrowthPct => "growth-pct",
            ForecastField::QueriesPerUser => "queries-per-user",
            ForecastField::HorizonMonths => "horizon-months",
            ForecastField::StartMonth => "start-month",
            ForecastField::BudgetUsd => "budget-usd",
            ForecastField::Seasonal | ForecastField::SeasonalMonth(_) => "seasonal-factor",
        },
    }
}

/// The messages about one field, each a `.field-error` beside it.
#[component]
pub fn FieldMessageList(
    /// The messages, as they change.
    #[prop(into)]
    messages: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        messages
            .get()
            .into_iter()
            .map(|message| view! { <span class="field-error">{message}</span> })
            .collect_view()
    }
}

/// The messages filed under a field that has no text box of its own (a select, a list).
#[component]
pub fn FieldMessages(field: FieldPath) -> impl IntoView {
    let state = use_scenario();
    view! { <FieldMessageList messages=Signal::derive(move || state.messages_for(&field))/> }
}

/// A text field bound to one value of the scenario.
#[component]
pub fn ScenarioField(
    /// What the field is, as the person reads it.
    label: String,
    /// Its path in the scenario, which its messages are filed under; its `data-testid` hook
    /// is [`field_showing`] it.
    field: FieldPath,
    /// The text it starts with.
    initial: String,
    /// Reads the text and writes it into the scenario, or says why it cannot.
    apply: Callback<String, Result<(), String>>,
    /// A unit after the box (`%`, `tokens`).
    #[prop(optional)]
    unit: &'static str,
    /// Input mode for phone keyboards.
    #[prop(default = "decimal")]
    inputmode: &'static str,
    /// Options offered as it is typed (a `<datalist>` id).
    #[prop(optional)]
    list: &'static str,
    #[prop(optional)] class: &'static str,
    /// Turned off (and shown empty) while another control decides the value.
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let scenario = use_scenario();
    let testid = field_showing(&field);
    let messages = {
        let field = field.clone();
        Memo::new(move |_| scenario.messages_for(&field))
    };
    let invalid = move || messages.with(|m| !m.is_empty());
    let label_for_error = label.clone();
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let error = apply
            .run(text)
            .err()
            .map(|error| format!("{label_for_error}: {error}"));
        scenario.set_unreadable(&field, error);
    };
    view! {
        <label class=format!("scenario-field {class}") class:invalid=invalid>
            <span class="field-label">{label}</span>
            <span class="field-box">
                <input
                    type="text"
                    inputmode=inputmode
                    autocomplete="off"
                    spellcheck="false"
                    data-testid=testid
                    list=(!list.is_empty()).then_some(list)
                    value=initial
                    disabled=move || disabled.get()
                    aria-invalid=move || invalid().to_string()
                    on:input=on_input
                />
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </span>
            <FieldMessageList messages=messages/>
        </label>
    }
}
