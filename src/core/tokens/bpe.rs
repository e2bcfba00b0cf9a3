//! Exact byte-pair token counts, fast enough for a Web Worker and linear-ish on any input.
//!
//! tiktoken counts in two steps: a regex splits the text into pieces (words with their
//! leading space, runs of digits, punctuation, white space), then each piece is
//! byte-pair encoded on its own. This module does the same and gives the same count for
//! every input, but:
//! - [`Pretokenizer`] splits with a hand-written scanner for OpenAI's patterns instead of
//!   fancy-regex (the regex is most of tiktoken's time);
//! - [`Vocabulary::count_piece`] looks the whole piece up first (most pieces are one
//!   token), merges short pieces in a stack array and long ones with a heap, so a
//!   megabyte with no spaces takes well under a second rather than never finishing;
//! - vocabularies are read from tiktoken's own `.tiktoken` files, so a page can fetch only
//!   the one it needs.
//!
//! ```
//! use llm_cost_planner::core::tokens::bpe::{count, Pretokenizer, Vocabulary};
//!
//! // A toy vocabulary: the bytes "a", "b", " " and the merges "ab", " ab".
//! let vocabulary = Vocabulary::from_tiktoken("YQ== 0\nYg== 1\nIA== 2\nYWI= 3\nIGFi 4\n")?;
//! assert_eq!(count(&vocabulary, &Pretokenizer::o200k_base(), "ab ab aab"), 5);
//! # Ok::<(), llm_cost_planner::core::tokens::bpe::VocabularyError>(())
//! ```

mod char_class;
mod pretokenizer;
mod vocabulary;

pub use pretokenizer::{
    Pieces, Pretokenizer, PretokenizerError, CL100K_BASE_PATTERN, O200K_BASE_PATTERN,
    R50K_BASE_PATTERN,
};
pub use vocabulary::{Vocabulary, VocabularyError};

/// The number of tokens in `text`, counted as ordinary text: `<|endoftext|>` is just
/// characters. Line ends are counted as given (normalise them first if they should not).
pub fn count(vocabulary: &Vocabulary, pretokenizer: &Pretokenizer, text: &str) -> usize {
    pretokenizer
        .pieces(text)
        .map(|piece| vocabulary.count_piece(piece.as_bytes()))
        .sum()
}
