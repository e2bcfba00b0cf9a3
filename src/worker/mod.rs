//! The token worker: counts the page's prompt off its main thread, so that counting even a
//! 50 MB paste never blocks the page.
//!
//! The worker is its own wasm binary (`src/bin/token-worker.rs`, built by Trunk with
//! `data-type="worker"`), so the tokenizer vocabularies live in it and not in the page's
//! wasm, which stays small and paints first. Vocabularies are fetched lazily, by the worker,
//! from the site's own `vocab/` folder (each its own cached file), the first time a text
//! needs them.
//!
//! - [`protocol`]: the messages between page and worker, the one module both sides use;
//! - [`job`]: the worker's side: one text's counting, in chunks, dropped as soon as a newer
//!   text arrives.
//!
//! The page's side (`ui::token_counter`) starts workers and posts them texts.

pub mod job;
pub mod protocol;

pub use job::run_worker;
