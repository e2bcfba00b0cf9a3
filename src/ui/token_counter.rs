//! The page's handle on a token worker (`crate::worker`): starts it, posts it texts and hands
//! its replies on. The messages are [`crate::worker::protocol`]'s.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{JsString, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use super::perf_marks::{mark, mark_at};
use crate::core::tokens::encoding::Encoding;
use crate::worker::protocol::{is_ready, CountReply, CountRequest, VocabularyLoaded};

/// The worker's loader script, next to `index.html` (relative, so any subpath works).
pub const TOKEN_WORKER_LOADER: &str = "./token-worker_loader.js";

thread_local! {
    /// Workers started before the page was built ([`start_early`]), for [`TokenCounter::spawn`].
    static STARTED_EARLY: RefCell<Vec<Worker>> = const { RefCell::new(Vec::new()) };
}

/// Starts `count` workers at once, so that their script and wasm load while the page decodes
/// its catalogue and draws; [`TokenCounter::spawn`] adopts them. Their first message cannot
/// be missed: the page is built in the same task, before any message event is dispatched.
pub fn start_early(count: usize) {
    let started: Vec<Worker> = (0..count)
        .filter_map(|_| Worker::new(TOKEN_WORKER_LOADER).ok())
        .collect();
    STARTED_EARLY.with(|early| *early.borrow_mut() = started);
}

/// The page's handle on the counting worker.
pub struct TokenCounter {
    worker: Worker,
    /// A request made before the worker finished loading; only the newest matters.
    waiting: Rc<RefCell<Option<Object>>>,
    loaded: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl TokenCounter {
    /// Starts the worker; `on_reply` gets every report about a text, `on_vocabulary` each
    /// vocabulary it has read (and whether it can count with it).
    pub fn spawn(
        on_reply: impl Fn(CountReply) + 'static,
        on_vocabulary: impl Fn(Encoding, bool) + 'static,
    ) -> Result<TokenCounter, JsValue> {
        let worker = match STARTED_EARLY.with(|early| early.borrow_mut().pop()) {
            Some(worker) => worker,
            None => Worker::new(TOKEN_WORKER_LOADER)?,
        };
        let waiting: Rc<RefCell<Option<Object>>> = Rc::default();
        let loaded = Rc::new(Cell::new(false));
        let on_message = {
            let (worker, waiting, loaded) = (worker.clone(), waiting.clone(), loaded.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if is_ready(&data) {
                    mark("llm:worker-started");
                    loaded.set(true);
                    if let Some(request) = waiting.borrow_mut().take() {
                        let _ = worker.post_message(&request);
                    }
                } else if let Some(reply) = CountReply::from_js(&data) {
                    on_reply(reply);
                } else if let Some(vocabulary) = VocabularyLoaded::from_js(&data) {
                    let name = vocabulary.encoding.as_str();
                    mark_at(&format!("llm:vocab-fetched:{name}"), vocabulary.fetched_at);
                    mark_at(&format!("llm:vocab-loaded:{name}"), vocabulary.loaded_at);
                    on_vocabulary(vocabulary.encoding, vocabulary.ok);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(TokenCounter {
            worker,
            waiting,
            loaded,
            _on_message: on_message,
        })
    }

    /// Asks for the counts of `text` with `encodings`; replies carry `generation`.
    pub fn count(&self, generation: u64, text: &JsString, encodings: &[Encoding]) {
        let request = CountRequest {
            generation,
            text,
            encodings: encodings.to_vec(),
        }
        .to_js();
        if self.loaded.get() {
            let _ = self.worker.post_message(&request);
        } else {
            *self.waiting.borrow_mut() = Some(request);
        }
    }
}
