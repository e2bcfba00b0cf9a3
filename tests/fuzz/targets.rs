//! The fuzz targets: every parser a user can feed, each with raw-byte inputs and structured
//! ones (real files and links, mutated), and what the page or the command line does next
//! with what it read (checks, pricing, the forecast, counting).

use std::sync::OnceLock;

use arbitrary::Unstructured;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use llm_cost_planner::core::plan::forecast::forecast;
use llm_cost_planner::core::plan::mix::evaluate;
use llm_cost_planner::core::plan::presets::PRESETS;
use llm_cost_planner::core::plan::scenario::Scenario;
use llm_cost_planner::core::plan::share_link::{self, LinkError, SharedView};
use llm_cost_planner::core::pricing::catalogue::Catalogue;
use llm_cost_planner::core::pricing::price_request::{price_line, PriceRequestError};
use llm_cost_planner::core::tokens::bpe::{self, Pretokenizer, Vocabulary};
use llm_cost_planner::core::tokens::encoding::Encoding;
use llm_cost_planner::core::tokens::prompt_counts::PromptCounts;
use llm_cost_planner::core::tokens::sentencepiece::SentencePiece;

use crate::engine::Target;
use crate::mutate::{keys_of, mutate_bytes, mutate_value, random_text, tricky_text};

pub const TARGETS: &[Target] = &[
    Target {
        name: "share-link",
        run: share_link_input,
        describe: share_link_about,
    },
    Target {
        name: "scenario-file",
        run: scenario_file_input,
        describe: scenario_file_about,
    },
    Target {
        name: "price-line",
        run: price_line_input,
        describe: price_line_about,
    },
    Target {
        name: "vocabulary",
        run: vocabulary_input,
        describe: vocabulary_about,
    },
    Target {
        name: "sentencepiece",
        run: sentencepiece_input,
        describe: sentencepiece_about,
    },
];

/// Set by `--replay`: refusals print their message, to see why an input stopped where it did.
pub static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn refused(why: &'static str, error: impl std::fmt::Display) -> &'static str {
    if VERBOSE.load(std::sync::atomic::Ordering::Relaxed) {
        println!("{why}: {error}");
    }
    why
}

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

/// The first byte picks how the rest is read: as the input itself, or as the choices
/// that build a structured one.
fn mode(input: &[u8], modes: u8) -> (u8, &[u8]) {
    match input.split_first() {
        Some((first, rest)) => (first % modes, rest),
        None => (0, input),
    }
}

fn about(mode_names: &[&str], input: &[u8], modes: u8) -> String {
    let (mode, _) = mode(input, modes);
    format!("{}, {} bytes", mode_names[mode as usize], input.len())
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

fn catalogue() -> &'static Catalogue {
    match Catalogue::embedded() {
        Ok(catalogue) => catalogue,
        Err(error) => panic!("the embedded catalogue does not load: {error}"),
    }
}

/// Real scenarios: the presets and the oracle's scenario cases, as JSON values.
fn scenarios() -> &'static [Value] {
    static SCENARIOS: OnceLock<Vec<Value>> = OnceLock::new();
    SCENARIOS.get_or_init(|| {
        let mut all: Vec<Value> = PRESETS
            .iter()
            .filter_map(|p| serde_json::from_str(p.json()).ok())
            .collect();
        let cases = std::fs::read_to_string(format!("{VECTORS}/scenario_cases.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<Vec<Value>>(&text).ok())
            .unwrap_or_default();
        all.extend(
            cases
                .into_iter()
                .filter_map(|mut case| case.get_mut("scenario").map(Value::take)),
        );
        all
    })
}

fn scenario_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        scenarios().iter().for_each(|s| keys_of(s, &mut keys));
        keys.extend(["s", "p", "version", "kind", "fixed", "model"].map(String::from));
        keys.into_iter().map(|k| &*k.leak()).collect()
    })
}

fn pick_scenario(u: &mut Unstructured) -> Value {
    u.choose(scenarios()).cloned().unwrap_or(Value::Null)
}

/// What the page and `llm-cost scenario` do with a scenario they read: check it, price it,
/// forecast it, write it back out as a file and as a link.
fn use_scenario(scenario: &Scenario, prompt: &PromptCounts) -> &'static str {
    let _ = scenario.check_numbers();
    let _ = scenario.uses_prompt();
    let _ = scenario.models_used();
    let _ = scenario.to_json();
    let report = match evaluate(scenario, catalogue(), prompt, at()) {
        Ok(report) => report,
        Err(error) => return refused("read, refused by its checks", error),
    };
    let _ = report.figures(scenario);
    let growth = match forecast(&scenario.forecast, &report.query_costs()) {
        Ok(growth) => growth,
        Err(error) => return refused("priced, forecast refused", error),
    };
    let _ = growth.figures();
    let _ = growth.to_csv();
    let _ = growth.first_month_over_budget();
    "priced and forecast"
}

/// The prompt's counts a scenario's `"prompt"` token sources read: any size.
fn prompt_counts(u: &mut Unstructured) -> PromptCounts {
    let mut counts = PromptCounts::default();
    for encoding in [Encoding::O200kBase, Encoding::Cl100kBase, Encoding::Llama3] {
        if u.ratio(2u8, 3u8).unwrap_or(false) {
            let count = match u.int_in_range(0..=3u8).unwrap_or(0) {
                0 => u64::MAX,
                1 => u.arbitrary::<u64>().unwrap_or(0),
                _ => u64::from(u.arbitrary::<u16>().unwrap_or(0)),
            };
            counts.exact.insert(encoding, count);
        }
    }
    for class in counts.o200k_by_class.iter_mut() {
        *class = u64::from(u.arbitrary::<u32>().unwrap_or(0));
    }
    counts
}

// ---- share links ------------------------------------------------------------------------

const SHARE_MODES: &[&str] = &[
    "raw text",
    "s1. + base64 of raw bytes",
    "s1. + deflated raw bytes",
    "real scenario mutated, encoded",
    "real scenario encoded, link mutated",
    "golden link mutated",
];

fn share_link_input(input: &[u8]) -> &'static str {
    let (mode, rest) = mode(input, SHARE_MODES.len() as u8);
    let mut u = Unstructured::new(rest);
    let fragment = match mode {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => format!("s1.{}", URL_SAFE_NO_PAD.encode(rest)),
        2 => link_of_json(rest),
        3 => {
            let envelope = mutated_envelope(&mut u);
            link_of_json(&serde_json::to_vec(&envelope).unwrap_or_default())
        }
        4 => {
            let envelope = mutated_envelope(&mut u);
            let mut link =
                link_of_json(&serde_json::to_vec(&envelope).unwrap_or_default()).into_bytes();
            mutate_bytes(&mut u, &mut link, 4);
            String::from_utf8_lossy(&link).into_owned()
        }
        _ => {
            let mut link = u
                .choose(golden_links())
                .cloned()
                .unwrap_or_default()
                .into_bytes();
            mutate_bytes(&mut u, &mut link, 6);
            String::from_utf8_lossy(&link).into_owned()
        }
    };
    let view = match share_link::decode(&fragment) {
        Ok(view) => view,
        Err(LinkError::NotALink) => return "not a link",
        Err(error @ LinkError::Scenario(_)) => return refused("link refused: its scenario", error),
        Err(LinkError::TooLarge) => return "link refused: too large",
        Err(error) => return refused("link refused: damaged or unknown version", error),
    };
    // A link that opened makes the same link again.
    let again = share_link::encode(&view);
    let reopened: Option<SharedView> = share_link::decode(&again).ok();
    assert_eq!(
        reopened.as_ref(),
        Some(&view),
        "a link that opened does not reopen as itself"
    );
    use_scenario(&view.scenario, &prompt_counts(&mut u))
}

fn share_link_about(input: &[u8]) -> String {
    about(SHARE_MODES, input, SHARE_MODES.len() as u8)
}

fn link_of_json(json: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(json, 1);
    format!("s1.{}", URL_SAFE_NO_PAD.encode(compressed))
}

fn mutated_envelope(u: &mut Unstructured) -> Value {
    let mut envelope = serde_json::json!({ "s": pick_scenario(u) });
    if u.ratio(1u8, 3u8).unwrap_or(false) {
        envelope["p"] = Value::String(random_text(u, 300));
    }
    mutate_value(u, &mut envelope, scenario_keys(), 6, 2);
    envelope
}

fn golden_links() -> &'static [String] {
    static LINKS: OnceLock<Vec<String>> = OnceLock::new();
    LINKS.get_or_init(|| {
        let text =
            std::fs::read_to_string(format!("{VECTORS}/share_links.json")).unwrap_or_default();
        let cases: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        cases
            .iter()
            .filter_map(|case| case["fragment"].as_str().map(str::to_string))
            .collect()
    })
}

// ---- scenario files ---------------------------------------------------------------------

const SCENARIO_MODES: &[&str] = &[
    "raw bytes",
    "real scenario mutated",
    "real scenario text mutated",
];

fn scenario_file_input(input: &[u8]) -> &'static str {
    let (mode, rest) = mode(input, SCENARIO_MODES.len() as u8);
    let mut u = Unstructured::new(rest);
    let text = match mode {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => {
            let mut scenario = pick_scenario(&mut u);
            mutate_value(&mut u, &mut scenario, scenario_keys(), 8, 1);
            serde_json::to_string_pretty(&scenario).unwrap_or_default()
        }
        _ => {
            let mut text = serde_json::to_vec_pretty(&pick_scenario(&mut u)).unwrap_or_default();
            mutate_bytes(&mut u, &mut text, 8);
            String::from_utf8_lossy(&text).into_owned()
        }
    };
    match Scenario::from_json(&text) {
        Ok(scenario) => use_scenario(&scenario, &prompt_counts(&mut u)),
        Err(error) => refused("file refused", error),
    }
}

fn scenario_file_about(input: &[u8]) -> String {
    about(SCENARIO_MODES, input, SCENARIO_MODES.len() as u8)
}

// ---- price lines ------------------------------------------------------------------------

const PRICE_MODES: &[&str] = &[
    "raw bytes",
    "usage built field by field",
    "real line mutated",
];

const PRICE_KEYS: &[&str] = &[
    "provider",
    "model",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "timestamp",
    "price_context",
    "processing",
    "service_tier",
    "batch",
];

fn price_line_input(input: &[u8]) -> &'static str {
    let (mode, rest) = mode(input, PRICE_MODES.len() as u8);
    let mut u = Unstructured::new(rest);
    let line = match mode {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => built_usage(&mut u).to_string(),
        _ => {
            let mut line = u.choose(price_lines()).cloned().unwrap_or(Value::Null);
            mutate_value(&mut u, &mut line, PRICE_KEYS, 4, 1);
            let mut bytes = line.to_string().into_bytes();
            if u.ratio(1u8, 3u8).unwrap_or(false) {
                mutate_bytes(&mut u, &mut bytes, 4);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    match price_line(catalogue(), &line, at()) {
        Ok(_) => "priced",
        Err(PriceRequestError::Malformed(_)) => "refused: not a usage",
        Err(PriceRequestError::Model(_)) => "refused: no such model",
        Err(_) => "refused: its values",
    }
}

fn price_line_about(input: &[u8]) -> String {
    about(PRICE_MODES, input, PRICE_MODES.len() as u8)
}

fn price_lines() -> &'static [Value] {
    static LINES: OnceLock<Vec<Value>> = OnceLock::new();
    LINES.get_or_init(|| {
        let text = std::fs::read_to_string(format!("{VECTORS}/prices.jsonl")).unwrap_or_default();
        text.lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter_map(|mut case| case.get_mut("input").map(Value::take))
            .collect()
    })
}

fn model_names() -> &'static [(String, String)] {
    static NAMES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        catalogue()
            .models()
            .map(|m| (m.provider.id.clone(), m.model.id.clone()))
            .collect()
    })
}

/// A usage whose every field is picked: a real model (or a near miss), tricky counts,
/// tricky timestamps and price contexts.
fn built_usage(u: &mut Unstructured) -> Value {
    let mut line = serde_json::Map::new();
    let (provider, model) = u.choose(model_names()).cloned().unwrap_or_default();
    match u.int_in_range(0..=3u8).unwrap_or(0) {
        0 => line.insert(
            "model".into(),
            Value::String(format!("{model}{}", tricky_text(u))),
        ),
        1 => line.insert("model".into(), Value::String(tricky_text(u))),
        _ => line.insert("model".into(), Value::String(model)),
    };
    if u.ratio(1u8, 2u8).unwrap_or(false) {
        line.insert("provider".into(), Value::String(provider));
    }
    for key in &PRICE_KEYS[2..7] {
        if u.ratio(2u8, 3u8).unwrap_or(false) {
            let value = if u.ratio(3u8, 4u8).unwrap_or(false) {
                crate::mutate::tricky_number(u)
            } else {
                crate::mutate::random_value(u, 1)
            };
            line.insert((*key).into(), value);
        }
    }
    if u.ratio(1u8, 2u8).unwrap_or(false) {
        line.insert("timestamp".into(), Value::String(tricky_text(u)));
    }
    if u.ratio(1u8, 3u8).unwrap_or(false) {
        let mut context = crate::mutate::random_value(u, 2);
        if u.ratio(1u8, 2u8).unwrap_or(false) {
            context = serde_json::json!({ "processing": tricky_text(u) });
        }
        line.insert("price_context".into(), context);
    }
    Value::Object(line)
}

// ---- vocabularies (.tiktoken) -----------------------------------------------------------

const VOCABULARY_MODES: &[&str] = &[
    "raw bytes",
    "lines built token by token",
    "real vocabulary head mutated",
];

fn vocabulary_input(input: &[u8]) -> &'static str {
    let (mode, rest) = mode(input, VOCABULARY_MODES.len() as u8);
    let mut u = Unstructured::new(rest);
    let file = match mode {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => built_vocabulary(&mut u),
        _ => {
            let mut file = real_head("r50k_base.tiktoken", 2000).into_bytes();
            mutate_bytes(&mut u, &mut file, 8);
            String::from_utf8_lossy(&file).into_owned()
        }
    };
    let vocabulary = match Vocabulary::from_tiktoken(&file) {
        Ok(vocabulary) => vocabulary,
        Err(error) => return refused("refused", error),
    };
    {
        let pretokenizer = match u.int_in_range(0..=3u8).unwrap_or(0) {
            0 => Pretokenizer::o200k_base(),
            1 => Pretokenizer::cl100k_base(),
            2 => Pretokenizer::r50k_base(),
            _ => Pretokenizer::p50k_base(),
        };
        let text = random_text(&mut u, 2000);
        let _ = bpe::count(&vocabulary, &pretokenizer, &text);
        let _ = vocabulary.rank(text.as_bytes());
    }
    "loaded and counted"
}

fn vocabulary_about(input: &[u8]) -> String {
    about(VOCABULARY_MODES, input, VOCABULARY_MODES.len() as u8)
}

/// The first `lines` lines of a vocabulary the page serves (empty if it is not there).
fn real_head(file: &str, lines: usize) -> String {
    let path = format!("{}/public/vocab/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().take(lines).flat_map(|l| [l, "\n"]).collect()
}

fn built_vocabulary(u: &mut Unstructured) -> String {
    let tokens = u.int_in_range(0..=600usize).unwrap_or(0);
    let mut file = String::new();
    let all_bytes = u.ratio(3u8, 4u8).unwrap_or(true);
    if all_bytes {
        for byte in 0..=255u8 {
            file.push_str(&format!("{} {byte}\n", base64_std(&[byte])));
        }
    }
    let first_rank = if all_bytes { 256 } else { 0 };
    // Half the files are well formed, so they load and count; the rest have faults.
    let faulty = u.arbitrary::<bool>().unwrap_or(false);
    let mut seen = std::collections::HashSet::new();
    for index in 0..tokens {
        let len = u.int_in_range(1..=12usize).unwrap_or(1);
        let token: Vec<u8> = (0..len)
            .map(|_| u.arbitrary::<u8>().unwrap_or(b'a') % 96 + 32)
            .collect();
        if !faulty && ((len == 1 && all_bytes) || !seen.insert(token.clone())) {
            continue;
        }
        let fault = if faulty {
            u.int_in_range(0..=99u8).unwrap_or(0)
        } else {
            99
        };
        let rank = match fault {
            0 => tricky_text(u),
            1 => u.arbitrary::<u32>().unwrap_or(0).to_string(),
            2 => (first_rank + index / 2).to_string(),
            _ => (first_rank + index).to_string(),
        };
        let separator = match fault {
            3 => "\t",
            4..=9 => "\r\n",
            10..=14 => "\n\n",
            _ => "\n",
        };
        file.push_str(&format!("{} {rank}{separator}", base64_std(&token)));
    }
    file
}

fn base64_std(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

// ---- SentencePiece models (.spm) --------------------------------------------------------

const SENTENCEPIECE_MODES: &[&str] = &[
    "raw bytes",
    "model built piece by piece",
    "real model head mutated",
];

fn sentencepiece_input(input: &[u8]) -> &'static str {
    let (mode, rest) = mode(input, SENTENCEPIECE_MODES.len() as u8);
    let mut u = Unstructured::new(rest);
    let file = match mode {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => built_model(&mut u),
        _ => {
            let mut file = real_model_head().clone().into_bytes();
            mutate_bytes(&mut u, &mut file, 8);
            String::from_utf8_lossy(&file).into_owned()
        }
    };
    match SentencePiece::from_file(&file) {
        Ok(model) => {
            let _ = model.count(&random_text(&mut u, 2000));
            "loaded and counted"
        }
        Err(error) => refused("refused", error),
    }
}

fn sentencepiece_about(input: &[u8]) -> String {
    about(SENTENCEPIECE_MODES, input, SENTENCEPIECE_MODES.len() as u8)
}

/// Gemma 3's header and its first 1,000 pieces, the header's count set to match.
fn real_model_head() -> &'static String {
    static HEAD: OnceLock<String> = OnceLock::new();
    HEAD.get_or_init(|| {
        let head = real_head("gemma3.spm", 1001);
        let mut lines = head.lines();
        let header = lines.next().unwrap_or("");
        let pieces: Vec<&str> = lines.collect();
        let header = header.replace("pieces=262144", &format!("pieces={}", pieces.len()));
        std::iter::once(header.as_str())
            .chain(pieces)
            .flat_map(|l| [l, "\n"])
            .collect()
    })
}

fn built_model(u: &mut Unstructured) -> String {
    let flag = |u: &mut Unstructured| {
        if u.arbitrary::<bool>().unwrap_or(false) {
            "true"
        } else {
            "false"
        }
    };
    // Half the models are well formed, so they load and count; the rest have faults.
    let faulty = u.arbitrary::<bool>().unwrap_or(false);
    let byte_fallback = flag(u);
    let pieces = u.int_in_range(0..=400usize).unwrap_or(0);
    let mut body = String::new();
    let mut count = 0;
    if byte_fallback == "true" && (!faulty || u.ratio(3u8, 4u8).unwrap_or(true)) {
        for byte in 0..=255u8 {
            body.push_str(&format!(
                "{}\t0.0\tbyte\n",
                base64_std(format!("<0x{byte:02X}>").as_bytes())
            ));
            count += 1;
        }
    }
    if !faulty || u.ratio(3u8, 4u8).unwrap_or(true) {
        body.push_str(&format!("{}\t0.0\tunknown\n", base64_std(b"<unk>")));
        count += 1;
    }
    let (kinds, chars): (&[&str], &[char]) = if faulty {
        (
            &[
                "normal",
                "normal",
                "user_defined",
                "unused",
                "control",
                "byte",
                "unknown",
                "odd",
            ],
            &['a', 'b', ' ', '\u{2581}', 'é', '1', '\0', '<'],
        )
    } else {
        (
            &[
                "normal",
                "normal",
                "normal",
                "normal",
                "user_defined",
                "unused",
            ],
            &['a', 'b', ' ', '\u{2581}', 'é', '1', '<', '>'],
        )
    };
    let mut seen = std::collections::HashSet::new();
    for _ in 0..pieces {
        let len = u.int_in_range(1..=6usize).unwrap_or(1);
        let piece: String = (0..len)
            .map(|_| u.choose(chars).copied().unwrap_or('a'))
            .collect();
        if !faulty && !seen.insert(piece.clone()) {
            continue;
        }
        let score = match u.int_in_range(0..=9u8).unwrap_or(0) {
            0 if faulty => tricky_text(u),
            _ => format!(
                "{}",
                -(u.int_in_range(0..=10_000u32).unwrap_or(0) as f32) / 10.0
            ),
        };
        let kind = u.choose(kinds).copied().unwrap_or("normal");
        body.push_str(&format!(
            "{}\t{score}\t{kind}\n",
            base64_std(piece.as_bytes())
        ));
        count += 1;
    }
    let declared = if !faulty || u.ratio(9u8, 10u8).unwrap_or(true) {
        count.to_string()
    } else {
        tricky_text(u)
    };
    format!(
        "#sentencepiece v1\tmodel_type=bpe\tnormalization=identity\tadd_dummy_prefix={}\t\
         remove_extra_whitespaces={}\tescape_whitespaces={}\ttreat_whitespace_as_suffix={}\t\
         byte_fallback={byte_fallback}\tsplit_digits={}\tpieces={declared}\n{body}",
        flag(u),
        flag(u),
        flag(u),
        flag(u),
        flag(u),
    )
}
