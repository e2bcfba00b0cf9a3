//! The units prices are quoted in (tokens per million, requests per thousand, ...).
//!
//! Mirrors `genai_prices.units.UnitRegistry`: each unit has dimensions (`family`, `direction`,
//! `modality`, `token_type`, ...), and a unit whose dimensions include another's is a part of
//! it (`cache_read_tokens` is a part of `input_tokens`). That partial order is what lets the
//! cost engine charge cached tokens at their own price and the rest at the input price.
//!
//! The registry is indexed once when loaded (lookups by key, which unit contains which,
//! overlaps), because the page prices every model of the catalogue on each edit.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Deserializer};

/// One unit of usage and the price key that prices it.
#[derive(Debug, Clone, Deserialize)]
pub struct UnitDef {
    pub usage_key: String,
    pub price_key: String,
    /// Prices are quoted per this many units (1,000,000 for tokens).
    pub per: u64,
    pub dimensions: BTreeMap<String, String>,
}

impl UnitDef {
    /// Whether two units can overlap: no dimension has different values in them.
    pub fn is_compatible_with(&self, other: &UnitDef) -> bool {
        self.dimensions
            .iter()
            .all(|(key, value)| other.dimensions.get(key).is_none_or(|v| v == value))
    }

    /// Whether `self` is `other` or contains it (its dimensions are a subset of other's).
    pub fn contains(&self, other: &UnitDef) -> bool {
        self.dimensions
            .iter()
            .all(|(key, value)| other.dimensions.get(key) == Some(value))
    }

    /// `input`, `output`, or `None` for units such as per-request fees.
    pub fn direction(&self) -> Option<&str> {
        self.dimensions.get("direction").map(String::as_str)
    }
}

/// A unit's position in the registry.
pub type UnitId = usize;

/// All units, in the order genai-prices lists them, with their relations precomputed.
#[derive(Debug)]
pub struct UnitRegistry {
    pub units: Vec<UnitDef>,
    by_usage_key: HashMap<String, UnitId>,
    by_price_key: HashMap<String, UnitId>,
    /// `contains[a][b]`: unit `a` is `b` or contains it.
    contains: Vec<Vec<bool>>,
    /// For two compatible units, the registered unit that is exactly their overlap.
    joins: HashMap<(UnitId, UnitId), Option<UnitId>>,
}

impl<'de> Deserialize<'de> for UnitRegistry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Units {
            units: Vec<UnitDef>,
        }
        Ok(UnitRegistry::new(Units::deserialize(deserializer)?.units))
    }
}

impl UnitRegistry {
    pub fn new(units: Vec<UnitDef>) -> Self {
        let index = |key: fn(&UnitDef) -> &String| -> HashMap<String, UnitId> {
            units
                .iter()
                .enumerate()
                .map(|(id, unit)| (key(unit).clone(), id))
                .collect()
        };
        let by_usage_key = index(|unit| &unit.usage_key);
        let by_price_key = index(|unit| &unit.price_key);
        let contains = units
            .iter()
            .map(|a| units.iter().map(|b| a.contains(b)).collect())
            .collect();
        let mut joins = HashMap::new();
        for (a, first) in units.iter().enumerate() {
            for (b, second) in units.iter().enumerate() {
                if first.is_compatible_with(second) {
                    let mut union = first.dimensions.clone();
                    union.extend(second.dimensions.clone());
                    joins.insert(
                        (a, b),
                        units.iter().position(|unit| unit.dimensions == union),
                    );
                }
            }
        }
        UnitRegistry {
            units,
            by_usage_key,
            by_price_key,
            contains,
            joins,
        }
    }

    pub fn id_of_usage_key(&self, usage_key: &str) -> Option<UnitId> {
        self.by_usage_key.get(usage_key).copied()
    }

    pub fn id_of_price_key(&self, price_key: &str) -> Option<UnitId> {
        self.by_price_key.get(price_key).copied()
    }

    pub fn by_usage_key(&self, usage_key: &str) -> Option<&UnitDef> {
        self.id_of_usage_key(usage_key).map(|id| &self.units[id])
    }

    pub fn by_price_key(&self, price_key: &str) -> Option<&UnitDef> {
        self.id_of_price_key(price_key).map(|id| &self.units[id])
    }

    /// Whether unit `a` is `b` or contains it.
    pub fn contains(&self, a: UnitId, b: UnitId) -> bool {
        self.contains[a][b]
    }

    /// Whether two units can overlap at all.
    pub fn compatible(&self, a: UnitId, b: UnitId) -> bool {
        self.joins.contains_key(&(a, b))
    }

    /// The registered unit that is exactly the overlap of two compatible units, if any.
    pub fn join(&self, a: UnitId, b: UnitId) -> Option<UnitId> {
        self.joins.get(&(a, b)).copied().flatten()
    }
}
