//! The BPE merge loop of sentencepiece's `bpe::Model::SampleEncode` (alpha = 0) and the id
//! emission of `SentencePieceProcessor::EncodeOptimized`, reduced to a count.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use super::{PieceKind, SentencePiece};

const NONE: u32 = u32::MAX;
/// sentencepiece stops splitting merged unused pieces back this deep (`kMaxBpeResegmentDepth`).
const MAX_RESEGMENT_DEPTH: usize = 100;

#[derive(Debug, Clone, Copy)]
struct Symbol {
    start: u32,
    /// 0 once merged into the symbol on its left.
    len: u32,
    prev: u32,
    next: u32,
    freeze: bool,
}

/// A candidate merge; `BinaryHeap` pops the highest score, then the leftmost.
#[derive(Debug, Clone, Copy)]
struct Pair {
    score: f32,
    left: u32,
    right: u32,
    size: u32,
}

impl Ord for Pair {
    fn cmp(&self, other: &Self) -> Ordering {
        // Scores are finite (checked on load); -0.0 and 0.0 tie, as C++'s `<` has them.
        if self.score < other.score {
            Ordering::Less
        } else if self.score > other.score {
            Ordering::Greater
        } else {
            other.left.cmp(&self.left)
        }
    }
}

impl PartialOrd for Pair {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pair {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pair {}

/// The number of ids for already-normalised text shorter than 4 GiB.
pub(super) fn count_normalized(model: &SentencePiece, normalized: &str) -> usize {
    if normalized.is_empty() {
        return 0;
    }
    let mut symbols = split(model, normalized);
    let mut rev_merge: HashMap<&str, (&str, &str)> = HashMap::new();
    let mut agenda = BinaryHeap::with_capacity(symbols.len());
    for right in 1..offset(symbols.len()) {
        add_pair(
            model,
            normalized,
            &symbols,
            right - 1,
            right,
            &mut agenda,
            &mut rev_merge,
        );
    }
    while let Some(top) = agenda.pop() {
        let (l, r) = (top.left as usize, top.right as usize);
        if symbols[l].len == 0 || symbols[r].len == 0 || symbols[l].len + symbols[r].len != top.size
        {
            continue; // stale: one side has merged since the pair was queued
        }
        symbols[l].len += symbols[r].len;
        let after = symbols[r].next;
        symbols[l].next = after;
        if after != NONE {
            symbols[after as usize].prev = top.left;
        }
        symbols[r].len = 0;
        let (prev, next) = (symbols[l].prev, symbols[l].next);
        add_pair(
            model,
            normalized,
            &symbols,
            prev,
            top.left,
            &mut agenda,
            &mut rev_merge,
        );
        add_pair(
            model,
            normalized,
            &symbols,
            top.left,
            next,
            &mut agenda,
            &mut rev_merge,
        );
    }

    let mut total = 0;
    let mut prev_unknown = false;
    let mut index = 0u32;
    while index != NONE {
        let symbol = symbols[index as usize];
        let text = &normalized[symbol.start as usize..(symbol.start + symbol.len) as usize];
        emit(model, text, &rev_merge, 0, &mut total, &mut prev_unknown);
        index = symbol.next;
    }
    total
}

/// A byte offset or symbol index as a `u32`. `count_normalized`'s text is under 4 GiB (its
/// caller cuts longer text into windows), so every one fits; saturating keeps that unchecked
/// assumption from wrapping.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(NONE)
}

/// Initial symbols: the longest user-defined piece (frozen), else one character.
fn split(model: &SentencePiece, normalized: &str) -> Vec<Symbol> {
    let mut symbols = Vec::with_capacity(normalized.len());
    let mut at = 0usize;
    while at < normalized.len() {
        let rest = &normalized[at..];
        let (len, freeze) = match model.user_defined.longest_match(rest) {
            Some(len) => (len, true),
            None => (rest.chars().next().map_or(1, char::len_utf8), false),
        };
        let index = offset(symbols.len());
        symbols.push(Symbol {
            start: offset(at),
            len: offset(len),
            prev: if index == 0 { NONE } else { index - 1 },
            next: if at + len >= normalized.len() {
                NONE
            } else {
                index + 1
            },
            freeze,
        });
        at += len;
    }
    symbols
}

/// `MaybeAddNewSymbolPair`: queue the merge of two neighbours if it makes a piece.
fn add_pair<'a>(
    model: &SentencePiece,
    normalized: &'a str,
    symbols: &[Symbol],
    left: u32,
    right: u32,
    agenda: &mut BinaryHeap<Pair>,
    rev_merge: &mut HashMap<&'a str, (&'a str, &'a str)>,
) {
    if left == NONE || right == NONE {
        return;
    }
    let (l, r) = (symbols[left as usize], symbols[right as usize]);
    if l.freeze || r.freeze {
        return;
    }
    let size = l.len + r.len;
    if size as usize > model.max_piece_len {
        return;
    }
    let start = l.start as usize;
    let piece = &normalized[start..start + size as usize];
    let Some(&id) = model.pieces.get(piece) else {
        return;
    };
    agenda.push(Pair {
        score: model.scores[id as usize],
        left,
        right,
        size,
    });
    if model.has_unused && model.kinds[id as usize] == PieceKind::Unused {
        let split = start + l.len as usize;
        rev_merge.insert(
            piece,
            (
                &normalized[start..split],
                &normalized[split..start + size as usize],
            ),
        );
    }
}

/// `resegment` and then the processor's id emission, counting instead of collecting.
fn emit(
    model: &SentencePiece,
    piece: &str,
    rev_merge: &HashMap<&str, (&str, &str)>,
    depth: usize,
    total: &mut usize,
    prev_unknown: &mut bool,
) {
    let known = match model.pieces.get(piece) {
        None => false,
        Some(&id)
            if depth <= MAX_RESEGMENT_DEPTH && model.kinds[id as usize] == PieceKind::Unused =>
        {
            match rev_merge.get(piece) {
                Some(&(left, right)) => {
                    emit(model, left, rev_merge, depth + 1, total, prev_unknown);
                    emit(model, right, rev_merge, depth + 1, total, prev_unknown);
                    return;
                }
                None => false,
            }
        }
        Some(_) => true,
    };
    if known {
        *total += 1;
        *prev_unknown = false;
    } else if model.byte_fallback {
        *total += piece.len();
        // With byte fallback no unknown id is ever emitted, so the run flag never matters.
    } else {
        if !*prev_unknown {
            *total += 1;
        }
        *prev_unknown = true;
    }
}
