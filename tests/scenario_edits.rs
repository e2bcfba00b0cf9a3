//! The edits the planner's buttons make, as `Scenario` methods: adding and removing a query
//! type, setting an escalation, and the models and providers a scenario calls.

use llm_cost_planner::core::plan::scenario::{
    Escalation, QueryType, Router, Scenario, DEFAULT_ROUTER_MODEL, MAX_QUERY_TYPES, STARTER_MODEL,
};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn with_models(models: &[(&str, Option<&str>)]) -> Scenario {
    let mut scenario = Scenario::starter();
    scenario.query_types = models
        .iter()
        .map(|(model, escalation)| {
            let mut query_type = QueryType::starter();
            query_type.model = model.to_string();
            query_type.escalation = escalation.map(|model| Escalation {
                rate_pct: d("5"),
                model: model.to_string(),
            });
            query_type
        })
        .collect();
    scenario
}

#[test]
fn an_added_query_type_takes_no_traffic_and_the_last_types_model() {
    let mut scenario = with_models(&[("openai/gpt-5", None), ("anthropic/claude-haiku-4-5", None)]);
    assert!(scenario.add_query_type());
    assert_eq!(scenario.query_types.len(), 3);
    let added = &scenario.query_types[2];
    assert_eq!(added.name, "Query type 3");
    assert_eq!(added.share_pct, Decimal::ZERO);
    assert_eq!(added.model, "anthropic/claude-haiku-4-5");
    assert_eq!(added.escalation, None);
    // The shares still total what they did.
    let total: Decimal = scenario.query_types.iter().map(|t| t.share_pct).sum();
    assert_eq!(total, d("200"));
}

#[test]
fn a_query_type_added_to_an_empty_scenario_starts_on_the_starter_model() {
    let mut scenario = Scenario::starter();
    scenario.query_types.clear();
    assert!(scenario.add_query_type());
    assert_eq!(scenario.query_types[0].model, STARTER_MODEL);
    assert_eq!(scenario.query_types[0].name, "Query type 1");
}

#[test]
fn no_query_type_is_added_beyond_the_maximum() {
    let mut scenario = Scenario::starter();
    while scenario.query_types.len() < MAX_QUERY_TYPES {
        assert!(scenario.add_query_type());
    }
    assert!(!scenario.add_query_type());
    assert_eq!(scenario.query_types.len(), MAX_QUERY_TYPES);
}

#[test]
fn the_last_query_type_cannot_be_removed_and_a_gone_index_removes_nothing() {
    let mut scenario = with_models(&[("openai/gpt-5", None), ("openai/gpt-5-mini", None)]);
    assert!(!scenario.remove_query_type(2));
    assert!(scenario.remove_query_type(0));
    assert_eq!(scenario.query_types.len(), 1);
    assert_eq!(scenario.query_types[0].model, "openai/gpt-5-mini");
    assert!(!scenario.remove_query_type(0));
    assert_eq!(scenario.query_types.len(), 1);
}

#[test]
fn an_escalation_keeps_its_model_when_its_rate_changes_and_its_rate_when_its_model_does() {
    let mut query_type = QueryType::starter();
    query_type.set_escalation(Some(d("5")), None);
    assert_eq!(
        query_type.escalation,
        Some(Escalation {
            rate_pct: d("5"),
            model: String::new()
        })
    );
    query_type.set_escalation(None, Some("  openai/gpt-5 "));
    assert_eq!(
        query_type.escalation,
        Some(Escalation {
            rate_pct: d("5"),
            model: "openai/gpt-5".into()
        })
    );
    query_type.set_escalation(Some(d("0")), None);
    assert_eq!(
        query_type.escalation,
        Some(Escalation {
            rate_pct: Decimal::ZERO,
            model: "openai/gpt-5".into()
        })
    );
}

#[test]
fn an_escalation_with_no_rate_and_no_model_is_no_escalation() {
    let mut query_type = QueryType::starter();
    query_type.set_escalation(Some(d("10")), Some("openai/gpt-5"));
    query_type.set_escalation(Some(Decimal::ZERO), Some("   "));
    assert_eq!(query_type.escalation, None);
    query_type.set_escalation(Some(Decimal::ZERO), None);
    assert_eq!(query_type.escalation, None);
}

#[test]
fn the_models_used_are_first_calls_and_escalations_once_each_in_order() {
    let scenario = with_models(&[
        ("openai/gpt-5-mini", Some("openai/gpt-5")),
        ("anthropic/claude-haiku-4-5", Some("openai/gpt-5")),
        ("gpt-5", None),
        ("openai/gpt-5-mini", None),
    ]);
    assert_eq!(
        scenario.models_used(),
        [
            "anthropic/claude-haiku-4-5",
            "openai/gpt-5",
            "openai/gpt-5-mini"
        ]
    );
    assert_eq!(scenario.providers_used(), ["anthropic", "openai"]);
}

#[test]
fn a_router_call_starts_on_a_small_model_with_a_short_answer() {
    assert_eq!(
        Router::default_model_call(),
        Router::Model {
            model: DEFAULT_ROUTER_MODEL.into(),
            input_tokens: 300,
            output_tokens: 5,
        }
    );
    assert_eq!(DEFAULT_ROUTER_MODEL, "openai/gpt-5.4-nano");
}
