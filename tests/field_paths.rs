//! Every problem core files is filed under a path of a known kind that names a field the
//! editor shows for that scenario, so the page can put the message beside it. (Which field
//! shows which path is the page's exhaustive `field_showing`; the editor shows the router's
//! model and token fields only for a model router, its price only for a fixed one.)

use chrono::{DateTime, Utc};
use llm_cost_planner::core::issue::{FieldIssue, FieldPath, ForecastField, RouterField};
use llm_cost_planner::core::plan::forecast::ForecastInputs;
use llm_cost_planner::core::plan::mix::{evaluate, MixError};
use llm_cost_planner::core::plan::scenario::{Router, Scenario};
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::tokens::prompt_counts::PromptCounts;

fn issues(json: &str) -> (Scenario, Vec<FieldIssue>) {
    let scenario = Scenario::from_json(json).expect("the scenario parses");
    let catalogue = Catalogue::embedded().expect("the embedded catalogue loads");
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
        .expect("a valid timestamp")
        .with_timezone(&Utc);
    let mut issues = match evaluate(&scenario, catalogue, &PromptCounts::default(), at) {
        Ok(_) => Vec::new(),
        Err(MixError::Fields(issues)) => issues,
        Err(error) => panic!("refused, but not at a field: {error}"),
    };
    issues.extend(scenario.forecast.check());
    (scenario, issues)
}

/// Whether the editor shows a field for `path` while it edits `scenario`.
fn editor_shows(path: &FieldPath, scenario: &Scenario) -> bool {
    let used = |model: &str| {
        scenario
            .query_types
            .iter()
            .any(|t| t.model == model || t.escalation.as_ref().is_some_and(|e| e.model == model))
    };
    match path {
        FieldPath::QueryType { index, .. } => *index < scenario.query_types.len(),
        FieldPath::Router(RouterField::UsdPer1k) => {
            matches!(scenario.router, Some(Router::Fixed { .. }))
        }
        FieldPath::Router(_) => matches!(scenario.router, Some(Router::Model { .. })),
        FieldPath::Discount(provider) => scenario
            .query_types
            .iter()
            .any(|t| t.model.starts_with(&format!("{provider}/"))),
        FieldPath::CustomPrice { model, .. } => used(model),
        FieldPath::Forecast(ForecastField::SeasonalMonth(month)) => *month < 12,
        _ => true,
    }
}

/// Scenarios that set off every check core makes, each at least once.
const BAD: &[&str] = &[
    // Shares, percentages and token counts out of range; a router over its token limit.
    r#"{"query_types": [
        {"share_pct": "150", "model": "openai/gpt-5", "batch_pct": "-5",
         "shared_prefix_tokens": 2000000000000, "input_tokens": 2000000000000,
         "output_tokens": 2000000000000, "reasoning_tokens": 2000000000000,
         "escalation": {"rate_pct": "120", "model": "openai/gpt-5"}}],
      "router": {"kind": "model", "model": "openai/gpt-5-nano", "input_tokens": 2000000000000,
                 "output_tokens": 2000000000000},
      "response_cache": {"exact_hit_pct": "90", "semantic_hit_pct": "150"},
      "prompt_cache": {"hit_pct": "200"},
      "negotiated": {"discount_pct": {"openai": "150"},
                     "custom_prices": {"openai/gpt-5": {"input_mtok": "-1", "output_mtok": "1"}}},
      "forecast": {"users_start": "-1", "growth_pct": "5000", "queries_per_user": "-1",
                   "horizon_months": 0, "start_month": 13, "budget_usd": "-1",
                   "seasonal": ["1", "1", "-1"]}}"#,
    // No query types at all.
    r#"{"query_types": []}"#,
    // A negative fixed router price.
    r#"{"query_types": [{"share_pct": "100", "model": "openai/gpt-5"}],
      "router": {"kind": "fixed", "usd_per_1k": "-1"}}"#,
    // Models the catalogue does not know, in every place a model is named.
    r#"{"query_types": [{"share_pct": "100", "model": "nobody/nothing", "batch_pct": "10",
         "escalation": {"rate_pct": "5", "model": "nobody/else"}}],
      "router": {"kind": "model", "model": "nobody/router", "input_tokens": 10},
      "response_cache": {"semantic_hit_pct": "10", "embedding_model": "nobody/embed"},
      "baseline_model": "nobody/baseline",
      "negotiated": {"custom_prices": {"nobody/nothing": {"input_mtok": "1", "output_mtok": "1"}}}}"#,
    // A semantic cache without an embedding model.
    r#"{"query_types": [{"share_pct": "100", "model": "openai/gpt-5"}],
      "response_cache": {"semantic_hit_pct": "10"}}"#,
    // A model without a batch price asked to batch, and without cache prices asked to cache.
    r#"{"query_types": [{"share_pct": "100", "model": "openai/gpt-5.3", "batch_pct": "50",
         "shared_prefix_tokens": 1000}],
      "prompt_cache": {"hit_pct": "50", "ttl": "1h"}}"#,
];

#[test]
fn every_problem_is_filed_under_a_known_path_the_editor_shows() {
    let kinds = FieldPath::every_kind();
    let mut seen = 0;
    for json in BAD {
        let (scenario, issues) = issues(json);
        assert!(!issues.is_empty(), "no problem found in {json}");
        for issue in issues {
            let path = &issue.field;
            assert!(
                kinds.iter().any(|kind| kind.same_kind(path)),
                "{path} is of no known kind"
            );
            assert!(
                editor_shows(path, &scenario),
                "{path} ({}) names no field the editor shows",
                issue.message
            );
            seen += 1;
        }
    }
    assert!(seen >= 30, "only {seen} problems found");
}

#[test]
fn a_router_over_its_token_limit_is_filed_under_its_token_fields() {
    let (_, issues) = issues(BAD[0]);
    for field in [RouterField::InputTokens, RouterField::OutputTokens] {
        let path = FieldPath::Router(field);
        assert!(
            issues
                .iter()
                .any(|i| i.field == path && i.message.contains("tokens per call")),
            "{path}: {issues:?}"
        );
    }
    assert!(issues.iter().all(|i| i.field != "router"), "{issues:?}");
}

#[test]
fn a_negative_fixed_router_price_is_filed_under_the_price() {
    let (_, issues) = issues(BAD[2]);
    assert!(
        issues
            .iter()
            .any(|i| i.field == "router.usd_per_1k" && i.message.contains("negative")),
        "{issues:?}"
    );
}

#[test]
fn every_kind_of_path_reads_as_the_scenario_json_names_it() {
    for path in FieldPath::every_kind() {
        let text = path.to_string();
        assert!(
            text.starts_with("query_types")
                || text.starts_with("router.")
                || text.starts_with("response_cache.")
                || text.starts_with("prompt_cache.")
                || text == "baseline_model"
                || text.starts_with("negotiated.")
                || text.starts_with("forecast."),
            "{text}"
        );
    }
    assert!(ForecastInputs::default().check().is_empty());
}
