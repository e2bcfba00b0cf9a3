//! Money for people: `$0.0013` per query, `$1.30` per 1k queries.
//!
//! Machines get the unrounded decimal (`plain`); people get a rounded, grouped amount.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::core::format::group_thousands;

/// The exact value as a plain string: no exponent, no trailing zeros, no currency sign.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A USD amount rounded for reading. A dollar or more shows cents; less shows two
/// significant digits (at least two decimals), so `$0.0013` does not become `$0.00`.
pub fn usd(value: Decimal) -> String {
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    let value = value.abs();
    if value.is_zero() {
        return "$0".to_string();
    }
    if value >= Decimal::ONE {
        let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let whole = rounded.trunc();
        // The fraction is below 1, so a hundred of it is below 100: no overflow.
        let cents = ((rounded - whole) * Decimal::ONE_HUNDRED).trunc();
        let whole = u64::try_from(whole)
            .map(group_thousands)
            .unwrap_or_else(|_| whole.to_string());
        return format!("{sign}${whole}.{cents:0>2}");
    }
    let rounded = value
        .round_sf_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(value)
        .normalize();
    if rounded.scale() < 2 {
        return format!("{sign}${rounded:.2}");
    }
    format!("{sign}${rounded}")
}

/// A range of USD amounts, with as many significant digits as it takes (up to six) for its
/// ends to read differently: `$0.0169 – $0.0172`, not `$0.017 – $0.017`.
pub fn usd_range(low: Decimal, high: Decimal) -> String {
    if low >= Decimal::ONE || high >= Decimal::ONE || low == high {
        return format!("{} – {}", usd(low), usd(high));
    }
    let round = |value: Decimal, digits: u32| {
        value
            .round_sf_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
            .unwrap_or(value)
            .normalize()
    };
    let digits = (2..=6)
        .find(|&digits| round(low, digits) != round(high, digits))
        .unwrap_or(6);
    format!("${} – ${}", round(low, digits), round(high, digits))
}

/// A price per million tokens, e.g. `$2.50`, `$0.075`.
pub fn per_mtok(value: Decimal) -> String {
    let normalized = value.normalize();
    if normalized.scale() <= 2 {
        format!("${:.2}", normalized)
    } else {
        format!("${normalized}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn amounts_of_a_cent_or_more_show_cents() {
        assert_eq!(usd(d("1.3")), "$1.30");
        assert_eq!(usd(d("1234567.891")), "$1,234,567.89");
        assert_eq!(usd(d("0.015")), "$0.015");
        assert_eq!(usd(d("0.0111")), "$0.011");
        assert_eq!(usd(d("0.5")), "$0.50");
        assert_eq!(usd(d("0.996")), "$1.00");
    }

    #[test]
    fn small_amounts_keep_two_significant_digits() {
        assert_eq!(usd(d("0.0013")), "$0.0013");
        assert_eq!(usd(d("0.00125")), "$0.0013");
        assert_eq!(usd(d("0.000000456")), "$0.00000046");
        assert_eq!(usd(Decimal::ZERO), "$0");
    }

    #[test]
    fn plain_strings_have_no_exponent_or_trailing_zeros() {
        assert_eq!(plain(d("0.1300")), "0.13");
        assert_eq!(plain(d("0.0000001")), "0.0000001");
        assert_eq!(plain(d("300000")), "300000");
    }

    #[test]
    fn per_million_prices_keep_their_digits() {
        assert_eq!(per_mtok(d("2.5")), "$2.50");
        assert_eq!(per_mtok(d("0.075")), "$0.075");
        assert_eq!(per_mtok(d("15")), "$15.00");
    }

    #[test]
    fn a_range_shows_enough_digits_for_its_ends_to_differ() {
        assert_eq!(usd_range(d("0.01691"), d("0.01724")), "$0.0169 – $0.0172");
        assert_eq!(usd_range(d("0.0012"), d("0.0019")), "$0.0012 – $0.0019");
        assert_eq!(usd_range(d("1.5"), d("2.25")), "$1.50 – $2.25");
    }
}
