//! LLM Cost Planner: prices a prompt for every model of every major provider, in the
//! browser, from genai-prices' dated catalogue.
//!
//! - [`core`]: the pure domain (catalogue, cost engine, token counts, comparison).
//! - `ui`: the Leptos page (wasm32 only).

pub mod chart;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
