//! The growth forecast against closed forms written here: a geometric series for the total,
//! a logarithm for the month users pass a count or spend passes the budget.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use llm_cost_planner::core::plan::forecast::{
    forecast, ForecastError, ForecastInputs, GrowthForecast,
};
use llm_cost_planner::core::plan::mix::{evaluate, MixReport};
use llm_cost_planner::core::plan::presets::PRESETS;
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::tokens::prompt_counts::PromptCounts;
use proptest::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn report(preset: usize) -> MixReport {
    let scenario = PRESETS[preset].scenario().expect("parses");
    let now = DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    evaluate(
        &scenario,
        Catalogue::embedded().expect("catalogue"),
        &PromptCounts::default(),
        now,
    )
    .expect("prices")
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .expect("decimal")
}

fn f(value: Decimal) -> f64 {
    value.to_f64().expect("fits f64")
}

fn inputs(users: &str, growth: &str, queries: &str, months: u32) -> ForecastInputs {
    ForecastInputs {
        users_start: d(users),
        growth_pct: d(growth),
        queries_per_user: d(queries),
        horizon_months: months,
        ..ForecastInputs::default()
    }
}

fn run(inputs: &ForecastInputs, report: &MixReport) -> GrowthForecast {
    forecast(inputs, &report.query_costs()).unwrap_or_else(|issues| panic!("refused: {issues:?}"))
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1e-12)
}

#[test]
fn without_growth_every_month_costs_the_same() {
    let report = report(0);
    let growth = run(&inputs("50000", "0", "20", 12), &report);
    let month = report.mix.mid * d("1000000");
    assert!(growth.months.iter().all(|m| m.mix_usd == month));
    assert_eq!(growth.total_usd, month * d("12"));
    assert_eq!(growth.cost_per_user_month, report.mix.mid * d("20"));
}

#[test]
fn the_tiers_of_a_month_add_up_to_its_spend() {
    let report = report(0);
    for month in run(&inputs("12345", "7.5", "33", 24), &report).months {
        let tiers: Decimal = month.tier_usd.iter().sum();
        assert!(
            (tiers - month.mix_usd).abs() < d("0.000000001"),
            "{month:?}"
        );
    }
}

#[test]
fn seasonal_multipliers_scale_their_calendar_months() {
    let report = report(2);
    let mut seasonal = inputs("1000", "0", "10", 14);
    seasonal.start_month = 11;
    let mut factors = vec![Decimal::ONE; 12];
    factors[11] = d("1.5"); // December
    factors[0] = d("0.5"); // January
    seasonal.seasonal = Some(factors);
    let growth = run(&seasonal, &report);
    let plain = report.mix.mid * d("10000");
    assert_eq!(growth.months[0].calendar_month, 11);
    assert_eq!(growth.months[0].mix_usd, plain);
    assert_eq!(growth.months[1].mix_usd, plain * d("1.5"));
    assert_eq!(growth.months[2].mix_usd, plain * d("0.5"));
    assert_eq!(growth.months[13].calendar_month, 12);
}

#[test]
fn absurd_inputs_are_refused_with_a_message_for_each() {
    let report = report(0);
    let absurd = ForecastInputs {
        users_start: Decimal::MAX,
        growth_pct: d("10000"),
        queries_per_user: d("-3"),
        horizon_months: 10_000,
        budget_usd: Some(d("-1")),
        seasonal: Some(vec![Decimal::ONE; 5]),
        start_month: 13,
    };
    let error = forecast(&absurd, &report.query_costs()).expect_err("refused");
    let issues = error.issues();
    for field in [
        "forecast.users_start",
        "forecast.growth_pct",
        "forecast.queries_per_user",
        "forecast.horizon_months",
        "forecast.budget_usd",
        "forecast.seasonal",
        "forecast.start_month",
    ] {
        assert!(
            issues.iter().any(|i| i.field == field),
            "{field}: {issues:?}"
        );
    }
}

#[test]
fn the_largest_allowed_inputs_overflow_into_a_message_not_a_panic() {
    let report = report(1);
    let huge = inputs("10000000000", "1000", "10000000", 60);
    let error = forecast(&huge, &report.query_costs()).expect_err("too large");
    assert_eq!(error, ForecastError::Overflow);
    assert!(error.to_string().contains("too large"), "{error:?}");
}

proptest! {
    #[test]
    fn the_total_is_the_geometric_series_of_the_first_month(
        preset in 0usize..3,
        users in 1u32..2_000_000,
        growth_tenths in -200i32..400,
        queries in 1u32..500,
        months in 1u32..=60,
    ) {
        let report = report(preset);
        let growth_pct = Decimal::new(growth_tenths.into(), 1);
        let inputs = ForecastInputs {
            users_start: users.into(),
            growth_pct,
            queries_per_user: queries.into(),
            horizon_months: months,
            ..ForecastInputs::default()
        };
        let forecast = run(&inputs, &report);
        let r = 1.0 + f(growth_pct) / 100.0;
        let first = f64::from(users) * f64::from(queries) * f(report.mix.mid);
        let n = f64::from(months);
        let expected = if (r - 1.0).abs() < 1e-15 { first * n } else { first * (r.powf(n) - 1.0) / (r - 1.0) };
        prop_assert!(close(f(forecast.total_usd), expected), "{} vs {expected}", forecast.total_usd);
        let baseline_first = f64::from(users) * f64::from(queries) * f(report.baseline.mid);
        let baseline = if (r - 1.0).abs() < 1e-15 { baseline_first * n } else { baseline_first * (r.powf(n) - 1.0) / (r - 1.0) };
        prop_assert!(close(f(forecast.baseline_total_usd), baseline));
        prop_assert_eq!(forecast.months.len(), months as usize);
    }

    #[test]
    fn users_pass_a_milestone_in_the_month_the_logarithm_says(
        users in 1_000u32..90_000,
        growth_pct in 1u32..60,
    ) {
        let report = report(0);
        let forecast = run(&inputs(&users.to_string(), &growth_pct.to_string(), "10", 60), &report);
        let r = 1.0 + f64::from(growth_pct) / 100.0;
        for milestone in &forecast.milestones {
            // Smallest m with users·r^(m−1) ≥ threshold.
            let exact = (milestone.users as f64 / f64::from(users)).ln() / r.ln();
            let expected = exact.ceil() as u32 + 1;
            // Skip the knife-edge where rounding in f64 could decide either way.
            if (exact - exact.round()).abs() < 1e-9 { continue; }
            let expected = (expected <= 60).then_some(expected);
            prop_assert_eq!(milestone.month, expected, "{} users", milestone.users);
        }
    }

    #[test]
    fn the_first_month_over_budget_is_where_spend_first_exceeds_it(
        growth_pct in 1u32..40,
        budget_months in 1u32..50,
    ) {
        let report = report(0);
        let mut inputs = inputs("20000", &growth_pct.to_string(), "30", 60);
        let first = 20_000.0 * 30.0 * f(report.mix.mid);
        let r = 1.0 + f64::from(growth_pct) / 100.0;
        // A budget between month `budget_months` and the next one's spend.
        let budget = first * r.powf(f64::from(budget_months) - 0.5);
        inputs.budget_usd = Some(Decimal::from_f64_retain(budget).expect("fits").round_dp(6));
        let forecast = run(&inputs, &report);
        prop_assert_eq!(forecast.over_budget_month, Some(budget_months + 1));
        // The month itself, with its spend: the first month's times r^(months before it).
        let over = forecast.first_month_over_budget().expect("a month over budget");
        prop_assert_eq!(over.month, budget_months + 1);
        prop_assert!(close(f(over.mix_usd), first * r.powf(f64::from(budget_months))));
    }
}
