//! What a scenario costs: the blended cost per query of its tier mix, the baseline's, the
//! savings, and the change each lever makes on the way (the waterfall).
//!
//! Every figure is an expected cost per query of traffic, exact decimal arithmetic over
//! catalogue prices: each distinct model call is priced once with [`call_cost`] and weighted
//! by how often it happens. For a query type with share `s`, exact-hit rate `e`, semantic-hit
//! rate `m`, escalation rate `r`, batch share `b` and prompt-cache hit rate `h` (fractions):
//!
//! ```text
//! miss   = 1 − e − m                       (queries that reach a model)
//! type   = embed × (1 − e)                 (semantic lookup, when a semantic cache is on)
//!        + router × miss
//!        + miss × [ b × answer(batch) + (1 − b) × answer(interactive) ]
//!        + miss × r × answer'(interactive) (escalation to the stronger model)
//! answer = h × call(prefix read from cache) + (1 − h) × call(prefix written to cache)
//! blend  = Σ s × type
//! ```
//!
//! The baseline is every type on the baseline model with no lever. The levers are switched on
//! one at a time in the order of [`Lever::ALL`]; each waterfall step is the change it makes.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::core::issue::{
    joined_messages, FieldIssue, FieldPath, PricePart, PromptCacheField, QueryTypeField,
    ResponseCacheField, RouterField,
};
use crate::core::plan::forecast::{QueryCosts, TierRate};
use crate::core::plan::scenario::{CacheTtl, QueryType, Router, Scenario, TokenSource};
use crate::core::pricing::catalogue::{Catalogue, ModelRef, Price};
use crate::core::pricing::delivery::{batch_context, ServiceTier};
use crate::core::pricing::price::{
    cost_of_prices, has_variant_for, prices_at, PriceContext, PricingError, ResolvedPrices,
};
use crate::core::pricing::usage::Usage;
use crate::core::tokens::prompt_counts::{prompt_count, InputCount, PromptCounts};

/// How a router with a fixed price appears among the tiers (it is no catalogue model).
pub const FIXED_PRICE_ROUTER: &str = "router at a fixed price";

/// One cost-saving (or cost-adding) lever of the waterfall, in the order it is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// Each type on its own model, with escalations and the router.
    Routing,
    PromptCaching,
    ResponseCaching,
    /// Batch API shares and the service tier.
    BatchAndTier,
    NegotiatedPrices,
}

impl Lever {
    pub const ALL: [Lever; 5] = [
        Lever::Routing,
        Lever::PromptCaching,
        Lever::ResponseCaching,
        Lever::BatchAndTier,
        Lever::NegotiatedPrices,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Lever::Routing => "Routing",
            Lever::PromptCaching => "Prompt caching",
            Lever::ResponseCaching => "Response caching",
            Lever::BatchAndTier => "Batch & tier",
            Lever::NegotiatedPrices => "Negotiated",
        }
    }
}

/// Which levers are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Levers([bool; 5]);

impl Levers {
    fn all() -> Self {
        Levers([true; 5])
    }

    fn has(self, lever: Lever) -> bool {
        self.0[lever as usize]
    }

    fn with(mut self, lever: Lever) -> Self {
        self.0[lever as usize] = true;
        self
    }
}

/// A cost per query, with the band its estimated token counts allow (equal when exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CostRange {
    pub mid: Decimal,
    pub low: Decimal,
    pub high: Decimal,
}

impl CostRange {
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }
}

/// What a model call does in the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallRole {
    /// Answers a query type.
    Answer,
    /// Re-runs the queries its type's model failed.
    Escalation,
    /// Picks the tier.
    Router,
    /// Embeds queries for the semantic cache.
    Embedding,
}

impl CallRole {
    pub fn label(self) -> &'static str {
        match self {
            CallRole::Answer => "answers",
            CallRole::Escalation => "escalations",
            CallRole::Router => "router",
            CallRole::Embedding => "semantic lookup",
        }
    }
}

/// One query type's cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeCost {
    pub name: String,
    pub share_pct: Decimal,
    pub model: String,
    /// Per query of this type.
    pub cost_per_query: CostRange,
    /// Its part of the blended cost per query (share × cost).
    pub contribution: Decimal,
}

/// One model in one role, over all traffic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCost {
    pub model: String,
    pub role: CallRole,
    /// Calls of this model per query of traffic (0.3 = three calls per ten queries).
    pub calls_per_query: Decimal,
    /// Its part of the blended cost per query.
    pub cost_per_query: Decimal,
    /// Priced at a negotiated price (a custom price or a provider discount).
    pub negotiated: bool,
}

/// One step of the waterfall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeverChange {
    pub lever: Lever,
    /// Change to the cost per query; negative is a saving.
    pub change: Decimal,
}

/// Everything the page and `llm-cost scenario` show for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixReport {
    pub priced_at: DateTime<Utc>,
    pub mix: CostRange,
    pub baseline: CostRange,
    pub baseline_model: String,
    /// Baseline minus mix, per query.
    pub savings_usd: Decimal,
    /// Savings as a percentage of the baseline; none when the baseline costs nothing.
    pub savings_pct: Option<Decimal>,
    pub query_types: Vec<TypeCost>,
    pub tiers: Vec<TierCost>,
    pub levers: Vec<LeverChange>,
    /// What was applied differently from what was asked, said plainly.
    pub notes: Vec<String>,
}

/// Prices a scenario at `at`. Token counts that come from the prompt use `prompt`.
/// Every problem found is returned, each tied to its field.
pub fn evaluate(
    scenario: &Scenario,
    catalogue: &Catalogue,
    prompt: &PromptCounts,
    at: DateTime<Utc>,
) -> Result<MixReport, MixError> {
    let mut issues = scenario.check_numbers();
    let resolved = Resolved::new(scenario, catalogue, at, &mut issues);
    let Some(resolved) = resolved.filter(|_| issues.is_empty()) else {
        return Err(MixError::Fields(issues));
    };
    let pricer = Pricer {
        scenario,
        catalogue,
        prompt,
        at,
        resolved: &resolved,
    };
    pricer.report()
}

/// Why a scenario could not be priced.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MixError {
    /// Values the scenario cannot mean or the catalogue does not know, each tied to its field.
    #[error("{}", joined_messages(.0))]
    Fields(Vec<FieldIssue>),
    /// A cost too large for exact decimal arithmetic.
    #[error("the scenario's cost is too large to compute exactly; lower the token counts")]
    Overflow,
    /// The catalogue could not price one of the scenario's calls.
    #[error("{model}: {error}")]
    Pricing { model: String, error: PricingError },
}

impl MixError {
    /// The problems tied to a field (none for an error that is no one field's).
    pub fn issues(&self) -> &[FieldIssue] {
        match self {
            MixError::Fields(issues) => issues,
            MixError::Overflow | MixError::Pricing { .. } => &[],
        }
    }

    /// Each problem as a sentence for a person: one per field issue, or the error itself.
    pub fn messages(&self) -> Vec<String> {
        match self {
            MixError::Fields(issues) => issues.iter().map(|i| i.message.clone()).collect(),
            error => vec![error.to_string()],
        }
    }
}

/// The router model's path, which two checks share.
const ROUTER_MODEL: FieldPath = FieldPath::Router(RouterField::Model);

/// Models of the scenario, found in the catalogue.
struct Resolved<'c> {
    answers: Vec<ModelRef<'c>>,
    escalations: Vec<Option<(Decimal, ModelRef<'c>)>>,
    router: Option<RouterCall<'c>>,
    embedding: Option<ModelRef<'c>>,
    baseline: ModelRef<'c>,
    /// Model id to its negotiated prices.
    custom: HashMap<String, BTreeMap<String, Price>>,
    /// Provider id to the fraction of list price paid.
    pay_fraction: HashMap<String, Decimal>,
}

enum RouterCall<'c> {
    Model {
        model: ModelRef<'c>,
        input: u64,
        output: u64,
    },
    Fixed(Decimal),
}

fn find<'c>(
    catalogue: &'c Catalogue,
    id: &str,
    field: &FieldPath,
    what: &str,
    issues: &mut Vec<FieldIssue>,
) -> Option<ModelRef<'c>> {
    let found = match id.split_once('/') {
        Some((provider, model)) if !provider.is_empty() && !model.is_empty() => catalogue
            .find(Some(provider), model)
            .map_err(|e| e.to_string()),
        _ if id.trim().is_empty() => Err("pick a model".to_string()),
        _ => catalogue.find(None, id).map_err(|e| e.to_string()),
    };
    match found {
        Ok(model) => Some(model),
        Err(error) => {
            issues.push(FieldIssue::new(field.clone(), format!("{what}: {error}")));
            None
        }
    }
}

/// The price keys a model charges today, standard context.
fn price_keys<'c>(model: &ModelRef<'c>, at: DateTime<Utc>) -> Vec<&'c str> {
    prices_at(model, at, &PriceContext::new())
        .map(|prices| prices.keys().copied().collect())
        .unwrap_or_default()
}

/// Files an issue when `model` is not priced per input and output token: it cannot answer.
fn check_token_prices(
    model: &ModelRef<'_>,
    at: DateTime<Utc>,
    field: &FieldPath,
    what: &str,
    issues: &mut Vec<FieldIssue>,
) {
    let keys = price_keys(model, at);
    if !keys.contains(&"input_mtok") || !keys.contains(&"output_mtok") {
        issues.push(FieldIssue::new(
            field.clone(),
            format!(
                "{what}: {} is not priced per input and output token, so it cannot answer a text query",
                model.id()
            ),
        ));
    }
}

/// Finds a model that answers (or escalates, or routes): in the catalogue and priced per
/// token. `None` when it is not in the catalogue.
fn find_answering<'c>(
    catalogue: &'c Catalogue,
    at: DateTime<Utc>,
    id: &str,
    field: &FieldPath,
    what: &str,
    issues: &mut Vec<FieldIssue>,
) -> Option<ModelRef<'c>> {
    let model = find(catalogue, id, field, what, issues)?;
    check_token_prices(&model, at, field, what, issues);
    Some(model)
}

/// The models of each query type, and the escalations' rates and models, in order.
/// `None` when one of them is not in the catalogue.
type QueryTypeModels<'c> = (Vec<ModelRef<'c>>, Vec<Option<(Decimal, ModelRef<'c>)>>);

fn resolve_query_types<'c>(
    scenario: &Scenario,
    catalogue: &'c Catalogue,
    at: DateTime<Utc>,
    issues: &mut Vec<FieldIssue>,
) -> Option<QueryTypeModels<'c>> {
    let mut answers = Vec::new();
    let mut escalations = Vec::new();
    let mut complete = true;
    for (index, query_type) in scenario.query_types.iter().enumerate() {
        let label = query_type.label(index);
        let field = FieldPath::query_type(index, QueryTypeField::Model);
        match find_answering(catalogue, at, &query_type.model, &field, &label, issues) {
            Some(model) => {
                check_batch_price(&model, at, index, query_type, &label, issues);
                answers.push(model);
            }
            None => complete = false,
        }
        match &query_type.escalation {
            Some(escalation) => {
                let field = FieldPath::query_type(index, QueryTypeField::EscalationModel);
                let what = format!("{label}: escalation");
                match find_answering(catalogue, at, &escalation.model, &field, &what, issues) {
                    Some(model) => {
                        escalations.push(Some((escalation.rate_pct / Decimal::ONE_HUNDRED, model)))
                    }
                    None => complete = false,
                }
            }
            None => escalations.push(None),
        }
    }
    complete.then_some((answers, escalations))
}

/// Files an issue when a query type batches traffic on a model without a batch price.
fn check_batch_price(
    model: &ModelRef<'_>,
    at: DateTime<Utc>,
    index: usize,
    query_type: &QueryType,
    label: &str,
    issues: &mut Vec<FieldIssue>,
) {
    if query_type.batch_pct > Decimal::ZERO && !has_variant_for(model, at, &batch_context()) {
        issues.push(FieldIssue::new(
            FieldPath::query_type(index, QueryTypeField::BatchPct),
            format!(
                "{label}: {} has no batch price; set its batch share to 0% or pick another model",
                model.id()
            ),
        ));
    }
}

/// The router's call, if the scenario has a router; `Err` when its model is not in the
/// catalogue.
fn resolve_router<'c>(
    scenario: &Scenario,
    catalogue: &'c Catalogue,
    at: DateTime<Utc>,
    issues: &mut Vec<FieldIssue>,
) -> Result<Option<RouterCall<'c>>, ()> {
    match &scenario.router {
        None => Ok(None),
        Some(Router::Fixed { usd_per_1k }) => Ok(Some(RouterCall::Fixed(*usd_per_1k))),
        Some(Router::Model {
            model,
            input_tokens,
            output_tokens,
        }) => {
            let model =
                find_answering(catalogue, at, model, &ROUTER_MODEL, "Router", issues).ok_or(())?;
            Ok(Some(RouterCall::Model {
                model,
                input: *input_tokens,
                output: *output_tokens,
            }))
        }
    }
}

/// The semantic cache's embedding model, if it has one; `Err` when it is not in the
/// catalogue.
fn resolve_embedding<'c>(
    scenario: &Scenario,
    catalogue: &'c Catalogue,
    at: DateTime<Utc>,
    issues: &mut Vec<FieldIssue>,
) -> Result<Option<ModelRef<'c>>, ()> {
    let Some(id) = &scenario.response_cache.embedding_model else {
        return Ok(None);
    };
    let field = FieldPath::ResponseCache(ResponseCacheField::EmbeddingModel);
    let model = find(catalogue, id, &field, "Semantic cache", issues).ok_or(())?;
    if !price_keys(&model, at).contains(&"input_mtok") {
        issues.push(FieldIssue::new(
            field,
            format!(
                "Semantic cache: {} is not priced per input token",
                model.id()
            ),
        ));
    }
    Ok(Some(model))
}

/// Each custom price, by the id of the model it replaces the prices of.
fn custom_prices(
    scenario: &Scenario,
    catalogue: &Catalogue,
    issues: &mut Vec<FieldIssue>,
) -> HashMap<String, BTreeMap<String, Price>> {
    let mut custom = HashMap::new();
    for (id, price) in &scenario.negotiated.custom_prices {
        let field = FieldPath::CustomPrice {
            model: id.clone(),
            part: PricePart::Price,
        };
        if let Some(model) = find(catalogue, id, &field, "Custom price", issues) {
            let mut prices = BTreeMap::from([
                ("input_mtok".to_string(), Price::Flat(price.input_mtok)),
                ("output_mtok".to_string(), Price::Flat(price.output_mtok)),
            ]);
            if let Some(read) = price.cache_read_mtok {
                prices.insert("cache_read_mtok".into(), Price::Flat(read));
            }
            if let Some(write) = price.cache_write_mtok {
                prices.insert("cache_write_mtok".into(), Price::Flat(write));
            }
            custom.insert(model.id(), prices);
        }
    }
    custom
}

/// The fraction of list price paid to each provider with a discount.
fn pay_fractions(
    scenario: &Scenario,
    catalogue: &Catalogue,
    issues: &mut Vec<FieldIssue>,
) -> HashMap<String, Decimal> {
    let mut pay_fraction = HashMap::new();
    for (provider, discount) in &scenario.negotiated.discount_pct {
        if catalogue.provider(provider).is_none() {
            issues.push(FieldIssue::new(
                FieldPath::Discount(provider.clone()),
                format!("Discount: unknown provider {provider:?}"),
            ));
        }
        // Out-of-range discounts are refused by `check_numbers`; saturate meanwhile.
        pay_fraction.insert(
            provider.clone(),
            Decimal::ONE_HUNDRED.saturating_sub(*discount) / Decimal::ONE_HUNDRED,
        );
    }
    pay_fraction
}

impl<'c> Resolved<'c> {
    /// Finds every model the scenario names, filing an issue for each problem found (all of
    /// them, not only the first); `None` when a model is missing.
    fn new(
        scenario: &Scenario,
        catalogue: &'c Catalogue,
        at: DateTime<Utc>,
        issues: &mut Vec<FieldIssue>,
    ) -> Option<Resolved<'c>> {
        let types = resolve_query_types(scenario, catalogue, at, issues);
        let router = resolve_router(scenario, catalogue, at, issues);
        let embedding = resolve_embedding(scenario, catalogue, at, issues);
        let baseline = find_answering(
            catalogue,
            at,
            scenario.baseline_model(),
            &FieldPath::BaselineModel,
            "Baseline",
            issues,
        );
        let custom = custom_prices(scenario, catalogue, issues);
        let pay_fraction = pay_fractions(scenario, catalogue, issues);
        let ((answers, escalations), router, embedding) = (types?, router.ok()?, embedding.ok()?);
        let resolved = Resolved {
            answers,
            escalations,
            router,
            embedding,
            baseline: baseline?,
            custom,
            pay_fraction,
        };
        resolved.check_prompt_cache(scenario, at, issues);
        Some(resolved)
    }

    /// The prompt cache needs a cache-read price on every model that reads the prefix, and a
    /// one-hour write price where the model prices writes and the TTL is an hour.
    fn check_prompt_cache(
        &self,
        scenario: &Scenario,
        at: DateTime<Utc>,
        issues: &mut Vec<FieldIssue>,
    ) {
        let cache = &scenario.prompt_cache;
        if cache.hit_pct.is_zero() && cache.ttl == CacheTtl::FiveMinutes {
            return;
        }
        let has_prefix = scenario
            .query_types
            .iter()
            .any(|t| t.shared_prefix_tokens != TokenSource::None);
        if !has_prefix {
            return;
        }
        let models = self
            .answers
            .iter()
            .chain(self.escalations.iter().flatten().map(|(_, model)| model));
        let mut without_reads = Vec::new();
        let mut without_hour = Vec::new();
        for model in models {
            let id = model.id();
            let keys: Vec<String> = match self.custom.get(&id) {
                Some(prices) => prices.keys().cloned().collect(),
                None => price_keys(model, at)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            };
            let has = |key: &str| keys.iter().any(|k| k == key);
            if !has("cache_read_mtok") && !without_reads.contains(&id) {
                without_reads.push(id.clone());
            }
            if cache.ttl == CacheTtl::OneHour
                && has("cache_write_mtok")
                && !has("cache_write_1h_mtok")
                && !without_hour.contains(&id)
            {
                without_hour.push(id);
            }
        }
        if !cache.hit_pct.is_zero() && !without_reads.is_empty() {
            issues.push(FieldIssue::new(
                FieldPath::PromptCache(PromptCacheField::HitPct),
                format!(
                    "{} {} no prompt-cache price; set the prompt-cache hit rate to 0% or pick another model",
                    without_reads.join(", "),
                    if without_reads.len() == 1 { "has" } else { "have" }
                ),
            ));
        }
        if !without_hour.is_empty() {
            issues.push(FieldIssue::new(
                FieldPath::PromptCache(PromptCacheField::Ttl),
                format!(
                    "{} {} no one-hour cache-write price; use the 5-minute TTL",
                    without_hour.join(", "),
                    if without_hour.len() == 1 {
                        "has"
                    } else {
                        "have"
                    }
                ),
            ));
        }
    }
}

/// Which end of the estimate bands to price with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    Low,
    Mid,
    High,
}

/// What one evaluation of the mix found.
#[derive(Default, Clone)]
struct Totals {
    total: Decimal,
    per_type: Vec<Decimal>,
    /// (model, role) to (calls per query, cost per query), over all traffic.
    tiers: BTreeMap<(String, CallRole), (Decimal, Decimal)>,
}

impl Totals {
    /// Adds a type's calls of `model` in `role` (per query of the type) and their cost,
    /// weighted by the type's share of traffic.
    fn record(
        &mut self,
        share: Decimal,
        model: String,
        role: CallRole,
        calls: Decimal,
        cost: Decimal,
    ) -> Priced<()> {
        let entry = self
            .tiers
            .entry((model, role))
            .or_insert((Decimal::ZERO, Decimal::ZERO));
        entry.0 = add(entry.0, mul(share, calls)?)?;
        entry.1 = add(entry.1, mul(share, cost)?)?;
        Ok(())
    }
}

/// What one evaluation of the mix takes from the levers that are on.
struct Stage<'r, 'c> {
    levers: Levers,
    band: Band,
    routing: bool,
    negotiated: bool,
    /// The exact-match hit rate (a fraction; 0 without response caching).
    exact: Decimal,
    /// The share of queries that reach a model: not an exact nor a semantic hit.
    miss: Decimal,
    embedding: Option<&'r ModelRef<'c>>,
    standard: PriceContext,
    /// The service tier's context, with batch and tier on; the standard one otherwise.
    interactive: PriceContext,
}

impl<'r, 'c> Stage<'r, 'c> {
    fn new(scenario: &Scenario, resolved: &'r Resolved<'c>, levers: Levers, band: Band) -> Self {
        let cache = &scenario.response_cache;
        let caching = levers.has(Lever::ResponseCaching);
        let (exact, semantic) = if caching {
            (pct(cache.exact_hit_pct), pct(cache.semantic_hit_pct))
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        let standard = PriceContext::new();
        let interactive = if levers.has(Lever::BatchAndTier) {
            scenario.service_tier.context()
        } else {
            standard.clone()
        };
        Stage {
            levers,
            band,
            routing: levers.has(Lever::Routing),
            negotiated: levers.has(Lever::NegotiatedPrices),
            exact,
            miss: Decimal::ONE - exact - semantic,
            embedding: resolved.embedding.as_ref().filter(|_| caching),
            standard,
            interactive,
        }
    }

    /// The interactive context where `model` sells it, else the standard one.
    fn context_for(&self, model: &ModelRef<'_>, at: DateTime<Utc>) -> PriceContext {
        if has_variant_for(model, at, &self.interactive) {
            self.interactive.clone()
        } else {
            self.standard.clone()
        }
    }
}

struct Pricer<'a, 'c> {
    scenario: &'a Scenario,
    catalogue: &'c Catalogue,
    prompt: &'a PromptCounts,
    at: DateTime<Utc>,
    resolved: &'a Resolved<'c>,
}

type Priced<T> = Result<T, MixError>;

fn overflow() -> MixError {
    MixError::Overflow
}

fn mul(a: Decimal, b: Decimal) -> Priced<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn add(a: Decimal, b: Decimal) -> Priced<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

fn pct(value: Decimal) -> Decimal {
    value / Decimal::ONE_HUNDRED
}

impl<'c> Pricer<'_, 'c> {
    fn report(&self) -> Priced<MixReport> {
        // Baseline, then each lever switched on in turn; the last is the mix as configured.
        let mut stages = vec![Levers::default()];
        for lever in Lever::ALL {
            let previous = stages[stages.len() - 1];
            stages.push(previous.with(lever));
        }
        let mid: Vec<Totals> = stages
            .iter()
            .map(|levers| self.totals(*levers, Band::Mid))
            .collect::<Priced<_>>()?;
        // Only counts taken from the prompt can be estimates; typed counts have no band, so
        // the low and high ends are the middle and need no pricing of their own.
        let banded = self.scenario.uses_prompt();
        let range = |levers: Levers, mid: &Totals| -> Priced<(CostRange, Vec<CostRange>)> {
            let (low, high) = if banded {
                (
                    self.totals(levers, Band::Low)?,
                    self.totals(levers, Band::High)?,
                )
            } else {
                (mid.clone(), mid.clone())
            };
            let band = |mid: Decimal, low: Decimal, high: Decimal| CostRange {
                mid: mid.normalize(),
                low: low.min(mid).normalize(),
                high: high.max(mid).normalize(),
            };
            let types = (0..mid.per_type.len())
                .map(|i| band(mid.per_type[i], low.per_type[i], high.per_type[i]))
                .collect();
            Ok((band(mid.total, low.total, high.total), types))
        };
        let baseline_totals = &mid[0];
        let mix_totals = &mid[mid.len() - 1];
        let (baseline, _) = range(Levers::default(), baseline_totals)?;
        let (mix, type_ranges) = range(Levers::all(), mix_totals)?;

        // Figures per 1k queries must fit too.
        for cost in [mix.high, baseline.high] {
            cost.checked_mul(Decimal::ONE_THOUSAND)
                .ok_or_else(overflow)?;
        }
        let levers = Lever::ALL
            .iter()
            .enumerate()
            .map(|(i, lever)| {
                Ok(LeverChange {
                    lever: *lever,
                    change: mid[i + 1]
                        .total
                        .checked_sub(mid[i].total)
                        .ok_or_else(overflow)?
                        .normalize(),
                })
            })
            .collect::<Priced<Vec<_>>>()?;
        let savings_usd = baseline.mid.checked_sub(mix.mid).ok_or_else(overflow)?;
        let savings_pct = (!baseline.mid.is_zero())
            .then(|| {
                savings_usd
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|s| s.checked_div(baseline.mid))
            })
            .flatten()
            .map(|pct| pct.normalize());
        let query_types = self
            .scenario
            .query_types
            .iter()
            .enumerate()
            .map(|(i, query_type)| {
                Ok(TypeCost {
                    name: query_type.label(i),
                    share_pct: query_type.share_pct.normalize(),
                    model: self.resolved.answers[i].id(),
                    cost_per_query: type_ranges[i],
                    contribution: mul(pct(query_type.share_pct), mix_totals.per_type[i])?
                        .normalize(),
                })
            })
            .collect::<Priced<Vec<_>>>()?;
        let tiers = mix_totals
            .tiers
            .iter()
            .map(|((model, role), (calls, cost))| TierCost {
                model: model.clone(),
                role: *role,
                calls_per_query: calls.normalize(),
                cost_per_query: cost.normalize(),
                negotiated: self.resolved.custom.contains_key(model)
                    || model.split_once('/').is_some_and(|(provider, _)| {
                        self.resolved.pay_fraction.contains_key(provider)
                    }),
            })
            .collect();
        Ok(MixReport {
            priced_at: self.at,
            mix,
            baseline,
            baseline_model: self.resolved.baseline.id(),
            savings_usd: savings_usd.normalize(),
            savings_pct,
            query_types,
            tiers,
            levers,
            notes: self.notes(),
        })
    }

    /// Where the service tier asked for is not sold, the standard price is used.
    fn notes(&self) -> Vec<String> {
        let tier = self.scenario.service_tier;
        if tier == ServiceTier::Standard {
            return Vec::new();
        }
        let mut without: Vec<String> = self
            .resolved
            .answers
            .iter()
            .chain(self.resolved.escalations.iter().flatten().map(|(_, m)| m))
            .filter(|model| !has_variant_for(model, self.at, &tier.context()))
            .map(ModelRef::id)
            .collect();
        without.sort();
        without.dedup();
        if without.is_empty() {
            return Vec::new();
        }
        vec![format!(
            "{} {} no {} tier: priced at the standard tier",
            without.join(", "),
            if without.len() == 1 { "has" } else { "have" },
            tier.as_str()
        )]
    }

    fn tokens(&self, source: TokenSource, model: &ModelRef<'_>, band: Band) -> u64 {
        match source {
            TokenSource::None => 0,
            TokenSource::Typed(count) => count,
            TokenSource::Prompt => match prompt_count(&model.model.id, self.prompt) {
                InputCount::Estimated { estimate, .. } => match band {
                    Band::Low => estimate.low,
                    Band::Mid => estimate.mid,
                    Band::High => estimate.high,
                },
                count => count.count(),
            },
        }
    }

    /// One call's cost at list or negotiated prices.
    fn call(
        &self,
        model: &ModelRef<'_>,
        usage: &Usage,
        context: &PriceContext,
        negotiated: bool,
    ) -> Priced<Decimal> {
        let id = model.id();
        let custom = self.resolved.custom.get(&id).filter(|_| negotiated);
        let cost = match custom {
            Some(prices) => {
                let prices: ResolvedPrices<'_> = prices
                    .iter()
                    .map(|(key, price)| (key.as_str(), price))
                    .collect();
                cost_of_prices(&prices, usage, &self.catalogue.units)
            }
            None => prices_at(model, self.at, context)
                .and_then(|prices| cost_of_prices(&prices, usage, &self.catalogue.units)),
        }
        .map_err(|error| match error {
            PricingError::Overflow => overflow(),
            error => MixError::Pricing {
                model: id.clone(),
                error,
            },
        })?
        .total;
        match self.resolved.pay_fraction.get(&model.provider.id) {
            Some(fraction) if negotiated && custom.is_none() => mul(cost, *fraction),
            _ => Ok(cost),
        }
    }

    /// The cost of answering one query of a type on `model`, with prompt caching if on.
    fn answer(
        &self,
        model: &ModelRef<'_>,
        prefix: u64,
        variable: u64,
        output: u64,
        context: &PriceContext,
        levers: Levers,
    ) -> Priced<Decimal> {
        let input = prefix.checked_add(variable).ok_or_else(overflow)?;
        let negotiated = levers.has(Lever::NegotiatedPrices);
        let plain = Usage::tokens(input, output);
        let hit_rate = pct(self.scenario.prompt_cache.hit_pct);
        // A 0% hit rate means the cache is not used: no writes either.
        if !levers.has(Lever::PromptCaching) || prefix == 0 || hit_rate.is_zero() {
            return self.call(model, &plain, context, negotiated);
        }
        let hit = plain.clone().with("cache_read_tokens", prefix);
        let mut miss = plain.with("cache_write_tokens", prefix);
        if self.scenario.prompt_cache.ttl == CacheTtl::OneHour {
            miss = miss.with("cache_write_1h_tokens", prefix);
        }
        let hits = mul(hit_rate, self.call(model, &hit, context, negotiated)?)?;
        let misses = mul(
            Decimal::ONE - hit_rate,
            self.call(model, &miss, context, negotiated)?,
        )?;
        add(hits, misses)
    }

    /// One evaluation of the whole mix with `levers` on, at one end of the estimate bands.
    fn totals(&self, levers: Levers, band: Band) -> Priced<Totals> {
        let stage = Stage::new(self.scenario, self.resolved, levers, band);
        let mut totals = Totals::default();
        for (index, query_type) in self.scenario.query_types.iter().enumerate() {
            let share = pct(query_type.share_pct);
            let cost = self.type_cost(&stage, index, query_type, share, &mut totals)?;
            totals.per_type.push(cost);
            totals.total = add(totals.total, mul(share, cost)?)?;
        }
        Ok(totals)
    }

    /// What one query of type `index` costs: its semantic lookup, the router, the answer
    /// and the escalation, each recorded in `totals` under its tier.
    fn type_cost(
        &self,
        stage: &Stage<'_, 'c>,
        index: usize,
        query_type: &QueryType,
        share: Decimal,
        totals: &mut Totals,
    ) -> Priced<Decimal> {
        let mut cost = Decimal::ZERO;
        if let Some(embedder) = stage.embedding {
            cost = add(
                cost,
                self.lookup_cost(stage, embedder, query_type, share, totals)?,
            )?;
        }
        if let Some(router) = self.resolved.router.as_ref().filter(|_| stage.routing) {
            cost = add(cost, self.router_cost(stage, router, share, totals)?)?;
        }
        let output = query_type
            .output_tokens
            .checked_add(query_type.reasoning_tokens)
            .ok_or_else(overflow)?;
        let model = if stage.routing {
            &self.resolved.answers[index]
        } else {
            &self.resolved.baseline
        };
        cost = add(
            cost,
            self.answer_cost(stage, model, query_type, output, share, totals)?,
        )?;
        let escalation = self.resolved.escalations[index]
            .as_ref()
            .filter(|_| stage.routing);
        if let Some((rate, stronger)) = escalation {
            let call = self.answer(
                stronger,
                self.tokens(query_type.shared_prefix_tokens, stronger, stage.band),
                self.tokens(query_type.input_tokens, stronger, stage.band),
                output,
                &stage.context_for(stronger, self.at),
                stage.levers,
            )?;
            let calls = mul(stage.miss, *rate)?;
            let weighted = mul(calls, call)?;
            totals.record(share, stronger.id(), CallRole::Escalation, calls, weighted)?;
            cost = add(cost, weighted)?;
        }
        Ok(cost)
    }

    /// The semantic lookup: one embedding of the variable input per query the exact cache
    /// misses.
    fn lookup_cost(
        &self,
        stage: &Stage<'_, 'c>,
        embedder: &ModelRef<'_>,
        query_type: &QueryType,
        share: Decimal,
        totals: &mut Totals,
    ) -> Priced<Decimal> {
        let tokens = self.tokens(query_type.input_tokens, embedder, stage.band);
        let usage = Usage::tokens(tokens, 0);
        let call = self.call(embedder, &usage, &stage.standard, stage.negotiated)?;
        let calls = Decimal::ONE - stage.exact;
        let weighted = mul(calls, call)?;
        totals.record(share, embedder.id(), CallRole::Embedding, calls, weighted)?;
        Ok(weighted)
    }

    /// The router's call (or fixed price) on every query the response cache misses.
    fn router_cost(
        &self,
        stage: &Stage<'_, 'c>,
        router: &RouterCall<'_>,
        share: Decimal,
        totals: &mut Totals,
    ) -> Priced<Decimal> {
        let (name, per_query) = match router {
            RouterCall::Model {
                model,
                input,
                output,
            } => {
                let usage = Usage::tokens(*input, *output);
                let call = self.call(model, &usage, &stage.standard, stage.negotiated)?;
                (model.id(), call)
            }
            RouterCall::Fixed(per_1k) => (
                FIXED_PRICE_ROUTER.to_string(),
                *per_1k / Decimal::ONE_THOUSAND,
            ),
        };
        let weighted = mul(stage.miss, per_query)?;
        totals.record(share, name, CallRole::Router, stage.miss, weighted)?;
        Ok(weighted)
    }

    /// The answer on the type's model, its batch share through the batch API, on every
    /// query the response cache misses.
    fn answer_cost(
        &self,
        stage: &Stage<'_, 'c>,
        model: &ModelRef<'_>,
        query_type: &QueryType,
        output: u64,
        share: Decimal,
        totals: &mut Totals,
    ) -> Priced<Decimal> {
        let prefix = self.tokens(query_type.shared_prefix_tokens, model, stage.band);
        let variable = self.tokens(query_type.input_tokens, model, stage.band);
        let batch = if stage.levers.has(Lever::BatchAndTier) {
            pct(query_type.batch_pct)
        } else {
            Decimal::ZERO
        };
        let context = stage.context_for(model, self.at);
        let interactive = self.answer(model, prefix, variable, output, &context, stage.levers)?;
        let mut answer = mul(Decimal::ONE - batch, interactive)?;
        if !batch.is_zero() {
            let batched = self.answer(
                model,
                prefix,
                variable,
                output,
                &batch_context(),
                stage.levers,
            )?;
            answer = add(answer, mul(batch, batched)?)?;
        }
        let weighted = mul(stage.miss, answer)?;
        totals.record(share, model.id(), CallRole::Answer, stage.miss, weighted)?;
        Ok(weighted)
    }
}

impl MixReport {
    /// What one query costs, per tier, blended and on the baseline: what a forecast needs.
    pub fn query_costs(&self) -> QueryCosts {
        QueryCosts {
            tiers: self
                .tiers
                .iter()
                .map(|t| TierRate {
                    label: format!("{} ({})", t.model, t.role.label()),
                    cost_per_query: t.cost_per_query,
                })
                .collect(),
            mix: self.mix.mid,
            baseline: self.baseline.mid,
        }
    }

    /// The figures as `llm-cost scenario` prints them: decimals as plain strings.
    pub fn figures(&self, scenario: &Scenario) -> serde_json::Value {
        use crate::core::pricing::money::plain;
        // `report` refuses a cost whose high end per 1k queries does not fit, and the middle is
        // no more, so this is never null.
        let per_1k = |value: Decimal| value.checked_mul(Decimal::ONE_THOUSAND).map(plain);
        let mut figures = serde_json::json!({
            "name": scenario.name,
            "priced_at": self.priced_at.to_rfc3339(),
            "mix_cost_per_query": plain(self.mix.mid),
            "mix_cost_per_1k": per_1k(self.mix.mid),
            "baseline_model": self.baseline_model,
            "baseline_cost_per_query": plain(self.baseline.mid),
            "baseline_cost_per_1k": per_1k(self.baseline.mid),
            "savings_usd_per_query": plain(self.savings_usd),
            "savings_pct": self.savings_pct.map(plain),
            "query_types": self.query_types.iter().map(|t| serde_json::json!({
                "name": t.name,
                "share_pct": plain(t.share_pct),
                "model": t.model,
                "cost_per_query": plain(t.cost_per_query.mid),
                "cost_per_query_low": plain(t.cost_per_query.low),
                "cost_per_query_high": plain(t.cost_per_query.high),
                "contribution_per_query": plain(t.contribution),
            })).collect::<Vec<_>>(),
            "tiers": self.tiers.iter().map(|t| serde_json::json!({
                "model": t.model,
                "role": t.role,
                "calls_per_query": plain(t.calls_per_query),
                "cost_per_query": plain(t.cost_per_query),
                "negotiated": t.negotiated,
            })).collect::<Vec<_>>(),
            "levers": self.levers.iter().map(|l| serde_json::json!({
                "lever": l.lever,
                "change_per_query": plain(l.change),
            })).collect::<Vec<_>>(),
            "notes": self.notes,
        });
        if !self.mix.is_exact() || !self.baseline.is_exact() {
            figures["mix_cost_low"] = plain(self.mix.low).into();
            figures["mix_cost_high"] = plain(self.mix.high).into();
            figures["baseline_cost_low"] = plain(self.baseline.low).into();
            figures["baseline_cost_high"] = plain(self.baseline.high).into();
        }
        figures
    }
}
