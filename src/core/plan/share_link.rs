//! Share links: the whole scenario in the page URL's fragment (`#s1.…`), so a link opens the
//! same planner on anyone's screen and its content never reaches a server log (browsers do
//! not send the fragment).
//!
//! # The format (version 1)
//! `s1.<payload>`, where the payload is base64url without padding of the raw DEFLATE
//! (RFC 1951, no zlib header) of the compact JSON
//! `{"s": <the scenario, as its JSON file>, "p": "<the prompt>"}`. `"p"` is there only when
//! the sender chose to share the prompt's text. Nothing else is in a link: no dictionary, no
//! key table, so a v1 link can be read with any inflate and any JSON parser.
//!
//! # Versions
//! `1` is the link format, not the scenario's own `version` field (which the scenario JSON
//! inside carries and [`Scenario::from_json`] checks). A new link format gets a new number
//! and a new arm in [`decode`], and the arms of older formats stay: every link ever made
//! keeps opening. The golden links in `tests/vectors/share_links.json` guard that.
//!
//! ```
//! use llm_cost_planner::core::plan::scenario::Scenario;
//! use llm_cost_planner::core::plan::share_link::{decode, encode, SharedView};
//!
//! let view = SharedView { scenario: Scenario::starter(), prompt: None };
//! let fragment = encode(&view);
//! assert!(fragment.starts_with("s1."));
//! assert_eq!(decode(&format!("#{fragment}")), Ok(view));
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

use crate::core::plan::scenario::{Scenario, ScenarioFileError};

/// The link format [`encode`] writes.
pub const LINK_VERSION: u32 = 1;

/// The most bytes a link's JSON may inflate to; a larger link is refused as
/// [`LinkError::TooLarge`], so a crafted link (a "decompression bomb") cannot exhaust memory.
/// A scenario takes a few hundred bytes; only a shared prompt comes near this.
pub const MAX_JSON_BYTES: usize = 1 << 20;

/// Payloads longer than this many characters are refused as [`LinkError::TooLarge`] before
/// decoding, so a huge link costs the page nothing. Even incompressible JSON of
/// [`MAX_JSON_BYTES`] takes fewer (4 characters per 3 bytes, plus DEFLATE's 5 bytes per
/// 64 KiB stored block: about 1.4 million), and a whole link at the limit stays under the
/// 2 MiB a Chromium address may hold, so such a link reaches the page and gets its message.
pub const MAX_PAYLOAD_CHARS: usize = 1_500_000;

/// The longest version number a fragment may name and still be taken for a planner link.
const MAX_VERSION_DIGITS: usize = 9;

/// DEFLATE's strongest setting: links are made once per click and should be short. Decoding
/// does not depend on it, so it may change without touching the format.
const COMPRESSION_LEVEL: u8 = 10;

/// What a link carries: the scenario, and the prompt's text only if the sender opted in.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedView {
    pub scenario: Scenario,
    /// The pasted prompt, when the sender chose to include it (it may be private).
    pub prompt: Option<String>,
}

/// Why a link's fragment did not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The fragment is not a share link at all (`#section-2`, an OAuth token, empty); the
    /// page should ignore it quietly rather than show this.
    #[error("This is not a link to a shared scenario.")]
    NotALink,
    /// A link format this build does not know: made by a newer planner.
    #[error(
        "This link was made by a newer version of the planner (link format {0}). Reload the \
         page to get the newest planner, or ask the sender for the scenario file."
    )]
    UnknownVersion(String),
    /// The payload is not base64url, not DEFLATE, or not the link's JSON: usually a link cut
    /// short when it was copied. The text says which step failed.
    #[error(
        "This link is damaged or cut short ({0}). Copy the whole link again, or ask the \
         sender to share it once more."
    )]
    Corrupt(String),
    /// The link unpacks to more than [`MAX_JSON_BYTES`].
    #[error(
        "This link holds more than {} KiB of data, more than a shared scenario ever needs, so it \
         was not opened.",
        MAX_JSON_BYTES / 1024
    )]
    TooLarge,
    /// The link is intact but its scenario cannot be read (for example a newer scenario
    /// version).
    #[error("This link's scenario cannot be opened: {0}")]
    Scenario(#[from] ScenarioFileError),
}

/// The JSON a v1 link compresses. Short keys: they are in every link.
#[derive(Serialize)]
struct EnvelopeOut<'a> {
    s: &'a Scenario,
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
}

/// The same, read back. The scenario stays a JSON value so [`Scenario::from_json`] checks
/// its version before its fields, as it does for a file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn {
    s: serde_json::Value,
    #[serde(default)]
    p: Option<String>,
}

/// The fragment (without `#`) that carries `view`: `s1.<base64url>`.
///
/// A view whose JSON is larger than [`MAX_JSON_BYTES`] (only possible with a huge shared
/// prompt) makes a link that [`decode`] refuses with [`LinkError::TooLarge`]; check
/// [`json_len`] before offering such a link.
pub fn encode(view: &SharedView) -> String {
    let json = envelope_json(view);
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, COMPRESSION_LEVEL);
    format!("s{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// How many bytes `view`'s link unpacks to, to compare with [`MAX_JSON_BYTES`].
pub fn json_len(view: &SharedView) -> usize {
    envelope_json(view).len()
}

fn envelope_json(view: &SharedView) -> Vec<u8> {
    let envelope = EnvelopeOut {
        s: &view.scenario,
        p: view.prompt.as_deref(),
    };
    // Cannot fail: every map in a scenario has string keys and no number is a float.
    serde_json::to_vec(&envelope).unwrap_or_default()
}

/// Reads a link's fragment, with or without its leading `#` (surrounding whitespace is
/// ignored). Never panics, whatever the text; a fragment that is no share link at all is
/// [`LinkError::NotALink`], which the page should pass over in silence.
pub fn decode(fragment: &str) -> Result<SharedView, LinkError> {
    let fragment = fragment.trim();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let (version, payload) = split_version(fragment).ok_or(LinkError::NotALink)?;
    match version {
        "1" => decode_v1(payload),
        // A future format adds its arm here; the arms above stay so old links keep opening.
        other => Err(LinkError::UnknownVersion(other.to_string())),
    }
}

/// `s<digits>.<payload>` into the digits and the payload.
fn split_version(fragment: &str) -> Option<(&str, &str)> {
    let rest = fragment.strip_prefix('s')?;
    let (version, payload) = rest.split_once('.')?;
    let is_number = !version.is_empty()
        && version.len() <= MAX_VERSION_DIGITS
        && version.bytes().all(|b| b.is_ascii_digit());
    is_number.then_some((version, payload))
}

/// Version 1: base64url (no padding) of raw DEFLATE of the JSON envelope.
fn decode_v1(payload: &str) -> Result<SharedView, LinkError> {
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(LinkError::TooLarge);
    }
    if payload.is_empty() {
        return Err(LinkError::Corrupt("the link ends after its version".into()));
    }
    let compressed = URL_SAFE_NO_PAD.decode(payload).map_err(|_| {
        LinkError::Corrupt("it has characters or a length a link cannot have".into())
    })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_JSON_BYTES)
        .map_err(|error| match error.status {
            TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Corrupt("its compressed data is incomplete".into()),
        })?;
    let envelope: EnvelopeIn = serde_json::from_slice(&json)
        .map_err(|error| LinkError::Corrupt(format!("its content is not readable: {error}")))?;
    let scenario = Scenario::from_json(&envelope.s.to_string())?;
    Ok(SharedView {
        scenario,
        prompt: envelope.p,
    })
}
