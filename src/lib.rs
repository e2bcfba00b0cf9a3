//! LLM Cost Planner: prices a prompt for every model of every major provider, in the
//! browser, from genai-prices' dated catalogue.
//!
//! - [`core`]: the pure domain, by folder: `tokens` (counting), `pricing` (the catalogue and
//!   the exact cost engine), `plan` (comparison, scenario, mix, forecast, share links);
//! - [`chart`]: the charts, drawn with plotters, generic over the backend;
//! - `worker`: the token-counting Web Worker and its message protocol (wasm32 only);
//! - `ui`: the Leptos page (wasm32 only).

pub mod chart;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
