//! What a model call costs, from genai-prices' dated catalogue, in exact decimal arithmetic.
//!
//! - [`catalogue`]: providers, models, match rules and dated prices (embedded at build time);
//! - [`matching`]: the match rules that map a name to a catalogue entry;
//! - [`units`] and [`usage`]: the units prices are quoted in, and what one call uses;
//! - [`price`]: the cost of one call, with the semantics of `calc_price`;
//! - [`delivery`]: batch and service tiers, as price contexts;
//! - [`standing`]: where a model stands in its provider's line-up (flagship … retired),
//!   read from the catalogue's data, for the default order;
//! - [`price_request`]: one usage priced from a JSON line (`llm-cost price`);
//! - [`money`]: amounts written for people.

pub mod catalogue;
pub mod delivery;
pub mod matching;
pub mod money;
pub mod price;
pub mod price_request;
pub mod standing;
pub mod units;
pub mod usage;
