//! The cost engine against genai-prices itself: every case in `tests/vectors/prices.jsonl`
//! was priced by the pinned package's `calc_price` (tests/oracle/price_cases.py), and
//! `scripts/test` proves the file is what the package produces today.

use std::str::FromStr;

use std::time::SystemTime;

use chrono::Utc;
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::pricing::price_request::{price_request, PriceRequest};
use rust_decimal::Decimal;
use serde_json::Value;

const VECTORS: &str = include_str!("vectors/prices.jsonl");

fn same_amount(ours: &str, theirs: &Value) -> bool {
    let theirs = theirs.as_str().and_then(|s| Decimal::from_str(s).ok());
    Decimal::from_str(ours).ok() == theirs && theirs.is_some()
}

#[test]
fn every_vector_prices_exactly_as_genai_prices_does() {
    let catalogue = Catalogue::embedded().expect("embedded catalogue parses");
    let mut failures = Vec::new();
    let mut cases = 0;
    let now: chrono::DateTime<Utc> = SystemTime::now().into();
    for line in VECTORS.lines().filter(|line| !line.trim().is_empty()) {
        cases += 1;
        let case: Value = serde_json::from_str(line).expect("vector lines are JSON");
        let request: PriceRequest =
            serde_json::from_value(case["input"].clone()).expect("vector input parses");
        let expected = &case["expected"];
        let name = case["case"].as_str().unwrap_or("?");
        match (
            price_request(catalogue, &request, now),
            expected.get("error"),
        ) {
            (Ok(ours), None) => {
                let agrees = same_amount(&ours.total_usd, &expected["total_usd"])
                    && same_amount(&ours.input_usd, &expected["input_usd"])
                    && same_amount(&ours.output_usd, &expected["output_usd"])
                    && ours.provider == expected["provider"]
                    && ours.model == expected["model"];
                if !agrees {
                    failures.push(format!("{name}: ours {ours:?}, genai-prices {expected}"));
                }
            }
            (Err(_), Some(_)) => {}
            (Ok(ours), Some(error)) => {
                failures.push(format!("{name}: ours {ours:?}, genai-prices error {error}"))
            }
            (Err(ours), None) => failures.push(format!(
                "{name}: ours error {ours:?}, genai-prices {expected}"
            )),
        }
    }
    assert!(
        cases >= 300,
        "expected several hundred vectors, found {cases}"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
