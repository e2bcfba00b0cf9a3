//! Exact token counts with OpenAI's public encodings (tiktoken-rs).
//!
//! Text is counted as ordinary text: `<|endoftext|>` in a pasted prompt is five ordinary
//! tokens' worth of characters, not a special token. Line ends are normalised to LF, as a
//! browser `<textarea>` does.

use std::borrow::Cow;

use tiktoken_rs::tokenizer::{get_tokenizer, Tokenizer};

/// A tokenizer whose counts are exact: OpenAI's encodings, and open-weight models'
/// vocabularies (converted by `scripts/vocab/convert.py` from the packages they ship in).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Encoding {
    /// GPT-4o, GPT-4.1, GPT-5, the o-series.
    O200kBase,
    /// gpt-oss: `o200k_base` plus chat-format special tokens. Ordinary text never produces
    /// those, so it counts exactly as `o200k_base` does (tests check this against tiktoken).
    O200kHarmony,
    /// GPT-4, GPT-3.5 and the text-embedding models.
    Cl100kBase,
    /// The legacy Codex and `text-davinci-002/003` models.
    P50kBase,
    /// The legacy GPT-3 models (`davinci`, `curie`, `babbage`, `ada`).
    R50kBase,
    /// Meta Llama 3, 3.1, 3.2, 3.3 (llama-models' `tokenizer.model`).
    Llama3,
    /// Meta Llama 4 Scout and Maverick.
    Llama4,
    /// Mistral's Tekken (Mistral NeMo and later; mistral-common's `tekken_240718.json`).
    Tekken,
    /// DeepSeek V3, V3.1, V3.2, R1 and V4.
    DeepseekV3,
    /// Qwen 1.5 to 3, QwQ (one vocabulary).
    Qwen2,
    /// Qwen 3.5 and 3.6.
    Qwen3_5,
    /// Gemma 3's SentencePiece model, which Google's SDK counts Gemini 2.0 – 3.0 with.
    Gemma3,
}

/// What a vocabulary does to text before it is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalization {
    None,
    /// Unicode NFC (the Qwen vocabularies).
    Nfc,
}

/// Llama 3's pre-tokenizer (llama-models' `tokenizer.py`).
pub const LLAMA3_PATTERN: &str = r##"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##;
/// Llama 4's: the same as `o200k_base`'s.
pub const LLAMA4_PATTERN: &str = crate::core::tokens::bpe::O200K_BASE_PATTERN;
/// Tekken's (mistral-common's `tekken_240718.json`).
pub const TEKKEN_PATTERN: &str = r##"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"##;
/// DeepSeek V3's three splits in a row (digits, kana and Han runs, then words), written as
/// one pattern that gives the same pieces (checked against the package's tokenizer).
pub const DEEPSEEK_V3_PATTERN: &str = r##"\p{N}{1,3}|[\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}]+|[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}\p{N}\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}]?[\p{L}\p{M}&&[^\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}]]+| ?[\p{P}\p{S}&&[^\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}]]+[\r\n]*|\s*[\r\n]+|\s+(?![^\s\p{N}\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}])|\s+|(?:[^\s\p{L}\p{M}\p{N}\p{P}\p{S}\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}](?![\p{L}\p{M}&&[^\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}]]))+"##;
/// Qwen 2's (tokenizer.json's pre-tokenizer).
pub const QWEN2_PATTERN: &str = r##"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##;
/// Qwen 3.5's: marks join letters.
pub const QWEN3_5_PATTERN: &str = r##"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"##;

impl Encoding {
    /// Every encoding the page shows a count for.
    pub const ALL: [Encoding; 12] = [
        Encoding::O200kBase,
        Encoding::O200kHarmony,
        Encoding::Cl100kBase,
        Encoding::P50kBase,
        Encoding::R50kBase,
        Encoding::Llama3,
        Encoding::Llama4,
        Encoding::Tekken,
        Encoding::DeepseekV3,
        Encoding::Qwen2,
        Encoding::Qwen3_5,
        Encoding::Gemma3,
    ];

    /// The encodings that are actually counted: each encoding's count is that of
    /// [`Encoding::counted_as`]. In the order the worker counts them: the ones most rows
    /// use first.
    pub const COUNTED: [Encoding; 11] = [
        Encoding::O200kBase,
        Encoding::Cl100kBase,
        Encoding::Gemma3,
        Encoding::Llama3,
        Encoding::DeepseekV3,
        Encoding::Qwen2,
        Encoding::Tekken,
        Encoding::Llama4,
        Encoding::Qwen3_5,
        Encoding::P50kBase,
        Encoding::R50kBase,
    ];

    /// The encoding name (tiktoken's spelling for OpenAI's).
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::O200kBase => "o200k_base",
            Encoding::O200kHarmony => "o200k_harmony",
            Encoding::Cl100kBase => "cl100k_base",
            Encoding::P50kBase => "p50k_base",
            Encoding::R50kBase => "r50k_base",
            Encoding::Llama3 => "llama3",
            Encoding::Llama4 => "llama4",
            Encoding::Tekken => "tekken",
            Encoding::DeepseekV3 => "deepseek_v3",
            Encoding::Qwen2 => "qwen2",
            Encoding::Qwen3_5 => "qwen3_5",
            Encoding::Gemma3 => "gemma3",
        }
    }

    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL
            .into_iter()
            .find(|encoding| encoding.as_str() == name)
    }

    /// The encoding whose count of ordinary text this one shares.
    pub fn counted_as(self) -> Encoding {
        match self {
            Encoding::O200kHarmony => Encoding::O200kBase,
            other => other,
        }
    }

    /// The vocabulary file under `vocab/` on the site: tiktoken's format, or for Gemma 3
    /// a SentencePiece model (`scripts/vocab/gemma.py`).
    pub fn vocabulary_file(self) -> String {
        match self.counted_as() {
            Encoding::Gemma3 => "gemma3.spm".to_string(),
            other => format!("{}.tiktoken", other.as_str()),
        }
    }

    /// Whether counts add up across [`chunks`] split before a space between two letters.
    /// Not for SentencePiece: Gemma 3 has pieces that span a space (`>▁</`).
    pub fn splits_at_spaces(self) -> bool {
        self != Encoding::Gemma3
    }

    /// The pre-tokenizer pattern.
    pub fn pattern(self) -> &'static str {
        use crate::core::tokens::bpe::{
            CL100K_BASE_PATTERN, O200K_BASE_PATTERN, R50K_BASE_PATTERN,
        };
        match self.counted_as() {
            Encoding::Cl100kBase => CL100K_BASE_PATTERN,
            Encoding::P50kBase | Encoding::R50kBase => R50K_BASE_PATTERN,
            Encoding::Llama3 => LLAMA3_PATTERN,
            Encoding::Llama4 => LLAMA4_PATTERN,
            Encoding::Tekken => TEKKEN_PATTERN,
            Encoding::DeepseekV3 => DEEPSEEK_V3_PATTERN,
            Encoding::Qwen2 => QWEN2_PATTERN,
            Encoding::Qwen3_5 => QWEN3_5_PATTERN,
            _ => O200K_BASE_PATTERN,
        }
    }

    pub fn normalization(self) -> Normalization {
        match self {
            Encoding::Qwen2 | Encoding::Qwen3_5 => Normalization::Nfc,
            _ => Normalization::None,
        }
    }

    /// How long counting with this encoding takes, relative to `cl100k_base` (measured in
    /// the worker: hand-written pre-tokenizers are fast, regex ones several times slower;
    /// `o200k_base` also splits the text by kind for the estimates).
    pub fn relative_cost(self) -> u32 {
        match self.counted_as() {
            Encoding::O200kBase => 3,
            Encoding::Cl100kBase | Encoding::P50kBase | Encoding::R50kBase => 1,
            Encoding::Llama4 => 2,
            Encoding::Llama3 | Encoding::Tekken => 10,
            Encoding::DeepseekV3 | Encoding::Qwen2 | Encoding::Gemma3 => 18,
            _ => 30,
        }
    }

    /// `share` in the order a worker should count it: `o200k_base` first (most rows and
    /// every estimate read it), then the encodings in `wanted` (the rows on screen), then the
    /// rest in their order in `share`. Only encodings of `share` are returned.
    pub fn prioritise(share: &[Encoding], wanted: &[Encoding]) -> Vec<Encoding> {
        let rank = |e: &Encoding| {
            if *e == Encoding::O200kBase {
                0
            } else if let Some(at) = wanted.iter().position(|w| w.counted_as() == *e) {
                1 + at
            } else {
                1 + wanted.len() + share.iter().position(|s| s == e).unwrap_or(share.len())
            }
        };
        let mut ordered = share.to_vec();
        ordered.sort_by_key(rank);
        ordered
    }

    /// Splits [`Encoding::COUNTED`] among `workers` so that each has about the same work
    /// (largest first, each to the least loaded), keeping `o200k_base` in the first.
    pub fn share_among(workers: usize) -> Vec<Vec<Encoding>> {
        let workers = workers.max(1);
        let mut shares: Vec<(u32, Vec<Encoding>)> = vec![(0, Vec::new()); workers];
        let mut by_cost = Encoding::COUNTED;
        by_cost.sort_by_key(|e| {
            (
                std::cmp::Reverse(e.relative_cost()),
                *e != Encoding::O200kBase,
            )
        });
        for encoding in by_cost {
            let lightest = if encoding == Encoding::O200kBase {
                0
            } else {
                (0..workers).min_by_key(|&i| shares[i].0).unwrap_or(0)
            };
            shares[lightest].0 += encoding.relative_cost();
            shares[lightest].1.push(encoding);
        }
        // Within a worker, the order of `COUNTED` (most-used first).
        shares
            .into_iter()
            .map(|(_, mut share)| {
                share.sort_by_key(|e| Encoding::COUNTED.iter().position(|c| c == e));
                share
            })
            .filter(|share| !share.is_empty())
            .collect()
    }

    /// The models this encoding counts, in words, as the page's notes name them.
    pub fn models(self) -> &'static str {
        match self {
            Encoding::O200kBase => "GPT-4o, GPT-4.1, GPT-5 and the o-series",
            Encoding::O200kHarmony => "gpt-oss",
            Encoding::Cl100kBase => "GPT-4, GPT-3.5 and the text-embedding models",
            Encoding::P50kBase => "the legacy Codex and text-davinci-002/003 models",
            Encoding::R50kBase => "the legacy GPT-3 models",
            Encoding::Llama3 => "Meta Llama 3 to 3.3",
            Encoding::Llama4 => "Meta Llama 4",
            Encoding::Tekken => "Mistral NeMo and later (Tekken)",
            Encoding::DeepseekV3 => "DeepSeek V3, R1 and V4",
            Encoding::Qwen2 => "Qwen 1.5 to 3 and QwQ",
            Encoding::Qwen3_5 => "Qwen 3.5 and 3.6",
            Encoding::Gemma3 => "Gemini 2.0 to 3.0 and Gemma 3",
        }
    }

    /// One of OpenAI's encodings, which tiktoken-rs also ships (the reference in tests).
    pub fn is_openai(self) -> bool {
        matches!(
            self,
            Encoding::O200kBase
                | Encoding::O200kHarmony
                | Encoding::Cl100kBase
                | Encoding::P50kBase
                | Encoding::R50kBase
        )
    }

    /// The number of tokens in `text` by tiktoken-rs, counted as ordinary text after
    /// line-end normalisation: the reference for OpenAI's encodings (the page counts with
    /// [`crate::core::tokens::counter::Counter`]); `None` for the other vocabularies.
    pub fn reference_count(self, text: &str) -> Option<usize> {
        let text = normalize_line_ends(text);
        let bpe = match self.counted_as() {
            Encoding::O200kBase => tiktoken_rs::o200k_base_singleton(),
            Encoding::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
            Encoding::P50kBase => tiktoken_rs::p50k_base_singleton(),
            Encoding::R50kBase => tiktoken_rs::r50k_base_singleton(),
            _ => return None,
        };
        Some(bpe.encode_ordinary(&text).len())
    }

    /// The encoding an OpenAI model id uses, by tiktoken's own model table; `None` when the
    /// table does not know the model.
    pub fn for_openai_model(model_id: &str) -> Option<Encoding> {
        Some(match get_tokenizer(model_id)? {
            Tokenizer::O200kBase => Encoding::O200kBase,
            Tokenizer::O200kHarmony => Encoding::O200kHarmony,
            Tokenizer::Cl100kBase => Encoding::Cl100kBase,
            Tokenizer::P50kBase | Tokenizer::P50kEdit => Encoding::P50kBase,
            Tokenizer::R50kBase | Tokenizer::Gpt2 => Encoding::R50kBase,
        })
    }
}

/// CRLF and lone CR become LF, so a file counts as the same text pasted in a browser.
pub fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Splits `text` into pieces of about `target` bytes at points where every encoding's
/// pre-tokenizer starts a new piece anyway, so the counts of the pieces add up exactly to
/// the count of the whole: after a line feed between a visible character and an ASCII
/// letter or, on a long
/// line, before a space between two ASCII letters. Text with neither (a long run without
/// spaces, CJK without line breaks) stays in one piece.
///
/// Why these points are safe: in every pattern, no alternative matches across a line feed
/// into a following letter (the optional prefix before a word excludes `\r` and `\n`, and
/// line-feed runs end at the first non-space), and none matches a letter, a space and a
/// letter together (a word ends at the space; the space then prefixes the next word). The
/// line feed must follow a visible character: r50k_base's `\s++$` would take white space
/// ending a chunk as one piece, where the whole text splits it.
pub fn chunks(text: &str, target: usize) -> impl Iterator<Item = &str> {
    chunks_for(text, target, true)
}

/// [`chunks`], with cuts at spaces only if `at_spaces` ([`Encoding::splits_at_spaces`]).
pub fn chunks_for(text: &str, target: usize, at_spaces: bool) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = safe_cut_after(rest, target.max(1), at_spaces).unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(cut);
        rest = tail;
        Some(chunk)
    })
}

/// The first safe cut at or after byte `from`, preferring a line end.
fn safe_cut_after(text: &str, from: usize, at_spaces: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    if from >= bytes.len() {
        return None;
    }
    let line_cut = (from..bytes.len().saturating_sub(1))
        .take(64 * 1024)
        .find(|&i| {
            bytes[i] == b'\n'
                && bytes[i + 1].is_ascii_alphabetic()
                && i > 0
                && !bytes[i - 1].is_ascii_whitespace()
        })
        .map(|i| i + 1);
    line_cut.or_else(|| {
        if !at_spaces {
            return None;
        }
        (from.max(1)..bytes.len().saturating_sub(1)).find(|&i| {
            bytes[i] == b' '
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes[i + 1].is_ascii_alphabetic()
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn o200k_base_is_counted_first_then_the_encodings_on_screen_then_the_rest() {
        let share = [
            Encoding::Cl100kBase,
            Encoding::Gemma3,
            Encoding::O200kBase,
            Encoding::Llama3,
            Encoding::P50kBase,
        ];
        assert_eq!(
            Encoding::prioritise(&share, &[Encoding::P50kBase, Encoding::Tekken]),
            [
                Encoding::O200kBase,
                Encoding::P50kBase,
                Encoding::Cl100kBase,
                Encoding::Gemma3,
                Encoding::Llama3
            ]
        );
        assert_eq!(
            Encoding::prioritise(&share, &[]),
            [
                Encoding::O200kBase,
                Encoding::Cl100kBase,
                Encoding::Gemma3,
                Encoding::Llama3,
                Encoding::P50kBase
            ]
        );
    }

    use super::*;

    #[test]
    fn special_token_text_counts_as_ordinary_text() {
        // With special tokens honoured this would be a single token.
        assert!(Encoding::O200kBase.reference_count("<|endoftext|>") > Some(1));
        assert!(Encoding::Cl100kBase.reference_count("<|endoftext|>") > Some(1));
    }

    #[test]
    fn chunks_cover_the_text_and_their_counts_add_up() {
        let text = "Hello world.\nSecond line here, with words\n\n  indented\nend of it all";
        for target in [1, 5, 17, 1000] {
            let pieces: Vec<&str> = chunks(text, target).collect();
            assert_eq!(pieces.concat(), text);
            for encoding in Encoding::COUNTED.into_iter().filter(|e| e.is_openai()) {
                let sum: Option<usize> = pieces.iter().map(|p| encoding.reference_count(p)).sum();
                assert_eq!(
                    sum,
                    encoding.reference_count(text),
                    "{encoding:?}, target {target}"
                );
            }
        }
        assert_eq!(chunks("", 10).count(), 0);
        assert_eq!(
            chunks("abcdefghijkl", 3).count(),
            1,
            "no safe point, one piece"
        );
    }

    #[test]
    fn work_is_shared_among_workers_without_loss_or_overlap() {
        for workers in 1..=5 {
            let shares = Encoding::share_among(workers);
            assert!(shares.len() <= workers);
            assert!(shares[0].contains(&Encoding::O200kBase));
            let mut all: Vec<Encoding> = shares.concat();
            all.sort();
            let mut expected = Encoding::COUNTED.to_vec();
            expected.sort();
            assert_eq!(all, expected, "{workers} workers");
        }
        let costs: Vec<u32> = Encoding::share_among(3)
            .iter()
            .map(|share| share.iter().map(|e| e.relative_cost()).sum())
            .collect();
        let (min, max) = (costs.iter().min().unwrap(), costs.iter().max().unwrap());
        assert!(max - min <= 10, "balanced: {costs:?}");
    }

    #[test]
    fn crlf_and_cr_count_like_lf() {
        let lf = Encoding::Cl100kBase.reference_count("a\nb\nc");
        assert_eq!(Encoding::Cl100kBase.reference_count("a\r\nb\rc"), lf);
    }

    #[test]
    fn openai_models_map_to_their_encoding() {
        assert_eq!(
            Encoding::for_openai_model("gpt-5"),
            Some(Encoding::O200kBase)
        );
        assert_eq!(
            Encoding::for_openai_model("gpt-4o-mini"),
            Some(Encoding::O200kBase)
        );
        assert_eq!(
            Encoding::for_openai_model("gpt-4"),
            Some(Encoding::Cl100kBase)
        );
        assert_eq!(
            Encoding::for_openai_model("gpt-oss-120b"),
            Some(Encoding::O200kHarmony)
        );
        assert_eq!(
            Encoding::for_openai_model("davinci"),
            Some(Encoding::R50kBase)
        );
        assert_eq!(Encoding::for_openai_model("dall-e-3"), None);
    }
}
