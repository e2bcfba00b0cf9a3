//! The user-defined-symbol matcher (sentencepiece's `PrefixMatcher`) and a fast string hasher.

use std::hash::{BuildHasherDefault, Hasher};

/// sentencepiece's Darts trie returns at most this many prefix matches, shortest first, and
/// the match used is the longest of those (`normalizer.cc`, `PrefixMatcher::PrefixMatch`).
const MAX_PREFIX_RESULTS: usize = 64;

/// A byte trie over the user-defined pieces.
#[derive(Debug, Clone, Default)]
pub(super) struct PrefixMatcher {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// (byte, child node), sorted by byte.
    children: Vec<(u8, u32)>,
    terminal: bool,
}

impl PrefixMatcher {
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut nodes = vec![Node::default()];
        'words: for word in words {
            let mut at = 0usize;
            for &byte in word.as_bytes() {
                at = match nodes[at].children.binary_search_by_key(&byte, |&(b, _)| b) {
                    Ok(i) => nodes[at].children[i].1 as usize,
                    Err(i) => {
                        let child = nodes.len();
                        // One node per byte of the model's user-defined pieces (a few kB).
                        let Ok(index) = u32::try_from(child) else {
                            continue 'words;
                        };
                        nodes[at].children.insert(i, (byte, index));
                        nodes.push(Node::default());
                        child
                    }
                };
            }
            nodes[at].terminal = true;
        }
        PrefixMatcher { nodes }
    }

    /// The byte length of the user-defined piece `text` starts with, if any.
    pub(super) fn longest_match(&self, text: &str) -> Option<usize> {
        let mut at = 0usize;
        let mut found = 0;
        let mut longest = None;
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            let children = &self.nodes[at].children;
            match children.binary_search_by_key(&byte, |&(b, _)| b) {
                Ok(k) => at = children[k].1 as usize,
                Err(_) => break,
            }
            if self.nodes[at].terminal {
                longest = Some(i + 1);
                found += 1;
                if found == MAX_PREFIX_RESULTS {
                    break;
                }
            }
        }
        longest
    }

    /// One chunk as sentencepiece splits text: a user-defined piece, else one character.
    /// `text` must not be empty.
    pub(super) fn chunk_len(&self, text: &str) -> usize {
        self.longest_match(text)
            .unwrap_or_else(|| text.chars().next().map_or(0, char::len_utf8))
    }
}

/// FxHash (rustc's hasher): a multiply-rotate hash, several times faster than SipHash for the
/// short piece strings looked up on every merge. Not DoS-resistant, which a counter needs not be.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(super) type FxBuildHasher = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_user_defined_piece_wins() {
        let matcher = PrefixMatcher::new(["\n", "\n\n", "<b>", "<br>"]);
        assert_eq!(matcher.longest_match("\n\n\nx"), Some(2));
        assert_eq!(matcher.longest_match("<br>"), Some(4));
        assert_eq!(matcher.longest_match("<bx"), None);
        assert_eq!(matcher.chunk_len("中文"), 3);
    }

    #[test]
    fn only_the_first_64_matches_count_as_the_trie_returns_them() {
        let runs: Vec<String> = (1..=70).map(|n| "a".repeat(n)).collect();
        let matcher = PrefixMatcher::new(runs.iter().map(String::as_str));
        assert_eq!(matcher.longest_match(&"a".repeat(100)), Some(64));
    }
}
