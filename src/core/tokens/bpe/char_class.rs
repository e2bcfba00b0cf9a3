//! The Unicode classes the pre-tokenizer patterns test, as one small lookup table.
//!
//! The classes are read from `regex-syntax`, through its public parser (`\p{Lu}` parses to
//! a class whose ranges we read), so they are the very tables fancy-regex and `regex` use
//! when they run tiktoken's patterns: a hand-written scanner and the regex cannot disagree
//! on what a letter is, whatever Unicode version the crate ships.

use std::sync::OnceLock;

use regex_syntax::hir::{Class, HirKind};

/// `\p{Lu}` and `\p{Lt}`: upper- and title-case letters.
pub(crate) const UPPER: u8 = 1 << 0;
/// `\p{Ll}`: lower-case letters.
pub(crate) const LOWER: u8 = 1 << 1;
/// `\p{Lm}` and `\p{Lo}`: modifier and other letters (most CJK, kana, Arabic...).
pub(crate) const OTHER_LETTER: u8 = 1 << 2;
/// `\p{M}`: combining marks. Not letters, but o200k's word classes include them.
pub(crate) const MARK: u8 = 1 << 3;
/// `\p{N}`: numbers of every kind.
pub(crate) const NUMBER: u8 = 1 << 4;
/// `\s` (Unicode White_Space) except CR and LF.
pub(crate) const SPACE: u8 = 1 << 5;
/// CR and LF, which the patterns treat apart from other white space.
pub(crate) const NEWLINE: u8 = 1 << 6;
/// Everything else: punctuation, symbols, controls, format characters, unassigned.
pub(crate) const OTHER: u8 = 1 << 7;

/// `\p{L}`.
pub(crate) const LETTER: u8 = UPPER | LOWER | OTHER_LETTER;
/// `\s`.
pub(crate) const WHITESPACE: u8 = SPACE | NEWLINE;
/// `[^\r\n\p{L}\p{N}]`, the optional char before a word.
pub(crate) const WORD_PREFIX: u8 = SPACE | MARK | OTHER;
/// `[^\s\p{L}\p{N}]`, punctuation and symbols.
pub(crate) const PUNCTUATION: u8 = MARK | OTHER;
/// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
pub(crate) const O200K_UPPER: u8 = UPPER | OTHER_LETTER | MARK;
/// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
pub(crate) const O200K_LOWER: u8 = LOWER | OTHER_LETTER | MARK;

/// Where each class comes from, in `regex-syntax`'s own syntax.
const SOURCES: [(&str, u8); 8] = [
    (r"\p{Lu}", UPPER),
    (r"\p{Lt}", UPPER),
    (r"\p{Ll}", LOWER),
    (r"\p{Lm}", OTHER_LETTER),
    (r"\p{Lo}", OTHER_LETTER),
    (r"\p{M}", MARK),
    (r"\p{N}", NUMBER),
    (r"\s", SPACE),
];

const BLOCK_BITS: u32 = 8;
const BLOCK_LEN: usize = 1 << BLOCK_BITS;
const CODE_POINTS: usize = 0x11_0000;
// Block indices are `u16`: there are at most this many distinct blocks.
const _: () = assert!(CODE_POINTS / BLOCK_LEN <= 1 << 16);

/// One class bit per code point, in a two-level table: blocks of 256 code points, with
/// identical blocks stored once (about 80 kB in all).
pub(crate) struct CharClasses {
    ascii: [u8; 128],
    block_of: Vec<u16>,
    blocks: Vec<u8>,
}

impl CharClasses {
    /// The shared table, built on first use (a few milliseconds).
    pub(crate) fn get() -> &'static CharClasses {
        static CLASSES: OnceLock<CharClasses> = OnceLock::new();
        CLASSES.get_or_init(CharClasses::build)
    }

    fn build() -> CharClasses {
        let mut flat = vec![OTHER; CODE_POINTS];
        for (pattern, class) in SOURCES {
            for (first, last) in unicode_ranges(pattern) {
                flat[first as usize..=last as usize].fill(class);
            }
        }
        flat[usize::from(b'\r')] = NEWLINE;
        flat[usize::from(b'\n')] = NEWLINE;

        let mut ascii = [OTHER; 128];
        ascii.copy_from_slice(&flat[..128]);
        let mut block_of = Vec::with_capacity(CODE_POINTS / BLOCK_LEN);
        let mut blocks: Vec<u8> = Vec::new();
        let mut seen: std::collections::HashMap<&[u8], u16> = std::collections::HashMap::new();
        for block in flat.chunks_exact(BLOCK_LEN) {
            #[allow(
                clippy::cast_possible_truncation,
                reason = "at most CODE_POINTS / BLOCK_LEN (4352) blocks, asserted to fit a u16"
            )]
            let next = (blocks.len() / BLOCK_LEN) as u16;
            let index = *seen.entry(block).or_insert_with(|| {
                blocks.extend_from_slice(block);
                next
            });
            block_of.push(index);
        }
        CharClasses {
            ascii,
            block_of,
            blocks,
        }
    }

    /// The class of an ASCII byte.
    #[inline]
    pub(crate) fn of_ascii(&self, byte: u8) -> u8 {
        self.ascii[usize::from(byte & 0x7F)]
    }

    /// The class of a code point (`char as u32`).
    #[inline]
    pub(crate) fn of(&self, code_point: u32) -> u8 {
        let block = usize::from(self.block_of[(code_point >> BLOCK_BITS) as usize]);
        self.blocks[(block << BLOCK_BITS) | (code_point as usize & (BLOCK_LEN - 1))]
    }
}

/// The code point ranges of a one-class pattern such as `\p{Lu}`, as `regex-syntax` has them;
/// none for a pattern that is not one Unicode class.
///
/// The patterns are our own constants and regex-syntax is built with its Unicode tables (the
/// `regex` crate requires them), so the "none" case does not occur: a test checks that every
/// source class parses and has code points.
pub(crate) fn unicode_ranges(pattern: &str) -> Vec<(u32, u32)> {
    match regex_syntax::parse(pattern).as_ref().map(|hir| hir.kind()) {
        Ok(HirKind::Class(Class::Unicode(class))) => class
            .ranges()
            .iter()
            .map(|range| (u32::from(range.start()), u32::from(range.end())))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(c: char) -> u8 {
        CharClasses::get().of(c as u32)
    }

    #[test]
    fn every_source_is_a_unicode_class_with_code_points() {
        for (pattern, _) in SOURCES {
            assert!(!unicode_ranges(pattern).is_empty(), "{pattern}");
        }
    }

    #[test]
    fn a_pattern_that_is_not_one_class_has_no_ranges() {
        assert!(unicode_ranges("ab").is_empty());
        assert!(unicode_ranges("(").is_empty());
    }

    #[test]
    fn the_sources_do_not_overlap() {
        let mut owner = vec![0u8; CODE_POINTS];
        for (pattern, class) in SOURCES {
            for (first, last) in unicode_ranges(pattern) {
                for cell in &mut owner[first as usize..=last as usize] {
                    assert!(*cell == 0 || *cell == class, "{pattern} overlaps");
                    *cell = class;
                }
            }
        }
    }

    #[test]
    fn letters_are_exactly_the_five_letter_categories() {
        let mut is_letter = vec![false; CODE_POINTS];
        for (first, last) in unicode_ranges(r"\p{L}") {
            is_letter[first as usize..=last as usize].fill(true);
        }
        for c in (0..CODE_POINTS as u32).filter_map(char::from_u32) {
            assert_eq!(class_of(c) & LETTER != 0, is_letter[c as usize], "{c:?}");
        }
    }

    #[test]
    fn tricky_characters_fall_in_the_expected_class() {
        assert_eq!(class_of('a'), LOWER);
        assert_eq!(class_of('Z'), UPPER);
        assert_eq!(class_of('ǅ'), UPPER, "title case");
        assert_eq!(class_of('ʰ'), OTHER_LETTER, "modifier letter");
        assert_eq!(class_of('中'), OTHER_LETTER);
        assert_eq!(class_of('\u{0301}'), MARK);
        assert_eq!(class_of('½'), NUMBER);
        assert_eq!(class_of('\u{A0}'), SPACE);
        assert_eq!(class_of('\u{85}'), SPACE, "NEL is White_Space");
        assert_eq!(class_of('\u{FEFF}'), OTHER, "a BOM is not white space");
        assert_eq!(
            class_of('\u{200B}'),
            OTHER,
            "zero-width space is not White_Space"
        );
        assert_eq!(class_of('\r'), NEWLINE);
        assert_eq!(class_of('\n'), NEWLINE);
        assert_eq!(class_of('\t'), SPACE);
        assert_eq!(class_of('\0'), OTHER);
        assert_eq!(class_of('😀'), OTHER);
        for byte in 0..128u8 {
            assert_eq!(CharClasses::get().of_ascii(byte), class_of(byte as char));
        }
    }

    #[test]
    fn the_table_is_small() {
        let classes = CharClasses::get();
        assert!(
            classes.blocks.len() <= 128 * 1024,
            "{}",
            classes.blocks.len()
        );
    }
}
