//! Exact token counts with OpenAI's public encodings (tiktoken-rs).
//!
//! Text is counted as ordinary text: `<|endoftext|>` in a pasted prompt is five ordinary
//! tokens' worth of characters, not a special token. Line ends are normalised to LF, as a
//! browser `<textarea>` does.

use std::borrow::Cow;

use tiktoken_rs::tokenizer::{get_tokenizer, Tokenizer};

/// A tokenizer whose counts are exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Encoding {
    /// GPT-4o, GPT-4.1, GPT-5, the o-series (and gpt-oss's harmony, which adds only
    /// special tokens, so ordinary text counts the same).
    O200kBase,
    /// GPT-4, GPT-3.5 and the text-embedding models.
    Cl100kBase,
}

impl Encoding {
    /// Every encoding the page counts with.
    pub const ALL: [Encoding; 2] = [Encoding::O200kBase, Encoding::Cl100kBase];

    /// The encoding's name as tiktoken spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::O200kBase => "o200k_base",
            Encoding::Cl100kBase => "cl100k_base",
        }
    }

    pub fn from_name(name: &str) -> Option<Encoding> {
        Encoding::ALL
            .into_iter()
            .find(|encoding| encoding.as_str() == name)
    }

    /// The number of tokens in `text`, counted as ordinary text after line-end
    /// normalisation.
    pub fn count(self, text: &str) -> usize {
        let text = normalize_line_ends(text);
        let bpe = match self {
            Encoding::O200kBase => tiktoken_rs::o200k_base_singleton(),
            Encoding::Cl100kBase => tiktoken_rs::cl100k_base_singleton(),
        };
        bpe.encode_ordinary(&text).len()
    }

    /// The encoding an OpenAI model id uses, by tiktoken's own model table; `None` when the
    /// table does not know the model or it uses an encoding we do not count.
    pub fn for_openai_model(model_id: &str) -> Option<Encoding> {
        match get_tokenizer(model_id)? {
            Tokenizer::O200kBase | Tokenizer::O200kHarmony => Some(Encoding::O200kBase),
            Tokenizer::Cl100kBase => Some(Encoding::Cl100kBase),
            _ => None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_token_text_counts_as_ordinary_text() {
        // With special tokens honoured this would be a single token.
        assert!(Encoding::O200kBase.count("<|endoftext|>") > 1);
        assert!(Encoding::Cl100kBase.count("<|endoftext|>") > 1);
    }

    #[test]
    fn crlf_and_cr_count_like_lf() {
        let lf = Encoding::Cl100kBase.count("a\nb\nc");
        assert_eq!(Encoding::Cl100kBase.count("a\r\nb\rc"), lf);
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
        assert_eq!(Encoding::for_openai_model("dall-e-3"), None);
    }
}
