//! One usage priced from a JSON line: the `llm-cost price` format (see
//! `shared/TESTING_HOOKS.md` and the README).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::pricing::catalogue::{Catalogue, LookupError};
use crate::core::pricing::money::plain;
use crate::core::pricing::price::{call_cost, PriceContext, PricingError};
use crate::core::pricing::usage::Usage;

/// A usage to price. `input_tokens` is the whole prompt, cached tokens included.
#[derive(Debug, Deserialize)]
pub struct PriceRequest {
    #[serde(default)]
    pub provider: Option<String>,
    pub model: String,
    #[serde(default)]
    pub input_tokens: Option<Value>,
    #[serde(default)]
    pub output_tokens: Option<Value>,
    #[serde(default)]
    pub cache_read_tokens: Option<Value>,
    /// Every cache write; `cache_write_1h_tokens` says how many of them had the 1-hour TTL.
    #[serde(default)]
    pub cache_write_tokens: Option<Value>,
    #[serde(default)]
    pub cache_write_1h_tokens: Option<Value>,
    /// RFC 3339; picks historic and time-of-day prices. Default: now.
    #[serde(default)]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub price_context: Option<PriceContext>,
}

/// The priced usage, with the provider and model the names resolved to.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PriceResponse {
    pub total_usd: String,
    pub input_usd: String,
    pub output_usd: String,
    pub provider: String,
    pub model: String,
}

/// Why a usage line could not be priced; each reads as a sentence for the person who wrote
/// the line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceRequestError {
    /// The line is not JSON, or not a usage's shape.
    #[error("malformed JSON line: {0}")]
    Malformed(String),
    /// The timestamp is in no format genai-prices reads.
    #[error("timestamp {0:?} is not RFC 3339 (e.g. 2026-11-22T12:00:00Z)")]
    Timestamp(String),
    /// A token count is a number, but not a whole one of 0 or more.
    #[error("{key} must be a whole number of tokens, 0 or more (got {value})")]
    NotWhole { key: &'static str, value: String },
    /// A token count is not a number at all.
    #[error("{key} must be a number (got {value})")]
    NotANumber { key: &'static str, value: String },
    /// The catalogue has no such model (or the name is ambiguous).
    #[error(transparent)]
    Model(#[from] LookupError),
    /// The model cannot price this usage.
    #[error(transparent)]
    Pricing(#[from] PricingError),
}

/// Prices one JSON line.
pub fn price_line(
    catalogue: &Catalogue,
    line: &str,
    now: DateTime<Utc>,
) -> Result<PriceResponse, PriceRequestError> {
    let request: PriceRequest = serde_json::from_str(line)
        .map_err(|error| PriceRequestError::Malformed(error.to_string()))?;
    price_request(catalogue, &request, now)
}

/// Prices one usage at its timestamp (or `now`).
pub fn price_request(
    catalogue: &Catalogue,
    request: &PriceRequest,
    now: DateTime<Utc>,
) -> Result<PriceResponse, PriceRequestError> {
    let at = match &request.timestamp {
        Some(text) => parse_timestamp(text)?,
        None => now,
    };
    let mut usage = Usage::default();
    let fields = [
        ("input_tokens", &request.input_tokens),
        ("output_tokens", &request.output_tokens),
        ("cache_read_tokens", &request.cache_read_tokens),
        ("cache_write_tokens", &request.cache_write_tokens),
        ("cache_write_1h_tokens", &request.cache_write_1h_tokens),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            usage = usage.with(key, token_count(key, value)?);
        }
    }
    let model_ref = catalogue.find(request.provider.as_deref(), &request.model)?;
    let context = request.price_context.clone().unwrap_or_default();
    let cost = call_cost(&model_ref, &usage, at, &context, &catalogue.units)?;
    Ok(PriceResponse {
        total_usd: plain(cost.total),
        input_usd: plain(cost.input),
        output_usd: plain(cost.output),
        provider: model_ref.provider.id.clone(),
        model: model_ref.model.id.clone(),
    })
}

/// RFC 3339; also, as genai-prices reads them, a timestamp without an offset or a bare
/// date, both taken as UTC.
fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, PriceRequestError> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.to_utc());
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|date| date.and_time(NaiveTime::MIN))
        });
    naive
        .map(|at| at.and_utc())
        .map_err(|_| PriceRequestError::Timestamp(text.to_string()))
}

fn token_count(key: &'static str, value: &Value) -> Result<u64, PriceRequestError> {
    match value {
        Value::Null => Ok(0),
        Value::Number(number) => number.as_u64().ok_or_else(|| PriceRequestError::NotWhole {
            key,
            value: number.to_string(),
        }),
        other => Err(PriceRequestError::NotANumber {
            key,
            value: other.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_timestamp, token_count, PriceRequestError};

    #[test]
    fn timestamps_without_an_offset_are_utc_like_genai_prices_reads_them() {
        let utc = parse_timestamp("2026-11-22T12:00:00Z").unwrap();
        assert_eq!(parse_timestamp("2026-11-22T12:00:00").unwrap(), utc);
        assert_eq!(parse_timestamp("2026-11-22T14:00:00+02:00").unwrap(), utc);
        assert_eq!(parse_timestamp("2026-11-22 12:00:00").unwrap(), utc);
        assert_eq!(
            parse_timestamp("2026-11-22").unwrap().to_rfc3339(),
            "2026-11-22T00:00:00+00:00"
        );
        assert_eq!(
            parse_timestamp("yesterday"),
            Err(PriceRequestError::Timestamp("yesterday".into()))
        );
    }

    #[test]
    fn a_token_count_that_is_not_whole_names_its_field_and_value() {
        let half = serde_json::json!(1.5);
        let error = token_count("input_tokens", &half).expect_err("not whole");
        assert_eq!(
            error.to_string(),
            "input_tokens must be a whole number of tokens, 0 or more (got 1.5)"
        );
        let text = serde_json::json!("ten");
        let error = token_count("output_tokens", &text).expect_err("not a number");
        assert_eq!(
            error,
            PriceRequestError::NotANumber {
                key: "output_tokens",
                value: "\"ten\"".into()
            }
        );
        assert_eq!(
            error.to_string(),
            "output_tokens must be a number (got \"ten\")"
        );
    }
}
