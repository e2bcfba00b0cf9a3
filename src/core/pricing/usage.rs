//! What one call uses: token counts keyed by genai-prices' usage keys.

use std::collections::BTreeMap;

use crate::core::pricing::units::UnitRegistry;

/// Usage of one model call. `input_tokens` is the whole prompt, cached tokens included;
/// `cache_write_tokens` counts every cache write, of which `cache_write_1h_tokens` were
/// written with the one-hour TTL (genai-prices' conventions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    reported: BTreeMap<String, u64>,
}

/// Why a usage cannot be priced as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// A part is larger than the whole it belongs to (cache reads above input tokens).
    #[error("{part} ({part_value}) cannot exceed {whole} ({whole_value})")]
    PartExceedsWhole {
        part: String,
        part_value: u64,
        whole: String,
        whole_value: u64,
    },
    /// Several parts together are larger than their whole.
    #[error("{parts} add up to {parts_total}, more than {whole} ({whole_value})")]
    PartsExceedWhole {
        parts: String,
        parts_total: u64,
        whole: String,
        whole_value: u64,
    },
    /// A model prices a total that the usage only gives parts of.
    #[error("the model prices {whole}, but only its parts {parts} were given")]
    MissingWhole { whole: String, parts: String },
}

impl Usage {
    /// The usage of the common case: a prompt and a reply, with optional prompt caching.
    pub fn tokens(input: u64, output: u64) -> Self {
        Usage::default()
            .with("input_tokens", input)
            .with("output_tokens", output)
    }

    /// Sets one usage key (`cache_read_tokens`, ...).
    pub fn with(mut self, usage_key: &str, count: u64) -> Self {
        self.reported.insert(usage_key.to_string(), count);
        self
    }

    pub fn reported(&self, usage_key: &str) -> Option<u64> {
        self.reported.get(usage_key).copied()
    }

    /// The count for a key, inferring 0 for keys not reported, unless reported parts of it
    /// make a silent 0 wrong (as `genai_prices.Usage._infer_missing_value` refuses to).
    pub fn value(&self, usage_key: &str, registry: &UnitRegistry) -> Result<u64, UsageError> {
        if let Some(count) = self.reported(usage_key) {
            return Ok(count);
        }
        let Some(requested) = registry.by_usage_key(usage_key) else {
            return Ok(0);
        };
        let reported_units: Vec<_> = self
            .reported
            .iter()
            .filter(|(_, count)| **count > 0)
            .filter_map(|(key, _)| registry.by_usage_key(key))
            .collect();

        let mut parts: Vec<&str> = reported_units
            .iter()
            .filter(|unit| unit.usage_key != requested.usage_key && requested.contains(unit))
            .map(|unit| unit.usage_key.as_str())
            .collect();
        if !parts.is_empty() {
            parts.sort_unstable();
            return Err(UsageError::MissingWhole {
                whole: usage_key.to_string(),
                parts: parts.join(", "),
            });
        }

        // Two reported units that overlap exactly in the requested one also need it given.
        let requested_id = registry.id_of_usage_key(usage_key);
        for (index, left) in reported_units.iter().enumerate() {
            for right in &reported_units[index + 1..] {
                if left.contains(right) || right.contains(left) {
                    continue;
                }
                let (Some(a), Some(b)) = (
                    registry.id_of_usage_key(&left.usage_key),
                    registry.id_of_usage_key(&right.usage_key),
                ) else {
                    continue;
                };
                if registry.join(a, b) == requested_id {
                    return Err(UsageError::MissingWhole {
                        whole: usage_key.to_string(),
                        parts: format!("{}, {}", left.usage_key, right.usage_key),
                    });
                }
            }
        }
        Ok(0)
    }
}
