//! Counting with a vocabulary file: how the page counts every encoding.
//!
//! The worker fetches `vocab/<encoding>.tiktoken` (written by `scripts/vocab/convert.py`;
//! Gemma 3's SentencePiece model `vocab/gemma3.spm` by `scripts/vocab/gemma.py`)
//! and builds a [`Counter`]; natively, tests build the same from the same files and check
//! it against tiktoken and each open-weight package's own tokenizer.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::core::tokens::bpe::{
    self, Pretokenizer, PretokenizerError, Vocabulary, VocabularyError,
};
use crate::core::tokens::encoding::{normalize_line_ends, Encoding, Normalization};
use crate::core::tokens::sentencepiece::{SentencePiece, SentencePieceError};

/// Why a counter could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CounterError {
    #[error("the {encoding} vocabulary is unreadable: {error}")]
    Vocabulary {
        encoding: &'static str,
        error: VocabularyError,
    },
    #[error("the {encoding} pre-tokenizer is broken: {error}")]
    Pattern {
        encoding: &'static str,
        error: PretokenizerError,
    },
    #[error("the {encoding} SentencePiece model is unreadable: {error}")]
    SentencePiece {
        encoding: &'static str,
        error: SentencePieceError,
    },
}

/// How an encoding turns text into tokens.
enum Engine {
    /// Byte-pair encoding by rank after a regex split (tiktoken's way).
    BytePair {
        vocabulary: Vocabulary,
        pretokenizer: Pretokenizer,
    },
    /// SentencePiece BPE by score (Gemma's).
    SentencePiece(SentencePiece),
}

/// One encoding's vocabulary and pre-tokenizer, ready to count.
pub struct Counter {
    encoding: Encoding,
    engine: Engine,
}

impl Counter {
    /// Builds the counter for `encoding` from its vocabulary file's text.
    pub fn new(encoding: Encoding, vocabulary_file: &str) -> Result<Counter, CounterError> {
        let name = encoding.as_str();
        if encoding == Encoding::Gemma3 {
            let model = SentencePiece::from_file(vocabulary_file).map_err(|error| {
                CounterError::SentencePiece {
                    encoding: name,
                    error,
                }
            })?;
            return Ok(Counter {
                encoding,
                engine: Engine::SentencePiece(model),
            });
        }
        let vocabulary = Vocabulary::from_tiktoken(vocabulary_file).map_err(|error| {
            CounterError::Vocabulary {
                encoding: name,
                error,
            }
        })?;
        let pretokenizer =
            Pretokenizer::new(encoding.pattern()).map_err(|error| CounterError::Pattern {
                encoding: name,
                error,
            })?;
        Ok(Counter {
            encoding,
            engine: Engine::BytePair {
                vocabulary,
                pretokenizer,
            },
        })
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Tokens in `text`, counted as ordinary text after line-end normalisation and the
    /// vocabulary's own normalisation.
    pub fn count(&self, text: &str) -> usize {
        let text = normalize_line_ends(text);
        let text: Cow<'_, str> = match self.encoding.normalization() {
            Normalization::None => text,
            Normalization::Nfc => Cow::Owned(text.nfc().collect()),
        };
        match &self.engine {
            Engine::BytePair {
                vocabulary,
                pretokenizer,
            } => bpe::count(vocabulary, pretokenizer, &text),
            Engine::SentencePiece(model) => model.count(&text),
        }
    }
}
