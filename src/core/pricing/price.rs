//! The cost of one model call, with the semantics of genai-prices' `calc_price`.
//!
//! - `input_tokens` is the whole prompt; cache reads and writes are parts of it, charged at
//!   their own price, and the rest at the input price (the "leaf" decomposition).
//! - Long-context tiers are cliffs on total input tokens (strictly above the start).
//! - The request time picks historic and time-of-day prices; a price context (batch,
//!   service tier) picks variants, per price key.
//! - Arithmetic is exact and checked: an overflow is an error, never a panic.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::core::pricing::catalogue::{Catalogue, ModelRef, Price};
use crate::core::pricing::units::{UnitDef, UnitId, UnitRegistry};
use crate::core::pricing::usage::{Usage, UsageError};

/// Request context that selects price variants, e.g. `processing=batch`,
/// `service_tier=flex`.
pub type PriceContext = BTreeMap<String, String>;

/// What one call costs, in USD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallCost {
    pub input: Decimal,
    pub output: Decimal,
    /// Input, output and anything without a direction (per-request fees).
    pub total: Decimal,
}

/// Why a call could not be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("invalid usage: {0}")]
    Usage(#[from] UsageError),
    /// The catalogue prices a part of a unit without the unit itself, or two overlapping
    /// units without their overlap; genai-prices refuses such prices too.
    #[error("the catalogue's prices for this model are incomplete: {0}")]
    IncompletePrices(String),
    #[error("a price in the catalogue is negative ({0})")]
    NegativePrice(String),
    /// The numbers are beyond what exact decimal arithmetic can hold.
    #[error("the cost is too large to compute exactly")]
    Overflow,
    #[error("the model has no prices")]
    NoPrices,
}

/// Price key to price, borrowed from the catalogue: what a model charges for one request.
pub type ResolvedPrices<'a> = BTreeMap<&'a str, &'a Price>;

/// The prices a model charges at `at` for the given context: the last active dated price,
/// with matching variants laid over it key by key (the first matching variant wins a key).
pub fn prices_at<'a>(
    model_ref: &ModelRef<'a>,
    at: DateTime<Utc>,
    context: &PriceContext,
) -> Result<ResolvedPrices<'a>, PricingError> {
    let model = model_ref.model;
    let standard = model
        .prices
        .iter()
        .rev()
        .find(|conditional| {
            conditional
                .constraint
                .as_ref()
                .is_none_or(|c| c.is_active(at))
        })
        .or(model.prices.first())
        .ok_or(PricingError::NoPrices)?;
    let mut prices: ResolvedPrices<'a> = standard
        .prices
        .iter()
        .map(|(key, price)| (key.as_str(), price))
        .collect();
    // A model reached through a fallback provider keeps its standard prices: its variants
    // describe the other provider's offers (genai-prices does the same).
    if context.is_empty() || model_ref.via_fallback {
        return Ok(prices);
    }
    let mut overridden: HashMap<&str, &Price> = HashMap::new();
    for variant in model
        .price_variants
        .iter()
        .filter(|v| v.applies(at, context))
    {
        for (key, price) in &variant.prices {
            overridden.entry(key.as_str()).or_insert(price);
        }
    }
    prices.extend(overridden);
    Ok(prices)
}

/// Whether any variant of the model applies to this context at `at` (say, a batch price).
pub fn has_variant_for(
    model_ref: &ModelRef<'_>,
    at: DateTime<Utc>,
    context: &PriceContext,
) -> bool {
    !model_ref.via_fallback
        && model_ref
            .model
            .price_variants
            .iter()
            .any(|variant| variant.applies(at, context))
}

/// Whether `model_ref` is priced on input tokens only at `at`, as embedding models are: a
/// standard price per input token and no output price of any kind. A model without prices
/// is not.
pub fn priced_on_input_only(
    model_ref: &ModelRef<'_>,
    at: DateTime<Utc>,
    registry: &UnitRegistry,
) -> bool {
    let Ok(prices) = prices_at(model_ref, at, &PriceContext::new()) else {
        return false;
    };
    let units: Vec<&UnitDef> = prices
        .keys()
        .filter_map(|key| registry.by_price_key(key))
        .collect();
    let per_input_token = units.iter().any(|unit| {
        unit.dimensions.get("family").is_some_and(|f| f == "tokens")
            && unit.direction() == Some("input")
    });
    per_input_token && units.iter().all(|unit| unit.direction() != Some("output"))
}

/// The `<provider>/<model>` ids of every model [priced on input only](priced_on_input_only)
/// at `at`, in catalogue order: the models a semantic cache's embedding call can be priced
/// with.
pub fn input_only_models(catalogue: &Catalogue, at: DateTime<Utc>) -> Vec<String> {
    catalogue
        .models()
        .filter(|model_ref| priced_on_input_only(model_ref, at, &catalogue.units))
        .map(|model_ref| model_ref.id())
        .collect()
}

/// Prices one call of `model_ref` with `usage` at time `at`.
pub fn call_cost(
    model_ref: &ModelRef<'_>,
    usage: &Usage,
    at: DateTime<Utc>,
    context: &PriceContext,
    registry: &UnitRegistry,
) -> Result<CallCost, PricingError> {
    let prices = prices_at(model_ref, at, context)?;
    cost_of_prices(&prices, usage, registry)
}

/// Prices `usage` with an already resolved price set.
pub fn cost_of_prices(
    prices: &ResolvedPrices<'_>,
    usage: &Usage,
    registry: &UnitRegistry,
) -> Result<CallCost, PricingError> {
    // Price keys the registry does not know are skipped, as genai-prices skips them.
    let priced: Vec<(UnitId, &Price)> = prices
        .iter()
        .filter_map(|(key, price)| registry.id_of_price_key(key).map(|id| (id, *price)))
        .collect();
    for (unit, price) in &priced {
        check_price(&registry.units[*unit], price)?;
    }
    check_coverage(&priced, registry)?;

    let counts = leaf_counts(&priced, usage, registry)?;
    let has_tiers = priced
        .iter()
        .any(|(_, price)| matches!(price, Price::Tiered { .. }));
    let total_input = if has_tiers {
        usage.value("input_tokens", registry)?
    } else {
        0
    };

    let mut cost = CallCost::default();
    for ((unit, price), count) in priced.iter().zip(counts) {
        let unit = &registry.units[*unit];
        let amount = unit_cost(price, count, total_input, unit.per)?;
        cost.total = cost
            .total
            .checked_add(amount)
            .ok_or(PricingError::Overflow)?;
        let side = match unit.direction() {
            Some("input") => &mut cost.input,
            Some("output") => &mut cost.output,
            _ => continue,
        };
        *side = side.checked_add(amount).ok_or(PricingError::Overflow)?;
    }
    Ok(cost)
}

fn check_price(unit: &UnitDef, price: &Price) -> Result<(), PricingError> {
    let negative = match price {
        Price::Flat(value) => value.is_sign_negative(),
        Price::Tiered { base, tiers } => {
            base.is_sign_negative() || tiers.iter().any(|tier| tier.price.is_sign_negative())
        }
    };
    if negative {
        return Err(PricingError::NegativePrice(unit.price_key.clone()));
    }
    Ok(())
}

/// Every priced part needs its wholes priced, and every two overlapping priced units need
/// their overlap priced, or the decomposition would count tokens twice or not at all.
fn check_coverage(
    priced: &[(UnitId, &Price)],
    registry: &UnitRegistry,
) -> Result<(), PricingError> {
    let is_priced = |id: UnitId| priced.iter().any(|(unit, _)| *unit == id);
    let name = |id: UnitId| registry.units[id].usage_key.as_str();
    for (unit, _) in priced {
        let mut missing: Vec<&str> = (0..registry.units.len())
            .filter(|&whole| whole != *unit && registry.contains(whole, *unit) && !is_priced(whole))
            .map(name)
            .collect();
        if !missing.is_empty() {
            missing.sort_unstable();
            return Err(PricingError::IncompletePrices(format!(
                "{} is priced without {}",
                name(*unit),
                missing.join(", ")
            )));
        }
    }
    for (index, (first, _)) in priced.iter().enumerate() {
        for (second, _) in &priced[index + 1..] {
            if !registry.compatible(*first, *second) {
                continue;
            }
            match registry.join(*first, *second) {
                Some(join) if is_priced(join) => {}
                _ => {
                    return Err(PricingError::IncompletePrices(format!(
                        "{} and {} overlap without a price for the overlap",
                        name(*first),
                        name(*second)
                    )))
                }
            }
        }
    }
    Ok(())
}

/// How many units each priced unit charges for (in the order of `priced`): its usage minus
/// the parts that are priced on their own, most specific units first, as
/// `genai_prices.decompose` does. Per-request fees count one request.
fn leaf_counts(
    priced: &[(UnitId, &Price)],
    usage: &Usage,
    registry: &UnitRegistry,
) -> Result<Vec<u64>, PricingError> {
    let units = &registry.units;
    let requests = registry.id_of_usage_key("requests");
    let mut order: Vec<usize> = (0..priced.len())
        .filter(|&i| Some(priced[i].0) != requests)
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&units[priced[a].0], &units[priced[b].0]);
        b.dimensions
            .len()
            .cmp(&a.dimensions.len())
            .then_with(|| a.usage_key.cmp(&b.usage_key))
    });

    let mut leaves: Vec<Option<u64>> = vec![None; priced.len()];
    for (done, &i) in order.iter().enumerate() {
        let unit = priced[i].0;
        let whole = usage.value(&units[unit].usage_key, registry)?;
        let parts: Vec<usize> = order[..done]
            .iter()
            .copied()
            .filter(|&j| registry.contains(unit, priced[j].0))
            .collect();
        let parts_total = parts
            .iter()
            .map(|&j| leaves[j].unwrap_or(0))
            .try_fold(0u64, u64::checked_add)
            .ok_or(PricingError::Overflow)?;
        let Some(leaf) = whole.checked_sub(parts_total) else {
            let parts: Vec<&UnitDef> = parts.iter().map(|&j| &units[priced[j].0]).collect();
            return Err(
                part_error(&units[unit], whole, &parts, usage, registry, parts_total).into(),
            );
        };
        leaves[i] = Some(leaf);
    }
    Ok(priced
        .iter()
        .zip(leaves)
        .map(|((unit, _), leaf)| {
            if Some(*unit) == requests {
                1
            } else {
                leaf.unwrap_or(0)
            }
        })
        .collect())
}

fn part_error(
    whole_unit: &UnitDef,
    whole: u64,
    parts: &[&UnitDef],
    usage: &Usage,
    registry: &UnitRegistry,
    parts_total: u64,
) -> UsageError {
    let reported: Vec<(&str, u64)> = parts
        .iter()
        .filter_map(|part| {
            let value = usage.value(&part.usage_key, registry).ok()?;
            (value > 0).then_some((part.usage_key.as_str(), value))
        })
        .collect();
    if let Some((part, part_value)) = reported.iter().find(|(_, value)| *value > whole) {
        return UsageError::PartExceedsWhole {
            part: part.to_string(),
            part_value: *part_value,
            whole: whole_unit.usage_key.clone(),
            whole_value: whole,
        };
    }
    UsageError::PartsExceedWhole {
        parts: reported
            .iter()
            .map(|(key, _)| *key)
            .collect::<Vec<_>>()
            .join(", "),
        parts_total,
        whole: whole_unit.usage_key.clone(),
        whole_value: whole,
    }
}

/// `price × count / per`, with the tier chosen by total input tokens.
fn unit_cost(
    price: &Price,
    count: u64,
    total_input: u64,
    per: u64,
) -> Result<Decimal, PricingError> {
    let rate = match price {
        Price::Flat(rate) => *rate,
        Price::Tiered { base, tiers } => tiers
            .iter()
            .rev()
            .find(|tier| total_input > tier.start)
            .map_or(*base, |tier| tier.price),
    };
    rate.checked_mul(Decimal::from(count))
        .and_then(|amount| amount.checked_div(Decimal::from(per)))
        .ok_or(PricingError::Overflow)
}
