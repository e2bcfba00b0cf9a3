//! The scenario: a traffic mix across model tiers, with routing, caching, batch and negotiated
//! prices, against a one-model baseline. One [`Scenario`] value is the single source of truth
//! of the page's planner; the command line reads the same JSON (`llm-cost scenario FILE.json`).
//!
//! # The JSON form (version 1)
//! Every field but `query_types` may be omitted and takes the default shown. Decimals are
//! strings (`"70"`, `"0.25"`) so their digits survive; JSON numbers are accepted too.
//! Percentages are plain numbers of percent (`"37.5"`). Models are `<provider>/<model>` ids
//! as genai-prices names them (`openai/gpt-5`); aliases it matches are accepted.
//!
//! ```json
//! {
//!   "version": 1,
//!   "name": "Support migration",
//!   "query_types": [
//!     { "name": "Lookups", "share_pct": "70", "model": "openai/gpt-5-mini",
//!       "shared_prefix_tokens": 1500, "input_tokens": 200, "output_tokens": 250,
//!       "reasoning_tokens": 0, "batch_pct": "0",
//!       "escalation": { "rate_pct": "5", "model": "openai/gpt-5" } }
//!   ],
//!   "router": { "kind": "model", "model": "openai/gpt-5-nano", "input_tokens": 300, "output_tokens": 5 },
//!   "response_cache": { "exact_hit_pct": "10", "semantic_hit_pct": "20",
//!                       "embedding_model": "openai/text-embedding-3-small" },
//!   "prompt_cache": { "hit_pct": "90", "ttl": "5m" },
//!   "service_tier": "standard",
//!   "negotiated": { "discount_pct": { "openai": "10" },
//!                   "custom_prices": { "anthropic/claude-sonnet-4-5":
//!                       { "input_mtok": "2.5", "output_mtok": "12" } } },
//!   "baseline_model": "openai/gpt-5",
//!   "forecast": { "users_start": "10000", "growth_pct": "10", "queries_per_user": "30",
//!                 "horizon_months": 24, "budget_usd": "5000", "start_month": 1,
//!                 "seasonal": ["1", "1", "1", "1", "1", "1", "0.8", "0.8", "1", "1", "1.2", "1.5"] }
//! }
//! ```
//! - `shared_prefix_tokens` (the cacheable part: system prompt, tools, examples) and
//!   `input_tokens` (the part that varies) may be `"prompt"`: the pasted prompt's count, per
//!   model, exact or estimated with a band. `reasoning_tokens` are billed as output.
//! - A router is `{"kind": "model", ...}` (a classifier call priced like any call) or
//!   `{"kind": "fixed", "usd_per_1k": "0.05"}`. It runs on queries the response cache misses.
//! - Response caching: an exact-match hit or a semantic hit costs no model call. With an
//!   `embedding_model`, every query the exact cache misses pays one embedding call of its
//!   variable input (the semantic lookup), hit or not.
//! - Prompt caching applies to the shared prefix: a hit reads it from the provider's cache, a
//!   miss writes it (`ttl` `"5m"` or `"1h"`).
//! - `batch_pct` of a type's first calls go through the batch API; escalations are re-run
//!   interactively. `service_tier` (`standard`, `flex`, `priority`) applies where the model
//!   sells it.
//! - Negotiated prices: a discount per provider on every call to it, or a custom price per
//!   model that replaces its catalogue prices (no discount on top).
//! - `baseline_model` (default: the first type's model) takes all traffic with no caching,
//!   routing, batch or negotiated price.
//! - `forecast`: monthly active users at the start, compound monthly growth, queries per user
//!   per month, months (1–60), an optional monthly budget and seasonal multipliers per calendar
//!   month (January first); see [`crate::core::plan::forecast`].

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::core::format::group_thousands;
use crate::core::input::MAX_TOKENS_PER_QUERY;
use crate::core::issue::{
    FieldIssue, FieldPath, PricePart, PromptCacheField, QueryTypeField, ResponseCacheField,
    RouterField,
};
use crate::core::plan::forecast::ForecastInputs;
use crate::core::pricing::delivery::ServiceTier;

/// The scenario format this build reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

/// At most this many query types: a large product's whole portfolio (the forecast benchmark
/// times a slider move at this many), and more than a person can keep apart.
pub const MAX_QUERY_TYPES: usize = 50;

/// The largest scenario file read, in bytes (1 MB). A scenario takes a few kilobytes even
/// with every query type filled in; a larger file is refused as
/// [`ScenarioFileError::TooLarge`] before it is parsed, so it never holds the page up.
pub const MAX_FILE_BYTES: u64 = 1_000_000;

/// Where a token count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenSource {
    /// Typed by hand: the same count for every model.
    Typed(u64),
    /// The pasted prompt's count, with each model's own tokenizer (or an estimate of it).
    Prompt,
    /// Nothing here (0 tokens).
    #[default]
    None,
}

impl TokenSource {
    pub fn typed(self) -> Option<u64> {
        match self {
            TokenSource::Typed(count) => Some(count),
            TokenSource::Prompt => None,
            TokenSource::None => Some(0),
        }
    }
}

impl Serialize for TokenSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TokenSource::Typed(count) => serializer.serialize_u64(*count),
            TokenSource::None => serializer.serialize_u64(0),
            TokenSource::Prompt => serializer.serialize_str("prompt"),
        }
    }
}

impl<'de> Deserialize<'de> for TokenSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TokenSource;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of tokens or \"prompt\"")
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<TokenSource, E> {
                Ok(if value == 0 {
                    TokenSource::None
                } else {
                    TokenSource::Typed(value)
                })
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<TokenSource, E> {
                if value == "prompt" {
                    Ok(TokenSource::Prompt)
                } else {
                    Err(E::custom(format!(
                        "expected a whole number of tokens or \"prompt\", found {value:?}"
                    )))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Calls a type's model fails and re-runs on a stronger one: both calls are paid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub rate_pct: Decimal,
    pub model: String,
}

/// One kind of query in the traffic portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryType {
    #[serde(default)]
    pub name: String,
    pub share_pct: Decimal,
    pub model: String,
    /// The cacheable part of the prompt: system prompt, tools, few-shot examples.
    #[serde(default)]
    pub shared_prefix_tokens: TokenSource,
    /// The part of the prompt that changes with each query.
    #[serde(default)]
    pub input_tokens: TokenSource,
    #[serde(default = "default_output_tokens")]
    pub output_tokens: u64,
    /// Billed as output.
    #[serde(default)]
    pub reasoning_tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
    /// Share of this type's first calls sent through the batch API.
    #[serde(default)]
    pub batch_pct: Decimal,
}

fn default_output_tokens() -> u64 {
    crate::core::input::DEFAULT_OUTPUT_TOKENS
}

/// A classifier that picks each query's tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Router {
    /// A model call with its own tokens.
    Model {
        model: String,
        input_tokens: u64,
        #[serde(default)]
        output_tokens: u64,
    },
    /// A fixed price per thousand queries routed.
    Fixed { usd_per_1k: Decimal },
}

/// Answers served from the application's own cache.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseCache {
    #[serde(default)]
    pub exact_hit_pct: Decimal,
    #[serde(default)]
    pub semantic_hit_pct: Decimal,
    /// The model that embeds each query for the semantic lookup; no semantic cache without.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding_model: Option<String>,
}

/// How long a provider keeps a written prompt cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CacheTtl {
    #[default]
    #[serde(rename = "5m")]
    FiveMinutes,
    #[serde(rename = "1h")]
    OneHour,
}

impl CacheTtl {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheTtl::FiveMinutes => "5m",
            CacheTtl::OneHour => "1h",
        }
    }
}

/// The provider's prompt cache, for the shared prefix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptCache {
    #[serde(default)]
    pub hit_pct: Decimal,
    #[serde(default)]
    pub ttl: CacheTtl,
}

/// A price per million tokens agreed with a provider for one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomPrice {
    pub input_mtok: Decimal,
    pub output_mtok: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_mtok: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_mtok: Option<Decimal>,
}

/// Prices agreed outside the public list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negotiated {
    /// Provider id to discount in percent, on every call to that provider.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub discount_pct: BTreeMap<String, Decimal>,
    /// Model id to the price that replaces its catalogue prices.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_prices: BTreeMap<String, CustomPrice>,
}

impl Negotiated {
    pub fn is_empty(&self) -> bool {
        self.discount_pct.is_empty() && self.custom_prices.is_empty()
    }
}

/// The whole scenario a person edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "current_version")]
    pub version: u32,
    #[serde(default)]
    pub name: String,
    pub query_types: Vec<QueryType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router: Option<Router>,
    #[serde(default)]
    pub response_cache: ResponseCache,
    #[serde(default)]
    pub prompt_cache: PromptCache,
    #[serde(default, with = "service_tier_name")]
    pub service_tier: ServiceTier,
    #[serde(default, skip_serializing_if = "Negotiated::is_empty")]
    pub negotiated: Negotiated,
    /// All traffic on this model, with no lever; the first type's model when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_model: Option<String>,
    /// How traffic grows, for the monthly forecast.
    #[serde(default, skip_serializing_if = "ForecastInputs::is_default")]
    pub forecast: ForecastInputs,
}

fn current_version() -> u32 {
    SCENARIO_VERSION
}

mod service_tier_name {
    use super::ServiceTier;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tier: &ServiceTier, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(tier.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<ServiceTier, D::Error> {
        let name = String::deserialize(deserializer)?;
        ServiceTier::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown service tier {name:?}: expected \"standard\", \"flex\" or \"priority\""
            ))
        })
    }
}

/// Why a scenario file could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioFileError {
    /// Not JSON, or not the scenario's shape.
    #[error("the scenario file is not valid: {0}")]
    Malformed(String),
    /// Written by a newer version of the planner.
    #[error("the scenario file is version {found}, newer than this planner reads (version {SCENARIO_VERSION}); open it in a newer planner")]
    FutureVersion { found: u32 },
    /// Version 0, which was never written.
    #[error("the scenario file has version {0}; versions start at 1")]
    BadVersion(u32),
    /// Larger than [`MAX_FILE_BYTES`]: not a scenario, and not read.
    #[error(
        "at {} it is far larger than a scenario file (at most {}), so it was not read",
        megabytes(*bytes),
        megabytes(MAX_FILE_BYTES)
    )]
    TooLarge { bytes: u64 },
    /// A value could not be written as JSON.
    #[error("the scenario could not be written as JSON: {0}")]
    Unwritable(String),
}

/// `12.3 MB`, for sizes in messages.
fn megabytes(bytes: u64) -> String {
    let tenths = bytes.saturating_add(50_000) / 100_000;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

impl Scenario {
    /// Refuses a file of `bytes` bytes before reading it, when it is over [`MAX_FILE_BYTES`].
    pub fn check_file_size(bytes: u64) -> Result<(), ScenarioFileError> {
        if bytes > MAX_FILE_BYTES {
            Err(ScenarioFileError::TooLarge { bytes })
        } else {
            Ok(())
        }
    }

    /// A scenario to start from scratch: one query type taking all traffic.
    pub fn starter() -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            name: "My scenario".to_string(),
            query_types: vec![QueryType::starter()],
            router: None,
            response_cache: ResponseCache::default(),
            prompt_cache: PromptCache::default(),
            service_tier: ServiceTier::Standard,
            negotiated: Negotiated::default(),
            baseline_model: None,
            forecast: ForecastInputs::default(),
        }
    }

    /// Reads a scenario from its JSON text: the version first, so a newer file gets that
    /// message rather than a complaint about fields this build does not know. A text over
    /// [`MAX_FILE_BYTES`] is refused unread.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioFileError> {
        Self::check_file_size(text.len() as u64)?;
        #[derive(Deserialize)]
        struct VersionOnly {
            #[serde(default = "current_version")]
            version: u32,
        }
        let version = serde_json::from_str::<VersionOnly>(text)
            .map(|v| v.version)
            .unwrap_or(SCENARIO_VERSION);
        if version > SCENARIO_VERSION {
            return Err(ScenarioFileError::FutureVersion { found: version });
        }
        if version == 0 {
            return Err(ScenarioFileError::BadVersion(version));
        }
        serde_json::from_str(text).map_err(|error| ScenarioFileError::Malformed(error.to_string()))
    }

    /// The JSON form, pretty-printed.
    pub fn to_json(&self) -> Result<String, ScenarioFileError> {
        serde_json::to_string_pretty(self)
            .map_err(|error| ScenarioFileError::Unwritable(error.to_string()))
    }

    /// The baseline's model id.
    pub fn baseline_model(&self) -> &str {
        self.baseline_model
            .as_deref()
            .or(self.query_types.first().map(|t| t.model.as_str()))
            .unwrap_or("")
    }

    /// Whether any token count comes from the pasted prompt.
    pub fn uses_prompt(&self) -> bool {
        self.query_types.iter().any(|t| {
            t.shared_prefix_tokens == TokenSource::Prompt || t.input_tokens == TokenSource::Prompt
        })
    }

    /// Checks what can be checked without the catalogue: percentages, shares, counts.
    pub fn check_numbers(&self) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        self.check_type_count(&mut issues);
        for (index, query_type) in self.query_types.iter().enumerate() {
            check_query_type(query_type, index, &mut issues);
        }
        self.check_share_total(&mut issues);
        self.response_cache.check_numbers(&mut issues);
        check_pct(
            &mut issues,
            FieldPath::PromptCache(PromptCacheField::HitPct),
            "Prompt-cache hit rate",
            self.prompt_cache.hit_pct,
        );
        self.check_router(&mut issues);
        self.negotiated.check_numbers(&mut issues);
        issues
    }

    /// At least one query type, and at most [`MAX_QUERY_TYPES`].
    fn check_type_count(&self, issues: &mut Vec<FieldIssue>) {
        if self.query_types.is_empty() {
            issues.push(FieldIssue::new(
                FieldPath::QueryTypes,
                "add at least one query type",
            ));
        }
        if self.query_types.len() > MAX_QUERY_TYPES {
            issues.push(FieldIssue::new(
                FieldPath::QueryTypes,
                format!("at most {MAX_QUERY_TYPES} query types"),
            ));
        }
    }

    /// The types' shares of traffic add up to 100%.
    fn check_share_total(&self, issues: &mut Vec<FieldIssue>) {
        let total = self
            .query_types
            .iter()
            .fold(Decimal::ZERO, |total, t| total.saturating_add(t.share_pct));
        if !self.query_types.is_empty() && total != Decimal::ONE_HUNDRED {
            issues.push(FieldIssue::new(
                FieldPath::QueryTypes,
                format!(
                    "shares of traffic add up to {}%, not 100% ({} {})",
                    total.normalize(),
                    if total > Decimal::ONE_HUNDRED {
                        "remove"
                    } else {
                        "add"
                    },
                    format_args!(
                        "{}%",
                        Decimal::ONE_HUNDRED.saturating_sub(total).abs().normalize()
                    )
                ),
            ));
        }
    }

    /// A model router's token counts are within what a call can hold; a fixed price is not
    /// negative.
    fn check_router(&self, issues: &mut Vec<FieldIssue>) {
        if let Some(Router::Model {
            input_tokens,
            output_tokens,
            ..
        }) = &self.router
        {
            // Filed under the token field that is over, which the page shows in model mode.
            let counts = [
                (RouterField::InputTokens, *input_tokens),
                (RouterField::OutputTokens, *output_tokens),
            ];
            for (field, count) in counts {
                if count > MAX_TOKENS_PER_QUERY {
                    issues.push(FieldIssue::new(
                        FieldPath::Router(field),
                        format!(
                            "router: at most {} tokens per call",
                            group_thousands(MAX_TOKENS_PER_QUERY)
                        ),
                    ));
                }
            }
        }
        if let Some(Router::Fixed { usd_per_1k }) = &self.router {
            if usd_per_1k.is_sign_negative() {
                issues.push(FieldIssue::new(
                    FieldPath::Router(RouterField::UsdPer1k),
                    "router: a price cannot be negative",
                ));
            }
        }
    }
}

/// The model a scenario from scratch, and a query type added to an empty one, starts with.
pub const STARTER_MODEL: &str = "openai/gpt-5.4-mini";

/// A router that is a model call starts as this small model reading 300 tokens and writing 5.
pub const DEFAULT_ROUTER_MODEL: &str = "openai/gpt-5.4-nano";
pub const DEFAULT_ROUTER_INPUT_TOKENS: u64 = 300;
pub const DEFAULT_ROUTER_OUTPUT_TOKENS: u64 = 5;

impl Router {
    /// The router a person starts from when they pick "a model call".
    pub fn default_model_call() -> Router {
        Router::Model {
            model: DEFAULT_ROUTER_MODEL.to_string(),
            input_tokens: DEFAULT_ROUTER_INPUT_TOKENS,
            output_tokens: DEFAULT_ROUTER_OUTPUT_TOKENS,
        }
    }
}

/// The edits the planner's buttons make.
impl Scenario {
    /// Adds a query type shaped like the starter's but with no traffic yet, on the last
    /// type's model, named after its position. Returns false, changing nothing, when the
    /// scenario already has [`MAX_QUERY_TYPES`].
    pub fn add_query_type(&mut self) -> bool {
        if self.query_types.len() >= MAX_QUERY_TYPES {
            return false;
        }
        let model = self
            .query_types
            .last()
            .map(|t| t.model.clone())
            .unwrap_or_else(|| STARTER_MODEL.to_string());
        let mut added = QueryType::starter();
        added.name = format!("Query type {}", self.query_types.len() + 1);
        added.share_pct = Decimal::ZERO;
        added.model = model;
        self.query_types.push(added);
        true
    }

    /// Removes query type `index`; the last one left stays. Returns whether one went.
    pub fn remove_query_type(&mut self, index: usize) -> bool {
        if self.query_types.len() > 1 && index < self.query_types.len() {
            self.query_types.remove(index);
            true
        } else {
            false
        }
    }

    /// The `<provider>/<model>` ids the query types call, first calls and escalations, in
    /// order and once each (text without a `/` is not a model id yet, and is left out).
    pub fn models_used(&self) -> Vec<String> {
        let mut models = std::collections::BTreeSet::new();
        for query_type in &self.query_types {
            models.insert(query_type.model.as_str());
            if let Some(escalation) = &query_type.escalation {
                models.insert(escalation.model.as_str());
            }
        }
        models
            .into_iter()
            .filter(|m| m.contains('/'))
            .map(str::to_string)
            .collect()
    }

    /// The providers of [`models_used`](Self::models_used), in order and once each.
    pub fn providers_used(&self) -> Vec<String> {
        let providers: std::collections::BTreeSet<&str> = self
            .query_types
            .iter()
            .flat_map(|t| std::iter::once(&t.model).chain(t.escalation.as_ref().map(|e| &e.model)))
            .filter_map(|m| m.split_once('/').map(|(provider, _)| provider))
            .collect();
        providers.into_iter().map(str::to_string).collect()
    }
}

impl QueryType {
    /// The query type a scenario from scratch starts with: all traffic on
    /// [`STARTER_MODEL`], a 1,000-token shared prefix and 300 tokens that vary.
    pub fn starter() -> QueryType {
        QueryType {
            name: "All queries".to_string(),
            share_pct: Decimal::ONE_HUNDRED,
            model: STARTER_MODEL.to_string(),
            shared_prefix_tokens: TokenSource::Typed(1000),
            input_tokens: TokenSource::Typed(300),
            output_tokens: default_output_tokens(),
            reasoning_tokens: 0,
            escalation: None,
            batch_pct: Decimal::ZERO,
        }
    }

    /// Sets the escalation's rate or model (or both), keeping the other part; with no rate
    /// and no model left there is no escalation at all. A model id is trimmed.
    pub fn set_escalation(&mut self, rate_pct: Option<Decimal>, model: Option<&str>) {
        let mut escalation = self.escalation.take().unwrap_or(Escalation {
            rate_pct: Decimal::ZERO,
            model: String::new(),
        });
        if let Some(rate_pct) = rate_pct {
            escalation.rate_pct = rate_pct;
        }
        if let Some(model) = model {
            escalation.model = model.trim().to_string();
        }
        if !(escalation.rate_pct.is_zero() && escalation.model.is_empty()) {
            self.escalation = Some(escalation);
        }
    }

    /// The type's name, or its position when it has none.
    pub fn label(&self, index: usize) -> String {
        if self.name.trim().is_empty() {
            format!("Query type {}", index + 1)
        } else {
            self.name.clone()
        }
    }
}

/// One query type's percentages and token counts.
fn check_query_type(query_type: &QueryType, index: usize, issues: &mut Vec<FieldIssue>) {
    let at = |field| FieldPath::query_type(index, field);
    let label = query_type.label(index);
    check_pct(
        issues,
        at(QueryTypeField::SharePct),
        &format!("{label}: share of traffic"),
        query_type.share_pct,
    );
    check_pct(
        issues,
        at(QueryTypeField::BatchPct),
        &format!("{label}: batch share"),
        query_type.batch_pct,
    );
    if let Some(escalation) = &query_type.escalation {
        check_pct(
            issues,
            at(QueryTypeField::EscalationRatePct),
            &format!("{label}: escalation rate"),
            escalation.rate_pct,
        );
    }
    let counts = [
        (
            QueryTypeField::SharedPrefixTokens,
            query_type.shared_prefix_tokens.typed(),
        ),
        (QueryTypeField::InputTokens, query_type.input_tokens.typed()),
        (QueryTypeField::OutputTokens, Some(query_type.output_tokens)),
        (
            QueryTypeField::ReasoningTokens,
            Some(query_type.reasoning_tokens),
        ),
    ];
    for (field, count) in counts {
        if count.is_some_and(|c| c > MAX_TOKENS_PER_QUERY) {
            issues.push(FieldIssue::new(
                at(field),
                format!(
                    "{label}: at most {} tokens per query",
                    group_thousands(MAX_TOKENS_PER_QUERY)
                ),
            ));
        }
    }
}

impl ResponseCache {
    /// Hit rates are percentages that together stay within 100%; a semantic cache has an
    /// embedding model.
    fn check_numbers(&self, issues: &mut Vec<FieldIssue>) {
        let cache = self;
        check_pct(
            issues,
            FieldPath::ResponseCache(ResponseCacheField::ExactHitPct),
            "Exact-match cache hit rate",
            cache.exact_hit_pct,
        );
        check_pct(
            issues,
            FieldPath::ResponseCache(ResponseCacheField::SemanticHitPct),
            "Semantic cache hit rate",
            cache.semantic_hit_pct,
        );
        if cache.exact_hit_pct.saturating_add(cache.semantic_hit_pct) > Decimal::ONE_HUNDRED {
            issues.push(FieldIssue::new(
                FieldPath::ResponseCache(ResponseCacheField::SemanticHitPct),
                "exact and semantic hits together cannot exceed 100% of queries",
            ));
        }
        if cache.semantic_hit_pct > Decimal::ZERO && cache.embedding_model.is_none() {
            issues.push(FieldIssue::new(
                FieldPath::ResponseCache(ResponseCacheField::EmbeddingModel),
                "a semantic cache needs an embedding model to look queries up",
            ));
        }
    }
}

impl Negotiated {
    /// Discounts are percentages; custom prices are not negative.
    fn check_numbers(&self, issues: &mut Vec<FieldIssue>) {
        for (provider, discount) in &self.discount_pct {
            check_pct(
                issues,
                FieldPath::Discount(provider.clone()),
                &format!("Discount with {provider}"),
                *discount,
            );
        }
        for (model, price) in &self.custom_prices {
            let prices = [
                Some(price.input_mtok),
                Some(price.output_mtok),
                price.cache_read_mtok,
                price.cache_write_mtok,
            ];
            if prices.into_iter().flatten().any(|p| p.is_sign_negative()) {
                issues.push(FieldIssue::new(
                    FieldPath::CustomPrice {
                        model: model.clone(),
                        part: PricePart::Price,
                    },
                    format!("custom price of {model}: a price cannot be negative"),
                ));
            }
        }
    }
}

fn check_pct(issues: &mut Vec<FieldIssue>, field: FieldPath, what: &str, value: Decimal) {
    if value.is_sign_negative() && !value.is_zero() {
        issues.push(FieldIssue::new(
            field,
            format!("{what} cannot be below 0% (it is {}%)", value.normalize()),
        ));
    } else if value > Decimal::ONE_HUNDRED {
        issues.push(FieldIssue::new(
            field,
            format!("{what} cannot be above 100% (it is {}%)", value.normalize()),
        ));
    }
}
