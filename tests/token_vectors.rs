//! Exact token counts against two independent tokenizers, on `tests/tokens/corpus/`:
//! - OpenAI's own `tiktoken` (tests/oracle/tiktoken_counts.py), the reference: every count
//!   must equal it;
//! - npm's `gpt-tokenizer` (tests/oracle/token_counts.mjs): every count must equal it too,
//!   except where gpt-tokenizer itself departs from tiktoken, listed below with the reason.
//!
//! `scripts/test` proves both vector files are current.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use llm_cost_planner::core::tokens::encoding::Encoding;
use serde_json::Value;

/// Files where gpt-tokenizer disagrees with OpenAI's tiktoken. JavaScript's `\s` also
/// matches U+FEFF (a byte-order mark in mid-text), which tiktoken's regex does not treat
/// as white space, so gpt-tokenizer splits such text differently.
const GPT_TOKENIZER_DEPARTS_FROM_TIKTOKEN: &[&str] = &["mixed_scripts.txt"];

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// file → encoding → count, from a vector file.
fn vector_counts(name: &str) -> BTreeMap<String, BTreeMap<String, u64>> {
    let text = fs::read_to_string(tests_dir().join("vectors").join(name)).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    serde_json::from_value(json["files"].clone()).expect("a files map of counts")
}

fn our_counts() -> BTreeMap<String, BTreeMap<String, u64>> {
    let corpus = tests_dir().join("tokens/corpus");
    let mut all = BTreeMap::new();
    for entry in fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = String::from_utf8(fs::read(&path).unwrap())
            .unwrap_or_else(|_| panic!("{name} is UTF-8"));
        let counts = Encoding::ALL
            .into_iter()
            .filter_map(|encoding| {
                Some((
                    encoding.as_str().to_string(),
                    encoding.reference_count(&text)? as u64,
                ))
            })
            .collect();
        all.insert(name, counts);
    }
    all
}

#[test]
fn every_corpus_file_counts_exactly_as_openai_tiktoken_counts_it() {
    let ours = our_counts();
    let tiktoken = vector_counts("token_counts_tiktoken.json");
    assert!(
        ours.len() >= 15,
        "the corpus should be varied; found {} files",
        ours.len()
    );
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        tiktoken.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (name, counts) in &ours {
        assert_eq!(counts, &tiktoken[name], "{name}: ours vs tiktoken");
    }
}

#[test]
fn every_corpus_file_counts_as_gpt_tokenizer_counts_it_but_the_listed_departures() {
    let ours = our_counts();
    let gpt_tokenizer = vector_counts("token_counts.json");
    for (name, counts) in &ours {
        let departs = GPT_TOKENIZER_DEPARTS_FROM_TIKTOKEN.contains(&name.as_str());
        let theirs = gpt_tokenizer
            .get(name)
            .unwrap_or_else(|| panic!("gpt-tokenizer counted {name}"));
        assert_eq!(
            counts == theirs,
            !departs,
            "{name}: ours {counts:?}, gpt-tokenizer {theirs:?}"
        );
    }
}

#[test]
fn counting_in_chunks_adds_up_to_tiktokens_count_of_the_whole() {
    // The worker counts long texts in chunks to report progress and stay cancellable.
    let tiktoken = vector_counts("token_counts_tiktoken.json");
    let corpus = tests_dir().join("tokens/corpus");
    for (name, expected) in &tiktoken {
        let text = fs::read_to_string(corpus.join(name)).unwrap();
        let text = llm_cost_planner::core::tokens::encoding::normalize_line_ends(&text);
        for target in [7, 200, 4096] {
            for encoding in Encoding::COUNTED.into_iter().filter(|e| e.is_openai()) {
                let sum: usize = llm_cost_planner::core::tokens::encoding::chunks(&text, target)
                    .map(|chunk| encoding.reference_count(chunk).unwrap())
                    .sum();
                assert_eq!(
                    sum as u64,
                    expected[encoding.as_str()],
                    "{name}, {encoding:?}, chunks of about {target} bytes"
                );
            }
        }
    }
}
