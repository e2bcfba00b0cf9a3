//! The model comparison: one query priced for every model in the catalogue.

use std::cmp::Reverse;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::core::format::group_thousands;
use crate::core::pricing::catalogue::{Catalogue, ModelRef};
use crate::core::pricing::delivery::{Delivery, ServiceTier};
use crate::core::pricing::price::{
    cost_of_prices, has_variant_for, prices_at, CallCost, PriceContext, PricingError,
    ResolvedPrices,
};
use crate::core::pricing::standing::Standing;
use crate::core::pricing::units::UnitRegistry;
use crate::core::pricing::usage::Usage;
use crate::core::tokens::count_rule::count_rule;
use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::prompt_counts::{prompt_count, InputCount, PromptCounts};

/// Providers people compare first, in this order; the rest follow in catalogue order.
pub const MAJOR_PROVIDERS: &[&str] = &[
    "openai",
    "anthropic",
    "google",
    "x-ai",
    "mistral",
    "deepseek",
    "meta",
    "aws",
    "azure",
    "cohere",
];

/// Tokens of one query, as the person set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueryTokens {
    /// Prompt tokens typed by hand; overrides the prompt's count when set.
    pub typed_input: Option<u64>,
    pub output: u64,
    /// Of the input, tokens read from the provider's prompt cache.
    pub cache_read: u64,
    /// Of the input, tokens written to the cache with the 5-minute TTL.
    pub cache_write_5m: u64,
    /// Of the input, tokens written to the cache with the 1-hour TTL.
    pub cache_write_1h: u64,
}

/// Why the token counts of a query do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryTokensError {
    #[error("cached tokens ({cached}) are part of the prompt and cannot exceed its {input} input tokens")]
    CacheExceedsInput { cached: String, input: String },
}

impl QueryTokens {
    /// Usage in genai-prices' terms for an input count: every cache write goes to
    /// `cache_write_tokens`, the 1-hour ones also to `cache_write_1h_tokens`.
    pub fn usage(&self, input: u64) -> Usage {
        let writes = self.cache_write_5m.saturating_add(self.cache_write_1h);
        let mut usage = Usage::tokens(input, self.output);
        if self.cache_read > 0 {
            usage = usage.with("cache_read_tokens", self.cache_read);
        }
        if writes > 0 {
            usage = usage.with("cache_write_tokens", writes);
        }
        if self.cache_write_1h > 0 {
            usage = usage.with("cache_write_1h_tokens", self.cache_write_1h);
        }
        usage
    }

    /// Checks that the cached parts fit in the input total the page shows.
    pub fn check(&self, input: u64) -> Result<(), QueryTokensError> {
        let cached = self
            .cache_read
            .saturating_add(self.cache_write_5m)
            .saturating_add(self.cache_write_1h);
        if cached > input {
            return Err(QueryTokensError::CacheExceedsInput {
                cached: group_thousands(cached),
                input: group_thousands(input),
            });
        }
        Ok(())
    }
}

/// One model's row in the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelQuote {
    /// `<provider_id>/<model_id>`.
    pub id: String,
    pub provider_id: String,
    pub provider_name: String,
    pub model_name: String,
    pub input: InputCount,
    pub cost: Result<CallCost, PricingError>,
    /// Bounds of the cost where the count is an estimate.
    pub cost_band: Option<(Decimal, Decimal)>,
    /// A batch price was applied (the model has one and batch is on).
    pub batch_applied: bool,
    /// A service-tier price was applied.
    pub tier_applied: bool,
    /// Input and output price per million tokens, before any tier.
    pub input_per_mtok: Option<Decimal>,
    pub output_per_mtok: Option<Decimal>,
    /// The provider still serves it but has announced its end.
    pub deprecated: bool,
    /// Where it stands in its provider's line-up (`pricing::standing`).
    pub standing: Standing,
    /// Its context window in tokens, where the catalogue gives one.
    pub context_window: Option<u64>,
    /// The encoding whose count the row's input reads (its own tokenizer, or the one its
    /// estimate is built on): the vocabulary it waits for.
    pub vocabulary: Encoding,
    /// How the model is priced for a text query.
    pub pricing: TokenPricing,
}

/// Whether a model's prices speak to a text query at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenPricing {
    /// Priced per input and output token: a chat or completion model.
    InputAndOutput,
    /// Priced per token on one side only (embeddings, say).
    OneSide,
    /// Priced in other units only (audio seconds, images, characters): a text query's
    /// cost here says nothing, and the page says so instead of showing $0.
    NotPerToken,
}

/// Prices one query for every model in the catalogue, at time `at`.
pub fn quote_all(
    catalogue: &Catalogue,
    prompt: &PromptCounts,
    tokens: &QueryTokens,
    delivery: &Delivery,
    at: DateTime<Utc>,
) -> Vec<ModelQuote> {
    catalogue
        .models()
        .map(|model_ref| quote(catalogue, &model_ref, prompt, tokens, delivery, at))
        .collect()
}

/// [`quote_all`] for a new prompt count, reusing `previous` (the quotes of the same
/// `tokens`, `delivery` and `at` for another count, in catalogue order) wherever a model's
/// input count is unchanged: when one vocabulary's count arrives, only its rows are priced
/// again. Without a full `previous`, every model is priced.
pub fn requote_all(
    previous: &[ModelQuote],
    catalogue: &Catalogue,
    prompt: &PromptCounts,
    tokens: &QueryTokens,
    delivery: &Delivery,
    at: DateTime<Utc>,
) -> Vec<ModelQuote> {
    catalogue
        .models()
        .enumerate()
        .map(|(position, model_ref)| {
            let input = input_count(&model_ref, prompt, tokens);
            match previous.get(position) {
                Some(earlier) if earlier.input == input && earlier.id == model_ref.id() => {
                    earlier.clone()
                }
                _ => quote(catalogue, &model_ref, prompt, tokens, delivery, at),
            }
        })
        .collect()
}

/// The catalogue positions of the first `rows` models in the default order
/// ([`SortOrder::ProvidersFirst`]), found without pricing anything (that order reads no
/// cost): what the page prices and draws first.
pub fn first_in_default_order(catalogue: &Catalogue, at: DateTime<Utc>, rows: usize) -> Vec<usize> {
    let context = PriceContext::new();
    let keys: Vec<_> = catalogue
        .models()
        .map(|model_ref| {
            let prices = prices_at(&model_ref, at, &context);
            (
                provider_rank(&model_ref.provider.id),
                model_ref.provider.id.as_str(),
                Standing::of(model_ref.model),
                token_pricing(prices.as_ref().ok(), &catalogue.units),
                Reverse(model_ref.model.context_window.unwrap_or(0)),
                model_ref.id(),
            )
        })
        .collect();
    let mut positions: Vec<usize> = (0..keys.len()).collect();
    positions.sort_by(|&a, &b| {
        let (ka, kb) = (&keys[a], &keys[b]);
        (ka.0, ka.1, ka.2, ka.3, ka.4)
            .cmp(&(kb.0, kb.1, kb.2, kb.3, kb.4))
            .then_with(|| natural_cmp(&kb.5, &ka.5))
    });
    positions.truncate(rows);
    positions
}

/// Prices one query for the models at `positions` of the catalogue, in that order.
pub fn quote_some(
    catalogue: &Catalogue,
    positions: &[usize],
    prompt: &PromptCounts,
    tokens: &QueryTokens,
    delivery: &Delivery,
    at: DateTime<Utc>,
) -> Vec<ModelQuote> {
    let models: Vec<ModelRef<'_>> = catalogue.models().collect();
    positions
        .iter()
        .filter_map(|&position| models.get(position))
        .map(|model_ref| quote(catalogue, model_ref, prompt, tokens, delivery, at))
        .collect()
}

/// Prices one query for one model.
pub fn quote(
    catalogue: &Catalogue,
    model_ref: &ModelRef<'_>,
    prompt: &PromptCounts,
    tokens: &QueryTokens,
    delivery: &Delivery,
    at: DateTime<Utc>,
) -> ModelQuote {
    let input = input_count(model_ref, prompt, tokens);
    let (batch_context, tier_context) = delivery.contexts();
    let batch_applied = delivery.batch && has_variant_for(model_ref, at, &batch_context);
    let tier_applied = delivery.service_tier != ServiceTier::Standard
        && has_variant_for(model_ref, at, &tier_context);
    let mut context = PriceContext::new();
    if batch_applied {
        context.extend(batch_context);
    }
    if tier_applied {
        context.extend(tier_context);
    }

    let prices = prices_at(model_ref, at, &context);
    let cost_for = |count: u64| match &prices {
        Ok(prices) => cost_of_prices(prices, &tokens.usage(count), &catalogue.units),
        Err(error) => Err(error.clone()),
    };
    let cost = cost_for(input.count());
    let cost_band = match (input, &cost) {
        (InputCount::Estimated { estimate, .. }, Ok(cost)) => {
            let low = cost_for(estimate.low)
                .map(|c| c.total)
                .unwrap_or(cost.total);
            let high = cost_for(estimate.high)
                .map(|c| c.total)
                .unwrap_or(cost.total);
            Some((low.min(cost.total), high.max(cost.total)))
        }
        _ => None,
    };
    let price_of = |key: &str| {
        prices
            .as_ref()
            .ok()
            .and_then(|p| p.get(key))
            .map(|price| price.base())
    };

    ModelQuote {
        id: model_ref.id(),
        provider_id: model_ref.provider.id.clone(),
        provider_name: model_ref.provider.name.clone(),
        model_name: model_ref.model.display_name().to_string(),
        input,
        cost,
        cost_band,
        batch_applied,
        tier_applied,
        input_per_mtok: price_of("input_mtok"),
        output_per_mtok: price_of("output_mtok"),
        deprecated: model_ref.model.deprecated.unwrap_or(false),
        standing: Standing::of(model_ref.model),
        context_window: model_ref.model.context_window,
        vocabulary: count_rule(&model_ref.model.id).needs(),
        pricing: token_pricing(prices.as_ref().ok(), &catalogue.units),
    }
}

fn token_pricing(prices: Option<&ResolvedPrices<'_>>, units: &UnitRegistry) -> TokenPricing {
    let priced_side = |direction: &str| {
        prices.into_iter().flatten().any(|(key, _)| {
            units.by_price_key(key).is_some_and(|unit| {
                unit.dimensions.get("family").is_some_and(|f| f == "tokens")
                    && unit.direction() == Some(direction)
            })
        })
    };
    match (priced_side("input"), priced_side("output")) {
        (true, true) => TokenPricing::InputAndOutput,
        (false, false) => TokenPricing::NotPerToken,
        _ => TokenPricing::OneSide,
    }
}

fn input_count(
    model_ref: &ModelRef<'_>,
    prompt: &PromptCounts,
    tokens: &QueryTokens,
) -> InputCount {
    match tokens.typed_input {
        Some(typed) => InputCount::Typed(typed),
        None => prompt_count(&model_ref.model.id, prompt),
    }
}

/// Orders by cost, cheapest or dearest first; rows without a meaningful cost go last.
fn by_cost(a: Option<Decimal>, b: Option<Decimal>, dearest_first: bool) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) if dearest_first => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (x, y) => x.is_none().cmp(&y.is_none()),
    }
}

/// Compares ids as people read versions: runs of digits by value (`5.10` after `5.9`).
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (n, m) = (digits(a), digits(b));
                let (x, y) = (trim_zeros(&a[..n]), trim_zeros(&b[..m]));
                let order = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                (a, b) = (&a[n..], &b[m..]);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|d| *d != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}

/// Display order: major providers first, then catalogue order.
pub fn provider_rank(provider_id: &str) -> usize {
    MAJOR_PROVIDERS
        .iter()
        .position(|major| *major == provider_id)
        .unwrap_or(MAJOR_PROVIDERS.len())
}

/// How the comparison's rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Major providers first, then the rest in catalogue order. Within a provider: by
    /// standing (flagships, current, legacy, retired: `pricing::standing`, read from the
    /// catalogue's own data), then models priced per token before the others, then the
    /// larger context window, then newer-looking ids (`gpt-5.4` before `gpt-4o`), since the
    /// catalogue itself is alphabetical.
    #[default]
    ProvidersFirst,
    CheapestFirst,
    DearestFirst,
}

impl SortOrder {
    pub const ALL: [SortOrder; 3] = [
        SortOrder::ProvidersFirst,
        SortOrder::CheapestFirst,
        SortOrder::DearestFirst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::ProvidersFirst => "providers",
            SortOrder::CheapestFirst => "cheapest",
            SortOrder::DearestFirst => "dearest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::ProvidersFirst => "Major providers first",
            SortOrder::CheapestFirst => "Cheapest first",
            SortOrder::DearestFirst => "Most expensive first",
        }
    }

    pub fn from_name(name: &str) -> Option<SortOrder> {
        SortOrder::ALL
            .into_iter()
            .find(|order| order.as_str() == name)
    }
}

/// Whether a row matches a search: every word of it appears in the model id (with its
/// provider), the provider's name or the model's name, ignoring case.
pub fn matches_search(quote: &ModelQuote, search: &str) -> bool {
    let haystack =
        format!("{} {} {}", quote.id, quote.provider_name, quote.model_name).to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The indices of the rows to show, filtered by `search` and in `order`. Rows that could
/// not be priced go last when sorting by cost.
pub fn visible_rows(quotes: &[ModelQuote], search: &str, order: SortOrder) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..quotes.len())
        .filter(|&i| matches_search(&quotes[i], search))
        .collect();
    // Models not priced per token have no meaningful cost for a text query: they go last.
    let total = |i: usize| match quotes[i].pricing {
        TokenPricing::NotPerToken => None,
        _ => quotes[i].cost.as_ref().ok().map(|cost| cost.total),
    };
    match order {
        SortOrder::ProvidersFirst => rows.sort_by(|&a, &b| {
            fn key(q: &ModelQuote) -> (usize, &str, Standing, TokenPricing, Reverse<u64>) {
                (
                    provider_rank(&q.provider_id),
                    q.provider_id.as_str(),
                    q.standing,
                    q.pricing,
                    Reverse(q.context_window.unwrap_or(0)),
                )
            }
            key(&quotes[a])
                .cmp(&key(&quotes[b]))
                .then_with(|| natural_cmp(&quotes[b].id, &quotes[a].id))
        }),
        SortOrder::CheapestFirst => rows.sort_by(|&a, &b| by_cost(total(a), total(b), false)),
        SortOrder::DearestFirst => rows.sort_by(|&a, &b| by_cost(total(a), total(b), true)),
    }
    rows
}

/// The comparison as CSV, one row per model in `quotes`' order: which count it used, and the
/// cost per query and per 1k queries (with the range where the count is an estimate).
pub fn comparison_csv(quotes: &[ModelQuote]) -> String {
    use crate::core::format::csv_row;
    use crate::core::pricing::money::plain;
    let header = [
        "model",
        "provider",
        "name",
        "input_tokens",
        "count",
        "cost_per_query_usd",
        "cost_low_usd",
        "cost_high_usd",
        "cost_per_1k_usd",
        "note",
    ]
    .map(String::from);
    let mut lines = vec![csv_row(&header)];
    for quote in quotes {
        let count = match quote.input {
            InputCount::Typed(_) => "typed".to_string(),
            InputCount::Exact { encoding, .. } => format!("exact {}", encoding.as_str()),
            InputCount::Estimated { rule, .. } => format!("estimated ({})", rule.name),
        };
        let (cost, low, high, per_1k, note) = match (&quote.cost, quote.pricing) {
            (Ok(cost), TokenPricing::InputAndOutput | TokenPricing::OneSide) => {
                let (low, high) = quote.cost_band.unwrap_or((cost.total, cost.total));
                (
                    plain(cost.total),
                    plain(low),
                    plain(high),
                    cost.total
                        .checked_mul(Decimal::ONE_THOUSAND)
                        .map(plain)
                        .unwrap_or_default(),
                    String::new(),
                )
            }
            (Ok(_), TokenPricing::NotPerToken) => Default::default(),
            (Err(error), _) => (
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                error.to_string(),
            ),
        };
        let note = if quote.pricing == TokenPricing::NotPerToken {
            "not priced per token".to_string()
        } else {
            note
        };
        lines.push(csv_row(&[
            quote.id.clone(),
            quote.provider_name.clone(),
            quote.model_name.clone(),
            quote.input.count().to_string(),
            count,
            cost,
            low,
            high,
            per_1k,
            note,
        ]));
    }
    lines.join("\r\n") + "\r\n"
}
