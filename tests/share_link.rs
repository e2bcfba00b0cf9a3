//! Share links: their length, the golden links that must open forever, the refusal of
//! anything that is not an intact link (never a panic), and the round trip of any scenario
//! (proptest).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use llm_cost_planner::core::plan::forecast::ForecastInputs;
use llm_cost_planner::core::plan::presets::PRESETS;
use llm_cost_planner::core::plan::scenario::{
    CacheTtl, CustomPrice, Escalation, Negotiated, PromptCache, QueryType, ResponseCache, Router,
    Scenario, ScenarioFileError, TokenSource, SCENARIO_VERSION,
};
use llm_cost_planner::core::plan::share_link::{
    decode, encode, json_len, LinkError, SharedView, LINK_VERSION, MAX_JSON_BYTES,
    MAX_PAYLOAD_CHARS,
};
use llm_cost_planner::core::pricing::delivery::ServiceTier;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The page's address a fragment is appended to, as long as the one the issue counts.
const PAGE_URL: &str = "https://example.github.io/llm-cost-planner/#";

/// "A typical scenario's link without the prompt fits in 600 characters", page URL included.
const MAX_PRESET_FRAGMENT: usize = 540;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

fn view(scenario: Scenario, prompt: Option<&str>) -> SharedView {
    SharedView {
        scenario,
        prompt: prompt.map(str::to_string),
    }
}

/// A link whose payload is `json`, deflated and encoded as v1 does, for hand-made links.
fn link_of_json(json: &[u8]) -> String {
    link_of_bytes(&miniz_oxide::deflate::compress_to_vec(json, 6))
}

fn link_of_bytes(bytes: &[u8]) -> String {
    format!("s1.{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn preset_fragments() -> Vec<(&'static str, String)> {
    PRESETS
        .iter()
        .map(|preset| {
            let scenario = preset.scenario().expect("the preset parses");
            (preset.id, encode(&view(scenario, None)))
        })
        .collect()
}

#[test]
fn every_preset_link_fits_in_a_short_url() {
    let starter = encode(&view(Scenario::starter(), None));
    eprintln!("starter: fragment {} chars", starter.len());
    for (id, fragment) in preset_fragments() {
        let url = format!("{PAGE_URL}{fragment}");
        eprintln!(
            "{id}: fragment {} chars, URL {} chars",
            fragment.len(),
            url.len()
        );
        assert!(
            fragment.len() <= MAX_PRESET_FRAGMENT,
            "{id}'s link is {} chars: {fragment}",
            fragment.len()
        );
        assert!(url.len() <= 600, "{id}'s URL is {} chars", url.len());
    }
    assert!(starter.len() <= MAX_PRESET_FRAGMENT);
}

#[test]
fn a_link_names_its_format_and_uses_only_url_safe_characters() {
    for (id, fragment) in preset_fragments() {
        let payload = fragment
            .strip_prefix(&format!("s{LINK_VERSION}."))
            .unwrap_or_else(|| panic!("{id}: {fragment}"));
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}: {payload}"
        );
    }
}

#[test]
fn a_link_opens_with_or_without_its_hash() {
    let shared = view(Scenario::starter(), Some("Summarise this ticket."));
    let fragment = encode(&shared);
    assert_eq!(decode(&fragment), Ok(shared.clone()));
    assert_eq!(decode(&format!("#{fragment}")), Ok(shared.clone()));
    assert_eq!(decode(&format!("  #{fragment}\n")), Ok(shared));
}

#[test]
fn every_preset_round_trips_with_and_without_a_prompt() {
    for preset in PRESETS {
        let scenario = preset.scenario().expect("the preset parses");
        for prompt in [None, Some(""), Some("Réponds en français 🙂 — 日本語も")] {
            let shared = view(scenario.clone(), prompt);
            assert_eq!(decode(&encode(&shared)), Ok(shared), "{}", preset.id);
        }
    }
}

#[test]
fn the_prompt_is_only_in_a_link_that_carries_it() {
    let secret = "customer 4711 ordered a red bicycle";
    let with = encode(&view(Scenario::starter(), Some(secret)));
    let without = encode(&view(Scenario::starter(), None));
    assert!(with.len() > without.len());
    assert_eq!(
        decode(&without).expect("opens").prompt,
        None,
        "no prompt when the sender did not opt in"
    );
}

// ---------------------------------------------------------------------------------------
// Golden links: made once by `write_golden_vectors`, then kept as data. They must open, to
// the same scenario, in every later build.

#[derive(Debug, Serialize, Deserialize)]
struct GoldenLink {
    name: String,
    version: u32,
    fragment: String,
    scenario: serde_json::Value,
    prompt: Option<String>,
}

fn vectors_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/share_links.json")
}

fn golden_links() -> Vec<GoldenLink> {
    let text = std::fs::read_to_string(vectors_path()).expect("tests/vectors/share_links.json");
    serde_json::from_str(&text).expect("the golden links parse")
}

/// A scenario with every optional part set, so each of them is in a golden link.
fn every_field_scenario() -> Scenario {
    let mut scenario = Scenario::starter();
    scenario.name = "Every field, ünïcödé ✓".to_string();
    scenario.query_types = vec![
        QueryType {
            name: "Lookups".to_string(),
            share_pct: d("62.5"),
            model: "openai/gpt-5.4-nano".to_string(),
            shared_prefix_tokens: TokenSource::Prompt,
            input_tokens: TokenSource::Typed(150),
            output_tokens: 200,
            reasoning_tokens: 64,
            escalation: Some(Escalation {
                rate_pct: d("2.50"),
                model: "openai/gpt-5.5".to_string(),
            }),
            batch_pct: d("25"),
        },
        QueryType {
            name: String::new(),
            share_pct: d("37.5"),
            model: "anthropic/claude-sonnet-4-6".to_string(),
            shared_prefix_tokens: TokenSource::None,
            input_tokens: TokenSource::Prompt,
            output_tokens: 1200,
            reasoning_tokens: 0,
            escalation: None,
            batch_pct: Decimal::ZERO,
        },
    ];
    scenario.router = Some(Router::Fixed {
        usd_per_1k: d("0.050"),
    });
    scenario.response_cache = ResponseCache {
        exact_hit_pct: d("10"),
        semantic_hit_pct: d("20"),
        embedding_model: Some("openai/text-embedding-3-small".to_string()),
    };
    scenario.prompt_cache = PromptCache {
        hit_pct: d("90"),
        ttl: CacheTtl::OneHour,
    };
    scenario.service_tier = ServiceTier::Priority;
    scenario.negotiated = Negotiated {
        discount_pct: BTreeMap::from([
            ("openai".to_string(), d("10")),
            ("anthropic".to_string(), d("7.5")),
        ]),
        custom_prices: BTreeMap::from([
            (
                "anthropic/claude-sonnet-4-6".to_string(),
                CustomPrice {
                    input_mtok: d("2.5"),
                    output_mtok: d("12"),
                    cache_read_mtok: Some(d("0.25")),
                    cache_write_mtok: Some(d("3.125")),
                },
            ),
            (
                "openai/gpt-5.5".to_string(),
                CustomPrice {
                    input_mtok: d("1"),
                    output_mtok: d("8.00"),
                    cache_read_mtok: None,
                    cache_write_mtok: None,
                },
            ),
        ]),
    };
    scenario.baseline_model = Some("openai/gpt-5.5".to_string());
    scenario.forecast = ForecastInputs {
        users_start: d("25000"),
        growth_pct: d("-2.5"),
        queries_per_user: d("42"),
        horizon_months: 36,
        budget_usd: Some(d("12500.00")),
        seasonal: Some(
            [
                "1", "1", "1.1", "1", "1", "0.9", "0.8", "0.8", "1", "1", "1.2", "1.5",
            ]
            .map(d)
            .to_vec(),
        ),
        start_month: 7,
    };
    scenario
}

/// Every case a golden link exists for, by name.
fn golden_cases() -> Vec<(String, SharedView)> {
    let mut cases: Vec<(String, SharedView)> = PRESETS
        .iter()
        .map(|preset| {
            let scenario = preset.scenario().expect("the preset parses");
            (format!("preset: {}", preset.id), view(scenario, None))
        })
        .collect();
    let mut with_prompt = Scenario::starter();
    with_prompt.query_types[0].input_tokens = TokenSource::Prompt;
    cases.push((
        "starter with a prompt: non-ASCII and emoji".to_string(),
        view(
            with_prompt,
            Some(
                "Résumé de la réunion — 会議の要約 📈✨👩‍💻\n\
                 Line two: \"quotes\", back\\slash, tab\tand ünïcödé.",
            ),
        ),
    ));
    cases.push((
        "every optional field set".to_string(),
        view(
            every_field_scenario(),
            Some("Ticket: my order #4711 is late 😞"),
        ),
    ));
    cases
}

/// Adds a golden link for each case that has none yet; existing links are never rewritten,
/// since they stand for links already out in the world. Run by hand:
/// `cargo test --test share_link -- --ignored write_golden_vectors`.
#[test]
#[ignore = "writes tests/vectors/share_links.json; run by hand to add a case"]
fn write_golden_vectors() {
    let path = vectors_path();
    let mut links: Vec<GoldenLink> = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).expect("the golden links parse"),
        Err(_) => Vec::new(),
    };
    for (name, shared) in golden_cases() {
        if links.iter().any(|link| link.name == name) {
            continue;
        }
        links.push(GoldenLink {
            name,
            version: LINK_VERSION,
            fragment: encode(&shared),
            scenario: serde_json::to_value(&shared.scenario).expect("a scenario serializes"),
            prompt: shared.prompt,
        });
    }
    let text = serde_json::to_string_pretty(&links).expect("the links serialize");
    std::fs::write(&path, text + "\n").expect("writes the golden links");
}

#[test]
fn golden_links_keep_opening() {
    let links = golden_links();
    for link in &links {
        let expected = Scenario::from_json(&link.scenario.to_string())
            .unwrap_or_else(|error| panic!("{}: stored scenario: {error}", link.name));
        assert!(
            link.fragment.starts_with(&format!("s{}.", link.version)),
            "{}: {}",
            link.name,
            link.fragment
        );
        let opened = decode(&link.fragment).unwrap_or_else(|error| {
            panic!("{}: the golden link no longer opens: {error}", link.name)
        });
        assert_eq!(opened.scenario, expected, "{}", link.name);
        assert_eq!(opened.prompt, link.prompt, "{}", link.name);
        // Decimal equality ignores trailing zeros; the link must keep them too.
        assert_eq!(
            opened.scenario.to_json(),
            expected.to_json(),
            "{}",
            link.name
        );
    }
}

#[test]
fn golden_links_cover_the_presets_a_prompt_and_every_field() {
    let links = golden_links();
    for preset in PRESETS {
        let name = format!("preset: {}", preset.id);
        let link = links
            .iter()
            .find(|link| link.name == name)
            .unwrap_or_else(|| panic!("no golden link for {name}"));
        assert_eq!(link.prompt, None);
        let opened = decode(&link.fragment).expect("opens");
        assert_eq!(opened.scenario, preset.scenario().expect("parses"));
    }
    assert!(links.iter().any(|link| link
        .prompt
        .as_deref()
        .is_some_and(|p| { !p.is_ascii() && p.chars().any(|c| c as u32 >= 0x1F300) })));
    let every = links
        .iter()
        .find(|link| link.name == "every optional field set")
        .expect("a golden link with every field");
    let scenario = decode(&every.fragment).expect("opens").scenario;
    assert!(matches!(scenario.router, Some(Router::Fixed { .. })));
    assert!(scenario.query_types.iter().any(|t| t.escalation.is_some()));
    assert!(scenario.response_cache.embedding_model.is_some());
    assert!(!scenario.negotiated.discount_pct.is_empty());
    assert!(scenario
        .negotiated
        .custom_prices
        .values()
        .any(|p| p.cache_read_mtok.is_some() && p.cache_write_mtok.is_some()));
    assert!(scenario.baseline_model.is_some());
    assert!(scenario.forecast.seasonal.is_some() && scenario.forecast.budget_usd.is_some());
    assert_eq!(scenario.service_tier, ServiceTier::Priority);
    assert_eq!(scenario.prompt_cache.ttl, CacheTtl::OneHour);
}

#[test]
fn every_golden_case_has_a_golden_link() {
    let links = golden_links();
    for (name, _) in golden_cases() {
        assert!(
            links.iter().any(|link| link.name == name),
            "no golden link for {name:?}: run `cargo test --test share_link -- --ignored write_golden_vectors`"
        );
    }
}

// ---------------------------------------------------------------------------------------
// What is not an intact link.

#[test]
fn fragments_of_other_sites_are_not_links() {
    for fragment in [
        "",
        "#",
        "   ",
        "#section-2",
        "#s",
        "#s.",
        "s.abc",
        "sx.abc",
        "S1.abc",
        "s1",
        "s1abc",
        "#access_token=abc123&token_type=bearer&expires_in=3600",
        "#/settings?tab=2",
        "#%73%31.abc",
        "#s-1.abc",
        "#s+1.abc",
        "#s１.abc",
        "#s12345678901.abc",
    ] {
        assert_eq!(decode(fragment), Err(LinkError::NotALink), "{fragment:?}");
    }
}

#[test]
fn a_link_of_an_unknown_format_says_a_newer_planner_made_it() {
    let error = decode("#s9.").expect_err("s9 is unknown");
    assert_eq!(error, LinkError::UnknownVersion("9".to_string()));
    assert!(error.to_string().contains("newer version of the planner"));
    let payload = encode(&view(Scenario::starter(), None));
    let as_v2 = payload.replacen("s1.", "s2.", 1);
    assert_eq!(
        decode(&as_v2),
        Err(LinkError::UnknownVersion("2".to_string()))
    );
    assert_eq!(
        decode("s01.abc"),
        Err(LinkError::UnknownVersion("01".to_string()))
    );
}

#[test]
fn every_cut_short_link_is_refused() {
    for (id, fragment) in preset_fragments() {
        for end in 0..fragment.len() {
            let cut = &fragment[..end];
            assert!(
                decode(cut).is_err(),
                "{id} cut to {end} chars opened: {cut}"
            );
        }
    }
    let error = decode(&preset_fragments()[0].1[..100]).expect_err("cut short");
    assert!(matches!(error, LinkError::Corrupt(_)), "{error:?}");
    assert!(error.to_string().contains("damaged or cut short"));
}

#[test]
fn a_link_with_characters_base64url_has_not_is_corrupt() {
    for fragment in [
        "s1.",
        "s1.a",
        "s1.abc=",
        "s1.ab+/",
        "s1.ab cd",
        "s1.é",
        "s1.AAAA.AAAA",
    ] {
        assert!(
            matches!(decode(fragment), Err(LinkError::Corrupt(_))),
            "{fragment:?}: {:?}",
            decode(fragment)
        );
    }
}

#[test]
fn a_link_that_is_not_the_links_json_is_corrupt() {
    let starter = serde_json::to_string(&Scenario::starter()).expect("serializes");
    for json in [
        "hello".to_string(),
        String::new(),
        "[]".to_string(),
        r#"{"p": "a prompt and no scenario"}"#.to_string(),
        format!(r#"{{"s": {starter}, "x": 1}}"#),
        format!(r#"{{"s": {starter}, "p": 5}}"#),
        format!(r#"{{"s": {starter}"#),
    ] {
        let result = decode(&link_of_json(json.as_bytes()));
        assert!(
            matches!(result, Err(LinkError::Corrupt(_))),
            "{json}: {result:?}"
        );
    }
    let not_utf8 = decode(&link_of_json(b"{\"s\": \"\xff\xfe\"}"));
    assert!(
        matches!(not_utf8, Err(LinkError::Corrupt(_))),
        "{not_utf8:?}"
    );
    let not_deflate = decode(&link_of_bytes(&[0xff; 40]));
    assert!(
        matches!(not_deflate, Err(LinkError::Corrupt(_))),
        "{not_deflate:?}"
    );
}

#[test]
fn a_link_with_a_scenario_this_build_cannot_read_says_why() {
    let newer = decode(&link_of_json(
        br#"{"s": {"version": 2, "query_types": [], "a_new_field": true}}"#,
    ));
    assert_eq!(
        newer,
        Err(LinkError::Scenario(ScenarioFileError::FutureVersion {
            found: 2
        }))
    );
    let mut future = Scenario::starter();
    future.version = SCENARIO_VERSION + 1;
    assert!(matches!(
        decode(&encode(&view(future, None))),
        Err(LinkError::Scenario(ScenarioFileError::FutureVersion { .. }))
    ));
    let malformed = decode(&link_of_json(br#"{"s": {"query_types": "many"}}"#));
    assert!(
        matches!(
            malformed,
            Err(LinkError::Scenario(ScenarioFileError::Malformed(_)))
        ),
        "{malformed:?}"
    );
    let error = malformed.expect_err("malformed");
    assert!(error
        .to_string()
        .starts_with("This link's scenario cannot be opened"));
}

#[test]
fn a_decompression_bomb_is_refused() {
    // 4 MiB of spaces deflate to about 4 KiB.
    let bomb = link_of_json(&vec![b' '; 4 << 20]);
    assert!(bomb.len() < 10_000, "{}", bomb.len());
    assert_eq!(decode(&bomb), Err(LinkError::TooLarge));
    let just_over = link_of_json(&vec![b' '; MAX_JSON_BYTES + 1]);
    assert_eq!(decode(&just_over), Err(LinkError::TooLarge));
    assert!(LinkError::TooLarge.to_string().contains("1024 KiB"));
}

#[test]
fn a_huge_fragment_is_refused_without_decoding_it() {
    let huge = format!("#s1.{}", "A".repeat(MAX_PAYLOAD_CHARS + 1));
    assert_eq!(decode(&huge), Err(LinkError::TooLarge));
}

/// Bytes no compressor can shrink (a 64-bit LCG's high bytes), `len` of them.
fn incompressible(len: usize) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

#[test]
fn incompressible_json_of_the_largest_size_still_fits_the_payload_limit() {
    let stored = miniz_oxide::deflate::compress_to_vec(&incompressible(MAX_JSON_BYTES), 0);
    let payload = URL_SAFE_NO_PAD.encode(&stored).len();
    assert!(payload < MAX_PAYLOAD_CHARS, "{payload} characters");
    // And a whole link at the limit stays within Chromium's 2 MiB address limit.
    assert!(PAGE_URL.len() + "s1.".len() + MAX_PAYLOAD_CHARS < 2 * 1024 * 1024);
}

#[test]
fn a_link_at_the_size_limit_is_refused_as_too_large_and_one_past_it_unread() {
    // Exactly MAX_PAYLOAD_CHARS characters of deflated random bytes: it decodes and inflates
    // until the output passes MAX_JSON_BYTES, then stops.
    let stored = miniz_oxide::deflate::compress_to_vec(&incompressible(MAX_PAYLOAD_CHARS), 0);
    let payload = &URL_SAFE_NO_PAD.encode(&stored)[..MAX_PAYLOAD_CHARS];
    let at_limit = format!("#s1.{payload}");
    let started = std::time::Instant::now();
    assert_eq!(decode(&at_limit), Err(LinkError::TooLarge));
    let took = started.elapsed();
    let past_limit = format!("{at_limit}A");
    assert_eq!(decode(&past_limit), Err(LinkError::TooLarge));
    println!("a link at the size limit was refused in {took:?}");
}

#[test]
fn a_long_prompt_opens_up_to_the_limit() {
    // Text that compresses poorly, about half the limit.
    let long: String = (0..60_000u32)
        .map(|i| char::from_u32(0x4E00 + (i.wrapping_mul(2_654_435_761) % 20_000)).unwrap_or('x'))
        .collect();
    let shared = view(Scenario::starter(), Some(&long));
    assert!(json_len(&shared) < MAX_JSON_BYTES);
    assert_eq!(decode(&encode(&shared)), Ok(shared));

    let too_long = view(Scenario::starter(), Some(&"a".repeat(MAX_JSON_BYTES)));
    assert!(json_len(&too_long) > MAX_JSON_BYTES);
    assert_eq!(decode(&encode(&too_long)), Err(LinkError::TooLarge));
}

#[test]
fn not_a_link_reads_as_a_sentence() {
    assert_eq!(
        LinkError::NotALink.to_string(),
        "This is not a link to a shared scenario."
    );
}

// ---------------------------------------------------------------------------------------
// Properties.

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

fn model_id() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "openai/gpt-5.5",
            "openai/gpt-5.4-mini",
            "anthropic/claude-sonnet-4-6",
            "google/gemini-2.5-flash",
            "openai/text-embedding-3-small",
        ])
        .prop_map(str::to_string),
        text(30),
    ]
}

/// Any decimal, with any scale rust_decimal allows.
fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
        (0i64..=10_000, 0u32..=3).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
        (any::<i128>(), 0u32..=28).prop_map(|(mantissa, scale)| {
            // rust_decimal holds 96 bits of mantissa.
            Decimal::from_i128_with_scale(mantissa >> 32, scale)
        }),
    ]
}

/// `Typed(0)` is written as 0 and read as `None`, the same count: it is not generated.
fn token_source() -> impl Strategy<Value = TokenSource> {
    prop_oneof![
        (1..=u64::MAX).prop_map(TokenSource::Typed),
        (1..=200_000u64).prop_map(TokenSource::Typed),
        Just(TokenSource::Prompt),
        Just(TokenSource::None),
    ]
}

fn escalation() -> impl Strategy<Value = Escalation> {
    (decimal(), model_id()).prop_map(|(rate_pct, model)| Escalation { rate_pct, model })
}

fn query_type() -> impl Strategy<Value = QueryType> {
    (
        text(20),
        decimal(),
        model_id(),
        token_source(),
        token_source(),
        any::<u64>(),
        any::<u64>(),
        proptest::option::of(escalation()),
        decimal(),
    )
        .prop_map(
            |(
                name,
                share_pct,
                model,
                shared_prefix_tokens,
                input_tokens,
                output_tokens,
                reasoning_tokens,
                escalation,
                batch_pct,
            )| QueryType {
                name,
                share_pct,
                model,
                shared_prefix_tokens,
                input_tokens,
                output_tokens,
                reasoning_tokens,
                escalation,
                batch_pct,
            },
        )
}

fn router() -> impl Strategy<Value = Router> {
    prop_oneof![
        (model_id(), any::<u64>(), any::<u64>()).prop_map(
            |(model, input_tokens, output_tokens)| {
                Router::Model {
                    model,
                    input_tokens,
                    output_tokens,
                }
            }
        ),
        decimal().prop_map(|usd_per_1k| Router::Fixed { usd_per_1k }),
    ]
}

fn custom_price() -> impl Strategy<Value = CustomPrice> {
    (
        decimal(),
        decimal(),
        proptest::option::of(decimal()),
        proptest::option::of(decimal()),
    )
        .prop_map(
            |(input_mtok, output_mtok, cache_read_mtok, cache_write_mtok)| CustomPrice {
                input_mtok,
                output_mtok,
                cache_read_mtok,
                cache_write_mtok,
            },
        )
}

fn negotiated() -> impl Strategy<Value = Negotiated> {
    (
        proptest::collection::btree_map(text(12), decimal(), 0..3),
        proptest::collection::btree_map(model_id(), custom_price(), 0..3),
    )
        .prop_map(|(discount_pct, custom_prices)| Negotiated {
            discount_pct,
            custom_prices,
        })
}

fn forecast() -> impl Strategy<Value = ForecastInputs> {
    prop_oneof![
        Just(ForecastInputs::default()),
        (
            decimal(),
            decimal(),
            decimal(),
            any::<u32>(),
            proptest::option::of(decimal()),
            proptest::option::of(proptest::collection::vec(decimal(), 0..14)),
            any::<u32>(),
        )
            .prop_map(
                |(
                    users_start,
                    growth_pct,
                    queries_per_user,
                    horizon_months,
                    budget_usd,
                    seasonal,
                    start_month,
                )| ForecastInputs {
                    users_start,
                    growth_pct,
                    queries_per_user,
                    horizon_months,
                    budget_usd,
                    seasonal,
                    start_month,
                },
            ),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        text(40),
        proptest::collection::vec(query_type(), 1..=6),
        proptest::option::of(router()),
        (decimal(), decimal(), proptest::option::of(model_id())),
        (
            decimal(),
            prop::sample::select(vec![CacheTtl::FiveMinutes, CacheTtl::OneHour]),
        ),
        prop::sample::select(ServiceTier::ALL.to_vec()),
        negotiated(),
        proptest::option::of(model_id()),
        forecast(),
    )
        .prop_map(
            |(
                name,
                query_types,
                router,
                (exact_hit_pct, semantic_hit_pct, embedding_model),
                (hit_pct, ttl),
                service_tier,
                negotiated,
                baseline_model,
                forecast,
            )| Scenario {
                version: SCENARIO_VERSION,
                name,
                query_types,
                router,
                response_cache: ResponseCache {
                    exact_hit_pct,
                    semantic_hit_pct,
                    embedding_model,
                },
                prompt_cache: PromptCache { hit_pct, ttl },
                service_tier,
                negotiated,
                baseline_model,
                forecast,
            },
        )
}

fn shared_view() -> impl Strategy<Value = SharedView> {
    (scenario(), proptest::option::of(text(200)))
        .prop_map(|(scenario, prompt)| SharedView { scenario, prompt })
}

/// A valid link, then cut, a character changed, inserted or removed.
fn mutated_link() -> impl Strategy<Value = String> {
    let links: Vec<String> = preset_fragments().into_iter().map(|(_, f)| f).collect();
    (
        prop::sample::select(links),
        0usize..4,
        any::<prop::sample::Index>(),
        any::<char>(),
    )
        .prop_map(|(link, kind, at, c)| {
            let mut chars: Vec<char> = link.chars().collect();
            let i = at.index(chars.len());
            match kind {
                0 => chars.truncate(i),
                1 => chars[i] = c,
                2 => chars.insert(i, c),
                _ => {
                    chars.remove(i);
                }
            }
            chars.into_iter().collect()
        })
}

proptest! {
    // Cargo's tests/ has no lib.rs beside it, where proptest would file its regressions.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_scenario_and_prompt_round_trip(shared in shared_view()) {
        let fragment = encode(&shared);
        let opened = decode(&fragment);
        prop_assert_eq!(opened.as_ref(), Ok(&shared));
        // Every digit too: "1.50" stays "1.50", not only equal in value.
        let opened = opened.expect("checked above");
        prop_assert_eq!(opened.scenario.to_json(), shared.scenario.to_json());
    }

    #[test]
    fn decoding_any_text_never_panics(text in ".*") {
        let _ = decode(&text);
        let _ = decode(&format!("s1.{text}"));
    }

    #[test]
    fn decoding_base64url_noise_never_panics(noise in "[A-Za-z0-9_-]{0,400}") {
        let link = format!("#s1.{noise}");
        prop_assert!(decode(&link).is_err());
    }

    #[test]
    fn decoding_random_compressed_bytes_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let _ = decode(&link_of_bytes(&bytes));
    }

    #[test]
    fn decoding_a_mutated_link_never_panics(link in mutated_link()) {
        // DEFLATE has no checksum, so a changed character may still open: then it is a
        // scenario like any other, whose own link opens to it again.
        if let Ok(opened) = decode(&link) {
            prop_assert_eq!(decode(&encode(&opened)), Ok(opened));
        }
    }
}
