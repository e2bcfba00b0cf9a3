//! Token counting in a Web Worker, so that counting a long paste never blocks the page.
//!
//! The worker is its own wasm binary (`src/bin/token-worker.rs`, built by Trunk with
//! `data-type="worker"`), so the tokenizer vocabularies live in it and not in the page's
//! wasm, which stays small and paints first.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::core::comparison::PromptCounts;
use crate::core::tokens::Encoding;

/// The worker's loader script, next to `index.html` (relative, so any subpath works).
pub const TOKEN_WORKER_LOADER: &str = "./token-worker_loader.js";

/// Text to count; `generation` lets the page drop replies for text that has changed since.
#[derive(Debug, Serialize, Deserialize)]
pub struct CountRequest {
    pub generation: u64,
    pub text: String,
}

/// Exact counts of one request's text.
#[derive(Debug, Serialize, Deserialize)]
pub struct CountReply {
    pub generation: u64,
    pub counts: PromptCounts,
}

/// Counts text with every encoding the page shows.
pub struct TokenCounter;

impl Worker for TokenCounter {
    type Message = ();
    type Input = CountRequest;
    type Output = CountReply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        TokenCounter
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        let counts = Encoding::ALL
            .into_iter()
            .map(|encoding| (encoding, encoding.count(&request.text) as u64))
            .collect();
        scope.respond(
            id,
            CountReply {
                generation: request.generation,
                counts,
            },
        );
    }
}
