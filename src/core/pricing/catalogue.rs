//! The price catalogue: providers, their models, match rules and dated prices.
//!
//! The data is generated from genai-prices by `pricing/convert.py` and embedded at build
//! time, minified (`build.rs`). Lookups follow
//! `genai_prices.data_snapshot.DataSnapshot.find_provider_model`, so a dated id or an alias
//! resolves to the model genai-prices would pick.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::core::pricing::matching::Clause;
use crate::core::pricing::units::UnitRegistry;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/provider_files.rs"));
}

// `pricing/units.json` and `pricing/catalogue.json`, minified by build.rs.
const UNITS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/units.json"));
const INDEX_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.json"));

/// Where the catalogue comes from and how recent it is.
#[derive(Debug, Deserialize)]
pub struct CatalogueSource {
    /// `genai-prices`.
    pub source: String,
    /// The pinned package version the files were converted from.
    pub version: String,
    /// The newest date on which a price in the catalogue changed.
    pub prices_as_of: NaiveDate,
}

/// An inference provider and the models it prices.
#[derive(Debug, Deserialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub pricing_urls: Option<Vec<String>>,
    #[serde(default)]
    pub price_comments: Option<String>,
    #[serde(default)]
    pub model_match: Option<Clause>,
    #[serde(default)]
    pub provider_match: Option<Clause>,
    /// Providers whose models this one also serves (Bedrock serves Claude, ...).
    #[serde(default)]
    pub fallback_model_providers: Option<Vec<String>>,
    pub models: Vec<Model>,
}

/// A model, with its match rule and its prices over time.
#[derive(Debug, Deserialize)]
pub struct Model {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub context_window: Option<u64>,
    #[serde(default)]
    pub deprecated: Option<bool>,
    #[serde(default)]
    pub price_comments: Option<String>,
    #[serde(rename = "match")]
    pub match_rule: Clause,
    /// The first entry is the default; the last one whose constraint holds wins.
    pub prices: Vec<ConditionalPrice>,
    /// Request-specific overrides (batch, service tiers), resolved per price key.
    #[serde(default)]
    pub price_variants: Vec<PriceVariant>,
}

impl Model {
    /// The name a person reads: the catalogue's name, or the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// Prices that apply from a date on, or during a daily window.
#[derive(Debug, Deserialize)]
pub struct ConditionalPrice {
    #[serde(default)]
    pub constraint: Option<Constraint>,
    pub prices: PriceSet,
}

/// Prices that replace the standard ones when the request context matches `when`.
#[derive(Debug, Deserialize)]
pub struct PriceVariant {
    pub when: BTreeMap<String, String>,
    #[serde(default)]
    pub constraint: Option<Constraint>,
    pub prices: PriceSet,
}

impl PriceVariant {
    /// Whether this variant is in force at `at` and every `when` key matches the context
    /// exactly (case-sensitive, as genai-prices compares).
    pub fn applies(&self, at: DateTime<Utc>, context: &BTreeMap<String, String>) -> bool {
        self.constraint.as_ref().is_none_or(|c| c.is_active(at))
            && self
                .when
                .iter()
                .all(|(key, value)| context.get(key) == Some(value))
    }
}

/// Price key (`input_mtok`, `cache_read_mtok`, `requests_kcount`, ...) to price in USD.
pub type PriceSet = BTreeMap<String, Price>;

/// A price in USD per `per` units of its unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Price {
    Flat(Decimal),
    /// A cliff: once total input tokens pass a tier's start, that tier's price applies
    /// to every unit, not only to those above the threshold.
    Tiered {
        base: Decimal,
        tiers: Vec<Tier>,
    },
}

impl Price {
    /// The price before any long-context tier.
    pub fn base(&self) -> Decimal {
        match self {
            Price::Flat(price) => *price,
            Price::Tiered { base, .. } => *base,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tier {
    pub start: u64,
    pub price: Decimal,
}

/// When a price applies. Times are UTC.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Constraint {
    StartDate {
        start_date: NaiveDate,
    },
    TimeOfDay {
        start_time: NaiveTime,
        end_time: NaiveTime,
    },
}

impl Constraint {
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        match self {
            Constraint::StartDate { start_date } => at.date_naive() >= *start_date,
            Constraint::TimeOfDay {
                start_time,
                end_time,
            } => {
                let time = at.time();
                if end_time < start_time {
                    time >= *start_time || time < *end_time
                } else {
                    *start_time <= time && time < *end_time
                }
            }
        }
    }
}

/// Every provider and model, plus the unit registry prices refer to.
#[derive(Debug)]
pub struct Catalogue {
    pub source: CatalogueSource,
    pub units: UnitRegistry,
    pub providers: Vec<Provider>,
}

/// A model as found for a provider: `model` may belong to another provider that `provider`
/// falls back to (Bedrock pricing a Claude model from Anthropic's list, for one).
#[derive(Debug, Clone, Copy)]
pub struct ModelRef<'a> {
    pub provider: &'a Provider,
    pub model: &'a Model,
    /// True when the model came from a fallback provider's list.
    pub via_fallback: bool,
}

impl ModelRef<'_> {
    /// `<provider_id>/<model_id>`, the id the page and the test hooks use.
    pub fn id(&self) -> String {
        format!("{}/{}", self.provider.id, self.model.id)
    }
}

/// Why a catalogue lookup failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No provider has this id (nor matches it).
    #[error("unknown provider {0:?}")]
    UnknownProvider(String),
    /// No provider's match rule recognises this model name.
    #[error("no provider in the catalogue recognises the model {0:?}")]
    NoProviderForModel(String),
    /// The provider exists but has no model matching the name.
    #[error("unknown model {model:?} for provider {provider:?}")]
    UnknownModel { provider: String, model: String },
}

/// Why the embedded catalogue could not be read (only a broken build gets here).
#[derive(Debug, thiserror::Error)]
#[error("the embedded price catalogue is malformed ({file}): {source}")]
pub struct CatalogueError {
    file: String,
    source: serde_json::Error,
}

impl Catalogue {
    /// The catalogue embedded at build time, parsed once.
    pub fn embedded() -> Result<&'static Catalogue, &'static CatalogueError> {
        static CATALOGUE: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();
        CATALOGUE.get_or_init(Self::parse_embedded).as_ref()
    }

    fn parse_embedded() -> Result<Catalogue, CatalogueError> {
        let parse_error = |file: &str| {
            let file = file.to_string();
            move |source| CatalogueError { file, source }
        };
        let source = serde_json::from_str(INDEX_JSON).map_err(parse_error("catalogue.json"))?;
        let units = serde_json::from_str(UNITS_JSON).map_err(parse_error("units.json"))?;
        let providers = embedded::PROVIDER_FILES
            .iter()
            .map(|(id, json)| serde_json::from_str(json).map_err(parse_error(id)))
            .collect::<Result<_, _>>()?;
        Ok(Catalogue {
            source,
            units,
            providers,
        })
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|provider| provider.id == id)
    }

    /// Every model under every provider, in catalogue order.
    pub fn models(&self) -> impl Iterator<Item = ModelRef<'_>> {
        self.providers.iter().flat_map(|provider| {
            provider.models.iter().map(move |model| ModelRef {
                provider,
                model,
                via_fallback: false,
            })
        })
    }

    /// Resolves any name genai-prices resolves: dated ids, aliases, upper case, compact
    /// dates (`gpt-5.2-20251211`), `litellm` with a `provider/model` name, and a missing
    /// provider (found from the model name).
    pub fn find(
        &self,
        provider_id: Option<&str>,
        model_name: &str,
    ) -> Result<ModelRef<'_>, LookupError> {
        let mut model_name = model_name.to_lowercase();
        let mut provider_id = provider_id.map(str::to_string);

        if provider_id
            .as_deref()
            .is_some_and(|id| id.eq_ignore_ascii_case("litellm"))
        {
            if let Some((prefix, rest)) = model_name.split_once('/') {
                if !prefix.is_empty() && self.provider_by_id_or_match(prefix).is_some() {
                    provider_id = Some(prefix.to_string());
                    model_name = rest.to_string();
                }
            }
        }

        let provider = match provider_id.as_deref() {
            Some(id) => match self.provider_by_id_or_match(id) {
                Some(provider) => provider,
                None if id.eq_ignore_ascii_case("litellm") => {
                    self.provider_for_model(&model_name)?
                }
                None => return Err(LookupError::UnknownProvider(id.to_string())),
            },
            None => self.provider_for_model(&model_name)?,
        };

        self.find_model(provider, &model_name)
            .or_else(|| {
                let normalized = normalize_compact_date(&model_name);
                (normalized != model_name)
                    .then(|| self.find_model(provider, &normalized))
                    .flatten()
            })
            .ok_or_else(|| LookupError::UnknownModel {
                provider: provider.id.clone(),
                model: model_name,
            })
    }

    fn provider_by_id_or_match(&self, id: &str) -> Option<&Provider> {
        let id = id.trim().to_lowercase();
        self.providers
            .iter()
            .find(|provider| provider.id == id)
            .or_else(|| {
                self.providers.iter().find(|provider| {
                    provider
                        .provider_match
                        .as_ref()
                        .is_some_and(|rule| rule.is_match(&id))
                })
            })
    }

    fn provider_for_model(&self, model_name: &str) -> Result<&Provider, LookupError> {
        self.providers
            .iter()
            .find(|provider| {
                provider
                    .model_match
                    .as_ref()
                    .is_some_and(|rule| rule.is_match(model_name))
            })
            .ok_or_else(|| LookupError::NoProviderForModel(model_name.to_string()))
    }

    fn find_model<'a>(&'a self, provider: &'a Provider, model_name: &str) -> Option<ModelRef<'a>> {
        let own = provider
            .models
            .iter()
            .find(|model| model.match_rule.is_match(model_name));
        if let Some(model) = own {
            return Some(ModelRef {
                provider,
                model,
                via_fallback: false,
            });
        }
        // One step of fallback only, as genai-prices does.
        provider
            .fallback_model_providers
            .iter()
            .flatten()
            .find_map(|fallback_id| {
                let fallback = self.provider(fallback_id)?;
                let model = fallback
                    .models
                    .iter()
                    .find(|model| model.match_rule.is_match(model_name))?;
                Some(ModelRef {
                    provider,
                    model,
                    via_fallback: true,
                })
            })
    }
}

/// Rewrites a compact date suffix (`-20251211`) to the dashed form (`-2025-12-11`), only
/// where it is a real calendar date, like genai-prices' `_normalize_compact_dated_ref`.
fn normalize_compact_date(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = String::with_capacity(name.len() + 2);
    let mut index = 0;
    while index < bytes.len() {
        if let Some(date) = compact_date_at(bytes, index) {
            out.push_str(&format!("-{}", date.format("%Y-%m-%d")));
            index += 9;
        } else {
            // Copy one whole UTF-8 character.
            let ch = name[index..].chars().next().unwrap_or_default();
            out.push(ch);
            index += ch.len_utf8().max(1);
        }
    }
    out
}

/// A `-20YYMMDD` at `index`, followed by `-`, `:` or the end, that is a valid date.
fn compact_date_at(bytes: &[u8], index: usize) -> Option<NaiveDate> {
    let candidate = bytes.get(index..index + 9)?;
    let followed_ok = matches!(bytes.get(index + 9), None | Some(b'-') | Some(b':'));
    if candidate[0] != b'-' || &candidate[1..3] != b"20" || !followed_ok {
        return None;
    }
    if !candidate[1..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digits = std::str::from_utf8(&candidate[1..]).ok()?;
    let (year, month, day) = (
        digits[..4].parse().ok()?,
        digits[4..6].parse().ok()?,
        digits[6..].parse().ok()?,
    );
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_dates_become_dashed_only_when_real() {
        assert_eq!(
            normalize_compact_date("gpt-5.2-20251211"),
            "gpt-5.2-2025-12-11"
        );
        assert_eq!(normalize_compact_date("model-20251311"), "model-20251311");
        assert_eq!(normalize_compact_date("a-20240229-b"), "a-2024-02-29-b");
        assert_eq!(normalize_compact_date("a-202402291"), "a-202402291");
    }

    #[test]
    fn time_windows_that_cross_midnight_wrap() {
        let window = Constraint::TimeOfDay {
            start_time: NaiveTime::from_hms_opt(16, 30, 0).unwrap(),
            end_time: NaiveTime::from_hms_opt(0, 30, 0).unwrap(),
        };
        let at = |h, m| {
            DateTime::parse_from_rfc3339(&format!("2026-01-01T{h:02}:{m:02}:00Z"))
                .unwrap()
                .to_utc()
        };
        assert!(window.is_active(at(23, 0)));
        assert!(window.is_active(at(16, 30)));
        assert!(!window.is_active(at(0, 30)));
        assert!(!window.is_active(at(12, 0)));
    }
}
