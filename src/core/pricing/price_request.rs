//! One usage priced from a JSON line: the `llm-cost price` format (see
//! `shared/TESTING_HOOKS.md` and the README).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::pricing::catalogue::Catalogue;
use crate::core::pricing::money::plain;
use crate::core::pricing::price::{call_cost, PriceContext};
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

/// Prices one JSON line; the error is a sentence for the person who wrote the line.
pub fn price_line(
    catalogue: &Catalogue,
    line: &str,
    now: DateTime<Utc>,
) -> Result<PriceResponse, String> {
    let request: PriceRequest =
        serde_json::from_str(line).map_err(|error| format!("malformed JSON line: {error}"))?;
    price_request(catalogue, &request, now)
}

pub fn price_request(
    catalogue: &Catalogue,
    request: &PriceRequest,
    now: DateTime<Utc>,
) -> Result<PriceResponse, String> {
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
    let model_ref = catalogue
        .find(request.provider.as_deref(), &request.model)
        .map_err(|error| error.to_string())?;
    let context = request.price_context.clone().unwrap_or_default();
    let cost = call_cost(&model_ref, &usage, at, &context, &catalogue.units)
        .map_err(|error| error.to_string())?;
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
fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, String> {
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
        .map_err(|_| format!("timestamp {text:?} is not RFC 3339 (e.g. 2026-11-22T12:00:00Z)"))
}

fn token_count(key: &str, value: &Value) -> Result<u64, String> {
    match value {
        Value::Null => Ok(0),
        Value::Number(number) => number.as_u64().ok_or_else(|| {
            format!("{key} must be a whole number of tokens, 0 or more (got {number})")
        }),
        other => Err(format!("{key} must be a number (got {other})")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_timestamp;

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
        assert!(parse_timestamp("yesterday").is_err());
    }
}
