//! A problem with something a person gave (a field, a file, a link), tied to where it is, so
//! the page can show it beside that field and the command line can name it.

use std::fmt;

use serde::{Serialize, Serializer};

/// One problem with a scenario, tied to the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    /// Where: `query_types[1].share_pct`, `prompt_cache.hit_pct`, ...
    pub field: FieldPath,
    pub message: String,
}

impl FieldIssue {
    pub fn new(field: FieldPath, message: impl Into<String>) -> Self {
        FieldIssue {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Issues' messages joined into one line of text.
pub fn joined_messages(issues: &[FieldIssue]) -> String {
    issues
        .iter()
        .map(|issue| issue.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where in a scenario a value lives: the field a problem is filed under. Written (and
/// serialized) as the scenario JSON's own path, `query_types[1].share_pct`, which is how
/// `llm-cost scenario` names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldPath {
    /// The list of query types as a whole: how many, and whether their shares add up.
    QueryTypes,
    /// One field of the query type at `index` (0-based).
    QueryType { index: usize, field: QueryTypeField },
    /// One field of the router.
    Router(RouterField),
    /// One field of the response cache.
    ResponseCache(ResponseCacheField),
    /// One field of the provider prompt cache.
    PromptCache(PromptCacheField),
    /// The model that takes all traffic in the baseline.
    BaselineModel,
    /// The discount agreed with a provider (its id).
    Discount(String),
    /// One part of a model's custom price (the model's id).
    CustomPrice { model: String, part: PricePart },
    /// One field of the growth forecast.
    Forecast(ForecastField),
}

/// A query type's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QueryTypeField {
    Name,
    SharePct,
    Model,
    SharedPrefixTokens,
    InputTokens,
    OutputTokens,
    ReasoningTokens,
    EscalationRatePct,
    EscalationModel,
    BatchPct,
}

/// A router's fields: a model call's model and tokens, or a fixed price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouterField {
    Model,
    InputTokens,
    OutputTokens,
    UsdPer1k,
}

/// The response cache's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseCacheField {
    ExactHitPct,
    SemanticHitPct,
    EmbeddingModel,
}

/// The prompt cache's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PromptCacheField {
    HitPct,
    Ttl,
}

/// The parts of a custom price a person types. A problem with the price as a whole (an
/// unknown model, a negative price) is filed under [`PricePart::Price`], the price's own path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PricePart {
    /// The price as a whole, typed from its input price on.
    Price,
    Output,
    CacheRead,
}

/// The forecast's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ForecastField {
    UsersStart,
    GrowthPct,
    QueriesPerUser,
    HorizonMonths,
    StartMonth,
    BudgetUsd,
    /// The list of seasonal multipliers as a whole (it needs 12).
    Seasonal,
    /// The multiplier of one calendar month (0 = January).
    SeasonalMonth(usize),
}

impl QueryTypeField {
    pub const ALL: [QueryTypeField; 10] = [
        QueryTypeField::Name,
        QueryTypeField::SharePct,
        QueryTypeField::Model,
        QueryTypeField::SharedPrefixTokens,
        QueryTypeField::InputTokens,
        QueryTypeField::OutputTokens,
        QueryTypeField::ReasoningTokens,
        QueryTypeField::EscalationRatePct,
        QueryTypeField::EscalationModel,
        QueryTypeField::BatchPct,
    ];

    /// Its key in the scenario JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryTypeField::Name => "name",
            QueryTypeField::SharePct => "share_pct",
            QueryTypeField::Model => "model",
            QueryTypeField::SharedPrefixTokens => "shared_prefix_tokens",
            QueryTypeField::InputTokens => "input_tokens",
            QueryTypeField::OutputTokens => "output_tokens",
            QueryTypeField::ReasoningTokens => "reasoning_tokens",
            QueryTypeField::EscalationRatePct => "escalation.rate_pct",
            QueryTypeField::EscalationModel => "escalation.model",
            QueryTypeField::BatchPct => "batch_pct",
        }
    }
}

impl RouterField {
    pub const ALL: [RouterField; 4] = [
        RouterField::Model,
        RouterField::InputTokens,
        RouterField::OutputTokens,
        RouterField::UsdPer1k,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RouterField::Model => "model",
            RouterField::InputTokens => "input_tokens",
            RouterField::OutputTokens => "output_tokens",
            RouterField::UsdPer1k => "usd_per_1k",
        }
    }
}

impl ResponseCacheField {
    pub const ALL: [ResponseCacheField; 3] = [
        ResponseCacheField::ExactHitPct,
        ResponseCacheField::SemanticHitPct,
        ResponseCacheField::EmbeddingModel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResponseCacheField::ExactHitPct => "exact_hit_pct",
            ResponseCacheField::SemanticHitPct => "semantic_hit_pct",
            ResponseCacheField::EmbeddingModel => "embedding_model",
        }
    }
}

impl PromptCacheField {
    pub const ALL: [PromptCacheField; 2] = [PromptCacheField::HitPct, PromptCacheField::Ttl];

    pub fn as_str(self) -> &'static str {
        match self {
            PromptCacheField::HitPct => "hit_pct",
            PromptCacheField::Ttl => "ttl",
        }
    }
}

impl PricePart {
    pub const ALL: [PricePart; 3] = [PricePart::Price, PricePart::Output, PricePart::CacheRead];
}

impl ForecastField {
    /// Every kind of forecast field (one seasonal month stands for all twelve).
    pub const ALL: [ForecastField; 8] = [
        ForecastField::UsersStart,
        ForecastField::GrowthPct,
        ForecastField::QueriesPerUser,
        ForecastField::HorizonMonths,
        ForecastField::StartMonth,
        ForecastField::BudgetUsd,
        ForecastField::Seasonal,
        ForecastField::SeasonalMonth(0),
    ];
}

impl FieldPath {
    /// A field of query type `index`.
    pub fn query_type(index: usize, field: QueryTypeField) -> FieldPath {
        FieldPath::QueryType { index, field }
    }

    /// One path of every kind there is: each leaf field of each part, with index 0 and a
    /// sample provider and model where a path names one. Built from the field enums' `ALL`
    /// lists, so a new field is in it; tests walk it.
    pub fn every_kind() -> Vec<FieldPath> {
        let mut all = vec![FieldPath::QueryTypes];
        all.extend(
            QueryTypeField::ALL
                .into_iter()
                .map(|field| FieldPath::query_type(0, field)),
        );
        all.extend(RouterField::ALL.into_iter().map(FieldPath::Router));
        all.extend(
            ResponseCacheField::ALL
                .into_iter()
                .map(FieldPath::ResponseCache),
        );
        all.extend(
            PromptCacheField::ALL
                .into_iter()
                .map(FieldPath::PromptCache),
        );
        all.push(FieldPath::BaselineModel);
        all.push(FieldPath::Discount("openai".into()));
        all.extend(
            PricePart::ALL
                .into_iter()
                .map(|part| FieldPath::CustomPrice {
                    model: "openai/gpt-5".into(),
                    part,
                }),
        );
        all.extend(ForecastField::ALL.into_iter().map(FieldPath::Forecast));
        all
    }

    /// Whether two paths are of the same kind: the same field, whatever the index, provider
    /// or model they name.
    pub fn same_kind(&self, other: &FieldPath) -> bool {
        use FieldPath as P;
        match (self, other) {
            (P::QueryType { field: a, .. }, P::QueryType { field: b, .. }) => a == b,
            (P::Discount(_), P::Discount(_)) => true,
            (P::CustomPrice { part: a, .. }, P::CustomPrice { part: b, .. }) => a == b,
            (
                P::Forecast(ForecastField::SeasonalMonth(_)),
                P::Forecast(ForecastField::SeasonalMonth(_)),
            ) => true,
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::QueryTypes => f.write_str("query_types"),
            FieldPath::QueryType { index, field } => {
                write!(f, "query_types[{index}].{}", field.as_str())
            }
            FieldPath::Router(field) => write!(f, "router.{}", field.as_str()),
            FieldPath::ResponseCache(field) => write!(f, "response_cache.{}", field.as_str()),
            FieldPath::PromptCache(field) => write!(f, "prompt_cache.{}", field.as_str()),
            FieldPath::BaselineModel => f.write_str("baseline_model"),
            FieldPath::Discount(provider) => write!(f, "negotiated.discount_pct.{provider}"),
            FieldPath::CustomPrice { model, part } => {
                write!(f, "negotiated.custom_prices.{model}")?;
                match part {
                    PricePart::Price => Ok(()),
                    PricePart::Output => f.write_str(".output"),
                    PricePart::CacheRead => f.write_str(".cache_read"),
                }
            }
            FieldPath::Forecast(field) => {
                f.write_str("forecast.")?;
                match field {
                    ForecastField::UsersStart => f.write_str("users_start"),
                    ForecastField::GrowthPct => f.write_str("growth_pct"),
                    ForecastField::QueriesPerUser => f.write_str("queries_per_user"),
                    ForecastField::HorizonMonths => f.write_str("horizon_months"),
                    ForecastField::StartMonth => f.write_str("start_month"),
                    ForecastField::BudgetUsd => f.write_str("budget_usd"),
                    ForecastField::Seasonal => f.write_str("seasonal"),
                    ForecastField::SeasonalMonth(month) => write!(f, "seasonal[{month}]"),
                }
            }
        }
    }
}

/// As the command line prints it: the path's text.
impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Paths compare with their text, so tests and scripts can name a field as the JSON does.
impl PartialEq<str> for FieldPath {
    fn eq(&self, other: &str) -> bool {
        let text = self.to_string();
        text == other
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        let text = self.to_string();
        text == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_the_scenario_json_names_them() {
        let cases = [
            (FieldPath::QueryTypes, "query_types"),
            (
                FieldPath::query_type(1, QueryTypeField::SharePct),
                "query_types[1].share_pct",
            ),
            (
                FieldPath::query_type(0, QueryTypeField::EscalationModel),
                "query_types[0].escalation.model",
            ),
            (
                FieldPath::Router(RouterField::InputTokens),
                "router.input_tokens",
            ),
            (
                FieldPath::ResponseCache(ResponseCacheField::EmbeddingModel),
                "response_cache.embedding_model",
            ),
            (
                FieldPath::PromptCache(PromptCacheField::Ttl),
                "prompt_cache.ttl",
            ),
            (FieldPath::BaselineModel, "baseline_model"),
            (
                FieldPath::Discount("openai".into()),
                "negotiated.discount_pct.openai",
            ),
            (
                FieldPath::CustomPrice {
                    model: "openai/gpt-5".into(),
                    part: PricePart::Price,
                },
                "negotiated.custom_prices.openai/gpt-5",
            ),
            (
                FieldPath::Forecast(ForecastField::SeasonalMonth(3)),
                "forecast.seasonal[3]",
            ),
        ];
        for (path, text) in cases {
            assert_eq!(path.to_string(), text);
            assert_eq!(serde_json::to_value(&path).ok(), Some(text.into()));
            assert!(path == text);
        }
    }

    #[test]
    fn every_kind_names_each_path_once() {
        let all = FieldPath::every_kind();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(!a.same_kind(b), "{a} and {b}");
            }
        }
    }
}
