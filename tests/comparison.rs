//! The comparison table's rules, on the real catalogue.

use chrono::{DateTime, Utc};
use llm_cost_planner::core::plan::comparison::{
    first_in_default_order, quote_all, quote_some, requote_all, visible_rows, ModelQuote,
    QueryTokens, SortOrder, TokenPricing,
};
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::pricing::delivery::Delivery;
use llm_cost_planner::core::tokens::encoding::Encoding;
use llm_cost_planner::core::tokens::prompt_counts::{InputCount, PromptCounts};

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
        .unwrap()
        .to_utc()
}

fn prompt(o200k: u64, cl100k: u64) -> PromptCounts {
    PromptCounts {
        exact: [(Encoding::O200kBase, o200k), (Encoding::Cl100kBase, cl100k)].into(),
        o200k_by_class: [o200k, 0, 0],
    }
}

fn quotes(tokens: QueryTokens) -> Vec<llm_cost_planner::core::plan::comparison::ModelQuote> {
    let catalogue = Catalogue::embedded().unwrap();
    quote_all(
        catalogue,
        &prompt(1000, 1100),
        &tokens,
        &Delivery::default(),
        at(),
    )
}

#[test]
fn every_model_of_every_provider_gets_a_row() {
    let catalogue = Catalogue::embedded().unwrap();
    let rows = quotes(QueryTokens::default());
    assert_eq!(
        rows.len(),
        catalogue
            .providers
            .iter()
            .map(|p| p.models.len())
            .sum::<usize>()
    );
    assert!(rows.len() > 2000, "the catalogue has about 2,330 models");
    assert_eq!(catalogue.providers.len(), 47);
}

#[test]
fn openai_rows_use_their_own_encoding_and_others_are_estimates() {
    let rows = quotes(QueryTokens::default());
    let row = |id: &str| {
        rows.iter()
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("{id} is in the catalogue"))
    };
    assert_eq!(
        row("openai/gpt-5").input,
        InputCount::Exact {
            encoding: Encoding::O200kBase,
            count: 1000
        }
    );
    assert_eq!(
        row("openai/gpt-4").input,
        InputCount::Exact {
            encoding: Encoding::Cl100kBase,
            count: 1100
        }
    );
    assert_eq!(
        row("openai/gpt-oss-120b").input,
        InputCount::Exact {
            encoding: Encoding::O200kHarmony,
            count: 1000
        }
    );
    let claude = row("anthropic/claude-sonnet-4-5");
    assert!(!claude.input.is_exact());
    let InputCount::Estimated { rule, estimate } = claude.input else {
        panic!("Claude is estimated")
    };
    assert_eq!(rule.name, "Claude 3 – 4.6");
    assert!(estimate.low <= estimate.mid && estimate.mid <= estimate.high);
    assert!(
        matches!(row("openai/gpt-6-sol").input, InputCount::Estimated { rule, .. } if rule.name == "tokenizer unknown"),
        "a model tiktoken does not know is marked unknown, not counted"
    );
    let (low, high) = claude.cost_band.expect("an estimate has a band");
    let cost = claude.cost.as_ref().unwrap().total;
    assert!(low < cost && cost < high);
}

#[test]
fn typed_counts_override_the_prompt_for_every_row() {
    let tokens = QueryTokens {
        typed_input: Some(5),
        ..QueryTokens::default()
    };
    assert!(quotes(tokens)
        .iter()
        .all(|q| q.input == InputCount::Typed(5) && q.cost_band.is_none()));
}

#[test]
fn a_full_model_id_finds_its_row_and_major_providers_come_first() {
    let rows = quotes(QueryTokens::default());
    let found = visible_rows(
        &rows,
        "anthropic/claude-sonnet-4-5",
        SortOrder::ProvidersFirst,
    );
    assert!(found
        .iter()
        .any(|&i| rows[i].id == "anthropic/claude-sonnet-4-5"));
    let all = visible_rows(&rows, "", SortOrder::ProvidersFirst);
    assert_eq!(rows[all[0]].provider_id, "openai");
}

#[test]
fn cheapest_first_is_sorted_by_total_cost() {
    let rows = quotes(QueryTokens {
        output: 100,
        ..QueryTokens::default()
    });
    let order = visible_rows(&rows, "", SortOrder::CheapestFirst);
    let totals: Vec<_> = order
        .iter()
        .filter(|&&i| rows[i].pricing != TokenPricing::NotPerToken)
        .filter_map(|&i| rows[i].cost.as_ref().ok().map(|c| c.total))
        .collect();
    assert!(totals.windows(2).all(|pair| pair[0] <= pair[1]));
}

#[test]
fn cache_parts_larger_than_the_input_are_refused() {
    let tokens = QueryTokens {
        typed_input: Some(100),
        cache_read: 80,
        cache_write_5m: 30,
        ..QueryTokens::default()
    };
    assert!(tokens.check(100).is_err());
    assert!(QueryTokens {
        cache_write_5m: 20,
        ..tokens
    }
    .check(100)
    .is_ok());
}

#[test]
fn within_a_provider_newer_looking_ids_come_first() {
    let rows = quotes(QueryTokens::default());
    let order = visible_rows(&rows, "", SortOrder::ProvidersFirst);
    let position = |id: &str| order.iter().position(|&i| rows[i].id == id).unwrap();
    assert!(position("openai/gpt-5") < position("openai/gpt-4o"));
    assert!(position("openai/gpt-4o") < position("openai/ada"));
    assert!(position("openai/ada") < position("anthropic/claude-sonnet-4-5"));
    assert!(position("anthropic/claude-sonnet-4-5") < position("anthropic/claude-3-haiku"));
}

#[test]
fn retired_and_legacy_models_sort_after_the_current_flagships() {
    let rows = quotes(QueryTokens::default());
    let order = visible_rows(&rows, "", SortOrder::ProvidersFirst);
    let position = |id: &str| order.iter().position(|&i| rows[i].id == id).unwrap();
    // The first rows a newcomer saw used to be these 2022 completion models.
    assert!(position("openai/gpt-5") < position("openai/text-davinci-003"));
    assert!(position("openai/gpt-4o-mini") < position("openai/text-davinci-002"));
    // Flagged deprecated in the catalogue: after every model Google still sells.
    assert!(position("google/gemini-1.5-pro") < position("google/gemini-2.0-flash"));
    assert!(position("google/gemini-2.5-pro") < position("google/gemini-1.5-pro"));
}

#[test]
fn each_major_provider_opens_with_a_flagship() {
    use llm_cost_planner::core::pricing::standing::Standing;
    let rows = quotes(QueryTokens::default());
    let order = visible_rows(&rows, "", SortOrder::ProvidersFirst);
    for provider in [
        "openai",
        "anthropic",
        "google",
        "x-ai",
        "mistral",
        "deepseek",
    ] {
        let first = order
            .iter()
            .map(|&i| &rows[i])
            .find(|q| q.provider_id == provider)
            .unwrap();
        assert_eq!(first.standing, Standing::Flagship, "{}", first.id);
        assert!(first.context_window.unwrap_or(0) >= 128_000, "{}", first.id);
    }
}

#[test]
fn models_not_priced_per_token_are_marked_and_go_last() {
    let rows = quotes(QueryTokens::default());
    let row = |id: &str| rows.iter().find(|q| q.id == id).unwrap();
    assert_eq!(row("openai/gpt-5").pricing, TokenPricing::InputAndOutput);
    assert_eq!(
        row("openai/text-embedding-3-small").pricing,
        TokenPricing::OneSide
    );
    assert_eq!(row("openai/whisper-1").pricing, TokenPricing::NotPerToken);

    let order = visible_rows(&rows, "openai/", SortOrder::ProvidersFirst);
    let position = |id: &str| order.iter().position(|&i| rows[i].id == id).unwrap();
    assert!(position("openai/gpt-4o") < position("openai/text-embedding-3-small"));
    assert!(position("openai/text-embedding-3-small") < position("openai/whisper-1"));

    let cheapest = visible_rows(&rows, "", SortOrder::CheapestFirst);
    let first_unpriced = cheapest
        .iter()
        .position(|&i| rows[i].pricing == TokenPricing::NotPerToken)
        .unwrap();
    assert!(cheapest[first_unpriced..]
        .iter()
        .all(|&i| { rows[i].pricing == TokenPricing::NotPerToken || rows[i].cost.is_err() }));
}

#[test]
fn requoting_for_a_new_count_gives_what_pricing_everything_again_gives() {
    let catalogue = Catalogue::embedded().unwrap();
    let tokens = QueryTokens {
        output: 300,
        ..QueryTokens::default()
    };
    let delivery = Delivery::default();
    let before = quote_all(catalogue, &prompt(1000, 1100), &tokens, &delivery, at());
    // Only cl100k_base's count changes: its rows are priced again, the rest reused.
    let mut after_counts = prompt(1000, 1100);
    after_counts.exact.insert(Encoding::Cl100kBase, 2000);
    let requoted = requote_all(&before, catalogue, &after_counts, &tokens, &delivery, at());
    let fresh = quote_all(catalogue, &after_counts, &tokens, &delivery, at());
    assert_eq!(requoted, fresh);
    let gpt4 = |quotes: &[ModelQuote]| {
        quotes
            .iter()
            .find(|q| q.id == "openai/gpt-4")
            .unwrap()
            .input
            .count()
    };
    assert_eq!(gpt4(&before), 1100);
    assert_eq!(gpt4(&requoted), 2000);
    // From nothing, every model is priced.
    assert_eq!(
        requote_all(&[], catalogue, &after_counts, &tokens, &delivery, at()),
        fresh
    );
}

#[test]
fn the_first_rows_found_without_pricing_are_the_default_orders_first_rows() {
    let catalogue = Catalogue::embedded().unwrap();
    let rows = quotes(QueryTokens::default());
    let order = visible_rows(&rows, "", SortOrder::ProvidersFirst);
    let first = first_in_default_order(catalogue, at(), 30);
    assert_eq!(first, order[..30]);
    let some = quote_some(
        catalogue,
        &first,
        &prompt(1000, 1100),
        &QueryTokens::default(),
        &Delivery::default(),
        at(),
    );
    let ids: Vec<_> = some.iter().map(|q| q.id.clone()).collect();
    let expected: Vec<_> = order[..30].iter().map(|&i| rows[i].id.clone()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn each_row_names_the_vocabulary_its_count_waits_for() {
    let rows = quotes(QueryTokens::default());
    let row = |id: &str| rows.iter().find(|q| q.id == id).unwrap();
    assert_eq!(row("openai/gpt-5").vocabulary, Encoding::O200kBase);
    assert_eq!(
        row("openai/text-davinci-003").vocabulary,
        Encoding::P50kBase
    );
    assert_eq!(row("openai/gpt-4").vocabulary, Encoding::Cl100kBase);
    assert_eq!(
        row("anthropic/claude-sonnet-4-5").vocabulary,
        Encoding::O200kBase
    );
}
