//! Token counting in a Web Worker, so that counting even a 50 MB paste never blocks the page.
//!
//! The worker is its own wasm binary (`src/bin/token-worker.rs`, built by Trunk with
//! `data-type="worker"`), so the tokenizer vocabularies live in it and not in the page's
//! wasm, which stays small and paints first.
//!
//! The prompt crosses to the worker as a JavaScript string, never as a Rust one: the page
//! does not copy a long paste into its own memory, it only posts it. The worker counts it in
//! chunks ([`crate::core::tokens::chunks`]), reports progress between them, and drops a job
//! as soon as a newer text arrives.
//!
//! Messages are plain objects:
//! - page → worker: `{generation, text, encodings}` (the names this worker counts: the page
//!   shares the encodings among a few workers, [`Encoding::share_among`]);
//! - worker → page: `{ready: true}` once loaded; then per job `{generation, progress, total}`
//!   (bytes), `{generation, encoding, count, ms}` per encoding, `{generation, classes}`
//!   (the `o200k_base` tokens of prose, code and CJK lines), `{generation, encoding,
//!   error}` when a vocabulary cannot be loaded, and `{generation, done, characters}` last.
//!
//! Vocabularies are fetched lazily, by the worker, from the site's own `vocab/` folder
//! (each its own cached file), the first time a text needs them.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response, Worker};

use crate::core::count_rule::ClassCounts;
use crate::core::counter::Counter;
use crate::core::text_class::split_by_class;
use crate::core::tokens::{chunks_for, normalize_line_ends, Encoding};

/// Where the worker finds the vocabularies, relative to its own script.
const VOCABULARY_DIR: &str = "./vocab/";

/// The worker's loader script, next to `index.html` (relative, so any subpath works).
pub const TOKEN_WORKER_LOADER: &str = "./token-worker_loader.js";

/// What the worker reports about one job.
#[derive(Debug, Clone, PartialEq)]
pub enum CountReply {
    Progress {
        generation: u64,
        done: f64,
        total: f64,
    },
    Count {
        generation: u64,
        encoding: Encoding,
        count: u64,
        ms: f64,
    },
    Classes {
        generation: u64,
        classes: ClassCounts,
    },
    Unavailable {
        generation: u64,
        encoding: Encoding,
        error: String,
    },
    Done {
        generation: u64,
        characters: u64,
    },
}

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined())
}

fn number(object: &JsValue, name: &str) -> Option<f64> {
    field(object, name)?.as_f64()
}

fn message(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

impl CountReply {
    fn from_js(data: &JsValue) -> Option<CountReply> {
        let generation = number(data, "generation")? as u64;
        if let Some(done) = number(data, "progress") {
            return Some(CountReply::Progress {
                generation,
                done,
                total: number(data, "total")?,
            });
        }
        if let Some(name) = field(data, "encoding").and_then(|v| v.as_string()) {
            if let Some(error) = field(data, "error").and_then(|v| v.as_string()) {
                return Some(CountReply::Unavailable {
                    generation,
                    encoding: Encoding::from_name(&name)?,
                    error,
                });
            }
            return Some(CountReply::Count {
                generation,
                encoding: Encoding::from_name(&name)?,
                count: number(data, "count")? as u64,
                ms: number(data, "ms").unwrap_or(0.0),
            });
        }
        if let Some(classes) = field(data, "classes") {
            let classes: Array = classes.dyn_into().ok()?;
            let at = |i: u32| classes.get(i).as_f64().unwrap_or(0.0) as u64;
            return Some(CountReply::Classes {
                generation,
                classes: [at(0), at(1), at(2)],
            });
        }
        field(data, "done")?;
        Some(CountReply::Done {
            generation,
            characters: number(data, "characters").unwrap_or(0.0) as u64,
        })
    }
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
    /// Starts the worker; `on_reply` gets every report.
    pub fn spawn(on_reply: impl Fn(CountReply) + 'static) -> Result<TokenCounter, JsValue> {
        let worker = Worker::new(TOKEN_WORKER_LOADER)?;
        let waiting: Rc<RefCell<Option<Object>>> = Rc::default();
        let loaded = Rc::new(Cell::new(false));
        let on_message = {
            let (worker, waiting, loaded) = (worker.clone(), waiting.clone(), loaded.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if field(&data, "ready").is_some() {
                    loaded.set(true);
                    if let Some(request) = waiting.borrow_mut().take() {
                        let _ = worker.post_message(&request);
                    }
                } else if let Some(reply) = CountReply::from_js(&data) {
                    on_reply(reply);
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
        let names: Array = encodings
            .iter()
            .map(|e| JsValue::from_str(e.as_str()))
            .collect();
        let request = message(&[
            ("generation", JsValue::from_f64(generation as f64)),
            ("text", text.into()),
            ("encodings", names.into()),
        ]);
        if self.loaded.get() {
            let _ = self.worker.post_message(&request);
        } else {
            *self.waiting.borrow_mut() = Some(request);
        }
    }
}

/// Text counted between two looks at the message queue.
const CHUNK_BYTES: usize = 256 * 1024;
/// The worker yields to its message queue (to hear of newer text) at least this often.
const YIELD_EVERY_MS: f64 = 50.0;

/// The worker's side: listens for texts and counts them. Called by the worker binary.
pub fn run_worker() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let latest = Rc::new(Cell::new(0u64));
    let counters: Counters = Rc::default();
    let on_message = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let Some(generation) = number(&data, "generation") else {
                return;
            };
            let Some(text) = field(&data, "text").and_then(|t| t.as_string()) else {
                return;
            };
            let encodings: Vec<Encoding> = field(&data, "encodings")
                .and_then(|names| names.dyn_into::<Array>().ok())
                .map(|names| {
                    names
                        .iter()
                        .filter_map(|name| Encoding::from_name(&name.as_string()?))
                        .collect()
                })
                .unwrap_or_else(|| Encoding::COUNTED.to_vec());
            let generation = generation as u64;
            latest.set(generation);
            let job = CountJob {
                scope: scope.clone(),
                generation,
                latest: latest.clone(),
                counters: counters.clone(),
                last_yield: Cell::new(js_sys::Date::now()),
            };
            wasm_bindgen_futures::spawn_local(async move { job.run(text, encodings).await });
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&message(&[("ready", JsValue::TRUE)]));
}

/// The vocabularies loaded so far (or why one could not be).
type Counters = Rc<RefCell<BTreeMap<Encoding, Result<Rc<Counter>, String>>>>;

/// Fetches and reads one vocabulary file from the site.
async fn load_counter(encoding: Encoding) -> Result<Counter, String> {
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
        let passes = encodings.len() + usize::from(encodings.contains(&Encoding::O200kBase));
        let total = (text.len() * passes) as f64;
        let mut done = 0.0;
        for &encoding in encodings {
            let counter = match self.counter(encoding).await? {
                Ok(counter) => counter,
                Err(error) => {
                    done += text.len() as f64;
                    self.post(&[
                        ("encoding", JsValue::from_str(encoding.as_str())),
                        ("error", JsValue::from_str(&error)),
                    ]);
                    continue;
                }
            };
            let started = js_sys::Date::now();
            let count = self.count_text(&counter, text, &mut done, total).await?;
            self.post(&[
                ("encoding", JsValue::from_str(encoding.as_str())),
                ("count", JsValue::from_f64(count as f64)),
                ("ms", JsValue::from_f64(js_sys::Date::now() - started)),
            ]);
            if encoding == Encoding::O200kBase {
                self.count_classes(&counter, text, &mut done, total).await?;
            }
        }
        self.post(&[
            ("done", JsValue::TRUE),
            ("characters", JsValue::from_f64(text.chars().count() as f64)),
        ]);
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
        let classes: Array = classes
            .iter()
            .map(|&c| JsValue::from_f64(c as f64))
            .collect();
        self.post(&[("classes", classes.into())]);
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
        self.post(&[
            ("progress", JsValue::from_f64(done)),
            ("total", JsValue::from_f64(total)),
        ]);
        gloo_timers::future::TimeoutFuture::new(0).await;
        self.last_yield.set(js_sys::Date::now());
        if self.latest.get() == self.generation {
            Ok(())
        } else {
            Err(Superseded)
        }
    }

    fn post(&self, fields: &[(&str, JsValue)]) {
        let mut all = vec![("generation", JsValue::from_f64(self.generation as f64))];
        all.extend(fields.iter().cloned());
        let _ = self.scope.post_message(&message(&all));
    }
}
