//! Counting with a vocabulary file: how the page counts every encoding.
//!
//! The worker fetches `vocab/<encoding>.tiktoken` (written by `scripts/vocab/convert.py`)
//! and builds a [`Counter`]; natively, tests build the same from the same files and check
//! it against tiktoken and each open-weight package's own tokenizer.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::bpe::{self, Pretokenizer, PretokenizerError, Vocabulary, VocabularyError};
use super::tokens::{normalize_line_ends, Encoding, Normalization};

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
}

/// One encoding's vocabulary and pre-tokenizer, ready to count.
pub struct Counter {
    encoding: Encoding,
    vocabulary: Vocabulary,
    pretokenizer: Pretokenizer,
}

impl Counter {
    /// Builds the counter for `encoding` from its vocabulary file's text.
    pub fn new(encoding: Encoding, vocabulary_file: &str) -> Result<Counter, CounterError> {
        let name = encoding.as_str();
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
            vocabulary,
            pretokenizer,
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
        bpe::count(&self.vocabulary, &self.pretokenizer, &text)
    }
}
