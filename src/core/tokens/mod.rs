//! Counting a prompt's tokens, exactly where the tokenizer is public and estimated with a band
//! where it is not.
//!
//! - [`encoding`]: the encodings the page counts with, their vocabularies and line ends;
//! - [`bpe`] and [`sentencepiece`]: the exact counters (byte-pair, SentencePiece BPE);
//! - [`counter`]: a counter built from a vocabulary file, as the token worker uses it;
//! - [`count_rule`]: which tokenizer counts each catalogue model;
//! - [`estimates`]: the factors and sources of private tokenizers' estimates;
//! - [`text_class`]: prose, code or CJK, line by line, which the estimates weigh;
//! - [`count_merge`]: the token workers' replies merged into one prompt's counts;
//! - [`prompt_counts`]: a prompt's counts and the input count one model's row uses.

pub mod bpe;
pub mod count_merge;
pub mod count_rule;
pub mod counter;
pub mod encoding;
pub mod estimates;
pub mod prompt_counts;
pub mod sentencepiece;
pub mod text_class;
