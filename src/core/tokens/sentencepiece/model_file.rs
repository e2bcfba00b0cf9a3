//! Reads `gemma3.spm`, the text form of a SentencePiece model written by
//! `scripts/vocab/gemma.py`, and checks it the way sentencepiece's `InitializePieces` does.

use std::collections::{HashMap, HashSet};

use super::prefix::PrefixMatcher;
use super::{Normalization, PieceKind, SentencePiece, SentencePieceError};

const MAGIC: &str = "#sentencepiece v1";
/// sentencepiece refuses pieces this long (`kMaxPieceSize` in model_interface.cc).
const MAX_PIECE_BYTES: usize = 8000;

pub(super) fn parse(text: &str) -> Result<SentencePiece, SentencePieceError> {
    let mut lines = text.lines();
    let header = lines.next().ok_or(SentencePieceError::MissingHeader)?;
    let mut fields = header.split('\t');
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
    let normalization = Normalization {
        add_dummy_prefix: flag("add_dummy_prefix")?,
        remove_extra_whitespaces: flag("remove_extra_whitespaces")?,
        escape_whitespaces: flag("escape_whitespaces")?,
        treat_whitespace_as_suffix: flag("treat_whitespace_as_suffix")?,
    };
    let byte_fallback = flag("byte_fallback")?;
    let expected: usize = get("pieces")?
        .parse()
        .map_err(|_| SentencePieceError::BadHeaderField { field: "pieces" })?;

    let mut pieces = HashMap::default();
    let mut reserved = HashSet::new();
    let mut kinds = Vec::with_capacity(expected.min(1 << 20));
    let mut scores = Vec::with_capacity(expected.min(1 << 20));
    let mut user_defined = Vec::new();
    let mut bytes_found = [false; 256];
    let mut has_unknown = false;
    let mut max_piece_len = 0;
    for (index, line) in lines.enumerate() {
        let line_number = index + 2;
        let bad = |reason: &str| SentencePieceError::BadLine {
            line: line_number,
            reason: reason.to_string(),
        };
        let mut parts = line.split('\t');
        let (Some(encoded), Some(score), Some(kind), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("expected `base64 TAB score TAB type`"));
        };
        let bytes = base64_decode(encoded).ok_or_else(|| bad("the piece is not base64"))?;
        let piece = String::from_utf8(bytes).map_err(|_| bad("the piece is not UTF-8"))?;
        let score: f32 = score
            .parse()
            .map_err(|_| bad("the score is not a number"))?;
        if !score.is_finite() {
            return Err(bad("the score is not finite"));
        }
        let mut kind = match kind {
            "normal" => PieceKind::Normal,
            "unknown" => PieceKind::Unknown,
            "control" => PieceKind::Control,
            "user_defined" => PieceKind::UserDefined,
            "unused" => PieceKind::Unused,
            "byte" => PieceKind::Byte,
            _ => return Err(bad("unknown piece type")),
        };
        if piece.is_empty() {
            return Err(bad("empty piece"));
        }
        if piece.len() >= MAX_PIECE_BYTES {
            return Err(bad("piece is too long"));
        }
        let id = u32::try_from(kinds.len()).map_err(|_| bad("too many pieces"))?;
        // sentencepiece 0.2.3 turns a raw "\0" piece into an unused one it skips, when byte
        // fallback provides <0x00> (sentencepiece issue 1308); any other NUL is an error.
        let skip = byte_fallback && piece == "\0";
        if skip {
            kind = PieceKind::Unused;
        } else if piece.contains('\0') {
            return Err(bad("piece contains a NUL character"));
        }
        kinds.push(kind);
        scores.push(score);
        if skip {
            continue;
        }
        match kind {
            PieceKind::Normal | PieceKind::UserDefined | PieceKind::Unused => {
                max_piece_len = max_piece_len.max(piece.len());
                if kind == PieceKind::UserDefined {
                    user_defined.push(piece.clone());
                }
                if pieces.insert(piece.into_boxed_str(), id).is_some() {
                    return Err(bad("the piece is already defined"));
                }
            }
            PieceKind::Unknown | PieceKind::Control | PieceKind::Byte => {
                if kind == PieceKind::Unknown {
                    if has_unknown {
                        return Err(bad("a second unknown piece"));
                    }
                    has_unknown = true;
                }
                if kind == PieceKind::Byte {
                    if !byte_fallback {
                        return Err(bad("byte piece although byte_fallback is false"));
                    }
                    let byte = byte_piece_value(&piece).ok_or_else(|| bad("invalid byte piece"))?;
                    bytes_found[usize::from(byte)] = true;
                }
                if !reserved.insert(piece) {
                    return Err(bad("the piece is already defined"));
                }
            }
        }
    }
    if kinds.len() != expected {
        return Err(SentencePieceError::PieceCount {
            expected,
            found: kinds.len(),
        });
    }
    if !has_unknown && !byte_fallback {
        return Err(SentencePieceError::Inconsistent(
            "no unknown piece".to_string(),
        ));
    }
    if byte_fallback && bytes_found.contains(&false) {
        return Err(SentencePieceError::Inconsistent(
            "byte_fallback without all 256 byte pieces".to_string(),
        ));
    }
    let has_unused = kinds.contains(&PieceKind::Unused);
    let user_defined = PrefixMatcher::new(user_defined.iter().map(String::as_str));
    Ok(SentencePiece {
        normalization,
        byte_fallback,
        pieces,
        kinds,
        scores,
        max_piece_len,
        has_unused,
        user_defined,
    })
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
            let value = ALPHABET.iter().position(|&a| a == b)? as u32;
            word = word << 6 | value;
        }
        word <<= 6 * pad as u32;
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
