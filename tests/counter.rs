//! The page's counter (our byte-pair encoder on the site's vocabulary files) against the
//! independent oracles, for every encoding, on `tests/tokens/corpus/`:
//! - OpenAI's encodings against OpenAI's own tiktoken (tests/oracle/tiktoken_counts.py);
//! - open-weight vocabularies against each package's own tokenizer (mistral-common,
//!   llama-models, Hugging Face `tokenizers`; tests/oracle/open_weight_counts.py).
//!
//! The vocabulary files are generated into `public/vocab/` by `scripts/vocab/convert.py`,
//! which `scripts/setup` runs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use llm_cost_planner::core::tokens::count_rule::OPEN_WEIGHT_FAMILIES;
use llm_cost_planner::core::tokens::counter::Counter;
use llm_cost_planner::core::tokens::encoding::{chunks_for, normalize_line_ends, Encoding};
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn counter(encoding: Encoding) -> Counter {
    let path = repo().join("public/vocab").join(encoding.vocabulary_file());
    let file = fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run scripts/vocab/convert.py (scripts/setup does)",
            path.display()
        )
    });
    Counter::new(encoding, &file).unwrap()
}

/// file → encoding → count.
fn oracle(name: &str) -> BTreeMap<String, BTreeMap<String, u64>> {
    let text = fs::read_to_string(repo().join("tests/vectors").join(name)).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    serde_json::from_value(json["files"].clone()).unwrap()
}

fn corpus_text(name: &str) -> String {
    let bytes = fs::read(repo().join("tests/tokens/corpus").join(name)).unwrap();
    normalize_line_ends(&String::from_utf8(bytes).unwrap()).into_owned()
}

fn check_all(oracle_file: &str, encodings: &[Encoding]) {
    let expected = oracle(oracle_file);
    assert!(expected.len() >= 15, "a varied corpus");
    for &encoding in encodings {
        let counter = counter(encoding);
        for (file, counts) in &expected {
            let text = corpus_text(file);
            let want = counts[encoding.as_str()];
            assert_eq!(
                counter.count(&text) as u64,
                want,
                "{file} with {encoding:?}"
            );
            // Counted in chunks, as the worker does, it adds up the same.
            let chunked: usize = chunks_for(&text, 1000, encoding.splits_at_spaces())
                .map(|c| counter.count(c))
                .sum();
            assert_eq!(chunked as u64, want, "{file} with {encoding:?}, in chunks");
        }
    }
}

#[test]
fn openai_encodings_count_as_openai_tiktoken_does() {
    check_all(
        "token_counts_tiktoken.json",
        &[
            Encoding::O200kBase,
            Encoding::O200kHarmony,
            Encoding::Cl100kBase,
            Encoding::P50kBase,
            Encoding::R50kBase,
        ],
    );
}

#[test]
fn open_weight_vocabularies_count_as_their_packages_do() {
    check_all(
        "token_counts_open_weight.json",
        &Encoding::ALL
            .into_iter()
            .filter(|e| !e.is_openai() && *e != Encoding::Gemma3)
            .collect::<Vec<_>>(),
    );
}

#[test]
fn gemma3_counts_as_python_sentencepiece_does() {
    check_all("token_counts_gemma.json", &[Encoding::Gemma3]);
}

#[test]
fn our_patterns_and_model_families_are_the_converters() {
    // The converter records each vocabulary's pattern as its package has it.
    let manifest: Value = serde_json::from_str(
        &fs::read_to_string(repo().join("public/vocab/manifest.json")).unwrap(),
    )
    .unwrap();
    // Gemma 3's model has its own converter (scripts/vocab/gemma.py).
    for encoding in Encoding::ALL
        .into_iter()
        .filter(|e| !e.is_openai() && *e != Encoding::Gemma3)
    {
        let recorded = &manifest["vocabularies"][encoding.as_str()];
        assert_eq!(
            recorded["pat_str"].as_str(),
            Some(encoding.pattern()),
            "{encoding:?}"
        );
        let family = OPEN_WEIGHT_FAMILIES
            .iter()
            .find(|f| f.encoding == encoding)
            .unwrap();
        let catalogue = &recorded["catalogue"];
        assert_eq!(catalogue["include"][0].as_str(), Some(family.include));
        assert_eq!(
            catalogue["exclude"][0].as_str().unwrap_or(""),
            family.exclude,
            "{encoding:?}"
        );
    }
}

#[test]
fn a_broken_vocabulary_file_is_an_error_not_a_panic() {
    for file in ["", "not base64 at all\n", "YQ== x\n"] {
        assert!(Counter::new(Encoding::Llama3, file).is_err(), "{file:?}");
    }
}
