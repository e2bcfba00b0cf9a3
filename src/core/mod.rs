//! The pure core: no browser APIs, so all of it is tested natively and shared by the page,
//! its token worker and the `llm-cost` command line. One folder per domain; a lower domain
//! knows nothing of a higher one (tokens and pricing know no plan):
//!
//! - [`tokens`]: counting a prompt: exact tokenizers (byte-pair, SentencePiece), which one
//!   counts each model, estimates of private tokenizers, the kinds of text;
//! - [`pricing`]: the dated catalogue, usage, the exact cost engine (genai-prices'
//!   `calc_price`), delivery (batch, service tiers), money for people;
//! - [`plan`]: the model comparison, the scenario (tier mix) and what it costs, the growth
//!   forecast, presets and share links;
//!
//! plus the small modules every domain may use: [`issue`] (a problem tied to the field that
//! caused it), [`format`] (numbers and CSV for people) and [`input`] (numbers a person types).

// Sizes and counts here come from users' text and files: a narrowing `as` cast would silently
// wrap, so conversions are checked (`try_from`) or saturating instead.
#![cfg_attr(not(test), deny(clippy::cast_possible_truncation))]

pub mod format;
pub mod input;
pub mod issue;
pub mod plan;
pub mod pricing;
pub mod tokens;
