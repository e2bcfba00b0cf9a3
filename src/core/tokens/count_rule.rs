//! Which tokenizer counts a catalogue model's prompt: the rule, in one place.
//!
//! For a model id of any provider (`openai/gpt-5`, `azure/gpt-4o`,
//! `regional.anthropic.claude-opus-4-1-20250805-v1:0`), the id is first reduced to the
//! model's own name ([`canonical_model_name`]): the last path segment, without a
//! `:variant` suffix or a cloud's region and vendor prefixes. Then, in order:
//! 1. **OpenAI encodings, exact:** the name looked up in tiktoken's own model table (as
//!    tiktoken-rs mirrors it; `tests/count_rule.rs` checks it against Python tiktoken's
//!    answer for every catalogue model).
//! 2. **Open-weight vocabularies, exact:** Llama 3 and 4, Mistral's Tekken, DeepSeek V3,
//!    Qwen 2 and 3.5, by the model-id patterns in [`OPEN_WEIGHT_FAMILIES`], on every
//!    provider that serves them.
//! 3. **Private tokenizers, estimated:** Claude and Gemini: the `o200k_base` count times a
//!    factor per kind of text, with a band; each factor cites its public source.
//! 4. **Anything else: unknown.** The row is priced at the `o200k_base` count with a wide
//!    band and says the tokenizer is unknown, rather than passing a guess off as a count.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use fancy_regex::Regex;

use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::estimates::{self, EstimateRule};

/// How a model's prompt is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountRule {
    /// Counted exactly with the model's own tokenizer.
    Exact(Encoding),
    /// The tokenizer is private: estimated from a public one.
    Estimate(&'static EstimateRule),
    /// The rule does not know this model's tokenizer.
    Unknown,
}

impl CountRule {
    /// The encoding whose count the rule reads: the model's own, or the one its estimate
    /// is built on (`o200k_base` for an unknown tokenizer). Its vocabulary is what the
    /// model's row waits for.
    pub fn needs(self) -> Encoding {
        match self {
            CountRule::Exact(encoding) => encoding.counted_as(),
            CountRule::Estimate(rule) => rule.base.counted_as(),
            CountRule::Unknown => crate::core::tokens::estimates::UNKNOWN_TOKENIZER
                .base
                .counted_as(),
        }
    }
}

/// Which catalogue model ids an open-weight vocabulary counts (Python-style regexes over the
/// model id, as `scripts/vocab/convert.py` records them; a test checks they agree).
pub struct OpenWeightFamily {
    pub encoding: Encoding,
    /// The id matches this somewhere…
    pub include: &'static str,
    /// …and not this (empty: nothing excluded).
    pub exclude: &'static str,
}

pub const OPEN_WEIGHT_FAMILIES: &[OpenWeightFamily] = &[
    OpenWeightFamily {
        encoding: Encoding::Tekken,
        include: r##"(?i)mistral-nemo|unslopnemo|pixtral-12b|ministral|magistral|devstral|voxtral|mistral-small-(24b|3|2409|2501|2503|2506|2603)|mistral-large-(2512|3|4)|mistral\.mistral-large-3|mistral-medium-(3|2505|2508|2604)|^mistral-medium$|^codestral(-2501|-2508)?$|codestral-25|dolphin.*mistral-24b"##,
        exclude: r##"(?i)ocr|embed|transcribe"##,
    },
    OpenWeightFamily {
        encoding: Encoding::Llama3,
        include: r##"(?i)llama[-_.]?v?3(?![0-9])|llama-?3p|llama-guard-[23]\b"##,
        exclude: r##"(?i)prompt-guard"##,
    },
    OpenWeightFamily {
        encoding: Encoding::Llama4,
        include: r##"(?i)llama[-_.]?4(?![0-9])|llama-guard-4"##,
        exclude: r##""##,
    },
    OpenWeightFamily {
        encoding: Encoding::DeepseekV3,
        include: r##"(?i)deepseek[-_/.]?(v3|v4|r1|chat|reasoner|flash|pro|prover-v2)|^deepseek$"##,
        exclude: r##"(?i)distill|qwen|llama"##,
    },
    OpenWeightFamily {
        encoding: Encoding::Qwen2,
        include: r##"(?i)qwen[-_.]?(1\.5|2|2\.5|2p5|3)(?![0-9]|[.p][5-9])|qwq|qwen-(max|plus|turbo|vl-max|vl-plus|mt-plus)|deepseek-r1-distill-qwen|deepseek-r1-0528-qwen3|Qwen-SEA-LION-v4-32B"##,
        exclude: r##""##,
    },
    OpenWeightFamily {
        encoding: Encoding::Qwen3_5,
        include: r##"(?i)qwen[-_.]?3(\.|p)?[5-9]"##,
        exclude: r##""##,
    },
    // Not from convert.py's manifest: Gemma 3's model (scripts/vocab/gemma.py), which
    // Google's SDK counts Gemini 2.0 to 3.0 with (its LocalTokenizer's own model list).
    // Gemini 3.1 and later, and Gemma 4, use Gemma 4's vocabulary; Gemma 1 and 2 and Gemini
    // 1.x the original Gemma one; Gemma 3n is unverified.
    OpenWeightFamily {
        encoding: Encoding::Gemma3,
        include: r##"(?i)gemini-2\.[05]|gemini-live-2\.5|gemini-3-(pro|flash)|gemma-3(?![0-9n.])"##,
        exclude: r##"(?i)embedding"##,
    },
];

/// A group of models whose prompts the rule counts exactly, as the page's notes list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactFamily {
    /// The models, in words ([`Encoding::models`] for an open-weight family).
    pub models: &'static str,
    /// The encodings that count them.
    pub encodings: Vec<Encoding>,
}

/// Every group the rule counts exactly, in the rule's order: OpenAI's models by tiktoken's
/// model table, then each of [`OPEN_WEIGHT_FAMILIES`]. The page's notes are made from this.
pub fn exact_families() -> Vec<ExactFamily> {
    let openai = ExactFamily {
        models: "OpenAI models that tiktoken's own model table names",
        encodings: Encoding::ALL
            .into_iter()
            .filter(|e| e.is_openai())
            .collect(),
    };
    std::iter::once(openai)
        .chain(OPEN_WEIGHT_FAMILIES.iter().map(|family| ExactFamily {
            models: family.encoding.models(),
            encodings: vec![family.encoding],
        }))
        .collect()
}

/// The open-weight vocabulary that counts `model_id`, if any.
fn open_weight_family(model_id: &str) -> Option<Encoding> {
    static COMPILED: OnceLock<Vec<(Encoding, Regex, Option<Regex>)>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| {
        OPEN_WEIGHT_FAMILIES
            .iter()
            .filter_map(|family| {
                let include = Regex::new(family.include).ok()?;
                let exclude = match family.exclude {
                    "" => None,
                    pattern => Some(Regex::new(pattern).ok()?),
                };
                Some((family.encoding, include, exclude))
            })
            .collect()
    });
    let matches = |regex: &Regex| regex.is_match(model_id).unwrap_or(false);
    compiled
        .iter()
        .find(|(_, include, exclude)| matches(include) && !exclude.as_ref().is_some_and(matches))
        .map(|(encoding, _, _)| *encoding)
}

/// The rule for one catalogue model id. The table re-prices every model on each edit, so
/// each id's rule (a table lookup and a few regexes) is worked out once and remembered.
pub fn count_rule(model_id: &str) -> CountRule {
    static KNOWN: OnceLock<Mutex<HashMap<String, CountRule>>> = OnceLock::new();
    let known = KNOWN.get_or_init(Mutex::default);
    if let Some(rule) = known.lock().ok().and_then(|k| k.get(model_id).copied()) {
        return rule;
    }
    let rule = find_count_rule(model_id);
    if let Ok(mut known) = known.lock() {
        known.insert(model_id.to_string(), rule);
    }
    rule
}

fn find_count_rule(model_id: &str) -> CountRule {
    let name = canonical_model_name(model_id);
    if let Some(encoding) = Encoding::for_openai_model(&name) {
        return CountRule::Exact(encoding);
    }
    if let Some(encoding) = open_weight_family(model_id) {
        return CountRule::Exact(encoding);
    }
    if let Some(rule) = estimates::private_tokenizer(&name) {
        return CountRule::Estimate(rule);
    }
    CountRule::Unknown
}

/// Prefixes clouds put before a vendor's model name (AWS Bedrock's cross-region profiles).
const REGION_PREFIXES: &[&str] = &["global.", "regional.", "us.", "eu.", "apac.", "us-gov."];
/// Vendor prefixes in AWS Bedrock's model ids.
const VENDOR_PREFIXES: &[&str] = &[
    "anthropic.",
    "openai.",
    "meta.",
    "mistral.",
    "google.",
    "amazon.",
    "cohere.",
    "deepseek.",
    "qwen.",
    "ai21.",
    "writer.",
    "nvidia.",
    "moonshot.",
    "minimax.",
];

/// The model's own name in a catalogue id: the last path segment, lower-cased, without a
/// fine-tune's `ft:` prefix, a `:variant` suffix (`:free`, `:batch`, Bedrock's `:0`), region or vendor prefixes.
pub fn canonical_model_name(model_id: &str) -> String {
    let last = model_id.rsplit('/').next().unwrap_or(model_id);
    // A fine-tuned model (`ft:gpt-4o-mini:org::id`) has its base model's tokenizer.
    let last = last.strip_prefix("ft:").unwrap_or(last);
    let without_variant = last.split(':').next().unwrap_or(last);
    let mut name = without_variant.to_ascii_lowercase();
    for prefixes in [REGION_PREFIXES, VENDOR_PREFIXES] {
        if let Some(rest) = prefixes.iter().find_map(|p| name.strip_prefix(p)) {
            name = rest.to_string();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rule_needs_its_own_encoding_or_the_one_its_estimate_is_built_on() {
        assert_eq!(count_rule("gpt-5").needs(), Encoding::O200kBase);
        assert_eq!(count_rule("gpt-oss-120b").needs(), Encoding::O200kBase);
        assert_eq!(count_rule("text-davinci-003").needs(), Encoding::P50kBase);
        assert_eq!(count_rule("claude-sonnet-4-5").needs(), Encoding::O200kBase);
        assert_eq!(CountRule::Unknown.needs(), Encoding::O200kBase);
    }

    use super::*;

    #[test]
    fn canonical_names_drop_paths_variants_and_cloud_prefixes() {
        assert_eq!(canonical_model_name("gpt-5"), "gpt-5");
        assert_eq!(canonical_model_name("openai/gpt-4o:extended"), "gpt-4o");
        assert_eq!(
            canonical_model_name("regional.anthropic.claude-opus-4-1-20250805-v1:0"),
            "claude-opus-4-1-20250805-v1"
        );
        assert_eq!(
            canonical_model_name("@cf/openai/gpt-oss-120b"),
            "gpt-oss-120b"
        );
        assert_eq!(
            canonical_model_name("openai.gpt-oss-20b-1:0"),
            "gpt-oss-20b-1"
        );
    }

    #[test]
    fn openai_models_are_exact_with_their_encoding() {
        assert_eq!(count_rule("gpt-5"), CountRule::Exact(Encoding::O200kBase));
        assert_eq!(
            count_rule("openrouter/openai/gpt-oss-120b:free"),
            CountRule::Exact(Encoding::O200kHarmony)
        );
        assert_eq!(count_rule("gpt-4"), CountRule::Exact(Encoding::Cl100kBase));
        assert_eq!(
            count_rule("text-davinci-003"),
            CountRule::Exact(Encoding::P50kBase)
        );
        assert_eq!(count_rule("davinci"), CountRule::Exact(Encoding::R50kBase));
    }

    #[test]
    fn open_weight_models_are_exact_on_every_provider() {
        for (id, encoding) in [
            ("meta-llama/Llama-3.3-70B-Instruct-Turbo", Encoding::Llama3),
            ("llama-3.1-8b-instant", Encoding::Llama3),
            ("meta-llama/llama-4-maverick", Encoding::Llama4),
            ("deepseek-chat", Encoding::DeepseekV3),
            ("deepseek-ai/DeepSeek-R1", Encoding::DeepseekV3),
            ("deepseek-r1-distill-qwen-32b", Encoding::Qwen2),
            ("qwen/qwen3-235b-a22b", Encoding::Qwen2),
            ("qwen3.5-plus", Encoding::Qwen3_5),
            ("mistral-small-2503", Encoding::Tekken),
            ("gemini-2.5-pro", Encoding::Gemma3),
            ("google/gemini-2.0-flash-001", Encoding::Gemma3),
            ("gemini-3-pro-preview", Encoding::Gemma3),
            ("google.gemma-3-12b-it", Encoding::Gemma3),
            ("gemma-3", Encoding::Gemma3),
            ("open-mistral-nemo", Encoding::Tekken),
        ] {
            assert_eq!(count_rule(id), CountRule::Exact(encoding), "{id}");
        }
    }

    #[test]
    fn models_the_rule_does_not_know_are_unknown() {
        assert_eq!(count_rule("gpt-6-sol"), CountRule::Unknown);
        assert_eq!(count_rule("whisper-1"), CountRule::Unknown);
        assert_eq!(
            count_rule("nvidia.nemotron-nano-9b-v2:0"),
            CountRule::Unknown
        );
    }

    #[test]
    fn estimates_weigh_factors_by_kind_of_text() {
        use crate::core::tokens::estimates::Factor;
        let rule = EstimateRule {
            name: "test",
            base: Encoding::O200kBase,
            factors: [
                Factor::new(1000, 1100, 1200),
                Factor::new(1000, 1300, 1400),
                Factor::new(1000, 1500, 2000),
            ],
            method: "",
            sources: &[],
        };
        // All prose: 1000 × 1.1.
        assert_eq!(rule.estimate(1000, &[500, 0, 0]).mid, 1100);
        // Half prose, half CJK: 1000 × 1.3.
        assert_eq!(rule.estimate(1000, &[400, 0, 400]).mid, 1300);
        assert_eq!(rule.estimate(1000, &[400, 0, 400]).high, 1600);
        // No classes known: prose.
        assert_eq!(rule.estimate(10, &[0, 0, 0]).mid, 11);
        // Rounded up, and never overflowing.
        assert_eq!(rule.estimate(1, &[1, 0, 0]).mid, 2);
        assert_eq!(rule.estimate(u64::MAX, &[1, 0, 0]).mid, u64::MAX);
    }
}
