//! Numbers a person types: checked and explained, never trusted.

use rust_decimal::Decimal;

use crate::core::format::group_thousands;

/// The largest token count accepted for one query: far above any context window, far
/// below anything that could overflow a cost.
pub const MAX_TOKENS_PER_QUERY: u64 = 1_000_000_000_000;

/// The default reply length when nobody has typed one: a few paragraphs.
pub const DEFAULT_OUTPUT_TOKENS: u64 = 500;

/// Why a typed token count was refused. The message is written for the person typing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenFieldError {
    #[error("{0} is not a number")]
    NotANumber(String),
    #[error("a token count cannot be negative (got {0})")]
    Negative(String),
    #[error("a token count is a whole number (got {0})")]
    Fractional(String),
    #[error("{0} tokens is more than the {max} a query can hold", max = group_thousands(MAX_TOKENS_PER_QUERY))]
    TooLarge(String),
}

/// Parses a token count typed by hand. An empty field is `Ok(None)`: not set.
///
/// ```
/// use llm_cost_planner::core::input::parse_token_count;
/// assert_eq!(parse_token_count(" 1200 "), Ok(Some(1200)));
/// assert_eq!(parse_token_count(""), Ok(None));
/// assert!(parse_token_count("1e30").is_err());
/// ```
pub fn parse_token_count(text: &str) -> Result<Option<u64>, TokenFieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '_' | ',' | ' '))
        .collect();
    if !cleaned.is_empty() && cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return match cleaned.parse::<u64>() {
            Ok(count) if count <= MAX_TOKENS_PER_QUERY => Ok(Some(count)),
            _ => Err(TokenFieldError::TooLarge(text.to_string())),
        };
    }
    // Not a plain integer: say precisely what is wrong with it.
    let number = Decimal::from_str_exact(&cleaned)
        .or_else(|_| Decimal::from_scientific(&cleaned.to_lowercase()))
        .ok();
    let is_numeric_but_huge = number.is_none() && looks_numeric(&cleaned);
    match number {
        Some(value) if value.is_sign_negative() && !value.is_zero() => {
            Err(TokenFieldError::Negative(text.to_string()))
        }
        Some(value) if value > Decimal::from(MAX_TOKENS_PER_QUERY) => {
            Err(TokenFieldError::TooLarge(text.to_string()))
        }
        Some(value) if value.fract().is_zero() => Ok(Some(value.trunc().try_into().unwrap_or(0))),
        Some(_) => Err(TokenFieldError::Fractional(text.to_string())),
        None if is_numeric_but_huge && cleaned.starts_with('-') => {
            Err(TokenFieldError::Negative(text.to_string()))
        }
        None if is_numeric_but_huge => Err(TokenFieldError::TooLarge(text.to_string())),
        None => Err(TokenFieldError::NotANumber(text.to_string())),
    }
}

/// A number in scientific or decimal notation, too large for `Decimal` (`1e30`).
fn looks_numeric(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().filter(|c| *c == '.').count() <= 1
        && mantissa.chars().any(|c| c.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_grouped_counts_are_accepted() {
        assert_eq!(parse_token_count("100000"), Ok(Some(100_000)));
        assert_eq!(parse_token_count("100,000"), Ok(Some(100_000)));
        assert_eq!(parse_token_count("0"), Ok(Some(0)));
        assert_eq!(parse_token_count("2e3"), Ok(Some(2000)));
    }

    #[test]
    fn each_kind_of_bad_count_gets_its_own_reason() {
        assert!(matches!(
            parse_token_count("-5"),
            Err(TokenFieldError::Negative(_))
        ));
        assert!(matches!(
            parse_token_count("1.5"),
            Err(TokenFieldError::Fractional(_))
        ));
        assert!(matches!(
            parse_token_count("1e30"),
            Err(TokenFieldError::TooLarge(_))
        ));
        assert!(matches!(
            parse_token_count("1e300"),
            Err(TokenFieldError::TooLarge(_))
        ));
        assert!(matches!(
            parse_token_count("-1e300"),
            Err(TokenFieldError::Negative(_))
        ));
        assert!(matches!(
            parse_token_count("99999999999999999999999"),
            Err(TokenFieldError::TooLarge(_))
        ));
        assert!(matches!(
            parse_token_count("abc"),
            Err(TokenFieldError::NotANumber(_))
        ));
        assert!(matches!(
            parse_token_count("1e"),
            Err(TokenFieldError::NotANumber(_))
        ));
    }
}
