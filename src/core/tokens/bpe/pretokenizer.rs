//! Splitting text into pieces before byte-pair encoding, as tiktoken's regexes do.
//!
//! tiktoken runs a fancy-regex pattern (with a `\s+(?!\S)` look-ahead) over the text and
//! encodes each match on its own. Regex matching is most of the work, so the three
//! patterns OpenAI's encodings use also have a hand-written scanner here that follows the
//! pattern's alternatives in order, with the same backtracking outcome; property tests
//! prove each splits every string exactly as the pattern does. Any other pattern runs
//! through fancy-regex.

use super::char_class::{
    CharClasses, LETTER, LOWER, MARK, NEWLINE, NUMBER, O200K_LOWER, O200K_UPPER, OTHER_LETTER,
    PUNCTUATION, WHITESPACE, WORD_PREFIX,
};

/// o200k_base's pattern (GPT-4o, GPT-4.1, GPT-5, o-series), as tiktoken-rs 0.12 has it.
pub const O200K_BASE_PATTERN: &str = concat!(
    r#"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
    "|",
    r#"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
    "|",
    r#"\p{N}{1,3}"#,
    "|",
    r#" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
    "|",
    r#"\s*[\r\n]+"#,
    "|",
    r#"\s+(?!\S)"#,
    "|",
    r#"\s+"#
);

/// cl100k_base's pattern (GPT-4, GPT-3.5, text-embedding-3), as tiktoken-rs 0.12 has it.
pub const CL100K_BASE_PATTERN: &str = r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s";

/// r50k_base's and p50k_base's pattern (GPT-2, GPT-3), as tiktoken-rs 0.12 has it.
pub const R50K_BASE_PATTERN: &str =
    r"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s";

/// Why a pre-tokenizer could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PretokenizerError {
    /// The pattern is not a regular expression fancy-regex accepts.
    #[error("the pre-tokenizer pattern is not a valid regular expression: {0}")]
    InvalidPattern(String),
}

/// Splits text into the pieces an encoding byte-pair encodes one by one.
pub struct Pretokenizer {
    splitter: Splitter,
}

enum Splitter {
    O200k(&'static CharClasses),
    Cl100k(&'static CharClasses),
    R50k(&'static CharClasses),
    Regex(Box<fancy_regex::Regex>),
}

impl std::fmt::Debug for Pretokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match &self.splitter {
            Splitter::O200k(_) => "o200k_base scanner",
            Splitter::Cl100k(_) => "cl100k_base scanner",
            Splitter::R50k(_) => "r50k_base scanner",
            Splitter::Regex(regex) => regex.as_str(),
        };
        f.debug_tuple("Pretokenizer").field(&name).finish()
    }
}

impl Pretokenizer {
    /// The pre-tokenizer for `pattern`: the hand-written scanner when `pattern` is one of
    /// [`O200K_BASE_PATTERN`], [`CL100K_BASE_PATTERN`] or [`R50K_BASE_PATTERN`], otherwise
    /// the pattern itself through fancy-regex.
    pub fn new(pattern: &str) -> Result<Pretokenizer, PretokenizerError> {
        match pattern {
            O200K_BASE_PATTERN => Ok(Pretokenizer::o200k_base()),
            CL100K_BASE_PATTERN => Ok(Pretokenizer::cl100k_base()),
            R50K_BASE_PATTERN => Ok(Pretokenizer::r50k_base()),
            _ => Pretokenizer::from_regex(pattern),
        }
    }

    /// The pre-tokenizer that runs `pattern` through fancy-regex, as tiktoken does, even
    /// when a hand-written scanner exists for it. Slower; the reference in tests.
    pub fn from_regex(pattern: &str) -> Result<Pretokenizer, PretokenizerError> {
        let regex = fancy_regex::Regex::new(pattern)
            .map_err(|error| PretokenizerError::InvalidPattern(error.to_string()))?;
        Ok(Pretokenizer {
            splitter: Splitter::Regex(Box::new(regex)),
        })
    }

    /// o200k_base's pre-tokenizer (GPT-4o and later), hand-written.
    pub fn o200k_base() -> Pretokenizer {
        Pretokenizer {
            splitter: Splitter::O200k(CharClasses::get()),
        }
    }

    /// cl100k_base's pre-tokenizer (GPT-4, GPT-3.5), hand-written.
    pub fn cl100k_base() -> Pretokenizer {
        Pretokenizer {
            splitter: Splitter::Cl100k(CharClasses::get()),
        }
    }

    /// r50k_base's pre-tokenizer (GPT-2, GPT-3), hand-written.
    pub fn r50k_base() -> Pretokenizer {
        Pretokenizer {
            splitter: Splitter::R50k(CharClasses::get()),
        }
    }

    /// p50k_base's pre-tokenizer: the same pattern as r50k_base's.
    pub fn p50k_base() -> Pretokenizer {
        Pretokenizer::r50k_base()
    }

    /// Whether this pre-tokenizer runs a regex rather than a hand-written scanner.
    pub fn uses_regex(&self) -> bool {
        matches!(self.splitter, Splitter::Regex(_))
    }

    /// The pieces of `text`, in order. With a hand-written scanner they cover the whole
    /// text. With a regex they are its matches, as tiktoken encodes them: text no match
    /// covers is dropped, and if fancy-regex gives up on a pathological input (its
    /// backtracking limit; tiktoken panics there) the rest of the text is one last piece.
    pub fn pieces<'p, 't>(&'p self, text: &'t str) -> Pieces<'p, 't> {
        let state = match &self.splitter {
            Splitter::O200k(classes) => State::Scanner(Scanner::O200k, classes),
            Splitter::Cl100k(classes) => State::Scanner(Scanner::Cl100k, classes),
            Splitter::R50k(classes) => State::Scanner(Scanner::R50k, classes),
            Splitter::Regex(regex) => State::Regex(regex.find_iter(text)),
        };
        Pieces {
            text,
            position: 0,
            state,
        }
    }
}

/// The pieces of a text; see [`Pretokenizer::pieces`].
pub struct Pieces<'p, 't> {
    text: &'t str,
    position: usize,
    state: State<'p, 't>,
}

#[derive(Clone, Copy)]
enum Scanner {
    O200k,
    Cl100k,
    R50k,
}

enum State<'p, 't> {
    Scanner(Scanner, &'static CharClasses),
    Regex(fancy_regex::Matches<'p, 't, str>),
    Done,
}

impl<'t> Iterator for Pieces<'_, 't> {
    type Item = &'t str;

    #[inline]
    fn next(&mut self) -> Option<&'t str> {
        let start = self.position;
        match &mut self.state {
            State::Scanner(scanner, classes) => {
                if start >= self.text.len() {
                    return None;
                }
                let text = Text {
                    bytes: self.text.as_bytes(),
                    classes,
                };
                let end = match scanner {
                    Scanner::O200k => text.o200k_piece_end(start),
                    Scanner::Cl100k => text.cl100k_piece_end(start),
                    Scanner::R50k => text.r50k_piece_end(start),
                };
                self.position = end;
                // `end` is always on a char boundary, as it only ever steps over whole
                // UTF-8 sequences; `get` keeps that from ever being a panic.
                self.text.get(start..end)
            }
            State::Regex(matches) => match matches.next() {
                Some(Ok(found)) => {
                    self.position = found.end();
                    Some(found.as_str())
                }
                Some(Err(_)) => {
                    self.state = State::Done;
                    self.text.get(start..).filter(|rest| !rest.is_empty())
                }
                None => None,
            },
            State::Done => None,
        }
    }
}

/// Text being scanned: its bytes (valid UTF-8, from a `&str`) and the class table.
struct Text<'t> {
    bytes: &'t [u8],
    classes: &'t CharClasses,
}

/// A run of white space: where it ends, where its last char starts, and the end of its
/// last CR or LF if it has one.
struct WhitespaceRun {
    end: usize,
    last_char: usize,
    after_last_newline: Option<usize>,
}

impl Text<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The class and byte length of the char that starts at `at` (< len).
    #[inline(always)]
    fn class_at(&self, at: usize) -> (u8, usize) {
        let b = self.bytes;
        let lead = b[at];
        if lead < 0x80 {
            return (self.classes.of_ascii(lead), 1);
        }
        let tail = |k: usize| u32::from(b[at + k] & 0x3F);
        let (code_point, width) = if lead < 0xE0 {
            ((u32::from(lead & 0x1F) << 6) | tail(1), 2)
        } else if lead < 0xF0 {
            ((u32::from(lead & 0x0F) << 12) | (tail(1) << 6) | tail(2), 3)
        } else {
            (
                (u32::from(lead & 0x07) << 18) | (tail(1) << 12) | (tail(2) << 6) | tail(3),
                4,
            )
        };
        (self.classes.of(code_point), width)
    }

    /// Whether a char of one of `classes` starts at `at`.
    #[inline(always)]
    fn is_at(&self, at: usize, classes: u8) -> bool {
        at < self.len() && self.class_at(at).0 & classes != 0
    }

    /// The end of the longest run of chars of `classes` from `at`.
    #[inline(always)]
    fn run(&self, mut at: usize, classes: u8) -> usize {
        while at < self.len() {
            let (class, width) = self.class_at(at);
            if class & classes == 0 {
                break;
            }
            at += width;
        }
        at
    }

    /// The end of the run of chars of `classes` from `at`, `at_most` chars long.
    #[inline(always)]
    fn run_at_most(&self, mut at: usize, classes: u8, at_most: usize) -> usize {
        for _ in 0..at_most {
            if at >= self.len() {
                break;
            }
            let (class, width) = self.class_at(at);
            if class & classes == 0 {
                break;
            }
            at += width;
        }
        at
    }

    /// The end of the run of ASCII bytes that `keep` accepts, from `at`.
    #[inline(always)]
    fn byte_run(&self, mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
        while at < self.len() && keep(self.bytes[at]) {
            at += 1;
        }
        at
    }

    /// The run of white space from `at` (which starts with a white space char).
    fn whitespace_run(&self, start: usize) -> WhitespaceRun {
        let mut run = WhitespaceRun {
            end: start,
            last_char: start,
            after_last_newline: None,
        };
        while run.end < self.len() {
            let (class, width) = self.class_at(run.end);
            if class & WHITESPACE == 0 {
                break;
            }
            run.last_char = run.end;
            run.end += width;
            if class == NEWLINE {
                run.after_last_newline = Some(run.end);
            }
        }
        run
    }

    /// The length of the contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `at`,
    /// 0 if there is none. Case-insensitive matching is Unicode's simple case folding, as
    /// in the regex: it adds the upper-case letters and `ſ` (U+017F, which folds to `s`).
    #[inline]
    fn contraction_len(&self, at: usize, ignore_case: bool) -> usize {
        let b = self.bytes;
        if b.get(at) != Some(&b'\'') {
            return 0;
        }
        let letter = |k: usize, lower: u8| match b.get(at + k) {
            Some(&byte) => byte == lower || (ignore_case && byte == lower.to_ascii_uppercase()),
            None => false,
        };
        // `ſ` is two bytes long, so `'ſ` is as long as `'re`.
        let long_s = ignore_case && b.get(at + 1..at + 3) == Some("ſ".as_bytes());
        if letter(1, b's') || letter(1, b't') || letter(1, b'm') || letter(1, b'd') {
            2
        } else if long_s
            || (letter(1, b'r') || letter(1, b'v')) && letter(2, b'e')
            || letter(1, b'l') && letter(2, b'l')
        {
            3
        } else {
            0
        }
    }

    /// The end of o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` from
    /// `at`, if it matches there. The greedy first part may swallow chars the second needs,
    /// so this gives back chars as the regex's backtracking would: the second part starts
    /// at the last place a char of its class can.
    fn o200k_lower_word(&self, at: usize) -> Option<usize> {
        // The upper run, and the last char in it that the lower class also has.
        let mut end = at;
        let mut last_shared = None;
        while end < self.len() {
            let (class, width) = self.class_at(end);
            if class & O200K_UPPER == 0 {
                break;
            }
            if class & O200K_LOWER != 0 {
                last_shared = Some(end + width);
            }
            end += width;
        }
        // The char after the run is upper-less, so in the lower class it is `\p{Ll}`.
        if self.is_at(end, LOWER) {
            Some(self.run(end, O200K_LOWER))
        } else {
            // Back off to the last shared char; the chars after it in the run are
            // `\p{Lu}`/`\p{Lt}`, so the lower run is that one char.
            last_shared
        }
    }

    /// The end of o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` from
    /// `at`, if it matches there.
    fn o200k_upper_word(&self, at: usize) -> Option<usize> {
        if !self.is_at(at, O200K_UPPER) {
            return None;
        }
        let end = self.run(at, O200K_UPPER);
        Some(self.run(end, O200K_LOWER))
    }

    /// The end of the piece that starts at `start` (< len), by [`O200K_BASE_PATTERN`].
    fn o200k_piece_end(&self, start: usize) -> usize {
        let (class, width) = self.class_at(start);

        // 1st and 2nd alternatives: a word, each first with its optional prefix char, then
        // without it, then a contraction. A word starts with a letter or a mark, so most
        // of the four tries are ruled out by the first two chars' classes.
        const WORD_START: u8 = LETTER | MARK;
        let prefixed = class & WORD_PREFIX != 0 && self.is_at(start + width, WORD_START);
        let bare = class & WORD_START != 0;
        let word = if prefixed {
            // `bare` here means the prefix is a mark, which can also start a word.
            let at = start + width;
            self.o200k_lower_word(at)
                .or_else(|| bare.then(|| self.o200k_lower_word(start)).flatten())
                .or_else(|| self.o200k_upper_word(at))
                .or_else(|| bare.then(|| self.o200k_upper_word(start)).flatten())
        } else if bare {
            self.o200k_lower_word(start)
                .or_else(|| self.o200k_upper_word(start))
        } else {
            None
        };
        if let Some(end) = word {
            return end + self.contraction_len(end, true);
        }
        // `\p{N}{1,3}`
        if class == NUMBER {
            return self.run_at_most(start, NUMBER, 3);
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
        let punctuation = if self.bytes[start] == b' ' && self.is_at(start + 1, PUNCTUATION) {
            Some(start + 1)
        } else {
            (class & PUNCTUATION != 0).then_some(start)
        };
        if let Some(at) = punctuation {
            let end = self.run(at, PUNCTUATION);
            return self.byte_run(end, |b| matches!(b, b'\r' | b'\n' | b'/'));
        }
        // What is left starts with white space.
        let run = self.whitespace_run(start);
        if let Some(end) = run.after_last_newline {
            // `\s*[\r\n]+`
            end
        } else if run.end == self.len() || run.last_char == start {
            // `\s+(?!\S)` at the end of the text, or `\s+` for one char.
            run.end
        } else {
            // `\s+(?!\S)`, backing off one char so a word can take it as its prefix.
            run.last_char
        }
    }

    /// The end of the piece that starts at `start` (< len), by [`CL100K_BASE_PATTERN`].
    fn cl100k_piece_end(&self, start: usize) -> usize {
        // `'(?i:[sdmt]|ll|ve|re)`
        let contraction = self.contraction_len(start, true);
        if contraction > 0 {
            return start + contraction;
        }
        let (class, width) = self.class_at(start);
        // `[^\r\n\p{L}\p{N}]?+\p{L}++`
        if class & LETTER != 0 {
            return self.run(start, LETTER);
        }
        if class & WORD_PREFIX != 0 && self.is_at(start + width, LETTER) {
            return self.run(start + width, LETTER);
        }
        // `\p{N}{1,3}+`
        if class == NUMBER {
            return self.run_at_most(start, NUMBER, 3);
        }
        // ` ?[^\s\p{L}\p{N}]++[\r\n]*+`
        let punctuation = if self.bytes[start] == b' ' && self.is_at(start + 1, PUNCTUATION) {
            Some(start + 1)
        } else {
            (class & PUNCTUATION != 0).then_some(start)
        };
        if let Some(at) = punctuation {
            let end = self.run(at, PUNCTUATION);
            return self.byte_run(end, |b| matches!(b, b'\r' | b'\n'));
        }
        // What is left starts with white space.
        let run = self.whitespace_run(start);
        if run.end == self.len() {
            // `\s++$`
            run.end
        } else if let Some(end) = run.after_last_newline {
            // `\s*[\r\n]`
            end
        } else if run.last_char > start {
            // `\s+(?!\S)`
            run.last_char
        } else {
            // `\s`
            run.end
        }
    }

    /// The end of the piece that starts at `start` (< len), by [`R50K_BASE_PATTERN`].
    fn r50k_piece_end(&self, start: usize) -> usize {
        // `'(?:[sdmt]|ll|ve|re)`
        let contraction = self.contraction_len(start, false);
        if contraction > 0 {
            return start + contraction;
        }
        // ` ?\p{L}++`, ` ?\p{N}++`, ` ?[^\s\p{L}\p{N}]++`: the optional space, then a run
        // of one kind.
        let (class, _) = self.class_at(start);
        let (at, class) = if self.bytes[start] == b' ' && start + 1 < self.len() {
            (start + 1, self.class_at(start + 1).0)
        } else {
            (start, class)
        };
        for kind in [LETTER, NUMBER, PUNCTUATION] {
            if class & kind != 0 {
                return self.run(at, kind);
            }
        }
        // What is left starts with white space.
        let run = self.whitespace_run(start);
        if run.end == self.len() || run.last_char == start {
            // `\s++$` or `\s`
            run.end
        } else {
            // `\s+(?!\S)`
            run.last_char
        }
    }
}

// The two classes the o200k word alternatives share are exactly these.
const _: () = assert!(O200K_UPPER & O200K_LOWER == OTHER_LETTER | MARK);
// A word starts with a char of either word class: a letter or a mark.
const _: () = assert!(O200K_UPPER | O200K_LOWER == LETTER | MARK);

#[cfg(test)]
mod tests {
    use super::*;

    fn split(pretokenizer: &Pretokenizer, text: &str) -> Vec<String> {
        pretokenizer.pieces(text).map(str::to_string).collect()
    }

    fn assert_same_split(pattern: &str, fast: &Pretokenizer, text: &str) {
        let regex = Pretokenizer::from_regex(pattern).unwrap();
        assert_eq!(split(fast, text), split(&regex, text), "{text:?}");
    }

    #[test]
    fn known_patterns_get_a_scanner_and_others_a_regex() {
        assert!(!Pretokenizer::new(O200K_BASE_PATTERN).unwrap().uses_regex());
        assert!(!Pretokenizer::new(CL100K_BASE_PATTERN).unwrap().uses_regex());
        assert!(!Pretokenizer::new(R50K_BASE_PATTERN).unwrap().uses_regex());
        assert!(Pretokenizer::new(r"\w+|\W").unwrap().uses_regex());
        assert!(matches!(
            Pretokenizer::new("(unclosed"),
            Err(PretokenizerError::InvalidPattern(_))
        ));
    }

    #[test]
    fn o200k_splits_like_its_regex_on_tricky_cases() {
        let fast = Pretokenizer::o200k_base();
        for text in [
            "Hello world",
            "  hello",
            "\u{301}AB",
            "ABʰCD",
            "ABʰ",
            "HELLO's WORLD'LL x'ſ",
            "a\r\n\r\n  b",
            "1234567 ½",
            " //\n/ x",
            "x  \n",
            "  ",
            " !?\r\n",
            "\u{FEFF}word",
            "ǅemal ǅEMAL",
        ] {
            assert_same_split(O200K_BASE_PATTERN, &fast, text);
        }
    }

    #[test]
    fn cl100k_and_r50k_split_like_their_regexes_on_tricky_cases() {
        for text in [
            "'s 'S 'ſ 'll 'LL 'Ve x're",
            "Hello world  again\n\n  end  ",
            "123456 ½ x",
            " !?\r\n\r\nz",
            "\tword \u{301}x",
            "x \u{A0}y",
        ] {
            assert_same_split(CL100K_BASE_PATTERN, &Pretokenizer::cl100k_base(), text);
            assert_same_split(R50K_BASE_PATTERN, &Pretokenizer::r50k_base(), text);
        }
    }

    #[test]
    fn a_regex_that_gives_up_leaves_the_rest_as_one_piece() {
        // Exponential backtracking: fancy-regex stops at its limit with an error, where
        // tiktoken would panic.
        let pretokenizer = Pretokenizer::from_regex(r"x|(a|a)*\1b|a").unwrap();
        let text = format!("x{}", "a".repeat(40));
        let pieces: Vec<&str> = pretokenizer.pieces(&text).collect();
        assert_eq!(pieces, ["x", &text[1..]]);
    }

    #[test]
    fn scanner_pieces_cover_the_text() {
        let text = "Ünïcödé\u{301} 中文 😀\r\n\t 12345'LL";
        for fast in [
            Pretokenizer::o200k_base(),
            Pretokenizer::cl100k_base(),
            Pretokenizer::r50k_base(),
        ] {
            assert_eq!(fast.pieces(text).collect::<String>(), text);
        }
    }

    #[test]
    fn case_insensitive_contractions_fold_as_the_regex_does() {
        let mut folded: Vec<u32> = super::super::char_class::unicode_ranges("(?i)[sdmtlver]")
            .into_iter()
            .flat_map(|(first, last)| first..=last)
            .collect();
        folded.sort_unstable();
        let mut expected: Vec<u32> = "sdmtlverSDMTLVERſ".chars().map(u32::from).collect();
        expected.sort_unstable();
        assert_eq!(folded, expected);
    }
}
