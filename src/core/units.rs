//! The units prices are quoted in (tokens per million, requests per thousand, ...).
//!
//! Mirrors `genai_prices.units.UnitRegistry`: each unit has dimensions (`family`, `direction`,
//! `modality`, `token_type`, ...), and a unit whose dimensions include another's is a part of
//! it (`cache_read_tokens` is a part of `input_tokens`). That partial order is what lets the
//! cost engine charge cached tokens at their own price and the rest at the input price.

use std::collections::BTreeMap;

use serde::Deserialize;

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

/// All units, in the order genai-prices lists them.
#[derive(Debug, Deserialize)]
pub struct UnitRegistry {
    pub units: Vec<UnitDef>,
}

impl UnitRegistry {
    pub fn by_usage_key(&self, usage_key: &str) -> Option<&UnitDef> {
        self.units.iter().find(|unit| unit.usage_key == usage_key)
    }

    pub fn by_price_key(&self, price_key: &str) -> Option<&UnitDef> {
        self.units.iter().find(|unit| unit.price_key == price_key)
    }

    /// The registered unit whose dimensions are exactly the union of two compatible units'.
    pub fn join(&self, a: &UnitDef, b: &UnitDef) -> Option<&UnitDef> {
        if !a.is_compatible_with(b) {
            return None;
        }
        let mut union = a.dimensions.clone();
        union.extend(b.dimensions.clone());
        self.units.iter().find(|unit| unit.dimensions == union)
    }

    /// Usage keys that a person or log reports (every unit but the implicit `requests`).
    pub fn is_reported_usage_key(&self, usage_key: &str) -> bool {
        usage_key != "requests" && self.by_usage_key(usage_key).is_some()
    }
}
