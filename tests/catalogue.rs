//! The committed catalogue is well formed for our engine (its freshness against
//! genai-prices is `pricing/convert.py --check`, run by scripts/test).

use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::pricing::matching::regex_patterns;

#[test]
fn every_match_regex_compiles() {
    let catalogue = Catalogue::embedded().expect("the embedded catalogue parses");
    let mut patterns = Vec::new();
    for provider in &catalogue.providers {
        provider
            .model_match
            .iter()
            .chain(&provider.provider_match)
            .for_each(|rule| regex_patterns(rule, &mut patterns));
        provider
            .models
            .iter()
            .for_each(|model| regex_patterns(&model.match_rule, &mut patterns));
    }
    assert!(
        patterns.len() > 50,
        "genai-prices 0.2.3 has about 70 regex rules, found {}",
        patterns.len()
    );
    let broken: Vec<_> = patterns
        .iter()
        .filter(|p| !p.compiles())
        .map(|p| p.pattern())
        .collect();
    assert!(
        broken.is_empty(),
        "patterns our engine cannot compile: {broken:?}"
    );
}

#[test]
fn every_model_has_prices_and_every_price_key_is_a_known_unit() {
    let catalogue = Catalogue::embedded().unwrap();
    for model_ref in catalogue.models() {
        let model = model_ref.model;
        assert!(!model.prices.is_empty(), "{} has no prices", model_ref.id());
        let keys = model
            .prices
            .iter()
            .flat_map(|conditional| conditional.prices.keys())
            .chain(
                model
                    .price_variants
                    .iter()
                    .flat_map(|variant| variant.prices.keys()),
            );
        for key in keys {
            assert!(
                catalogue.units.by_price_key(key).is_some(),
                "{}: unknown price key {key}",
                model_ref.id()
            );
        }
    }
}

#[test]
fn the_catalogue_says_where_it_comes_from() {
    let catalogue = Catalogue::embedded().unwrap();
    assert_eq!(catalogue.source.source, "genai-prices");
    assert_eq!(catalogue.source.version, "0.2.3");
}

#[test]
fn the_models_priced_on_input_only_are_the_embedding_models_and_not_the_chat_models() {
    use llm_cost_planner::core::pricing::price::input_only_models;
    let catalogue = Catalogue::embedded().expect("the embedded catalogue parses");
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
        .expect("a valid timestamp")
        .to_utc();
    let listed = input_only_models(catalogue, at);
    // Embedding models as their providers document them: a price per input token only.
    for embedding in [
        "openai/text-embedding-3-small",
        "openai/text-embedding-3-large",
        "openai/text-embedding-ada-002",
        "google/gemini-embedding-001",
        "cohere/embed-v4.0",
        "aws/amazon.titan-embed-text-v2:0",
        "voyageai/voyage-3",
        "mistral/codestral-embed-2505",
    ] {
        assert!(
            listed.iter().any(|id| id == embedding),
            "{embedding} is missing"
        );
    }
    for chat in [
        "openai/gpt-5.4-mini",
        "openai/gpt-5.4-nano",
        "anthropic/claude-sonnet-4-5",
        "google/gemini-2.5-flash",
    ] {
        assert!(!listed.iter().any(|id| id == chat), "{chat} is listed");
    }
    // Read from the catalogue's own price keys: an input price and no output price at all.
    for id in &listed {
        let (provider, model) = id.split_once('/').expect("provider/model");
        let model = catalogue
            .provider(provider)
            .and_then(|p| p.models.iter().find(|m| m.id == model))
            .expect("a listed model is in the catalogue");
        let keys: Vec<&String> = model.prices.iter().flat_map(|p| p.prices.keys()).collect();
        assert!(
            keys.iter().any(|k| k.as_str() == "input_mtok"),
            "{id}: {keys:?}"
        );
        assert!(!keys.iter().any(|k| k.contains("output")), "{id}: {keys:?}");
    }
}
