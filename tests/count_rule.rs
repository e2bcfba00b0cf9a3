//! The rule that picks each model's tokenizer, on the whole catalogue, against Python
//! tiktoken's own model table (tests/oracle/openai_model_encodings.py).

use std::collections::BTreeMap;
use std::path::Path;

use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::tokens::count_rule::{
    canonical_model_name, count_rule, exact_families, CountRule, OPEN_WEIGHT_FAMILIES,
};
use llm_cost_planner::core::tokens::encoding::Encoding;
use serde_json::Value;

fn tiktoken_answers() -> BTreeMap<String, Option<String>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/openai_model_encodings.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::from_value(json["models"].clone()).unwrap()
}

/// tiktoken's `gpt2` encoding has r50k_base's vocabulary and pattern.
fn our_name(tiktoken_name: &str) -> &str {
    match tiktoken_name {
        "gpt2" => "r50k_base",
        "p50k_edit" => "p50k_base",
        other => other,
    }
}

#[test]
fn every_model_tiktoken_knows_is_counted_exactly_with_tiktokens_encoding() {
    let catalogue = Catalogue::embedded().unwrap();
    let answers = tiktoken_answers();
    let models: Vec<String> = catalogue.models().map(|m| m.id()).collect();
    assert_eq!(
        answers.keys().collect::<Vec<_>>().len(),
        models.len(),
        "the oracle covers the whole catalogue"
    );
    let mut known = 0;
    for id in &models {
        let model_id = id.split_once('/').unwrap().1;
        if let Some(Some(encoding)) = answers.get(id) {
            known += 1;
            let expected = Encoding::from_name(our_name(encoding)).unwrap();
            assert_eq!(count_rule(model_id), CountRule::Exact(expected), "{id}");
        }
    }
    assert!(known > 200, "tiktoken knows {known} catalogue models");
}

/// Names tiktoken-rs's table knows and Python tiktoken 0.14's does not: `codex-mini` is a
/// version of o4-mini (o200k_base), added to tiktoken-rs's table on its own.
const TIKTOKEN_RS_ADDITIONS: &[&str] = &["codex-mini"];

#[test]
fn openai_encodings_are_only_claimed_for_models_tiktoken_knows_under_some_spelling() {
    // Where tiktoken does not know the raw id, we may still be exact only because the id
    // carries a cloud prefix or a version suffix around a name tiktoken knows.
    let catalogue = Catalogue::embedded().unwrap();
    let answers = tiktoken_answers();
    for model in catalogue.models() {
        let id = model.id();
        if let (CountRule::Exact(encoding), Some(None)) =
            (count_rule(&model.model.id), answers.get(&id))
        {
            if !encoding.is_openai() {
                continue;
            }
            assert!(
                model.model.id.contains('.')
                    || model.model.id.contains(':')
                    || TIKTOKEN_RS_ADDITIONS
                        .contains(&canonical_model_name(&model.model.id).as_str()),
                "{id} is claimed exact though tiktoken does not know it"
            );
        }
    }
}

#[test]
fn claude_is_estimated_and_gemini_is_exact_from_2_0_to_3_0() {
    let catalogue = Catalogue::embedded().unwrap();
    let mut gemini_exact = 0;
    for model in catalogue.models() {
        let id = model.model.id.to_ascii_lowercase();
        let rule = count_rule(&model.model.id);
        if id.contains("claude") {
            assert!(matches!(rule, CountRule::Estimate(_)), "{id}: {rule:?}");
        }
        if id.contains("gemini") {
            let newer = ["gemini-3.", "gemini-4", "latest"]
                .iter()
                .any(|n| id.contains(n));
            let older = ["gemini-1", "gemini-pro", "gemini-flash-1", "embedding"]
                .iter()
                .any(|n| id.contains(n));
            match rule {
                CountRule::Exact(Encoding::Gemma3) => {
                    assert!(!newer && !older, "{id} is not on Gemma 3's vocabulary");
                    gemini_exact += 1;
                }
                CountRule::Estimate(_) => {}
                other => panic!("{id}: {other:?}"),
            }
        }
    }
    assert!(
        gemini_exact > 30,
        "Gemini 2.0 – 3.0 ids counted exactly: {gemini_exact}"
    );
}

#[test]
fn the_notes_exact_families_are_the_encodings_the_rule_counts_the_catalogue_with() {
    let catalogue = Catalogue::embedded().unwrap();
    let mut counted: Vec<Encoding> = catalogue
        .models()
        .filter_map(|model| match count_rule(&model.model.id) {
            CountRule::Exact(encoding) => Some(encoding),
            _ => None,
        })
        .collect();
    counted.sort();
    counted.dedup();
    let mut listed: Vec<Encoding> = exact_families()
        .into_iter()
        .flat_map(|family| family.encodings)
        .collect();
    listed.sort();
    let mut distinct = listed.clone();
    distinct.dedup();
    assert_eq!(distinct, listed, "each encoding is listed once");
    assert_eq!(listed, counted);
}

#[test]
fn the_notes_list_openai_first_then_each_open_weight_family_in_the_rules_order() {
    let families = exact_families();
    assert!(families[0].encodings.iter().all(|e| e.is_openai()));
    let open_weight: Vec<Vec<Encoding>> =
        families[1..].iter().map(|f| f.encodings.clone()).collect();
    let rule: Vec<Vec<Encoding>> = OPEN_WEIGHT_FAMILIES
        .iter()
        .map(|f| vec![f.encoding])
        .collect();
    assert_eq!(open_weight, rule);
    // The words name the models the rule's patterns match.
    let words: Vec<&str> = families.iter().map(|f| f.models).collect();
    for (model, name) in [
        ("llama-3.3-70b-instruct", "Llama 3"),
        ("llama-4-scout", "Llama 4"),
        ("mistral-small-2503", "Mistral"),
        ("deepseek-v3", "DeepSeek"),
        ("qwen3-32b", "Qwen"),
        ("gemma-3-27b-it", "Gemma 3"),
        ("gemini-2.5-flash", "Gemini 2.0"),
    ] {
        let CountRule::Exact(encoding) = count_rule(model) else {
            panic!("{model} is counted exactly");
        };
        let family = families
            .iter()
            .find(|f| f.encodings.contains(&encoding))
            .unwrap();
        assert!(family.models.contains(name), "{model}: {}", family.models);
        assert!(words.contains(&family.models));
    }
}
