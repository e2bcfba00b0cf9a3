//! The scenario cost model against an independent oracle: every case in
//! `tests/vectors/scenario_cases.json` was priced by `tests/oracle/scenario_cases.py`, which
//! prices each model call with the pinned genai-prices package's `calc_price` and combines the
//! calls with the formula written out in that script, never with our Rust.
//! `.venv-oracle/bin/python tests/oracle/scenario_cases.py --check` proves the file is what
//! the package produces today.

use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use llm_cost_planner::core::plan::mix::{evaluate, MixReport};
use llm_cost_planner::core::plan::scenario::Scenario;
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::tokens::prompt_counts::PromptCounts;
use rust_decimal::Decimal;
use serde_json::Value;

const VECTORS: &str = include_str!("vectors/scenario_cases.json");

/// The levers in waterfall order, as the vectors name them.
const LEVERS: [&str; 5] = [
    "routing",
    "prompt_caching",
    "response_caching",
    "batch_and_tier",
    "negotiated_prices",
];

/// The oracle computes with 60 significant digits, so its costs are exact; `rust_decimal`
/// keeps 28, so a product such as share × miss × batch share × call cost may lose its last
/// digits. Costs per query are around 1e-6 to 1 USD: 1e-18 USD is far below any price
/// difference a catalogue entry or a formula mistake could make, and far above the rounding.
fn cost_tolerance() -> Decimal {
    Decimal::new(1, 18)
}

/// The savings percentage is a quotient, rounded on both sides (24 digits in the oracle, 28
/// here) after the cost rounding above; 1e-12 percentage points is still far below any error.
fn pct_tolerance() -> Decimal {
    Decimal::new(1, 12)
}

/// The instant the vectors were priced at; prices change over time, so not now.
fn priced_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

fn cases() -> Vec<Value> {
    let cases: Value = serde_json::from_str(VECTORS).expect("the vectors are JSON");
    cases
        .as_array()
        .expect("the vectors are a list of cases")
        .clone()
}

fn name(case: &Value) -> &str {
    case["name"].as_str().unwrap_or("?")
}

fn decimal(value: &Value) -> Option<Decimal> {
    value.as_str().and_then(|text| Decimal::from_str(text).ok())
}

fn evaluated(case: &Value) -> Result<MixReport, String> {
    let catalogue = Catalogue::embedded().expect("embedded catalogue parses");
    let scenario = Scenario::from_json(&case["scenario"].to_string())
        .map_err(|error| format!("the scenario does not read: {error}"))?;
    evaluate(&scenario, catalogue, &PromptCounts::default(), priced_at()).map_err(|error| {
        let mut issues: Vec<String> = error
            .issues()
            .iter()
            .map(|issue| format!("{}: {}", issue.field, issue.message))
            .collect();
        if issues.is_empty() {
            issues.push(error.to_string());
        }
        format!("the planner rejects the scenario: {}", issues.join("; "))
    })
}

/// Records a failure when `ours` is further than `tolerance` from the oracle's `theirs`.
fn compare(
    failures: &mut Vec<String>,
    case: &str,
    field: &str,
    ours: Decimal,
    theirs: &Value,
    tolerance: Decimal,
) {
    match decimal(theirs) {
        Some(expected) if (ours - expected).abs() <= tolerance => {}
        Some(expected) => failures.push(format!(
            "{case}: {field}: ours {ours}, oracle {expected} (off by {})",
            ours - expected
        )),
        None => failures.push(format!(
            "{case}: {field}: the oracle's value {theirs} is not a decimal"
        )),
    }
}

fn disagreements(case: &Value) -> Vec<String> {
    let name = name(case);
    let expected = &case["expected"];
    let report = match evaluated(case) {
        Ok(report) => report,
        Err(error) => return vec![format!("{name}: {error}")],
    };
    let mut failures = Vec::new();
    let cost = cost_tolerance();
    compare(
        &mut failures,
        name,
        "mix_cost_per_query",
        report.mix.mid,
        &expected["mix_cost_per_query"],
        cost,
    );
    compare(
        &mut failures,
        name,
        "baseline_cost_per_query",
        report.baseline.mid,
        &expected["baseline_cost_per_query"],
        cost,
    );
    match (report.savings_pct, &expected["savings_pct"]) {
        (None, Value::Null) => {}
        (Some(ours), theirs @ Value::String(_)) => compare(
            &mut failures,
            name,
            "savings_pct",
            ours,
            theirs,
            pct_tolerance(),
        ),
        (ours, theirs) => failures.push(format!(
            "{name}: savings_pct: ours {ours:?}, oracle {theirs}"
        )),
    }
    let per_type = expected["per_type"].as_array().cloned().unwrap_or_default();
    if per_type.len() != report.query_types.len() {
        failures.push(format!(
            "{name}: per_type: ours has {} types, oracle {}",
            report.query_types.len(),
            per_type.len()
        ));
    }
    for (i, (ours, theirs)) in report.query_types.iter().zip(&per_type).enumerate() {
        compare(
            &mut failures,
            name,
            &format!("per_type[{i}] ({})", ours.name),
            ours.cost_per_query.mid,
            theirs,
            cost,
        );
    }
    let levers: Vec<String> = report
        .levers
        .iter()
        .map(|step| {
            serde_json::to_value(step.lever)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    if levers != LEVERS {
        failures.push(format!(
            "{name}: levers: ours in the order {levers:?}, oracle {LEVERS:?}"
        ));
    }
    for (lever, step) in levers.iter().zip(&report.levers) {
        compare(
            &mut failures,
            name,
            &format!("levers.{lever}"),
            step.change,
            &expected["levers"][lever.as_str()],
            cost,
        );
    }
    failures
}

#[test]
fn every_scenario_costs_what_the_independent_oracle_computes() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().flat_map(disagreements).collect();
    assert!(
        failures.is_empty(),
        "{} disagreements over {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_vectors_hold_at_least_fifty_cases_including_every_preset() {
    let cases = cases();
    assert!(
        cases.len() >= 50,
        "expected at least 50 scenario cases, found {}",
        cases.len()
    );
    for preset in ["support-migration", "writing-assistant", "faq-bot"] {
        assert!(
            cases
                .iter()
                .any(|case| name(case) == format!("preset: {preset}")),
            "the vectors have no case for the preset {preset}"
        );
    }
}

#[test]
fn every_lever_changes_the_cost_in_at_least_one_case() {
    let cases = cases();
    for lever in LEVERS {
        let moved = cases
            .iter()
            .filter(|case| {
                decimal(&case["expected"]["levers"][lever]).is_some_and(|change| !change.is_zero())
            })
            .count();
        assert!(
            moved > 0,
            "no case makes the {lever} lever change the cost, so the vectors do not test it"
        );
    }
}
