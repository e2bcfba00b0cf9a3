//! What a screen reader is told once a number a person waits for is final: the prompt's
//! token count, the comparison's first row, the traffic mix's cost per query and the
//! forecast's total. Each is one short sentence; the page puts it in a polite live region
//! once its value has settled, and says nothing when the sentence has not changed
//! ([`Announcements`]).

use rust_decimal::Decimal;

use super::mix::CostRange;
use crate::core::format::group_thousands;
use crate::core::pricing::money::{usd, usd_range};

/// "The prompt is 1,234 tokens with o200k_base." (or "The prompt is empty.")
pub fn prompt_counted(o200k_tokens: u64) -> String {
    match o200k_tokens {
        0 => "The prompt is empty.".to_string(),
        1 => "The prompt is 1 token with o200k_base.".to_string(),
        n => format!(
            "The prompt is {} tokens with o200k_base.",
            group_thousands(n)
        ),
    }
}

/// The first row of the comparison as it is shown: its model's name and cost per query
/// (none when that model cannot price the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRow<'a> {
    pub model: &'a str,
    pub cost_per_query: Option<Decimal>,
}

/// "12 of 300 models shown; first, GPT-5 at $0.0021 per query."
pub fn models_shown(shown: usize, total: usize, first: Option<FirstRow<'_>>) -> String {
    if shown == 0 {
        return format!(
            "No model of {} matches the filter.",
            group_thousands(total as u64)
        );
    }
    let count = format!(
        "{} of {} model{} shown",
        group_thousands(shown as u64),
        group_thousands(total as u64),
        if total == 1 { "" } else { "s" }
    );
    match first {
        Some(FirstRow {
            model,
            cost_per_query: Some(cost),
        }) => format!("{count}; first, {model} at {} per query.", usd(cost)),
        Some(FirstRow { model, .. }) => {
            format!("{count}; first, {model}, which has no price for this query.")
        }
        None => format!("{count}."),
    }
}

/// "$0.0021", or "about $0.0021 (range $0.0019 – $0.0024)" for an estimate.
fn cost_words(cost: CostRange) -> String {
    if cost.is_exact() {
        usd(cost.mid)
    } else {
        format!(
            "about {} (range {})",
            usd(cost.mid),
            usd_range(cost.low, cost.high)
        )
    }
}

/// "Blended cost per query $0.0021, against $0.011 on the baseline: 80.9% saved."
pub fn mix_priced(mix: CostRange, baseline: CostRange, savings_pct: Option<Decimal>) -> String {
    let head = format!(
        "Blended cost per query {}, against {} on the baseline",
        cost_words(mix),
        cost_words(baseline)
    );
    match savings_pct {
        Some(pct) if pct.is_sign_negative() && !pct.is_zero() => {
            format!("{head}: {}% more.", pct.abs().round_dp(1).normalize())
        }
        Some(pct) => format!("{head}: {}% saved.", pct.round_dp(1).normalize()),
        None => format!("{head}."),
    }
}

/// "Forecast: $1,234.56 over 36 months; month 14 is the first over the $20,000 budget."
pub fn forecast_made(
    total_usd: Decimal,
    months: usize,
    budget_usd: Option<Decimal>,
    first_month_over: Option<u32>,
) -> String {
    let head = format!(
        "Forecast: {} over {} month{}",
        usd(total_usd),
        months,
        if months == 1 { "" } else { "s" }
    );
    match (budget_usd, first_month_over) {
        (None, _) => format!("{head}."),
        (Some(budget), None) => format!("{head}, within the {} budget every month.", usd(budget)),
        (Some(budget), Some(month)) => {
            format!(
                "{head}; month {month} is the first over the {} budget.",
                usd(budget)
            )
        }
    }
}

/// Says a sentence only when it differs from the last one said, so a value that settles
/// where it was (a field typed over with the same number) is not read out again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Announcements {
    last: Option<String>,
}

impl Announcements {
    /// The sentence to announce now, if `sentence` is news.
    pub fn next(&mut self, sentence: String) -> Option<String> {
        if self.last.as_deref() == Some(sentence.as_str()) {
            return None;
        }
        self.last = Some(sentence.clone());
        Some(sentence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn exact(value: Decimal) -> CostRange {
        CostRange {
            mid: value,
            low: value,
            high: value,
        }
    }

    #[test]
    fn a_counted_prompt_is_read_with_its_grouped_token_count() {
        assert_eq!(
            prompt_counted(12345),
            "The prompt is 12,345 tokens with o200k_base."
        );
        assert_eq!(prompt_counted(1), "The prompt is 1 token with o200k_base.");
        assert_eq!(prompt_counted(0), "The prompt is empty.");
    }

    #[test]
    fn the_table_is_read_as_how_many_rows_show_and_what_the_first_costs() {
        let first = FirstRow {
            model: "GPT-5",
            cost_per_query: Some(dec("0.00215")),
        };
        assert_eq!(
            models_shown(12, 1300, Some(first)),
            "12 of 1,300 models shown; first, GPT-5 at $0.0022 per query."
        );
        assert_eq!(
            models_shown(0, 300, None),
            "No model of 300 matches the filter."
        );
        let unpriced = FirstRow {
            model: "Embedder",
            cost_per_query: None,
        };
        assert_eq!(
            models_shown(1, 1, Some(unpriced)),
            "1 of 1 model shown; first, Embedder, which has no price for this query."
        );
    }

    #[test]
    fn a_mix_is_read_with_its_cost_the_baselines_and_the_savings_rounded_to_a_tenth() {
        // 1 − 0.0021 / 0.011 = 80.909…%
        assert_eq!(
            mix_priced(
                exact(dec("0.0021")),
                exact(dec("0.011")),
                Some(dec("80.90909"))
            ),
            "Blended cost per query $0.0021, against $0.011 on the baseline: 80.9% saved."
        );
    }

    #[test]
    fn a_mix_dearer_than_its_baseline_says_how_much_more() {
        assert_eq!(
            mix_priced(exact(dec("0.012")), exact(dec("0.01")), Some(dec("-20"))),
            "Blended cost per query $0.012, against $0.01 on the baseline: 20% more."
        );
    }

    #[test]
    fn an_estimated_mix_is_read_as_about_with_its_range() {
        let estimate = CostRange {
            mid: dec("0.002"),
            low: dec("0.0018"),
            high: dec("0.0025"),
        };
        let text = mix_priced(estimate, exact(dec("0.004")), Some(dec("50")));
        assert!(
            text.starts_with("Blended cost per query about $0.002 (range "),
            "{text}"
        );
        assert!(text.ends_with(": 50% saved."), "{text}");
    }

    #[test]
    fn a_forecast_is_read_with_its_total_and_the_first_month_over_budget() {
        assert_eq!(
            forecast_made(dec("1234567.891"), 36, Some(dec("20000")), Some(14)),
            "Forecast: $1,234,567.89 over 36 months; month 14 is the first over the $20,000.00 budget."
        );
        assert_eq!(
            forecast_made(dec("10"), 1, Some(dec("20")), None),
            "Forecast: $10.00 over 1 month, within the $20.00 budget every month."
        );
        assert_eq!(
            forecast_made(dec("10"), 12, None, None),
            "Forecast: $10.00 over 12 months."
        );
    }

    #[test]
    fn a_sentence_is_announced_once_until_it_changes() {
        let mut said = Announcements::default();
        assert_eq!(said.next("a".into()), Some("a".into()));
        assert_eq!(said.next("a".into()), None);
        assert_eq!(said.next("b".into()), Some("b".into()));
        assert_eq!(said.next("a".into()), Some("a".into()));
    }
}
