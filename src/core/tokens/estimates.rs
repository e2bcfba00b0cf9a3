//! Estimates for private tokenizers: which models they cover, their factors and sources.
//!
//! Factors are in thousandths of the `o200k_base` count, per kind of text
//! ([`TextClass`]: prose, code, CJK), and the types an estimate is made of.

use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::text_class::TextClass;

/// A multiplier on a count, in thousandths (1.2 is 1200), with its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Factor {
    pub low: u64,
    pub mid: u64,
    pub high: u64,
}

impl Factor {
    pub const fn new(low: u64, mid: u64, high: u64) -> Factor {
        Factor { low, mid, high }
    }
}

/// Where a factor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
    /// What the source says, in its words or close to them.
    pub finding: &'static str,
}

/// An estimate of a private tokenizer from a public one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EstimateRule {
    /// Who it is for, as the page shows it (`Claude 4`).
    pub name: &'static str,
    /// The public encoding the estimate starts from.
    pub base: Encoding,
    /// The factor for each [`TextClass`], in the order of `TextClass::ALL`.
    pub factors: [Factor; 3],
    /// How the factors were reached.
    pub method: &'static str,
    pub sources: &'static [Source],
}

/// Tokens of the base encoding per kind of text, in the order of `TextClass::ALL`.
pub type ClassCounts = [u64; 3];

/// An estimated count and its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    pub low: u64,
    pub mid: u64,
    pub high: u64,
}

impl EstimateRule {
    pub fn factor(&self, class: TextClass) -> Factor {
        self.factors[class as usize]
    }

    /// The estimate for a prompt of `total` base tokens, of which `classes` came from each
    /// kind of line. The classes weigh the factors; the total is what is scaled (the
    /// per-class counts may not add up to it exactly, as lines are counted apart).
    pub fn estimate(&self, total: u64, classes: &ClassCounts) -> Estimate {
        let weight_sum: u64 = classes.iter().sum();
        let weights = if weight_sum == 0 { [1, 0, 0] } else { *classes };
        let weight_sum = weights.iter().sum::<u64>() as u128;
        let scaled = |pick: fn(&Factor) -> u64| -> u64 {
            // Σ weightᵢ × factorᵢ / Σ weights, in thousandths, then applied to the total.
            let permille: u128 = weights
                .iter()
                .zip(&self.factors)
                .map(|(&w, f)| w as u128 * pick(f) as u128)
                .sum::<u128>();
            let value = (total as u128 * permille).div_ceil(weight_sum * 1000);
            u64::try_from(value).unwrap_or(u64::MAX)
        };
        Estimate {
            low: scaled(|f| f.low),
            mid: scaled(|f| f.mid),
            high: scaled(|f| f.high),
        }
    }
}

/// For a model whose tokenizer the rule does not know: the `o200k_base` count, with a band
/// wide enough for the tokenizers in use today.
pub static UNKNOWN_TOKENIZER: EstimateRule = EstimateRule {
    name: "tokenizer unknown",
    base: Encoding::O200kBase,
    factors: [
        Factor::new(750, 1000, 1500),
        Factor::new(750, 1000, 1500),
        Factor::new(750, 1000, 1500),
    ],
    method: "No rule names this model's tokenizer: the o200k_base count stands in, with a \
             band of −25 % / +50 % that is an assumption, not a measurement.",
    sources: &[],
};

/// The estimate rule for a model whose tokenizer is private, by its canonical name.
pub fn private_tokenizer(name: &str) -> Option<&'static EstimateRule> {
    if let Some(rest) = name.strip_prefix("claude-") {
        return Some(claude_generation(rest));
    }
    if let Some(rest) = name.strip_prefix("gemini-") {
        return Some(gemini_generation(rest));
    }
    if name.starts_with("gemma-4") {
        return Some(&GEMINI_NEWEST);
    }
    if name.starts_with("gemma") || name.contains("-gemma") {
        return Some(&GEMINI);
    }
    None
}

fn claude_generation(rest: &str) -> &'static EstimateRule {
    let version = claude_version(rest);
    match version {
        Some((major, _)) if major < 3 => &CLAUDE_LEGACY,
        Some((3, _)) => &CLAUDE_3,
        Some((4, minor)) if minor < 7 => &CLAUDE_3,
        // 4.7 and later, and the `-latest` aliases, which point at current models.
        _ => &CLAUDE_NEWEST,
    }
}

/// Gemini 1.0 to 3.0 count with Gemma 3's vocabulary (or the original Gemma one, within
/// 3 % of it); 3.1 and later, and undated aliases, with Gemma 4's.
fn gemini_generation(rest: &str) -> &'static EstimateRule {
    let mut numbers = rest
        .split(['-', '.'])
        .filter_map(|part| part.parse::<u32>().ok());
    let first = rest.split('-').next().unwrap_or("");
    let version = if first.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let major = numbers.next();
        major.map(|major| (major, numbers.next().unwrap_or(0)))
    } else {
        None // gemini-pro, gemini-flash-1.5, gemini-flash-latest, gemini-embedding-001
    };
    match version {
        Some((major, minor)) if (major, minor) >= (3, 1) => &GEMINI_NEWEST,
        Some(_) => &GEMINI,
        None if rest.contains("latest") => &GEMINI_NEWEST,
        None => &GEMINI,
    }
}

/// The `(major, minor)` version in a Claude model name: `3-5-sonnet` and `3.5-sonnet` are
/// 3.5, `opus-4-1` is 4.1, `sonnet-4-20250514` is 4.0, `fable-5` is 5.0, `v1` and
/// `instant-1` are 1; `None` when it names none (`sonnet-latest`).
fn claude_version(rest: &str) -> Option<(u32, u32)> {
    if let Some(v) = rest.strip_prefix('v') {
        return Some((v.parse().ok()?, 0));
    }
    let short_number = |part: &str| {
        (part.len() <= 2)
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    // The version is the first run of short numbers; a date or `v1` after it ends it.
    let numbers: Vec<u32> = rest
        .split(['-', '.'])
        .skip_while(|part| short_number(part).is_none())
        .map_while(short_number)
        .collect();
    let major = *numbers.first()?;
    Some((major, numbers.get(1).copied().unwrap_or(0)))
}

/// Anthropic's own statements about its two tokenizer generations.
const ANTHROPIC_TOKEN_COUNTING: Source = Source {
    title: "Anthropic: Token counting",
    url: "https://platform.claude.com/docs/en/build-with-claude/token-counting",
    finding: "“Claude 4.7 and later models and Claude Mythos Preview use a newer tokenizer. The \
              same input text produces approximately 30 percent more tokens than on earlier \
              models.”",
};
const ANTHROPIC_OPUS_4_7: Source = Source {
    title: "Anthropic: What's new in Claude Opus 4.7",
    url: "https://platform.claude.com/docs/en/about-claude/models/whats-new-claude-4-7",
    finding: "“This new tokenizer may use roughly 1x to 1.35x as many tokens when processing \
              text compared to previous models (up to ~35% more, varying by content).”",
};
/// Recorded `count_tokens` results, compared by us with `o200k_base` on the same texts.
const CTOK_RECORDED_COUNTS: Source = Source {
    title: "ctok 1.3.0 (MIT): Anthropic count_tokens results recorded for the UDHR in 501 \
            languages, MultiPL-E and Rosetta Code",
    url: "https://github.com/sanderland/ctok",
    finding: "Against o200k_base on the same texts (median, 10th–90th percentile): Claude Opus \
              4.5 English prose 1.07–1.10 (1.04–1.23 with Markdown), code 1.18–1.28, Chinese \
              1.33, Japanese 1.10, Korean 1.77; Opus 4.7 and 5 English prose 1.45–1.56, code \
              1.43–1.73, CJK unchanged.",
};
const VENTUREBEAT_CLAUDE_3_5: Source = Source {
    title: "VentureBeat: Why Claude models may be 20–30% more expensive than GPT (2025-05-01)",
    url: "https://venturebeat.com/ai/hidden-costs-in-ai-deployment-why-claude-models-may-be-20-30-more-expensive-than-gpt-in-enterprise-settings",
    finding: "Claude 3.5 Sonnet against GPT-4o: “16% more tokens for English articles, 30% \
              more for Python code”.",
};
const SOL_OPUS_4_7: Source = Source {
    title: "sol.ava.dev: What's actually different about the Opus 4.7 tokenizer (2026-04-17)",
    url: "https://sol.ava.dev/writings/2026-04-17-opus-4-7-tokenizer.html",
    finding: "Opus 4.7 against 4.6: “English prose 1.45× … Python source 1.20× … Chinese / \
              Japanese / Korean 1.00×”.",
};
/// Google's SDK counts Gemini tokens locally with the Gemma 3 SentencePiece model.
const GOOGLE_GENAI_LOCAL_TOKENIZER: Source = Source {
    title: "google-genai (Python SDK) LocalTokenizer: Gemini 2.0–3 counted with Gemma 3's \
            gemma3_cleaned_262144_v2.spiece.model",
    url: "https://github.com/googleapis/python-genai",
    finding: "That vocabulary against o200k_base, measured by us on the same texts (UDHR, \
              Rosetta Code, MultiPL-E, local prose and code): English prose 1.02–1.11, code \
              1.12–1.21, Chinese 0.83–0.95, Japanese 0.66, Korean 0.97.",
};

static CLAUDE_LEGACY: EstimateRule = EstimateRule {
    name: "Claude 2 and earlier",
    base: Encoding::O200kBase,
    factors: [
        Factor::new(950, 1100, 1400),
        Factor::new(950, 1200, 1450),
        Factor::new(1000, 1350, 1900),
    ],
    method: "No published measurement against OpenAI's encodings: the Claude 3 factors, with \
             a wider band (Anthropic's legacy tokenizer differs from Claude 3's by −11 % to \
             +57 % across languages).",
    sources: &[CTOK_RECORDED_COUNTS],
};

static CLAUDE_3: EstimateRule = EstimateRule {
    name: "Claude 3 – 4.6",
    base: Encoding::O200kBase,
    factors: [
        Factor::new(1030, 1100, 1270),
        Factor::new(1080, 1200, 1350),
        Factor::new(1100, 1350, 1800),
    ],
    method: "o200k_base count × 1.10 for prose, 1.20 for code, 1.35 for CJK, weighted by the \
             prompt's lines of each kind; the band spans the 10th–90th percentile of the \
             measured texts. Anthropic names one tokenizer for all models before 4.7.",
    sources: &[
        CTOK_RECORDED_COUNTS,
        VENTUREBEAT_CLAUDE_3_5,
        ANTHROPIC_TOKEN_COUNTING,
    ],
};

static CLAUDE_NEWEST: EstimateRule = EstimateRule {
    name: "Claude 4.7 and later",
    base: Encoding::O200kBase,
    factors: [
        Factor::new(1350, 1460, 1750),
        Factor::new(1220, 1480, 1800),
        Factor::new(1100, 1350, 1800),
    ],
    method: "o200k_base count × 1.46 for prose, 1.48 for code, 1.35 for CJK (the new \
             tokenizer changed CJK little), weighted by the prompt's lines of each kind; the \
             band spans the 10th–90th percentile of the measured texts.",
    sources: &[
        CTOK_RECORDED_COUNTS,
        ANTHROPIC_TOKEN_COUNTING,
        ANTHROPIC_OPUS_4_7,
        SOL_OPUS_4_7,
    ],
};

static GEMINI: EstimateRule = EstimateRule {
    name: "Gemini 1.x, Gemma 1 – 2",
    base: Encoding::O200kBase,
    factors: [
        Factor::new(1000, 1050, 1120),
        Factor::new(1060, 1170, 1300),
        Factor::new(650, 840, 1050),
    ],
    method: "Gemini 2.0 – 3.0 and Gemma 3 are counted exactly (Gemma 3's vocabulary). For \
             the older models, on the original Gemma vocabulary (within 3 % of Gemma 3's on \
             prose and code): o200k_base count × 1.05 for prose, 1.17 for code, 0.84 for CJK, \
             measured with Gemma 3's vocabulary; the band spans the measured texts.",
    sources: &[GOOGLE_GENAI_LOCAL_TOKENIZER],
};

static GEMINI_NEWEST: EstimateRule = EstimateRule {
    name: "Gemini 3.1 and later, Gemma 4",
    base: Encoding::O200kBase,
    factors: [
        Factor::new(900, 1050, 1250),
        Factor::new(1000, 1170, 1350),
        Factor::new(600, 840, 1100),
    ],
    method: "The Gemma 3 factors (1.05 prose, 1.17 code, 0.84 CJK) with the band widened by \
             15 %: these models use Gemma 4's vocabulary, which no package we can reach \
             publishes, so the factors are unverified for them.",
    sources: &[GOOGLE_GENAI_LOCAL_TOKENIZER],
};

/// The estimates worth showing beside the prompt's counts (Claude 2 and earlier is left
/// to its rows: few models, all retired).
pub fn prompt_estimates() -> [&'static EstimateRule; 4] {
    [&CLAUDE_3, &CLAUDE_NEWEST, &GEMINI, &GEMINI_NEWEST]
}

/// Every estimate rule, for the page's notes on how counts are made.
pub fn all_rules() -> [&'static EstimateRule; 5] {
    [
        &CLAUDE_3,
        &CLAUDE_NEWEST,
        &CLAUDE_LEGACY,
        &GEMINI,
        &GEMINI_NEWEST,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_versions_are_read_from_every_spelling() {
        assert_eq!(claude_version("3-5-sonnet"), Some((3, 5)));
        assert_eq!(claude_version("3.7-sonnet"), Some((3, 7)));
        assert_eq!(claude_version("opus-4-1-20250805-v1"), Some((4, 1)));
        assert_eq!(claude_version("sonnet-4-20250514-v1"), Some((4, 0)));
        assert_eq!(claude_version("opus-4-7"), Some((4, 7)));
        assert_eq!(claude_version("fable-5-1"), Some((5, 1)));
        assert_eq!(claude_version("v1"), Some((1, 0)));
        assert_eq!(claude_version("instant-1"), Some((1, 0)));
        assert_eq!(claude_version("haiku-4-5-20251001-v1"), Some((4, 5)));
        assert_eq!(claude_version("sonnet-latest"), None);
    }

    #[test]
    fn claude_models_map_to_their_generation() {
        let name = |id: &str| private_tokenizer(id).map(|rule| rule.name);
        assert_eq!(name("claude-3-haiku"), Some("Claude 3 – 4.6"));
        assert_eq!(name("claude-3-7-sonnet-latest"), Some("Claude 3 – 4.6"));
        assert_eq!(name("claude-mythos-5-2"), Some("Claude 4.7 and later"));
        assert_eq!(name("claude-sonnet-4-5"), Some("Claude 3 – 4.6"));
        assert_eq!(name("claude-opus-4-6"), Some("Claude 3 – 4.6"));
        assert_eq!(name("claude-haiku-4-5-20251001-v1"), Some("Claude 3 – 4.6"));
        assert_eq!(name("claude-opus-4-7"), Some("Claude 4.7 and later"));
        assert_eq!(name("claude-opus-5"), Some("Claude 4.7 and later"));
        assert_eq!(name("claude-2"), Some("Claude 2 and earlier"));
        assert_eq!(name("gemini-flash-1.5"), Some("Gemini 1.x, Gemma 1 – 2"));
        assert_eq!(
            name("gemini-3.1-pro-preview"),
            Some("Gemini 3.1 and later, Gemma 4")
        );
        assert_eq!(
            name("gemini-flash-latest"),
            Some("Gemini 3.1 and later, Gemma 4")
        );
        assert_eq!(name("gemma-2-9b-it"), Some("Gemini 1.x, Gemma 1 – 2"));
        assert_eq!(
            name("gemma-4-31b-it"),
            Some("Gemini 3.1 and later, Gemma 4")
        );
        assert_eq!(name("llama-3.3-70b"), None);
    }
}
