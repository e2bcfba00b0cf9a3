//! Reads `gemma3.spm`, the text form of a SentencePiece model written by
//! `scripts/vocab/gemma.py`, and checks it the way sentencepiece's `InitializePieces` does.

use std::collections::{HashMap, HashSet};

use super::prefix::{FxBuildHasher, PrefixMatcher};
use super::{Normalization, PieceKind, SentencePiece, SentencePieceError};

const MAGIC: &str = "#sentencepiece v1";
/// sentencepiece refuses pieces this long (`kMaxPieceSize` in model_interface.cc).
const MAX_PIECE_BYTES: usize = 8000;

pub(super) fn parse(text: &str) -> Result<SentencePiece, SentencePieceError> {
    let mut lines = text.lines();
    let header = read_header(lines.next().ok_or(SentencePieceError::MissingHeader)?)?;
    let mut table = PieceTable::new(&header);
    for (index, line) in lines.enumerate() {
        let line_number = index + 2;
        let bad = |reason: &str| SentencePieceError::BadLine {
            line: line_number,
            reason: reason.to_string(),
        };
        let (piece, score, kind) = read_piece(line).map_err(bad)?;
        table.add(piece, score, kind).map_err(bad)?;
    }
    table.finish(header)
}

/// What the header line says of the model.
struct Header {
    normalization: Normalization,
    byte_fallback: bool,
    /// How many piece lines follow.
    pieces: usize,
}

/// Reads `#sentencepiece v1 TAB key=value ...`, refusing what our counter does not do.
fn read_header(line: &str) -> Result<Header, SentencePieceError> {
    let mut fields = line.split('\t');
    if fields.next() != Some(MAGIC) {
        return Err(SentencePieceError::MissingHeader);
    }
    let header: HashMap<&str, &str> = fields.filter_map(|f| f.split_once('=')).collect();
    let get = |field: &'static str| {
        header
            .get(field)
            .copied()
            .ok_or(SentencePieceError::BadHeaderField { field })
    };
    let flag = |field: &'static str| match get(field)? {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(SentencePieceError::BadHeaderField { field }),
    };
    let model_type = get("model_type")?;
    if model_type != "bpe" {
        return Err(SentencePieceError::Unsupported(format!(
            "model type `{model_type}` (only bpe)"
        )));
    }
    let rule = get("normalization")?;
    if rule != "identity" {
        return Err(SentencePieceError::Unsupported(format!(
            "normalization `{rule}` (only identity)"
        )));
    }
    Ok(Header {
        normalization: Normalization {
            add_dummy_prefix: flag("add_dummy_prefix")?,
            remove_extra_whitespaces: flag("remove_extra_whitespaces")?,
            escape_whitespaces: flag("escape_whitespaces")?,
            treat_whitespace_as_suffix: flag("treat_whitespace_as_suffix")?,
        },
        byte_fallback: flag("byte_fallback")?,
        pieces: get("pieces")?
            .parse()
            .map_err(|_| SentencePieceError::BadHeaderField { field: "pieces" })?,
    })
}

/// One piece line, `base64 TAB score TAB type`; the error is the reason, for `BadLine`.
fn read_piece(line: &str) -> Result<(String, f32, PieceKind), &'static str> {
    let mut parts = line.split('\t');
    let (Some(encoded), Some(score), Some(kind), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("expected `base64 TAB score TAB type`");
    };
    let bytes = base64_decode(encoded).ok_or("the piece is not base64")?;
    let piece = String::from_utf8(bytes).map_err(|_| "the piece is not UTF-8")?;
    let score: f32 = score.parse().map_err(|_| "the score is not a number")?;
    if !score.is_finite() {
        return Err("the score is not finite");
    }
    let kind = match kind {
        "normal" => PieceKind::Normal,
        "unknown" => PieceKind::Unknown,
        "control" => PieceKind::Control,
        "user_defined" => PieceKind::UserDefined,
        "unused" => PieceKind::Unused,
        "byte" => PieceKind::Byte,
        _ => return Err("unknown piece type"),
    };
    if piece.is_empty() {
        return Err("empty piece");
    }
    if piece.len() >= MAX_PIECE_BYTES {
        return Err("piece is too long");
    }
    Ok((piece, score, kind))
}

/// The pieces read so far, checked as sentencepiece's `InitializePieces` checks them.
struct PieceTable {
    byte_fallback: bool,
    pieces: HashMap<Box<str>, u32, FxBuildHasher>,
    /// Unknown, control and byte pieces: never matched in text, but unique.
    reserved: HashSet<String>,
    kinds: Vec<PieceKind>,
    scores: Vec<f32>,
    user_defined: Vec<String>,
    bytes_found: [bool; 256],
    has_unknown: bool,
    max_piece_len: usize,
}

impl PieceTable {
    fn new(header: &Header) -> PieceTable {
        PieceTable {
            byte_fallback: header.byte_fallback,
            pieces: HashMap::default(),
            reserved: HashSet::new(),
            kinds: Vec::with_capacity(header.pieces.min(1 << 20)),
            scores: Vec::with_capacity(header.pieces.min(1 << 20)),
            user_defined: Vec::new(),
            bytes_found: [false; 256],
            has_unknown: false,
            max_piece_len: 0,
        }
    }

    /// Adds the next piece (its id is its position); the error is the reason, for `BadLine`.
    fn add(&mut self, piece: String, score: f32, kind: PieceKind) -> Result<(), &'static str> {
        let id = u32::try_from(self.kinds.len()).map_err(|_| "too many pieces")?;
        // sentencepiece 0.2.3 turns a raw "\0" piece into an unused one it skips, when byte
        // fallback provides <0x00> (sentencepiece issue 1308); any other NUL is an error.
        if self.byte_fallback && piece == "\0" {
            self.kinds.push(PieceKind::Unused);
            self.scores.push(score);
            return Ok(());
        }
        if piece.contains('\0') {
            return Err("piece contains a NUL character");
        }
        self.kinds.push(kind);
        self.scores.push(score);
        match kind {
            PieceKind::Normal | PieceKind::UserDefined | PieceKind::Unused => {
                self.add_matchable(piece, id, kind)
            }
            PieceKind::Unknown | PieceKind::Control | PieceKind::Byte => {
                self.add_reserved(piece, kind)
            }
        }
    }

    /// A piece the merge loop can produce or the prefix matcher can match.
    fn add_matchable(
        &mut self,
        piece: String,
        id: u32,
        kind: PieceKind,
    ) -> Result<(), &'static str> {
        self.max_piece_len = self.max_piece_len.max(piece.len());
        if kind == PieceKind::UserDefined {
            self.user_defined.push(piece.clone());
        }
        if self.pieces.insert(piece.into_boxed_str(), id).is_some() {
            return Err("the piece is already defined");
        }
        Ok(())
    }

    fn add_reserved(&mut self, piece: String, kind: PieceKind) -> Result<(), &'static str> {
        if kind == PieceKind::Unknown {
            if self.has_unknown {
                return Err("a second unknown piece");
            }
            self.has_unknown = true;
        }
        if kind == PieceKind::Byte {
            if !self.byte_fallback {
                return Err("byte piece although byte_fallback is false");
            }
            let byte = byte_piece_value(&piece).ok_or("invalid byte piece")?;
            self.bytes_found[usize::from(byte)] = true;
        }
        if !self.reserved.insert(piece) {
            return Err("the piece is already defined");
        }
        Ok(())
    }

    /// The model, once every line is read and the whole is consistent.
    fn finish(self, header: Header) -> Result<SentencePiece, SentencePieceError> {
        if self.kinds.len() != header.pieces {
            return Err(SentencePieceError::PieceCount {
                expected: header.pieces,
                found: self.kinds.len(),
            });
        }
        if !self.has_unknown && !self.byte_fallback {
            return Err(SentencePieceError::Inconsistent(
                "no unknown piece".to_string(),
            ));
        }
        if self.byte_fallback && self.bytes_found.contains(&false) {
            return Err(SentencePieceError::Inconsistent(
                "byte_fallback without all 256 byte pieces".to_string(),
            ));
        }
        Ok(SentencePiece {
            normalization: header.normalization,
            byte_fallback: self.byte_fallback,
            has_unused: self.kinds.contains(&PieceKind::Unused),
            user_defined: PrefixMatcher::new(self.user_defined.iter().map(String::as_str)),
            pieces: self.pieces,
            kinds: self.kinds,
            scores: self.scores,
            max_piece_len: self.max_piece_len,
        })
    }
}

/// `<0x41>` → 0x41, as sentencepiece's `PieceToByte` (two upper-case hex digits).
fn byte_piece_value(piece: &str) -> Option<u8> {
    let hex = piece.strip_prefix("<0x")?.strip_suffix('>')?;
    if hex.len() != 2
        || !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    {
        return None;
    }
    u8::from_str_radix(hex, 16).ok()
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as Python's `base64.b64encode` writes it.
pub(super) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let last = bytes.len() / 4 - 1;
    for (i, quad) in bytes.chunks_exact(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && i != last) {
            return None;
        }
        let mut word = 0u32;
        for &b in &quad[..4 - pad] {
            let value = ALPHABET.iter().zip(0u32..).find(|&(&a, _)| a == b)?.1;
            word = word << 6 | value;
        }
        word <<= 6 * pad;
        let decoded = word.to_be_bytes();
        out.extend_from_slice(&decoded[1..4 - pad]);
    }
    Some(out)
}

#[cfg(test)]
pub(super) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let mut word = [0u8; 3];
        word[..chunk.len()].copy_from_slice(chunk);
        let n = u32::from(word[0]) << 16 | u32::from(word[1]) << 8 | u32::from(word[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_rejects_garbage() {
        for text in ["", "a", "ab", "abc", "▁the", "<0x00>"] {
            let encoded = base64_encode(text.as_bytes());
            if text.is_empty() {
                assert_eq!(base64_decode(&encoded), None);
            } else {
                assert_eq!(base64_decode(&encoded).as_deref(), Some(text.as_bytes()));
            }
        }
        assert_eq!(base64_decode("YQ="), None);
        assert_eq!(base64_decode("Y===",), None);
        assert_eq!(base64_decode("YQ==YQ=="), None);
        assert_eq!(base64_decode("Y!=="), None);
    }

    #[test]
    fn byte_pieces_are_two_upper_case_hex_digits() {
        assert_eq!(byte_piece_value("<0x0A>"), Some(10));
        assert_eq!(byte_piece_value("<0x0a>"), None);
        assert_eq!(byte_piece_value("<0x100>"), None);
    }
}
