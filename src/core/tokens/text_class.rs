//! What kind of text a prompt is made of, line by line: prose, code or CJK.
//!
//! Private tokenizers (Claude's, Gemini's) are estimated from a public one with a factor
//! that depends on the kind of text, so the prompt's `o200k_base` tokens are split by the
//! class of the line they come from.

use serde::{Deserialize, Serialize};

/// The kind of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TextClass {
    /// Natural language in Latin, Cyrillic, Greek and other alphabetic scripts.
    Prose,
    /// Source code, markup and data (JSON, CSV): dense in symbols.
    Code,
    /// Chinese, Japanese and Korean text.
    Cjk,
}

impl TextClass {
    pub const ALL: [TextClass; 3] = [TextClass::Prose, TextClass::Code, TextClass::Cjk];

    pub fn label(self) -> &'static str {
        match self {
            TextClass::Prose => "prose",
            TextClass::Code => "code",
            TextClass::Cjk => "CJK",
        }
    }
}

/// A share of the non-blank characters, in percent, above which a line counts as CJK.
const CJK_MIN_PCT: u8 = 20;
/// A share of the non-blank characters, in percent, above which a line counts as code.
const CODE_SYMBOLS_MIN_PCT: u8 = 12;

/// Classifies one line: CJK when at least a fifth of its visible characters are CJK,
/// code when it is dense in the symbols code and data are made of, prose otherwise.
pub fn classify_line(line: &str) -> TextClass {
    let mut visible = 0usize;
    let mut cjk = 0usize;
    let mut symbols = 0usize;
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        if is_cjk(c) {
            cjk += 1;
        } else if is_code_symbol(c) {
            symbols += 1;
        }
    }
    class_of_counts(visible, cjk, symbols)
}

/// The class of a line with `visible` non-blank characters, `cjk` of them CJK and `symbols`
/// of them code symbols. Any counts, however large (a one-line paste of tens of millions of
/// characters): the percentages are compared without overflow.
fn class_of_counts(visible: usize, cjk: usize, symbols: usize) -> TextClass {
    if visible == 0 {
        TextClass::Prose
    } else if is_at_least_pct(cjk, visible, CJK_MIN_PCT) {
        TextClass::Cjk
    } else if is_at_least_pct(symbols, visible, CODE_SYMBOLS_MIN_PCT) {
        TextClass::Code
    } else {
        TextClass::Prose
    }
}

/// Whether `part` is at least `pct` percent of `whole`, exactly. A `usize` is at most 64 bits,
/// so both sides fit a `u128` (on wasm32, where `usize` is 32 bits, `part * 100` alone would
/// overflow past 43 million characters).
fn is_at_least_pct(part: usize, whole: usize, pct: u8) -> bool {
    part as u128 * 100 >= whole as u128 * u128::from(pct)
}

/// Han, kana, Hangul, and the CJK punctuation and full-width forms around them.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals
        | 0x3000..=0x30FF    // CJK punctuation, Hiragana, Katakana
        | 0x3100..=0x31FF    // Bopomofo, Hangul compatibility Jamo, Katakana extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7FF    // Hangul syllables and Jamo extended B
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF00..=0xFFEF    // half- and full-width forms
        | 0x20000..=0x3134F // CJK extensions B to G
    )
}

fn is_code_symbol(c: char) -> bool {
    matches!(
        c,
        '{' | '}'
            | '('
            | ')'
            | '['
            | ']'
            | ';'
            | '='
            | '<'
            | '>'
            | '_'
            | '/'
            | '\\'
            | '|'
            | '&'
            | '*'
            | '#'
            | '$'
            | '"'
            | ':'
            | '@'
            | '+'
    )
}

/// Splits `text` into its lines of each class, joined back with their line ends, so each
/// class can be counted as a whole.
pub fn split_by_class(text: &str) -> [(TextClass, String); 3] {
    let mut parts = TextClass::ALL.map(|class| (class, String::new()));
    for line in text.split_inclusive('\n') {
        let class = classify_line(line);
        parts[class as usize].1.push_str(line);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified_by_what_they_are_made_of() {
        assert_eq!(
            classify_line("The quick brown fox jumps over the lazy dog."),
            TextClass::Prose
        );
        assert_eq!(
            classify_line("    let total = items.iter().map(|x| x.cost).sum();"),
            TextClass::Code
        );
        assert_eq!(
            classify_line(r#"{"model": "gpt-5", "tokens": 12}"#),
            TextClass::Code
        );
        assert_eq!(classify_line("東京は日本の首都です。"), TextClass::Cjk);
        assert_eq!(classify_line("서울은 한국의 수도입니다"), TextClass::Cjk);
        assert_eq!(classify_line("   "), TextClass::Prose);
    }

    #[test]
    fn a_line_too_long_for_count_times_100_is_still_classified() {
        // Counts past usize::MAX / 100: the products overflow a usize (a 43-million-character
        // line on wasm32), but the shares are still compared exactly.
        let huge = usize::MAX;
        assert_eq!(class_of_counts(huge, huge, 0), TextClass::Cjk);
        assert_eq!(class_of_counts(huge, huge / 5, 0), TextClass::Cjk);
        assert_eq!(class_of_counts(huge, huge / 5 - 1, huge), TextClass::Code);
        assert_eq!(class_of_counts(huge, 0, huge / 8), TextClass::Code);
        assert_eq!(
            class_of_counts(huge, huge / 10, huge / 10),
            TextClass::Prose
        );
        let cjk_line = 43_000_000;
        assert_eq!(class_of_counts(cjk_line, cjk_line, 0), TextClass::Cjk);
    }

    #[test]
    fn shares_at_the_thresholds_count_as_reached() {
        assert!(is_at_least_pct(20, 100, 20));
        assert!(!is_at_least_pct(19, 100, 20));
        assert!(is_at_least_pct(u32::MAX as usize, u32::MAX as usize, 100));
        assert!(!is_at_least_pct(1, usize::MAX, 1));
    }

    #[test]
    fn split_by_class_keeps_every_character() {
        let text = "Hello there.\nfn main() { println!(\"{}\", 1); }\n日本語の文章\nBye";
        let parts = split_by_class(text);
        let total: usize = parts.iter().map(|(_, part)| part.len()).sum();
        assert_eq!(total, text.len());
        assert_eq!(parts[TextClass::Cjk as usize].1, "日本語の文章\n");
        assert_eq!(
            parts[TextClass::Code as usize].1,
            "fn main() { println!(\"{}\", 1); }\n"
        );
    }
}
