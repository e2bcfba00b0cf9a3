//! Our byte-pair counter (`core::tokens::bpe`) against tiktoken-rs, the independent reference:
//! every count must equal `encode_ordinary(text).len()`, and every hand-written
//! pre-tokenizer must split exactly as the fancy-regex pattern it stands for.
//!
//! The vocabularies are tiktoken-rs's own `.tiktoken` files, found in the cargo registry.
//! The throughput report is `cargo test --release --test bpe -- --ignored --nocapture`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use llm_cost_planner::core::tokens::bpe::{
    count, Pretokenizer, Vocabulary, VocabularyError, CL100K_BASE_PATTERN, O200K_BASE_PATTERN,
    R50K_BASE_PATTERN,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use tiktoken_rs::CoreBPE;

/// One encoding, ours and tiktoken-rs's.
struct Encoding {
    name: &'static str,
    pattern: &'static str,
    vocabulary: Vocabulary,
    pretokenizer: Pretokenizer,
    reference: &'static CoreBPE,
}

impl Encoding {
    fn count(&self, text: &str) -> usize {
        count(&self.vocabulary, &self.pretokenizer, text)
    }

    fn reference_count(&self, text: &str) -> usize {
        self.reference.encode_ordinary(text).len()
    }
}

/// tiktoken-rs 0.12.1's `assets/` folder in the cargo registry.
fn tiktoken_assets() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .expect("CARGO_HOME or HOME is set");
    let registry = cargo_home.join("registry/src");
    let found = fs::read_dir(&registry).ok().and_then(|indexes| {
        indexes
            .filter_map(Result::ok)
            .map(|index| index.path().join("tiktoken-rs-0.12.1/assets"))
            .find(|assets| assets.join("o200k_base.tiktoken").is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "tiktoken-rs 0.12.1's vocabulary files were not found under {}/*/tiktoken-rs-0.12.1/assets; \
             run `cargo fetch` (or set CARGO_HOME) first",
            registry.display()
        )
    })
}

fn encodings() -> &'static [Encoding] {
    static ENCODINGS: OnceLock<Vec<Encoding>> = OnceLock::new();
    ENCODINGS.get_or_init(|| {
        let assets = tiktoken_assets();
        let load =
            |name: &'static str, pattern: &'static str, reference: fn() -> &'static CoreBPE| {
                let file = fs::read_to_string(assets.join(format!("{name}.tiktoken")))
                    .unwrap_or_else(|error| panic!("reading {name}.tiktoken: {error}"));
                Encoding {
                    name,
                    pattern,
                    vocabulary: Vocabulary::from_tiktoken(&file)
                        .unwrap_or_else(|error| panic!("{name}.tiktoken: {error}")),
                    pretokenizer: Pretokenizer::new(pattern).unwrap(),
                    reference: reference(),
                }
            };
        vec![
            load(
                "o200k_base",
                O200K_BASE_PATTERN,
                tiktoken_rs::o200k_base_singleton,
            ),
            load(
                "cl100k_base",
                CL100K_BASE_PATTERN,
                tiktoken_rs::cl100k_base_singleton,
            ),
            load(
                "p50k_base",
                R50K_BASE_PATTERN,
                tiktoken_rs::p50k_base_singleton,
            ),
            load(
                "r50k_base",
                R50K_BASE_PATTERN,
                tiktoken_rs::r50k_base_singleton,
            ),
        ]
    })
}

/// The corpus files, read as UTF-8 with CRLF and CR turned into LF (as the page does).
fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tokens/corpus");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let text = String::from_utf8(fs::read(&path).unwrap())
                .unwrap_or_else(|_| panic!("{name} is UTF-8"));
            (name, text.replace("\r\n", "\n").replace('\r', "\n"))
        })
        .collect();
    files.sort();
    files
}

fn split<'t>(pretokenizer: &Pretokenizer, text: &'t str) -> Vec<&'t str> {
    pretokenizer.pieces(text).collect()
}

/// A seeded xorshift generator, so the long inputs are the same on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn text_from(&mut self, alphabet: &[u8], length: usize) -> String {
        (0..length)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary files

#[test]
fn openai_vocabularies_load_with_every_token() {
    let sizes = [
        ("o200k_base", 199_998),
        ("cl100k_base", 100_256),
        ("p50k_base", 50_280),
        ("r50k_base", 50_256),
    ];
    for (encoding, (name, size)) in encodings().iter().zip(sizes) {
        assert_eq!(encoding.name, name);
        assert_eq!(encoding.vocabulary.len(), size, "{name}");
        assert_eq!(encoding.vocabulary.rank(b"!"), Some(0), "{name}");
    }
}

#[test]
fn broken_vocabulary_files_are_errors_not_panics() {
    let cases = [
        ("", VocabularyError::Empty),
        ("IQ== 0\nIg==\n", VocabularyError::MissingRank { line: 2 }),
        ("I*== 0\n", VocabularyError::InvalidBase64 { line: 1 }),
        ("IQ= 0\n", VocabularyError::InvalidBase64 { line: 1 }),
        (
            "IQ== 0\nIg== 0\n",
            VocabularyError::DuplicateRank { line: 2, rank: 0 },
        ),
        (
            "IQ== 0\nIg== 1\nIQ== 2\n",
            VocabularyError::DuplicateToken {
                line: 3,
                first_line: 1,
            },
        ),
        (
            "IQ== 1.5\n",
            VocabularyError::InvalidRank {
                line: 1,
                rank: "1.5".into(),
            },
        ),
    ];
    for (file, expected) in cases {
        let error = Vocabulary::from_tiktoken(file).unwrap_err();
        assert_eq!(error, expected, "{file:?}");
        assert!(!error.to_string().is_empty());
    }
    // A real file cut off mid-line.
    let assets = tiktoken_assets();
    let whole = fs::read_to_string(assets.join("r50k_base.tiktoken")).unwrap();
    let cut = &whole[..whole.len() / 2];
    let cut = &cut[..cut.rfind(' ').unwrap()];
    assert!(matches!(
        Vocabulary::from_tiktoken(cut),
        Err(VocabularyError::MissingRank { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Counts against tiktoken-rs

#[test]
fn every_corpus_file_counts_as_tiktoken_rs_counts_it() {
    let corpus = corpus();
    assert!(corpus.len() >= 15, "the corpus should be varied");
    for encoding in encodings() {
        for (name, text) in &corpus {
            assert_eq!(
                encoding.count(text),
                encoding.reference_count(text),
                "{name} with {}",
                encoding.name
            );
        }
    }
}

#[test]
fn a_megabyte_without_spaces_counts_as_tiktoken_rs_and_quickly() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let runs = [
        (
            "lower-case letters",
            random.text_from(b"abcdefghijklmnopqrstuvwxyz", 1 << 20),
        ),
        (
            "base64",
            random.text_from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                1 << 20,
            ),
        ),
        ("one letter", "a".repeat(1 << 20)),
    ];
    for encoding in encodings() {
        for (what, text) in &runs {
            // tiktoken-rs is slow on long pieces: compare on a 20 kB run.
            let prefix = &text[..20_000];
            assert_eq!(
                encoding.count(prefix),
                encoding.reference_count(prefix),
                "20 kB of {what} with {}",
                encoding.name
            );
            let started = Instant::now();
            let tokens = encoding.count(text);
            println!(
                "{}: 1 MiB of {what} is {tokens} tokens, counted in {:.0?}",
                encoding.name,
                started.elapsed()
            );
            assert!(tokens > 0 && tokens < text.len());
        }
    }
}

/// Characters where pre-tokenizers and BPE go wrong: every kind of white space, CR/LF,
/// contractions in every case (and `ſ`, which folds to `s`), digits of other scripts,
/// letters of every case category, combining marks, CJK, emoji with modifiers and joiners,
/// format characters, punctuation, `/`.
const TRICKY: &[&str] = &[
    " ",
    "  ",
    "   ",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\t",
    "\u{B}",
    "\u{C}",
    "\u{85}",
    "\u{A0}",
    "\u{1680}",
    "\u{2028}",
    "\u{2029}",
    "\u{3000}",
    "\u{FEFF}",
    "\u{200B}",
    "\u{200D}",
    "\u{180E}",
    "\0",
    "\u{1}",
    "\u{7F}",
    "'",
    "'s",
    "'S",
    "'t",
    "'T",
    "'re",
    "'rE",
    "'RE",
    "'ve",
    "'VE",
    "'m",
    "'M",
    "'ll",
    "'lL",
    "'LL",
    "'d",
    "'D",
    "'ſ",
    "ſ",
    "'x",
    "’s",
    "0",
    "7",
    "42",
    "123",
    "4567",
    "٣",
    "۴",
    "Ⅻ",
    "½",
    "²",
    "a",
    "z",
    "hello",
    "world",
    "A",
    "Z",
    "HELLO",
    "Hello",
    "ǅ",
    "ǈ",
    "ᾼ",
    "ʰ",
    "ˇ",
    "ª",
    "ß",
    "ẞ",
    "İ",
    "ı",
    "ﬀ",
    "\u{212A}",
    "Ⓐ",
    "中",
    "文字",
    "の",
    "カタカナ",
    "한국",
    "й",
    "Σ",
    "σς",
    "É",
    "é",
    "e\u{301}",
    "\u{301}",
    "\u{903}",
    "\u{20DD}",
    "\u{64B}",
    "😀",
    "👍🏽",
    "\u{1F3FB}",
    "👨\u{200D}👩",
    "🇺🇸",
    ".",
    ",",
    "!",
    "?",
    "/",
    "//",
    "-",
    "_",
    "\"",
    "(",
    ")",
    "@",
    "#",
    "$",
    "%",
    "…",
    "—",
    "«",
    "\\",
    "<|endoftext|>",
    "\u{E000}",
    "\u{378}",
    "\u{E0041}",
    "\u{10FFFF}",
];

fn tricky_text() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        8 => prop::sample::select(TRICKY).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z]{1,12}",
    ];
    prop::collection::vec(atom, 0..40).prop_map(|atoms| atoms.concat())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // No regression files: the repository stays as it is.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn random_tricky_strings_count_as_tiktoken_rs_counts_them(text in tricky_text()) {
        for encoding in encodings() {
            prop_assert_eq!(
                encoding.count(&text),
                encoding.reference_count(&text),
                "{} on {:?}", encoding.name, text
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hand-written pre-tokenizers against their regexes

fn scanners_and_regexes() -> &'static [(&'static str, Pretokenizer, Pretokenizer)] {
    static BOTH: OnceLock<Vec<(&'static str, Pretokenizer, Pretokenizer)>> = OnceLock::new();
    BOTH.get_or_init(|| {
        [
            ("o200k_base", O200K_BASE_PATTERN),
            ("cl100k_base", CL100K_BASE_PATTERN),
            ("r50k_base", R50K_BASE_PATTERN),
        ]
        .into_iter()
        .map(|(name, pattern)| {
            let scanner = Pretokenizer::new(pattern).unwrap();
            assert!(!scanner.uses_regex(), "{name} has a scanner");
            (name, scanner, Pretokenizer::from_regex(pattern).unwrap())
        })
        .collect()
    })
}

#[test]
fn our_patterns_are_tiktoken_rs_patterns() {
    assert_eq!(O200K_BASE_PATTERN, tiktoken_rs::O200K_BASE_PAT_STR);
    // tiktoken-rs keeps the older patterns inline in its source, as Rust string literals.
    let source = fs::read_to_string(tiktoken_assets().join("../src/tiktoken_ext/openai_public.rs"))
        .expect("tiktoken-rs's source is beside its assets");
    for encoding in encodings()
        .iter()
        .filter(|e| e.pattern != O200K_BASE_PATTERN)
    {
        let literal = format!("\"{}\"", encoding.pattern.replace('\\', "\\\\"));
        assert!(source.contains(&literal), "{}: {literal}", encoding.name);
    }
}

#[test]
fn scanners_split_every_corpus_file_as_their_regexes() {
    for (name, scanner, regex) in scanners_and_regexes() {
        for (file, text) in corpus() {
            assert_eq!(
                split(scanner, &text),
                split(regex, &text),
                "{file} with {name}"
            );
        }
    }
}

/// Every Unicode scalar value (but the wholly unassigned planes 4 to 13) in contexts that
/// exercise every alternative (a word prefix after a digit, inside an upper-then-lower
/// word, before a contraction, in white space, after a space, inside an all-upper word),
/// split by each scanner and its regex: the class table is right for every char.
#[test]
fn scanners_split_every_code_point_as_their_regexes() {
    let text: String = (0..=0x3_FFFF)
        .chain(0xE_0000..=0x10_FFFF)
        .filter_map(char::from_u32)
        .map(|c| format!("1{c}a A{c}a'S\t{c} {c}\nA{c}B "))
        .collect();
    for (name, scanner, regex) in scanners_and_regexes() {
        let ours = split(scanner, &text);
        let theirs = split(regex, &text);
        if let Some(at) = (0..ours.len().max(theirs.len())).find(|&k| ours.get(k) != theirs.get(k))
        {
            let around = |pieces: &[&str]| {
                pieces[at.saturating_sub(3)..]
                    .iter()
                    .take(6)
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
            };
            panic!(
                "{name} differs at piece {at}: ours {:?}, regex {:?}",
                around(&ours),
                around(&theirs)
            );
        }
    }
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn scanners_split_random_tricky_strings_as_their_regexes(text in tricky_text()) {
        for (name, scanner, regex) in scanners_and_regexes() {
            prop_assert_eq!(split(scanner, &text), split(regex, &text), "{} on {:?}", name, text);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Throughput

/// About `size` bytes of varied text that does not repeat: the corpus files, each copy
/// with a few seeded letter substitutions, then Rust sources from the cargo registry.
fn varied_text(size: usize) -> String {
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    let mut text = String::with_capacity(size + 100_000);
    let corpus: Vec<String> = corpus()
        .into_iter()
        .filter(|(name, _)| name != "no_spaces_200k.txt")
        .map(|(_, text)| text)
        .collect();
    while text.len() < size / 2 {
        for file in &corpus {
            text.extend(file.chars().map(|c| {
                if c.is_ascii_lowercase() && random.next().is_multiple_of(16) {
                    (b'a' + (random.next() % 26) as u8) as char
                } else {
                    c
                }
            }));
        }
    }
    let registry = tiktoken_assets().join("../..");
    let mut sources = Vec::new();
    let mut stack = vec![registry];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                sources.push(path);
            }
        }
    }
    sources.sort();
    for path in sources {
        if text.len() >= size {
            break;
        }
        if let Ok(source) = fs::read_to_string(&path) {
            text.push_str(&source);
        }
    }
    text
}

#[test]
#[ignore = "a report: run in release with --ignored --nocapture"]
fn throughput_report() {
    let text = varied_text(5 << 20);
    let megabytes = text.len() as f64 / 1e6;
    println!("{:.1} MB of varied text", megabytes);
    for encoding in encodings() {
        let started = Instant::now();
        let pieces = encoding.pretokenizer.pieces(&text).count();
        let split = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let ours = encoding.count(&text);
        let ours_time = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let theirs = encoding.reference_count(&text);
        let theirs_time = started.elapsed().as_secs_f64();
        println!(
            "{:12} ours {:6.1} MB/s (split alone {:6.1} MB/s, {pieces} pieces), tiktoken-rs {:5.1} MB/s: {:.1}x",
            encoding.name,
            megabytes / ours_time,
            megabytes / split,
            megabytes / theirs_time,
            theirs_time / ours_time
        );
        assert_eq!(ours, theirs, "{}", encoding.name);
    }
}
