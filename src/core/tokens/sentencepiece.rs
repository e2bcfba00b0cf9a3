//! Exact SentencePiece **BPE** token counts, in pure Rust, for Gemini 2.0–3.0 and Gemma 3.
//!
//! Google's SDK (google-genai's `LocalTokenizer`) counts Gemini tokens with the Gemma 3
//! SentencePiece model; `scripts/vocab/gemma.py` converts that model to the text file
//! `public/vocab/gemma3.spm` that [`SentencePiece::from_file`] reads. [`SentencePiece::count`]
//! gives the number of ids `sentencepiece.SentencePieceProcessor.encode(text)` returns (no
//! BOS/EOS), following sentencepiece 0.2.3's `normalizer.cc`, `bpe_model.cc` and
//! `sentencepiece_processor.cc` step by step:
//!
//! 1. normalise: the rule must be `identity`; ASCII spaces become `▁` (U+2581) when
//!    `escape_whitespaces`, plus the dummy prefix and extra-whitespace removal if the model asks;
//! 2. split into symbols: the longest user-defined piece at each position (such as
//!    `<start_of_turn>` or a run of newlines) is one frozen symbol, else one character. Control
//!    pieces (`<bos>`, `<eos>`) are never matched: they are only characters;
//! 3. merge: repeatedly join the adjacent pair of unfrozen symbols whose concatenation is a
//!    normal, user-defined or unused piece with the highest score (leftmost on ties), using a
//!    heap and a linked list, so a megabyte without spaces is `O(n log n)`;
//! 4. emit: a merged unused piece is split back into the pieces it was made of; a symbol that is
//!    not a piece is one `<0xXX>` token per UTF-8 byte with `byte_fallback`, else one `<unk>`
//!    per run of unknown symbols.
//!
//! Merges may cross `▁` (Gemma 3 has the piece `>▁</`), so the text is not split into words.
//!
//! ```
//! use llm_cost_planner::core::tokens::sentencepiece::SentencePiece;
//!
//! // A toy model: unknown, a user-defined "<b>", the characters and a merge "ab".
//! let file = "#sentencepiece v1\tmodel_type=bpe\tnormalization=identity\t\
//!     add_dummy_prefix=false\tremove_extra_whitespaces=false\tescape_whitespaces=true\t\
//!     treat_whitespace_as_suffix=false\tbyte_fallback=false\tpieces=6\n\
//!     PHVuaz4=\t0.0\tunknown\nPGI+\t0.0\tuser_defined\nYQ==\t-3.0\tnormal\n\
//!     Yg==\t-4.0\tnormal\n4paB\t-5.0\tnormal\nYWI=\t-1.0\tnormal\n";
//! let model = SentencePiece::from_file(file)?;
//! assert_eq!(model.count("ab<b>ab ba"), 6); // ab <b> ab ▁ b a
//! # Ok::<(), llm_cost_planner::core::tokens::sentencepiece::SentencePieceError>(())
//! ```

mod merge;
mod model_file;
mod prefix;

use std::collections::HashMap;

use prefix::{FxBuildHasher, PrefixMatcher};

/// Why a `.spm` file could not be read. Every malformed input is one of these, never a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SentencePieceError {
    /// The file does not start with the `#sentencepiece v1` header line.
    #[error("not a sentencepiece model file: the first line must start with `#sentencepiece v1`")]
    MissingHeader,
    /// A header field is missing or its value is not what the field allows.
    #[error("header field `{field}` is missing or invalid")]
    BadHeaderField {
        /// The field's name, as in `key=value`.
        field: &'static str,
    },
    /// The model asks for something this encoder does not implement (a model type other than
    /// BPE, a normalisation rule other than `identity`).
    #[error("unsupported model: {0}")]
    Unsupported(String),
    /// A piece line is not `base64 TAB score TAB type`, or its piece or score is invalid.
    #[error("line {line}: {reason}")]
    BadLine {
        /// 1-based line number in the file.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The header's `pieces=` does not match the number of piece lines.
    #[error("the header says {expected} pieces but the file has {found}")]
    PieceCount {
        /// The header's count.
        expected: usize,
        /// The lines found.
        found: usize,
    },
    /// The pieces contradict each other (duplicates, missing byte pieces, no unknown piece),
    /// as sentencepiece itself would refuse to load them.
    #[error("inconsistent vocabulary: {0}")]
    Inconsistent(String),
}

/// What a vocabulary entry is, as sentencepiece's `ModelProto.SentencePiece.Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceKind {
    Normal,
    Unknown,
    Control,
    UserDefined,
    Unused,
    Byte,
}

/// The normaliser settings that change the encoded text (`NormalizerSpec`, `TrainerSpec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Normalization {
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
    treat_whitespace_as_suffix: bool,
}

/// A SentencePiece BPE model, ready to count tokens.
#[derive(Debug, Clone)]
pub struct SentencePiece {
    normalization: Normalization,
    byte_fallback: bool,
    /// sentencepiece's `pieces_`: normal, user-defined and unused pieces → id.
    pieces: HashMap<Box<str>, u32, FxBuildHasher>,
    kinds: Vec<PieceKind>,
    scores: Vec<f32>,
    /// The longest key of `pieces`, in bytes: longer concatenations cannot be pieces.
    max_piece_len: usize,
    has_unused: bool,
    user_defined: PrefixMatcher,
}

const SPACE_SYMBOL: &str = "\u{2581}";

impl SentencePiece {
    /// Reads a model written by `scripts/vocab/gemma.py` (see that script for the format).
    pub fn from_file(text: &str) -> Result<Self, SentencePieceError> {
        model_file::parse(text)
    }

    /// The number of tokens `SentencePieceProcessor.encode(text)` returns, without BOS/EOS.
    /// Text that looks like a control token (`<bos>`) is counted as characters; user-defined
    /// pieces (`<start_of_turn>`) are one token each, as sentencepiece matches them in text.
    ///
    /// Exact for texts whose normalised form is under 4 GiB; longer ones are counted in
    /// 1 GiB windows (a token may be split at each window's edge).
    pub fn count(&self, text: &str) -> usize {
        let normalized = self.normalize(text);
        let mut rest = normalized.as_str();
        let mut total = 0;
        const WINDOW: usize = 1 << 30;
        while rest.len() >= u32::MAX as usize {
            let mut cut = WINDOW;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            total += merge::count_normalized(self, &rest[..cut]);
            rest = &rest[cut..];
        }
        total + merge::count_normalized(self, rest)
    }

    /// The text the BPE step sees, as `Normalizer::Normalize` makes it for an `identity` rule.
    fn normalize(&self, text: &str) -> String {
        let n = self.normalization;
        let space = if n.escape_whitespaces {
            SPACE_SYMBOL
        } else {
            " "
        };
        let mut out = String::with_capacity(text.len() + text.len() / 2);
        if text.is_empty() {
            return out;
        }
        if !n.remove_extra_whitespaces {
            if n.add_dummy_prefix && !n.treat_whitespace_as_suffix {
                out.push_str(space);
            }
            for (i, part) in text.split(' ').enumerate() {
                if i > 0 {
                    out.push_str(space);
                }
                out.push_str(part);
            }
        } else {
            // The normaliser walks the raw text in chunks: a user-defined piece or one
            // character. Leading spaces go, runs of spaces become one, trailing ones go.
            let mut input = text;
            while !input.is_empty() {
                let len = self.user_defined.chunk_len(input);
                if &input[..len] != " " {
                    break;
                }
                input = &input[len..];
            }
            if input.is_empty() {
                return out;
            }
            if n.add_dummy_prefix && !n.treat_whitespace_as_suffix {
                out.push_str(space);
            }
            let mut is_prev_space = true;
            while !input.is_empty() {
                let len = self.user_defined.chunk_len(input);
                let mut chunk = &input[..len];
                while is_prev_space && chunk.starts_with(' ') {
                    chunk = &chunk[1..];
                }
                if !chunk.is_empty() {
                    for (i, part) in chunk.split(' ').enumerate() {
                        if i > 0 {
                            out.push_str(space);
                        }
                        out.push_str(part);
                    }
                    is_prev_space = chunk.ends_with(' ');
                }
                input = &input[len..];
            }
            while out.ends_with(space) {
                out.truncate(out.len() - space.len());
            }
        }
        if n.add_dummy_prefix && n.treat_whitespace_as_suffix {
            out.push_str(space);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy(settings: &str, pieces: &[(&str, f32, &str)]) -> SentencePiece {
        let mut file = format!(
            "#sentencepiece v1\tmodel_type=bpe\tnormalization=identity\t{settings}\tpieces={}\n",
            pieces.len()
        );
        for (piece, score, kind) in pieces {
            file.push_str(&format!(
                "{}\t{score:?}\t{kind}\n",
                model_file::base64_encode(piece.as_bytes())
            ));
        }
        match SentencePiece::from_file(&file) {
            Ok(model) => model,
            Err(error) => panic!("toy model: {error}"),
        }
    }

    const PLAIN: &str = "add_dummy_prefix=false\tremove_extra_whitespaces=false\t\
        escape_whitespaces=true\ttreat_whitespace_as_suffix=false\tbyte_fallback=false";

    #[test]
    fn the_highest_scoring_pair_merges_first_and_ties_go_left() {
        let model = toy(
            PLAIN,
            &[
                ("<unk>", 0.0, "unknown"),
                ("a", -10.0, "normal"),
                ("b", -10.0, "normal"),
                ("ab", -2.0, "normal"),
                ("ba", -1.0, "normal"),
                ("aa", -3.0, "normal"),
            ],
        );
        // "aba": "ba" (-1) beats "ab" (-2) → a ba.
        assert_eq!(model.count("aba"), 2);
        // "aaa": two equal "aa" pairs, the left one wins → aa a.
        assert_eq!(model.count("aaa"), 2);
    }

    #[test]
    fn unknown_runs_count_once_without_byte_fallback() {
        let model = toy(PLAIN, &[("<unk>", 0.0, "unknown"), ("a", -1.0, "normal")]);
        assert_eq!(model.count("xyz"), 1);
        assert_eq!(model.count("xaz"), 3);
    }

    #[test]
    fn merged_unused_pieces_are_split_back() {
        let model = toy(
            PLAIN,
            &[
                ("<unk>", 0.0, "unknown"),
                ("a", -5.0, "normal"),
                ("b", -5.0, "normal"),
                ("c", -5.0, "normal"),
                ("ab", -1.0, "unused"),
                ("abc", -2.0, "normal"),
            ],
        );
        // "ab" is unused: it may still merge on to "abc", but alone it is emitted as a, b.
        assert_eq!(model.count("abc"), 1);
        assert_eq!(model.count("ab"), 2);
    }

    #[test]
    fn extra_whitespace_and_the_dummy_prefix_follow_the_normaliser() {
        let model = toy(
            "add_dummy_prefix=true\tremove_extra_whitespaces=true\tescape_whitespaces=true\t\
             treat_whitespace_as_suffix=false\tbyte_fallback=false",
            &[("<unk>", 0.0, "unknown"), ("a", -1.0, "normal")],
        );
        assert_eq!(model.normalize("  a   a  "), "▁a▁a");
        assert_eq!(model.normalize("   "), "");
    }
}
