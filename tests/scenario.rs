//! The scenario's behaviour: its JSON form, the checks on bad input, and properties of the
//! cost model that hold for any numbers (proptest). The figures themselves are checked
//! against genai-prices in `scenario_oracle.rs`.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use llm_cost_planner::core::issue::FieldIssue;
use llm_cost_planner::core::plan::mix::{evaluate, Lever, MixError, MixReport, FIXED_PRICE_ROUTER};
use llm_cost_planner::core::plan::presets::PRESETS;
use llm_cost_planner::core::plan::scenario::{
    Scenario, ScenarioFileError, TokenSource, MAX_FILE_BYTES, SCENARIO_VERSION,
};
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::pricing::price::{call_cost, PriceContext};
use llm_cost_planner::core::pricing::usage::Usage;
use llm_cost_planner::core::tokens::prompt_counts::PromptCounts;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded().expect("the embedded catalogue loads")
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
        .expect("a valid timestamp")
        .with_timezone(&Utc)
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).expect("the scenario parses")
}

fn price(scenario: &Scenario) -> Result<MixReport, MixError> {
    evaluate(scenario, catalogue(), &PromptCounts::default(), now())
}

fn issues(scenario: &Scenario) -> Vec<FieldIssue> {
    match price(scenario).expect_err("the scenario is refused") {
        MixError::Fields(issues) => issues,
        error => panic!("refused, but not at a field: {error}"),
    }
}

fn one_type(model: &str, extra: &str) -> Scenario {
    scenario(&format!(
        r#"{{"query_types": [{{"name": "All", "share_pct": "100", "model": "{model}",
            "shared_prefix_tokens": 2000, "input_tokens": 300, "output_tokens": 400 {extra}}}]}}"#
    ))
}

/// Cost of one plain call, straight from the cost engine.
fn single_call(model: &str, input: u64, output: u64) -> Decimal {
    let (provider, name) = model.split_once('/').expect("provider/model");
    let model_ref = catalogue()
        .find(Some(provider), name)
        .expect("the model exists");
    call_cost(
        &model_ref,
        &Usage::tokens(input, output),
        now(),
        &PriceContext::new(),
        &catalogue().units,
    )
    .expect("the call prices")
    .total
}

#[test]
fn every_preset_reads_and_prices() {
    for preset in PRESETS {
        let scenario = preset.scenario().expect("the preset parses");
        let report = price(&scenario).unwrap_or_else(|issues| {
            panic!("preset {} is refused: {issues:?}", preset.id);
        });
        assert!(
            report.mix.mid < report.baseline.mid,
            "preset {} saves nothing",
            preset.id
        );
    }
}

#[test]
fn the_support_migration_preset_is_the_70_20_10_case() {
    let scenario = PRESETS[0].scenario().expect("parses");
    let shares: Vec<String> = scenario
        .query_types
        .iter()
        .map(|t| t.share_pct.to_string())
        .collect();
    assert_eq!(shares, ["70", "20", "10"]);
}

#[test]
fn a_scenario_survives_its_own_json() {
    for preset in PRESETS {
        let scenario = preset.scenario().expect("parses");
        let json = scenario.to_json().expect("the scenario writes");
        assert_eq!(Scenario::from_json(&json), Ok(scenario));
    }
}

#[test]
fn omitted_fields_take_their_defaults() {
    let scenario =
        scenario(r#"{"query_types": [{"share_pct": 100, "model": "openai/gpt-5.4-mini"}]}"#);
    assert_eq!(scenario.version, SCENARIO_VERSION);
    let query_type = &scenario.query_types[0];
    assert_eq!(query_type.output_tokens, 500);
    assert_eq!(query_type.input_tokens, TokenSource::None);
    assert_eq!(scenario.baseline_model(), "openai/gpt-5.4-mini");
    assert!(scenario.router.is_none());
}

#[test]
fn a_newer_scenario_file_says_so_instead_of_failing_on_its_fields() {
    let error = Scenario::from_json(r#"{"version": 7, "query_types": [], "teleport": true}"#);
    assert_eq!(error, Err(ScenarioFileError::FutureVersion { found: 7 }));
    assert!(error.unwrap_err().to_string().contains("newer"));
}

#[test]
fn a_malformed_file_is_refused_with_where_it_broke() {
    for text in [
        "",
        "{",
        "[1, 2]",
        r#"{"query_types": "lots"}"#,
        r#"{"query_types": [{"share_pct": "ten", "model": "x/y"}]}"#,
        r#"{"query_types": [], "surprise": 1}"#,
        r#"{"query_types": [{"share_pct": 100, "model": "x/y", "input_tokens": -5}]}"#,
        r#"{"query_types": [], "prompt_cache": {"ttl": "2 days"}}"#,
        r#"{"query_types": [], "version": 0}"#,
    ] {
        let error = Scenario::from_json(text).expect_err(text);
        assert!(!error.to_string().is_empty(), "{text}");
    }
}

#[test]
fn shares_that_do_not_total_100_are_refused_with_the_difference() {
    let mut scenario = PRESETS[0].scenario().expect("parses");
    scenario.query_types[0].share_pct = d("60");
    let issues = issues(&scenario);
    let total = issues
        .iter()
        .find(|issue| issue.field == "query_types")
        .expect("an issue about the shares");
    assert!(total.message.contains("90%"), "{}", total.message);
    assert!(total.message.contains("add 10%"), "{}", total.message);
}

#[test]
fn a_hit_rate_outside_0_to_100_is_refused_at_its_field() {
    for (value, word) in [("150", "above"), ("-1", "below")] {
        let mut scenario = PRESETS[2].scenario().expect("parses");
        scenario.response_cache.semantic_hit_pct = d(value);
        let issues = issues(&scenario);
        assert!(
            issues
                .iter()
                .any(|issue| issue.field == "response_cache.semantic_hit_pct"
                    && issue.message.contains(word)),
            "{issues:?}"
        );
    }
}

#[test]
fn a_model_without_a_batch_price_cannot_take_batch_traffic() {
    // gpt-5.3 has no price variants at all in the catalogue.
    let scenario = one_type("openai/gpt-5.3", r#", "batch_pct": "50""#);
    let issues = issues(&scenario);
    assert!(
        issues
            .iter()
            .any(|issue| issue.field == "query_types[0].batch_pct"
                && issue.message.contains("no batch price")),
        "{issues:?}"
    );
}

#[test]
fn a_model_without_a_cache_price_cannot_use_the_prompt_cache() {
    // o1-pro is priced for input and output only.
    let mut scenario = one_type("openai/gpt-5.4-pro", "");
    scenario.prompt_cache.hit_pct = d("50");
    let issues = issues(&scenario);
    assert!(
        issues
            .iter()
            .any(|issue| issue.field == "prompt_cache.hit_pct"
                && issue.message.contains("no prompt-cache price")),
        "{issues:?}"
    );
}

#[test]
fn an_unknown_model_is_named_at_its_field() {
    let scenario = one_type("openai/gpt-99-turbo", "");
    let issues = issues(&scenario);
    assert!(
        issues
            .iter()
            .any(|issue| issue.field == "query_types[0].model"
                && issue.message.contains("gpt-99-turbo")),
        "{issues:?}"
    );
}

#[test]
fn a_model_not_priced_per_token_cannot_answer_queries() {
    let scenario = one_type("openai/text-embedding-3-small", "");
    let issues = issues(&scenario);
    assert!(
        issues.iter().any(|issue| issue
            .message
            .contains("not priced per input and output token")),
        "{issues:?}"
    );
}

#[test]
fn a_semantic_cache_needs_an_embedding_model() {
    let mut scenario = one_type("openai/gpt-5.4-mini", "");
    scenario.response_cache.semantic_hit_pct = d("30");
    let issues = issues(&scenario);
    assert!(
        issues
            .iter()
            .any(|issue| issue.field == "response_cache.embedding_model"),
        "{issues:?}"
    );
}

#[test]
fn an_absurd_custom_price_is_an_overflow_message_not_a_panic() {
    let mut scenario = one_type("openai/gpt-5.4-mini", "");
    scenario.negotiated.custom_prices.insert(
        "openai/gpt-5.4-mini".into(),
        llm_cost_planner::core::plan::scenario::CustomPrice {
            input_mtok: Decimal::MAX,
            output_mtok: Decimal::MAX,
            cache_read_mtok: None,
            cache_write_mtok: None,
        },
    );
    let error = price(&scenario).expect_err("the scenario is refused");
    assert_eq!(error, MixError::Overflow);
    assert!(error.to_string().contains("too large"), "{error:?}");
}

#[test]
fn absurd_percentages_and_discounts_are_refused_without_panicking() {
    let mut scenario = one_type("openai/gpt-5.4-mini", "");
    scenario.query_types[0].share_pct = Decimal::MIN;
    scenario
        .negotiated
        .discount_pct
        .insert("openai".into(), Decimal::MIN);
    scenario.prompt_cache.hit_pct = Decimal::MAX;
    assert!(issues(&scenario).len() >= 3);
}

#[test]
fn a_fixed_price_router_shows_among_the_tiers() {
    let scenario = scenario(
        r#"{"query_types": [{"share_pct": "100", "model": "openai/gpt-5.4-mini", "input_tokens": 100}],
            "router": {"kind": "fixed", "usd_per_1k": "0.5"},
            "response_cache": {"exact_hit_pct": "20"}}"#,
    );
    let report = price(&scenario).expect("prices");
    let router = report
        .tiers
        .iter()
        .find(|tier| tier.model == FIXED_PRICE_ROUTER)
        .expect("the router is a tier");
    // $0.50 per 1k queries routed, on the 80% the cache misses.
    assert_eq!(router.cost_per_query, d("0.0004"));
    assert_eq!(router.calls_per_query, d("0.8"));
    let tiers_total: Decimal = report.tiers.iter().map(|t| t.cost_per_query).sum();
    assert_eq!(tiers_total, report.mix.mid);
}

#[test]
fn the_waterfall_adds_up_from_the_baseline_to_the_mix() {
    for preset in PRESETS {
        let report = price(&preset.scenario().expect("parses")).expect("prices");
        let end: Decimal =
            report.baseline.mid + report.levers.iter().map(|l| l.change).sum::<Decimal>();
        assert_eq!(end, report.mix.mid, "preset {}", preset.id);
        assert_eq!(report.levers.len(), Lever::ALL.len());
    }
}

/// Models with input, output and cache-read prices, from several providers.
const MODELS: &[&str] = &[
    "openai/gpt-5.4-mini",
    "openai/gpt-5.5",
    "anthropic/claude-haiku-4-5",
    "anthropic/claude-sonnet-4-5",
    "google/gemini-2.5-flash",
    "google/gemini-2.5-pro",
    "deepseek/deepseek-chat",
];

/// Prefix, variable input and output tokens of the one query type.
type Tokens = (u64, u64, u64);

fn with_levers(
    model: &str,
    (prefix, input, output): Tokens,
    exact: u32,
    semantic: u32,
    prompt_hit: u32,
    escalation: u32,
) -> Scenario {
    scenario(&format!(
        r#"{{"query_types": [{{"share_pct": "100", "model": "{model}",
              "shared_prefix_tokens": {prefix}, "input_tokens": {input}, "output_tokens": {output},
              "escalation": {{"rate_pct": "{escalation}", "model": "openai/gpt-5.5"}}}}],
            "response_cache": {{"exact_hit_pct": "{exact}", "semantic_hit_pct": "{semantic}",
                                "embedding_model": "openai/text-embedding-3-small"}},
            "prompt_cache": {{"hit_pct": "{prompt_hit}"}},
            "baseline_model": "{model}"}}"#
    ))
}

fn mix_cost(scenario: &Scenario) -> Decimal {
    price(scenario)
        .unwrap_or_else(|issues| panic!("refused: {issues:?}"))
        .mix
        .mid
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn one_type_on_one_model_with_no_lever_costs_one_call(
        model in prop::sample::select(MODELS),
        input in 0u64..300_000,
        output in 0u64..20_000,
    ) {
        let scenario = scenario(&format!(
            r#"{{"query_types": [{{"share_pct": "100", "model": "{model}",
                  "input_tokens": {input}, "output_tokens": {output}}}]}}"#
        ));
        let report = price(&scenario).expect("prices");
        let expected = single_call(model, input, output);
        prop_assert_eq!(report.mix.mid, expected.normalize());
        prop_assert_eq!(report.baseline.mid, expected.normalize());
        prop_assert_eq!(report.savings_usd, Decimal::ZERO);
    }

    #[test]
    fn raising_a_response_cache_hit_rate_never_raises_the_cost(
        model in prop::sample::select(MODELS),
        prefix in 0u64..5_000,
        input in 1u64..5_000,
        output in 1u64..3_000,
        exact in 0u32..40,
        semantic in 0u32..40,
        raise in 1u32..=20,
        raise_exact in any::<bool>(),
    ) {
        let before = with_levers(model, (prefix, input, output), exact, semantic, 0, 10);
        let after = if raise_exact {
            with_levers(model, (prefix, input, output), exact + raise, semantic, 0, 10)
        } else {
            with_levers(model, (prefix, input, output), exact, semantic + raise, 0, 10)
        };
        prop_assert!(mix_cost(&after) <= mix_cost(&before));
    }

    /// From a hit rate above 0: at 0% the cache is off, and a model that charges a premium
    /// for writes (Anthropic) costs more at a very low hit rate than without the cache.
    #[test]
    fn raising_a_positive_prompt_cache_hit_rate_never_raises_the_cost(
        model in prop::sample::select(MODELS),
        prefix in 1u64..50_000,
        input in 1u64..5_000,
        output in 1u64..3_000,
        hit in 1u32..99,
        raise in 1u32..50,
    ) {
        let before = with_levers(model, (prefix, input, output), 0, 0, hit, 0);
        let after = with_levers(model, (prefix, input, output), 0, 0, (hit + raise).min(100), 0);
        prop_assert!(mix_cost(&after) <= mix_cost(&before));
    }

    #[test]
    fn escalating_more_queries_never_lowers_the_cost(
        model in prop::sample::select(MODELS),
        input in 1u64..5_000,
        output in 1u64..3_000,
        rate in 0u32..90,
        raise in 1u32..10,
    ) {
        let before = with_levers(model, (0, input, output), 0, 0, 0, rate);
        let after = with_levers(model, (0, input, output), 0, 0, 0, rate + raise);
        prop_assert!(mix_cost(&after) >= mix_cost(&before));
    }

    #[test]
    fn the_blend_is_the_share_weighted_sum_of_its_types(
        a in prop::sample::select(MODELS),
        b in prop::sample::select(MODELS),
        share in 0u32..=100,
        input in 1u64..10_000,
        output in 1u64..3_000,
    ) {
        let scenario = scenario(&format!(
            r#"{{"query_types": [
                {{"share_pct": "{share}", "model": "{a}", "input_tokens": {input}, "output_tokens": {output}}},
                {{"share_pct": "{}", "model": "{b}", "input_tokens": {input}, "output_tokens": {output}}}]}}"#,
            100 - share
        ));
        let report = price(&scenario).expect("prices");
        let weighted = Decimal::from(share) / Decimal::ONE_HUNDRED * single_call(a, input, output)
            + Decimal::from(100 - share) / Decimal::ONE_HUNDRED * single_call(b, input, output);
        prop_assert_eq!(report.mix.mid, weighted.normalize());
    }
}

#[test]
fn a_count_from_the_prompt_on_an_estimated_tokenizer_gives_a_cost_range() {
    use llm_cost_planner::core::tokens::encoding::Encoding;
    let mut prompt = PromptCounts::default();
    prompt.exact.insert(Encoding::O200kBase, 10_000);
    prompt.o200k_by_class = [10_000, 0, 0];
    let scenario = scenario(
        r#"{"query_types": [
            {"share_pct": "50", "model": "anthropic/claude-sonnet-4-5", "shared_prefix_tokens": "prompt",
             "input_tokens": 200, "output_tokens": 300},
            {"share_pct": "50", "model": "openai/gpt-5.4-mini", "shared_prefix_tokens": "prompt",
             "input_tokens": 200, "output_tokens": 300}],
            "baseline_model": "openai/gpt-5.5"}"#,
    );
    assert!(scenario.uses_prompt());
    let report = evaluate(&scenario, catalogue(), &prompt, now()).expect("prices");
    assert!(report.mix.low < report.mix.mid && report.mix.mid < report.mix.high);
    // The OpenAI type is counted exactly; only Claude's share has a band.
    let openai = &report.query_types[1].cost_per_query;
    assert!(openai.is_exact());
    assert_eq!(
        openai.mid,
        single_call("openai/gpt-5.4-mini", 10_200, 300).normalize()
    );
    // The baseline is an OpenAI model: exact.
    assert!(report.baseline.is_exact());
}

#[test]
fn negotiated_tiers_are_marked_and_cost_less() {
    let mut scenario = PRESETS[0].scenario().expect("parses");
    let list = price(&scenario).expect("prices");
    scenario
        .negotiated
        .discount_pct
        .insert("openai".into(), d("20"));
    let report = price(&scenario).expect("prices");
    assert!(report.tiers.iter().all(|tier| tier.negotiated));
    assert_eq!(report.mix.mid, (list.mix.mid * d("0.8")).normalize());
    let negotiated = report
        .levers
        .iter()
        .find(|l| l.lever == Lever::NegotiatedPrices)
        .expect("a negotiated step");
    assert!(negotiated.change < Decimal::ZERO);
    assert!(list.tiers.iter().all(|tier| !tier.negotiated));
}

#[test]
fn a_scenario_file_over_one_megabyte_is_refused_for_its_size_before_it_is_parsed() {
    // Valid JSON of a valid scenario, padded with white space past the limit: only the size
    // can refuse it, and the message gives both sizes.
    let preset = PRESETS[0].json();
    let padding = " ".repeat(10_000_000 - preset.len());
    let huge = format!("{preset}{padding}");
    assert_eq!(huge.len(), 10_000_000);
    assert_eq!(
        Scenario::from_json(&huge),
        Err(ScenarioFileError::TooLarge { bytes: 10_000_000 })
    );
    let message = ScenarioFileError::TooLarge { bytes: 10_000_000 }.to_string();
    assert!(message.contains("at 10.0 MB"), "{message}");
    assert!(message.contains("at most 1.0 MB"), "{message}");
    assert_eq!(
        Scenario::check_file_size(MAX_FILE_BYTES + 1),
        Err(ScenarioFileError::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        })
    );
}

#[test]
fn a_scenario_file_right_at_the_limit_is_still_read() {
    let preset = PRESETS[0].json();
    let padded = format!(
        "{preset}{}",
        " ".repeat(MAX_FILE_BYTES as usize - preset.len())
    );
    assert_eq!(padded.len() as u64, MAX_FILE_BYTES);
    assert_eq!(Scenario::check_file_size(MAX_FILE_BYTES), Ok(()));
    assert_eq!(Scenario::from_json(&padded), PRESETS[0].scenario());
}
