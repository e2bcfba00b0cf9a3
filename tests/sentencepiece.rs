//! The Gemma 3 SentencePiece counter against Google's `sentencepiece` on the real model.
//!
//! `public/vocab/gemma3.spm` comes from `scripts/vocab/gemma.py`; the expected counts in
//! `tests/vectors/token_counts_gemma.json` from `tests/oracle/gemma_counts.py` (every corpus
//! file, plus seeded fuzz strings).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use llm_cost_planner::core::tokens::sentencepiece::{SentencePiece, SentencePieceError};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn gemma3() -> &'static SentencePiece {
    static MODEL: OnceLock<SentencePiece> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = root().join("public/vocab/gemma3.spm");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!("{}: {error}; run scripts/vocab/gemma.py", path.display())
        });
        let started = Instant::now();
        let model = SentencePiece::from_file(&text).expect("gemma3.spm loads");
        eprintln!("gemma3.spm loaded in {:?}", started.elapsed());
        model
    })
}

fn vectors() -> Value {
    let path = root().join("tests/vectors/token_counts_gemma.json");
    let text = std::fs::read_to_string(&path).expect("token_counts_gemma.json");
    serde_json::from_str(&text).expect("token_counts_gemma.json is JSON")
}

#[test]
fn every_corpus_file_counts_as_sentencepiece_counts_it() {
    let model = gemma3();
    let vectors = vectors();
    let files = vectors["files"].as_object().expect("files");
    let corpus = root().join("tests/tokens/corpus");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("corpus") {
        let path = entry.expect("corpus entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).expect("corpus file");
        let text = String::from_utf8(bytes)
            .expect("corpus is UTF-8")
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let expected = files[&name]["gemma3"].as_u64().unwrap_or_else(|| {
            panic!("no gemma3 count for {name}; run tests/oracle/gemma_counts.py")
        }) as usize;
        let got = model.count(&text);
        if got != expected {
            wrong.push(format!("{name}: got {got}, sentencepiece {expected}"));
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        files.len(),
        "corpus and vectors list different files"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    eprintln!("{checked} corpus files agree");
}

#[test]
fn every_fuzz_case_counts_as_sentencepiece_counts_it() {
    let model = gemma3();
    let vectors = vectors();
    let cases = vectors["fuzz"].as_array().expect("fuzz");
    assert!(cases.len() >= 1000, "too few fuzz cases");
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let text = case[0].as_str().expect("fuzz text");
            let expected = case[1].as_u64().expect("fuzz count") as usize;
            let got = model.count(text);
            (got != expected).then(|| format!("{text:?}: got {got}, sentencepiece {expected}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    eprintln!("{} fuzz cases agree", cases.len());
}

#[test]
fn user_defined_pieces_are_matched_and_control_pieces_are_not() {
    let model = gemma3();
    // <start_of_turn> user \n hi <end_of_turn>, as sentencepiece splits it.
    assert_eq!(model.count("<start_of_turn>user\nhi<end_of_turn>"), 5);
    // <bos> is a control piece: sentencepiece never matches it in text (< bos > hi).
    assert_eq!(model.count("<bos>hi"), 4);
    // Runs of spaces are user-defined "▁▁…" pieces; NUL is missing, so it is one byte token.
    assert_eq!(model.count("a  b"), 3);
    assert_eq!(model.count("\0"), 1);
    assert_eq!(model.count(""), 0);
}

#[test]
fn a_megabyte_without_spaces_is_not_quadratic() {
    let model = gemma3();
    for (label, text) in [
        ("1 MB of 'a'", "a".repeat(1 << 20)),
        (
            "1 MB of mixed letters and digits",
            "abc1def2ghi3".repeat((1 << 20) / 12),
        ),
        ("1 MB of 中文", "中文字符".repeat((1 << 20) / 12)),
    ] {
        let started = Instant::now();
        let count = model.count(&text);
        eprintln!("{label}: {count} tokens in {:?}", started.elapsed());
        assert!(count > 0);
    }
}

fn header(pieces: usize) -> String {
    format!(
        "#sentencepiece v1\tmodel_type=bpe\tnormalization=identity\tadd_dummy_prefix=false\t\
         remove_extra_whitespaces=false\tescape_whitespaces=true\ttreat_whitespace_as_suffix=false\t\
         byte_fallback=false\tpieces={pieces}\n"
    )
}

/// Whether an error is the one a broken file should give.
type IsExpected = fn(&SentencePieceError) -> bool;

#[test]
fn broken_model_files_are_errors_not_panics() {
    let unk = "PHVuaz4=\t0.0\tunknown\n";
    let cases: Vec<(String, IsExpected)> = vec![
        (String::new(), |e| {
            matches!(e, SentencePieceError::MissingHeader)
        }),
        ("YQ== 0\n".to_string(), |e| {
            matches!(e, SentencePieceError::MissingHeader)
        }),
        (
            header(1).replace("model_type=bpe", "model_type=unigram") + unk,
            |e| matches!(e, SentencePieceError::Unsupported(_)),
        ),
        (
            header(1).replace("normalization=identity", "normalization=nmt_nfkc") + unk,
            |e| matches!(e, SentencePieceError::Unsupported(_)),
        ),
        (
            header(1).replace("escape_whitespaces=true", "escape_whitespaces=yes") + unk,
            |e| {
                matches!(
                    e,
                    SentencePieceError::BadHeaderField {
                        field: "escape_whitespaces"
                    }
                )
            },
        ),
        (header(1).replace("\tpieces=1", "") + unk, |e| {
            matches!(e, SentencePieceError::BadHeaderField { field: "pieces" })
        }),
        (header(2) + unk, |e| {
            matches!(
                e,
                SentencePieceError::PieceCount {
                    expected: 2,
                    found: 1
                }
            )
        }),
        (header(2) + unk + "!!!!\t0.0\tnormal\n", |e| {
            matches!(e, SentencePieceError::BadLine { line: 3, .. })
        }),
        (header(2) + unk + "/w==\t0.0\tnormal\n", |e| {
            matches!(e, SentencePieceError::BadLine { .. })
        }),
        (header(2) + unk + "YQ==\tNaN\tnormal\n", |e| {
            matches!(e, SentencePieceError::BadLine { .. })
        }),
        (header(2) + unk + "YQ==\tx\tnormal\n", |e| {
            matches!(e, SentencePieceError::BadLine { .. })
        }),
        (header(2) + unk + "YQ==\t0.0\tweird\n", |e| {
            matches!(e, SentencePieceError::BadLine { .. })
        }),
        (header(2) + unk + "YQ==\t0.0\n", |e| {
            matches!(e, SentencePieceError::BadLine { .. })
        }),
        (
            header(3) + unk + "YQ==\t0.0\tnormal\nYQ==\t-1.0\tnormal\n",
            |e| matches!(e, SentencePieceError::BadLine { line: 4, .. }),
        ),
        (header(2) + unk + "PDB4NDE+\t0.0\tbyte\n", |e| {
            matches!(e, SentencePieceError::BadLine { .. })
        }),
        (header(1) + "YQ==\t0.0\tnormal\n", |e| {
            matches!(e, SentencePieceError::Inconsistent(_))
        }),
        (
            header(2).replace("byte_fallback=false", "byte_fallback=true")
                + unk
                + "PDB4NDE+\t0.0\tbyte\n",
            |e| matches!(e, SentencePieceError::Inconsistent(_)),
        ),
    ];
    for (file, expected) in cases {
        match SentencePiece::from_file(&file) {
            Ok(_) => panic!("accepted a broken file:\n{file}"),
            Err(error) => assert!(expected(&error), "{error:?} for:\n{file}"),
        }
    }
    // A truncated real file fails with a count mismatch or a bad line, never a panic.
    let path = root().join("public/vocab/gemma3.spm");
    if let Ok(text) = std::fs::read_to_string(path) {
        for cut in [10, 1000, 123_457, text.len() / 2] {
            let mut end = cut.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            assert!(
                SentencePiece::from_file(&text[..end]).is_err(),
                "cut at {cut}"
            );
        }
    }
}
