//! LLM Cost Planner: prices a prompt for every model of every major provider, in the
//! browser, from genai-prices' dated catalogue.
//!
//! - [`core`]: the pure domain, by folder: `tokens` (counting), `pricing` (the catalogue and
//!   the exact cost engine), `plan` (comparison, scenario, mix, forecast, share links);
//! - [`chart`]: the charts, drawn with plotters, generic over the backend;
//! - `worker`: the token-counting Web Worker and its message protocol (wasm32 only);
//! - `ui`: the Leptos page (wasm32 only).

// Nothing a user can influence may panic: no `unwrap`, `expect` or `panic!` outside tests
// (`#[cfg(test)]` modules and the integration tests in `tests/` are separate cfg(test) builds).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod chart;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
