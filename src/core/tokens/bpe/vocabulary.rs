//! A byte-pair vocabulary and tiktoken's merge rule over it.

/// The rank that means "not a token".
const NO_RANK: u32 = u32::MAX;

/// Pieces up to this many bytes merge with the simple quadratic loop over a stack array;
/// longer ones with a heap. Most pieces that are not one token are a few bytes long.
const SHORT_PIECE: usize = 64;

/// Why a vocabulary file could not be read. Line numbers count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VocabularyError {
    /// The file has no tokens at all.
    #[error("the vocabulary file has no tokens")]
    Empty,
    /// A line has no space between the token and its rank.
    #[error("line {line}: expected the token's base64, a space and its rank, found no rank")]
    MissingRank { line: usize },
    /// The token is not valid (padded, standard-alphabet) base64.
    #[error("line {line}: the token is not valid base64")]
    InvalidBase64 { line: usize },
    /// The token's base64 decodes to no bytes.
    #[error("line {line}: the token is empty")]
    EmptyToken { line: usize },
    /// The rank is not a whole number below 4294967295.
    #[error("line {line}: the rank {rank:?} is not a whole number below 4294967295")]
    InvalidRank { line: usize, rank: String },
    /// Two lines give the same rank.
    #[error("line {line}: rank {rank} was already given to another token")]
    DuplicateRank { line: usize, rank: u32 },
    /// Two lines give the same token.
    #[error("line {line}: the token was already listed, on line {first_line}")]
    DuplicateToken { line: usize, first_line: usize },
}

/// A byte-pair vocabulary: token bytes → rank, loaded from tiktoken's file format (one line
/// per token: base64 of the bytes, a space, the rank).
///
/// Tokens live in one byte buffer behind an open-addressing hash table, and the ranks of
/// all one- and two-byte tokens in flat arrays, so a lookup allocates nothing and most
/// lookups made while merging are one array read.
pub struct Vocabulary {
    // Boxed slices rather than `Vec`s: at `opt-level = "z"` indexing a `Vec` stays a call.
    /// Every token's bytes, one after another.
    bytes: Box<[u8]>,
    /// Token `i` is `bytes[starts[i]..starts[i + 1]]`.
    starts: Box<[u32]>,
    ranks: Box<[u32]>,
    /// `(hash tag << 32) | (token index + 1)`, 0 for an empty slot; linear probing.
    slots: Box<[u64]>,
    slot_shift: u32,
    /// Ranks of the one-byte tokens, by byte.
    byte_ranks: Box<[u32; 256]>,
    /// Ranks of the two-byte tokens, by the two bytes as a big-endian `u16`.
    pair_ranks: Box<[u32]>,
    longest_token: usize,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("tokens", &self.len())
            .field("longest_token", &self.longest_token)
            .finish()
    }
}

impl Vocabulary {
    /// Reads a vocabulary in tiktoken's format. Blank lines are skipped; anything else that
    /// is not `base64 rank` is an error naming the line.
    pub fn from_tiktoken(file: &str) -> Result<Vocabulary, VocabularyError> {
        let mut bytes = Vec::with_capacity(file.len() / 2);
        let mut starts = vec![0u32];
        let mut ranks = Vec::new();
        let mut lines = Vec::new();
        let text = file.as_bytes();
        let mut at = 0;
        let mut number = 0;
        while at < text.len() {
            number += 1;
            let end = text[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |k| at + k);
            let line = &text[at..end];
            at = end + 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let space = line
                .iter()
                .position(|&b| b == b' ')
                .ok_or(VocabularyError::MissingRank { line: number })?;
            let token_start = bytes.len();
            decode_base64(&line[..space], &mut bytes)
                .ok_or(VocabularyError::InvalidBase64 { line: number })?;
            if bytes.len() == token_start {
                return Err(VocabularyError::EmptyToken { line: number });
            }
            let token_end = u32::try_from(bytes.len())
                .map_err(|_| VocabularyError::InvalidBase64 { line: number })?;
            let rank = &line[space + 1..];
            let rank = parse_rank(rank).ok_or_else(|| VocabularyError::InvalidRank {
                line: number,
                rank: String::from_utf8_lossy(rank).into_owned(),
            })?;
            starts.push(token_end);
            ranks.push(rank);
            lines.push(number);
        }
        if ranks.is_empty() {
            return Err(VocabularyError::Empty);
        }
        check_ranks_are_distinct(&ranks, &lines)?;

        let slot_count = (ranks.len() * 2).next_power_of_two().max(8);
        let mut vocabulary = Vocabulary {
            bytes: bytes.into_boxed_slice(),
            starts: starts.into_boxed_slice(),
            ranks: ranks.into_boxed_slice(),
            slots: vec![0; slot_count].into_boxed_slice(),
            slot_shift: 64 - slot_count.trailing_zeros(),
            byte_ranks: Box::new([NO_RANK; 256]),
            pair_ranks: vec![NO_RANK; 1 << 16].into_boxed_slice(),
            longest_token: 0,
        };
        for index in 0..vocabulary.ranks.len() {
            vocabulary.insert(index, &lines)?;
        }
        Ok(vocabulary)
    }

    fn insert(&mut self, index: usize, lines: &[usize]) -> Result<(), VocabularyError> {
        let (start, end) = (self.starts[index] as usize, self.starts[index + 1] as usize);
        let token = &self.bytes[start..end];
        let rank = self.ranks[index];
        let hash = hash_bytes(token);
        let tag = low_half(hash);
        let mask = self.slots.len() - 1;
        let mut position = self.home_slot(hash);
        loop {
            let slot = self.slots[position];
            if slot == 0 {
                break;
            }
            let other = (low_half(slot) - 1) as usize;
            let other_bytes =
                &self.bytes[self.starts[other] as usize..self.starts[other + 1] as usize];
            if (slot >> 32) as u32 == tag && other_bytes == token {
                return Err(VocabularyError::DuplicateToken {
                    line: lines[index],
                    first_line: lines[other],
                });
            }
            position = (position + 1) & mask;
        }
        self.slots[position] = (u64::from(tag) << 32) | (index as u64 + 1);
        match self.bytes[start..end] {
            [byte] => self.byte_ranks[usize::from(byte)] = rank,
            [first, second] => {
                self.pair_ranks[usize::from(u16::from_be_bytes([first, second]))] = rank
            }
            _ => {}
        }
        self.longest_token = self.longest_token.max(end - start);
        Ok(())
    }

    #[inline(always)]
    fn token(&self, index: usize) -> &[u8] {
        &self.bytes[self.starts[index] as usize..self.starts[index + 1] as usize]
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// Whether there are no tokens; never true, as an empty file is an error.
    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }

    /// The rank of the token with exactly these bytes, or `None` when they are not a token.
    #[inline]
    pub fn rank(&self, bytes: &[u8]) -> Option<u32> {
        let rank = self.rank_or_none(bytes);
        (rank != NO_RANK).then_some(rank)
    }

    #[inline(always)]
    fn rank_or_none(&self, bytes: &[u8]) -> u32 {
        match *bytes {
            [byte] => self.byte_ranks[usize::from(byte)],
            [first, second] => self.pair_ranks[usize::from(u16::from_be_bytes([first, second]))],
            _ if bytes.len() > self.longest_token || bytes.is_empty() => NO_RANK,
            _ => self.find(bytes),
        }
    }

    #[inline(always)]
    fn find(&self, bytes: &[u8]) -> u32 {
        let hash = hash_bytes(bytes);
        let tag = low_half(hash);
        let mask = self.slots.len() - 1;
        let mut position = self.home_slot(hash);
        loop {
            let slot = self.slots[position];
            if slot == 0 {
                return NO_RANK;
            }
            if (slot >> 32) as u32 == tag {
                let index = (low_half(slot) - 1) as usize;
                if same_bytes(self.token(index), bytes) {
                    return self.ranks[index];
                }
            }
            position = (position + 1) & mask;
        }
    }

    /// Tokens in one pre-tokenized piece, by tiktoken's rule: start from single bytes and
    /// repeatedly merge the adjacent pair whose concatenation has the lowest rank (ties: the
    /// leftmost) until no adjacent pair is a token. A piece that is itself a token is one.
    ///
    /// Exactly tiktoken's count for every input; O(n log n) in the piece's length, so a
    /// megabyte without spaces is fine. A byte the vocabulary lacks counts as one token
    /// (tiktoken panics there; OpenAI's vocabularies have all 256 bytes).
    pub fn count_piece(&self, piece: &[u8]) -> usize {
        match piece.len() {
            0 => 0,
            1 => 1,
            _ if self.rank_or_none(piece) != NO_RANK => 1,
            length if length <= SHORT_PIECE => self.count_short(piece),
            _ => self.count_long(piece),
        }
    }

    /// The merge rule as tiktoken writes it: scan for the lowest-ranked pair, merge, repeat.
    /// Quadratic, but allocation-free and quickest for short pieces.
    fn count_short(&self, piece: &[u8]) -> usize {
        let length = piece.len();
        debug_assert!((2..=SHORT_PIECE).contains(&length));
        // Part `k` is `piece[starts[k]..starts[k + 1]]`; `pair_ranks[k]` is the rank of
        // parts `k` and `k + 1` together.
        let mut starts = [0u8; SHORT_PIECE + 1];
        let mut pair_ranks = [NO_RANK; SHORT_PIECE];
        for (start, k) in starts.iter_mut().zip(0u8..).take(length + 1) {
            *start = k;
        }
        for (k, pair) in piece.windows(2).enumerate() {
            pair_ranks[k] = self.pair_ranks[usize::from(u16::from_be_bytes([pair[0], pair[1]]))];
        }
        let mut parts = length;
        let span = |starts: &[u8], from: usize, to: usize| {
            &piece[usize::from(starts[from])..usize::from(starts[to])]
        };
        loop {
            let mut best = NO_RANK;
            let mut at = 0;
            for (k, &rank) in pair_ranks[..parts - 1].iter().enumerate() {
                if rank < best {
                    best = rank;
                    at = k;
                }
            }
            if best == NO_RANK {
                return parts;
            }
            // Merge parts `at` and `at + 1`.
            starts.copy_within(at + 2..parts + 1, at + 1);
            if at + 3 <= parts {
                pair_ranks.copy_within(at + 2..parts - 1, at + 1);
            }
            parts -= 1;
            if at + 1 < parts {
                pair_ranks[at] = self.rank_or_none(span(&starts, at, at + 2));
            } else {
                pair_ranks[at] = NO_RANK;
            }
            if at > 0 {
                pair_ranks[at - 1] = self.rank_or_none(span(&starts, at - 1, at + 1));
            }
        }
    }

    /// The same rule with a min-heap of candidate pairs (rank, then start) over a linked
    /// list of parts: O(n log n). Entries go stale when a neighbour merges; a popped entry
    /// counts only if it still matches its pair's current rank (a pair that starts where it
    /// did and has the same rank has the same bytes, so it is the same pair).
    fn count_long(&self, piece: &[u8]) -> usize {
        let length = piece.len();
        // Positions are u32. Only a native build can hold a piece past 4 GiB (wasm32 memory is
        // 4 GiB); it is counted in windows.
        let Ok(end) = u32::try_from(length) else {
            return self.count_in_windows(piece);
        };
        // For a part that starts at `i`: where the next part starts, where the previous one
        // starts, and the rank of it and the next part together.
        // (Boxed slices: indexing them is inlined even at `opt-level = "z"`.)
        let mut next: Box<[u32]> = (1..=end).collect();
        let mut previous: Box<[u32]> = (0..end).map(|i| i.wrapping_sub(1)).collect();
        let mut pair_rank: Box<[u32]> = piece
            .windows(2)
            .map(|pair| self.pair_ranks[usize::from(u16::from_be_bytes([pair[0], pair[1]]))])
            .chain([NO_RANK])
            .collect();
        let mut heap = MinHeap::from_keys(
            (0..end)
                .filter(|&i| pair_rank[i as usize] != NO_RANK)
                .map(|i| key(pair_rank[i as usize], i))
                .collect(),
        );
        let span = |from: u32, to: u32| &piece[from as usize..to as usize];

        let mut merges = 0;
        while let Some(entry) = heap.pop() {
            let (rank, left) = ((entry >> 32) as u32, low_half(entry));
            if pair_rank[left as usize] != rank {
                continue;
            }
            // Merge the part at `left` with the one at `right`.
            let right = next[left as usize];
            let after = next[right as usize];
            merges += 1;
            next[left as usize] = after;
            if after < end {
                previous[after as usize] = left;
            }
            pair_rank[right as usize] = NO_RANK;

            let rank = if after < end {
                self.rank_or_none(span(left, next[after as usize]))
            } else {
                NO_RANK
            };
            pair_rank[left as usize] = rank;
            if rank != NO_RANK {
                heap.push(key(rank, left));
            }
            if left > 0 {
                let before = previous[left as usize];
                let rank = self.rank_or_none(span(before, after));
                pair_rank[before as usize] = rank;
                if rank != NO_RANK {
                    heap.push(key(rank, before));
                }
            }
        }
        length - merges
    }

    /// A piece too long for u32 positions, counted in 1 GiB windows: exact but for the
    /// merges a window's edge prevents (a token or so per GiB).
    #[cold]
    fn count_in_windows(&self, piece: &[u8]) -> usize {
        piece
            .chunks(1 << 30)
            .map(|window| self.count_piece(window))
            .sum()
    }

    /// Where probing for a hash starts: its top bits, as many as the table has slots.
    #[inline(always)]
    fn home_slot(&self, hash: u64) -> usize {
        // `slot_shift` is 64 - log2(slots), so the shifted hash is below the slot count,
        // which is a `usize`: the cast keeps every bit.
        #[allow(
            clippy::cast_possible_truncation,
            reason = "below self.slots.len(), a usize"
        )]
        let position = (hash >> self.slot_shift) as usize;
        position
    }
}

/// The low 32 bits of a packed `u64` (a slot's token index, a heap key's start).
#[inline(always)]
fn low_half(packed: u64) -> u32 {
    (packed & 0xFFFF_FFFF) as u32
}

/// A min-heap of `u64` keys, 4-ary (a node's children share a cache line, and the tree is
/// half as deep) and popped bottom-up (the hole left by the minimum sinks to a leaf with
/// one comparison per child, then the last key rises into it, usually not far).
/// `std`'s `BinaryHeap<Reverse<u64>>` does the same job, but slower: this heap is most of
/// the time spent on a long piece.
struct MinHeap {
    keys: Vec<u64>,
}

impl MinHeap {
    const ARITY: usize = 4;

    fn from_keys(keys: Vec<u64>) -> MinHeap {
        let mut heap = MinHeap { keys };
        let length = heap.keys.len();
        for at in (0..length.div_ceil(Self::ARITY)).rev() {
            // Sift down: move the smallest child up while it is smaller.
            let keys = &mut heap.keys[..];
            let key = keys[at];
            let mut hole = at;
            loop {
                let first = Self::ARITY * hole + 1;
                if first >= length {
                    break;
                }
                let child = Self::smallest_child(keys, first);
                if keys[child] >= key {
                    break;
                }
                keys[hole] = keys[child];
                hole = child;
            }
            keys[hole] = key;
        }
        heap
    }

    /// The index of the smallest of the (up to four) children starting at `first`.
    #[inline(always)]
    fn smallest_child(keys: &[u64], first: usize) -> usize {
        if let Some(&[a, b, c, d]) = keys.get(first..first + 4) {
            // A full node, the usual case: a tournament without bounds checks.
            let (left, left_key) = if b < a { (first + 1, b) } else { (first, a) };
            let (right, right_key) = if d < c {
                (first + 3, d)
            } else {
                (first + 2, c)
            };
            return if right_key < left_key { right } else { left };
        }
        let mut smallest = first;
        for child in first + 1..keys.len() {
            if keys[child] < keys[smallest] {
                smallest = child;
            }
        }
        smallest
    }

    #[inline(always)]
    fn push(&mut self, key: u64) {
        self.keys.push(key);
        let last = self.keys.len() - 1;
        Self::sift_up(&mut self.keys[..], last, key);
    }

    /// Puts `key` in the hole at `at`, moving it up past larger parents.
    #[inline(always)]
    fn sift_up(keys: &mut [u64], mut at: usize, key: u64) {
        while at > 0 {
            let parent = (at - 1) / Self::ARITY;
            if keys[parent] <= key {
                break;
            }
            keys[at] = keys[parent];
            at = parent;
        }
        keys[at] = key;
    }

    #[inline(always)]
    fn pop(&mut self) -> Option<u64> {
        let last = self.keys.pop()?;
        let keys = &mut self.keys[..];
        let Some(&top) = keys.first() else {
            return Some(last);
        };
        let mut hole = 0;
        loop {
            let first = Self::ARITY * hole + 1;
            if first >= keys.len() {
                break;
            }
            let child = Self::smallest_child(keys, first);
            keys[hole] = keys[child];
            hole = child;
        }
        Self::sift_up(keys, hole, last);
        Some(top)
    }
}

/// A heap key ordering pairs by rank, then by start (the leftmost first).
#[inline]
fn key(rank: u32, start: u32) -> u64 {
    (u64::from(rank) << 32) | u64::from(start)
}

fn check_ranks_are_distinct(ranks: &[u32], lines: &[usize]) -> Result<(), VocabularyError> {
    let mut sorted = ranks.to_vec();
    sorted.sort_unstable();
    let Some(rank) = sorted
        .windows(2)
        .find(|pair| pair[0] == pair[1])
        .map(|pair| pair[0])
    else {
        return Ok(());
    };
    // Report the second line that gives the rank.
    let line = ranks
        .iter()
        .zip(lines)
        .filter(|(&r, _)| r == rank)
        .nth(1)
        .map_or(0, |(_, &line)| line);
    Err(VocabularyError::DuplicateRank { line, rank })
}

/// A rank: decimal digits (then optional trailing white space), below `NO_RANK`.
fn parse_rank(text: &[u8]) -> Option<u32> {
    let end = text
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |k| k + 1);
    let digits = &text[..end];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut rank: u32 = 0;
    for &digit in digits {
        rank = rank.checked_mul(10)?.checked_add(u32::from(digit - b'0'))?;
    }
    (rank != NO_RANK).then_some(rank)
}

/// Decodes padded standard base64 onto `out`; `None` if it is not that.
fn decode_base64(text: &[u8], out: &mut Vec<u8>) -> Option<()> {
    fn sextet(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let quads = text.len() / 4;
    for (index, quad) in text.chunks_exact(4).enumerate() {
        let padding = if index + 1 == quads {
            quad.iter().rev().take_while(|&&c| c == b'=').count()
        } else {
            0
        };
        if padding > 2 {
            return None;
        }
        let mut bits = 0u32;
        for &c in &quad[..4 - padding] {
            bits = (bits << 6) | sextet(c)?;
        }
        bits <<= 6 * padding;
        let decoded = bits.to_be_bytes();
        out.extend_from_slice(&decoded[1..4 - padding]);
    }
    Some(())
}

/// A fast, non-cryptographic hash of a short byte string (FxHash-style multiply-rotate,
/// reading 8 bytes at a time with overlapping tail reads), good enough for a table whose
/// keys are fixed and not chosen by an attacker.
#[inline(always)]
fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let length = bytes.len();
    let mut hash = (length as u64).wrapping_mul(K);
    if length <= 8 {
        hash = (hash ^ short_word(bytes)).wrapping_mul(K);
    } else {
        let mut at = 0;
        while at + 8 < length {
            hash = (hash ^ read_u64(bytes, at)).wrapping_mul(K).rotate_left(26);
            at += 8;
        }
        hash = (hash ^ read_u64(bytes, length - 8)).wrapping_mul(K);
    }
    hash ^ (hash >> 32)
}

/// Up to 8 bytes as one word (with overlapping reads, so equal words need equal lengths
/// to mean equal bytes).
#[inline(always)]
fn short_word(bytes: &[u8]) -> u64 {
    let length = bytes.len();
    if length >= 4 {
        read_u32(bytes, 0) | (read_u32(bytes, length - 4) << 32)
    } else if length > 0 {
        u64::from(bytes[0])
            | (u64::from(bytes[length / 2]) << 8)
            | (u64::from(bytes[length - 1]) << 16)
    } else {
        0
    }
}

// Loads spelled out byte by byte: the compiler makes each one load, where
// `copy_from_slice` becomes a call to `memcpy` at `opt-level = "z"`.
#[inline(always)]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let b = &bytes[at..at + 8];
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

#[inline(always)]
fn read_u32(bytes: &[u8], at: usize) -> u64 {
    let b = &bytes[at..at + 4];
    u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Slice equality without a call to `memcmp`, which costs more than the compare for the
/// few bytes tokens have (most of all in wasm).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let length = a.len();
    if length != b.len() {
        return false;
    }
    if length <= 8 {
        return short_word(a) == short_word(b);
    }
    let mut at = 0;
    while at + 8 < length {
        if read_u64(a, at) != read_u64(b, at) {
            return false;
        }
        at += 8;
    }
    read_u64(a, length - 8) == read_u64(b, length - 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let mut word = [0u8; 3];
            word[..chunk.len()].copy_from_slice(chunk);
            let bits = (u32::from(word[0]) << 16) | (u32::from(word[1]) << 8) | u32::from(word[2]);
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(ALPHABET[(bits >> (18 - 6 * k) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// All 256 bytes, then `merges` in rank order.
    fn vocabulary(merges: &[&str]) -> Vocabulary {
        let mut file = String::new();
        for byte in 0..=255u8 {
            file += &format!("{} {byte}\n", base64(&[byte]));
        }
        for (k, token) in merges.iter().enumerate() {
            file += &format!("{} {}\n", base64(token.as_bytes()), 256 + k);
        }
        Vocabulary::from_tiktoken(&file).unwrap()
    }

    /// tiktoken's rule, written as plainly as possible.
    fn reference_count(vocabulary: &Vocabulary, piece: &[u8]) -> usize {
        // Part `k` is `piece[bounds[k]..bounds[k + 1]]`.
        let mut bounds: Vec<usize> = (0..=piece.len()).collect();
        loop {
            let best = (0..bounds.len().saturating_sub(2))
                .filter_map(|k| {
                    let pair = &piece[bounds[k]..bounds[k + 2]];
                    vocabulary.rank(pair).map(|rank| (rank, k))
                })
                .min();
            let Some((_, k)) = best else {
                return bounds.len() - 1;
            };
            bounds.remove(k + 1);
        }
    }

    #[test]
    fn the_heap_pops_keys_in_order() {
        let mut state = 88_172_645_463_325_252u64;
        let mut random = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % 1000
        };
        let mut heap = MinHeap::from_keys((0..500).map(|_| random()).collect());
        let mut all: Vec<u64> = heap.keys.clone();
        for _ in 0..300 {
            let key = random();
            heap.push(key);
            all.push(key);
        }
        all.sort_unstable();
        let popped: Vec<u64> = std::iter::from_fn(|| heap.pop()).collect();
        assert_eq!(popped, all);
    }

    #[test]
    fn base64_round_trips() {
        for length in 0..10 {
            let bytes: Vec<u8> = (0..length).map(|k| (k * 37 + 200) as u8).collect();
            let mut out = Vec::new();
            decode_base64(base64(&bytes).as_bytes(), &mut out).unwrap();
            assert_eq!(out, bytes);
        }
        let mut out = Vec::new();
        assert!(decode_base64(b"ab=c", &mut out).is_none());
        assert!(decode_base64(b"a===", &mut out).is_none());
        assert!(decode_base64(b"abc", &mut out).is_none());
        assert!(decode_base64(b"ab!c", &mut out).is_none());
    }

    #[test]
    fn lookups_find_tokens_of_every_length() {
        let vocabulary = vocabulary(&["ab", "abc", "abcdefghijkl", "abcdefgh"]);
        assert_eq!(vocabulary.len(), 260);
        assert_eq!(vocabulary.rank(b"a"), Some(97));
        assert_eq!(vocabulary.rank(b"ab"), Some(256));
        assert_eq!(vocabulary.rank(b"abc"), Some(257));
        assert_eq!(vocabulary.rank(b"abcdefghijkl"), Some(258));
        assert_eq!(vocabulary.rank(b"abcdefgh"), Some(259));
        assert_eq!(vocabulary.rank(b"abcdefghi"), None);
        assert_eq!(vocabulary.rank(b"ba"), None);
        assert_eq!(vocabulary.rank(b""), None);
    }

    #[test]
    fn ties_merge_the_leftmost_pair_first() {
        // "baaa": the two "aa" pairs tie; the left one merges, so "b" + "aa" can become
        // "baa" (2 tokens). Merging the right one first would leave 3.
        let tied = vocabulary(&["aa", "baa"]);
        assert_eq!(tied.count_piece(b"baaa"), 2);
        assert_eq!(tied.count_short(b"baaa"), 2);
        assert_eq!(tied.count_long(b"baaa"), 2);
        // "aaab": the left "aa" merges, so "aab" never forms (3 tokens, not 2).
        let tied = vocabulary(&["aa", "aab"]);
        assert_eq!(tied.count_piece(b"aaab"), 3);
        assert_eq!(tied.count_short(b"aaab"), 3);
        assert_eq!(tied.count_long(b"aaab"), 3);
    }

    #[test]
    fn short_and_long_merges_agree_with_the_plain_rule() {
        let toy = vocabulary(&[
            "ab", "ba", "aa", "bb", "abab", "aab", "bba", "abba", "baab", "aaaa", "ca", "cab",
            "bc", "abc", "cc", "ccc", "cabab", "bbb", "aba",
        ]);
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for length in [2, 3, 5, 8, 13, 40, 64, 65, 100, 300, 1000] {
            for _ in 0..20 {
                let piece: Vec<u8> = (0..length)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        b"aabbc"[(state % 5) as usize]
                    })
                    .collect();
                let expected = reference_count(&toy, &piece);
                let whole = toy.rank(&piece).map_or(expected, |_| 1);
                assert_eq!(toy.count_piece(&piece), whole, "{piece:?}");
                if length >= 2 {
                    assert_eq!(toy.count_long(&piece), expected, "long {piece:?}");
                }
                if (2..=SHORT_PIECE).contains(&length) {
                    assert_eq!(toy.count_short(&piece), expected, "short {piece:?}");
                }
            }
        }
    }

    #[test]
    fn a_byte_missing_from_the_vocabulary_counts_as_one_token() {
        let vocabulary = Vocabulary::from_tiktoken("YQ== 0\nYg== 1\nYWI= 2\n").unwrap();
        assert_eq!(vocabulary.count_piece(b"abzab"), 3);
        assert_eq!(vocabulary.count_piece(&[b'z'; 100]), 100);
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        use VocabularyError::*;
        let cases: [(&str, VocabularyError); 8] = [
            ("", Empty),
            ("\n\n", Empty),
            ("YQ==\n", MissingRank { line: 1 }),
            ("YQ== 0\nY!== 1\n", InvalidBase64 { line: 2 }),
            (" 0\n", EmptyToken { line: 1 }),
            (
                "YQ== x\n",
                InvalidRank {
                    line: 1,
                    rank: "x".into(),
                },
            ),
            ("YQ== 0\nYg== 0\n", DuplicateRank { line: 2, rank: 0 }),
            (
                "YQ== 0\nYg== 1\nYQ== 2\n",
                DuplicateToken {
                    line: 3,
                    first_line: 1,
                },
            ),
        ];
        for (file, error) in cases {
            assert_eq!(
                Vocabulary::from_tiktoken(file).unwrap_err(),
                error,
                "{file:?}"
            );
        }
        assert!(matches!(
            Vocabulary::from_tiktoken("YQ== 4294967295\n"),
            Err(InvalidRank { line: 1, .. })
        ));
        assert!(matches!(
            Vocabulary::from_tiktoken("YQ== -1\n"),
            Err(InvalidRank { line: 1, .. })
        ));
    }

    #[test]
    fn crlf_files_and_blank_lines_read_fine() {
        let vocabulary = Vocabulary::from_tiktoken("YQ== 0\r\n\r\nYg== 1\r\n").unwrap();
        assert_eq!(vocabulary.len(), 2);
        assert_eq!(vocabulary.rank(b"b"), Some(1));
    }
}
