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
