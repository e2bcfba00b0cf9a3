//! The worker's side: listens for texts and counts them, in chunks
//! ([`chunks_for`]), reporting progress between them and dropping a job as soon as a newer
//! text arrives.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

use super::protocol::{epoch_now, ready, CountReply, CountRequest, VocabularyLoaded};
use crate::core::tokens::counter::Counter;
use crate::core::tokens::encoding::{chunks_for, normalize_line_ends, Encoding};
use crate::core::tokens::text_class::split_by_class;

/// Where the worker finds the vocabularies, relative to its own script.
const VOCABULARY_DIR: &str = "./vocab/";
/// Text counted between two looks at the message queue.
const CHUNK_BYTES: usize = 256 * 1024;
/// The worker yields to its message queue (to hear of newer text) at least this often.
const YIELD_EVERY_MS: f64 = 50.0;

/// Listens for texts and counts them. Called by the worker binary.
pub fn run_worker() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let latest = Rc::new(Cell::new(0u64));
    let counters: Counters = Rc::default();
    let on_message = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(request) = CountRequest::from_js(&event.data()) else {
                return;
            };
            latest.set(request.generation);
            let job = CountJob {
                scope: scope.clone(),
                generation: request.generation,
                latest: latest.clone(),
                counters: counters.clone(),
                last_yield: Cell::new(js_sys::Date::now()),
            };
            wasm_bindgen_futures::spawn_local(async move {
                job.run(request.text, request.encodings).await
            });
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&ready());
}

/// The vocabularies loaded so far (or why one could not be).
type Counters = Rc<RefCell<BTreeMap<Encoding, Result<Rc<Counter>, String>>>>;

/// Fetches and reads one vocabulary file from the site, and tells the page when.
async fn load_counter(encoding: Encoding) -> Result<Counter, String> {
    let mut fetched_at = f64::NAN;
    let loaded = fetch_and_read(encoding, &mut fetched_at).await;
    let loaded_at = epoch_now();
    let report = VocabularyLoaded {
        encoding,
        fetched_at: if fetched_at.is_nan() {
            loaded_at
        } else {
            fetched_at
        },
        loaded_at,
        ok: loaded.is_ok(),
    };
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&report.to_js());
    loaded
}

/// Fetches and reads one vocabulary file; `fetched_at` is set once it is downloaded.
async fn fetch_and_read(encoding: Encoding, fetched_at: &mut f64) -> Result<Counter, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let url = format!("{VOCABULARY_DIR}{}", encoding.vocabulary_file());
    let failed = |what: &str, error: JsValue| {
        format!(
            "{what} {url}: {}",
            error.as_string().unwrap_or_else(|| format!("{error:?}"))
        )
    };
    let response: Response = JsFuture::from(scope.fetch_with_str(&url))
        .await
        .map_err(|e| failed("could not fetch", e))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| failed("could not read", e))?)
        .await
        .map_err(|e| failed("could not read", e))?
        .as_string()
        .unwrap_or_default();
    *fetched_at = epoch_now();
    Counter::new(encoding, &text).map_err(|error| error.to_string())
}

/// One text's counting, abandoned as soon as a newer text arrives.
struct CountJob {
    scope: DedicatedWorkerGlobalScope,
    generation: u64,
    latest: Rc<Cell<u64>>,
    counters: Counters,
    last_yield: Cell<f64>,
}

/// Raised when a newer text makes this job pointless.
struct Superseded;

impl CountJob {
    async fn run(self, text: String, encodings: Vec<Encoding>) {
        let text = normalize_line_ends(&text).into_owned();
        let _ = self.count_all(&text, &encodings).await;
    }

    async fn count_all(&self, text: &str, encodings: &[Encoding]) -> Result<(), Superseded> {
        let generation = self.generation;
        let passes = encodings.len() + usize::from(encodings.contains(&Encoding::O200kBase));
        let total = (text.len() * passes) as f64;
        let mut done = 0.0;
        for &encoding in encodings {
            let counter = match self.counter(encoding).await? {
                Ok(counter) => counter,
                Err(error) => {
                    done += text.len() as f64;
                    self.post(CountReply::Unavailable {
                        generation,
                        encoding,
                        error,
                    });
                    continue;
                }
            };
            let started = js_sys::Date::now();
            let count = self.count_text(&counter, text, &mut done, total).await?;
            let ms = js_sys::Date::now() - started;
            // The classes first: the estimates built on `o200k_base` are final with it.
            if encoding == Encoding::O200kBase {
                self.count_classes(&counter, text, &mut done, total).await?;
            }
            self.post(CountReply::Count {
                generation,
                encoding,
                count,
                ms,
            });
        }
        self.post(CountReply::Done {
            generation,
            characters: text.chars().count() as u64,
        });
        Ok(())
    }

    /// The `o200k_base` tokens of the prompt's prose, code and CJK lines.
    async fn count_classes(
        &self,
        o200k: &Counter,
        text: &str,
        done: &mut f64,
        total: f64,
    ) -> Result<(), Superseded> {
        let mut classes = [0u64; 3];
        for (slot, (_, part)) in classes.iter_mut().zip(split_by_class(text)) {
            *slot = self.count_text(o200k, &part, done, total).await?;
        }
        self.post(CountReply::Classes {
            generation: self.generation,
            classes,
        });
        Ok(())
    }

    /// The loaded counter for `encoding`, fetching its vocabulary the first time.
    async fn counter(&self, encoding: Encoding) -> Result<Result<Rc<Counter>, String>, Superseded> {
        if let Some(loaded) = self.counters.borrow().get(&encoding) {
            return Ok(loaded.clone());
        }
        let loaded = load_counter(encoding).await.map(Rc::new);
        self.counters
            .borrow_mut()
            .entry(encoding)
            .or_insert(loaded.clone());
        if self.latest.get() != self.generation {
            return Err(Superseded);
        }
        Ok(loaded)
    }

    async fn count_text(
        &self,
        counter: &Counter,
        text: &str,
        done: &mut f64,
        total: f64,
    ) -> Result<u64, Superseded> {
        let mut count = 0u64;
        for chunk in chunks_for(text, CHUNK_BYTES, counter.encoding().splits_at_spaces()) {
            count += counter.count(chunk) as u64;
            *done += chunk.len() as f64;
            self.yield_now_and_then(*done, total).await?;
        }
        Ok(count)
    }

    /// Every [`YIELD_EVERY_MS`], reports progress and lets newer messages in.
    async fn yield_now_and_then(&self, done: f64, total: f64) -> Result<(), Superseded> {
        let now = js_sys::Date::now();
        if now - self.last_yield.get() < YIELD_EVERY_MS {
            return Ok(());
        }
        self.post(CountReply::Progress {
            generation: self.generation,
            done,
            total,
        });
        gloo_timers::future::TimeoutFuture::new(0).await;
        self.last_yield.set(js_sys::Date::now());
        if self.latest.get() == self.generation {
            Ok(())
        } else {
            Err(Superseded)
        }
    }

    fn post(&self, reply: CountReply) {
        let _ = self.scope.post_message(&reply.to_js());
    }
}
