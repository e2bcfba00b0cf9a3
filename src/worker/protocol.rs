//! The messages between the page and a token worker, as plain JavaScript objects:
//!
//! - page → worker: [`CountRequest`] `{generation, text, encodings}` (the names this worker
//!   counts: the page shares the encodings among a few workers, [`Encoding::share_among`]);
//! - worker → page: `{ready: true}` once loaded ([`ready`]); then per job the
//!   [`CountReply`]s: `{generation, progress, total}` (bytes), `{generation, encoding, count,
//!   ms}` per encoding, `{generation, classes}` (the `o200k_base` tokens of prose, code and
//!   CJK lines, sent just before `o200k_base`'s count), `{generation, encoding, error}` when a vocabulary cannot be loaded, and
//!   `{generation, done, characters}` last; and, apart from any job, `{vocabulary, fetched,
//!   loaded}` ([`VocabularyLoaded`]) once a vocabulary is read (or could not be).
//!
//! The prompt crosses as a JavaScript string, never as a Rust one: the page does not copy a
//! long paste into its own memory, it only posts it.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub use crate::core::tokens::count_merge::CountReply;
use crate::core::tokens::encoding::Encoding;

/// The page asks a worker for the counts of one text.
pub struct CountRequest<T> {
    /// Replies carry it; a newer generation supersedes an older one.
    pub generation: u64,
    /// The text: a `JsString` on the page, a `String` once the worker has it.
    pub text: T,
    pub encodings: Vec<Encoding>,
}

impl CountRequest<&JsString> {
    pub fn to_js(&self) -> Object {
        let names: Array = self
            .encodings
            .iter()
            .map(|e| JsValue::from_str(e.as_str()))
            .collect();
        message(&[
            ("generation", JsValue::from_f64(self.generation as f64)),
            ("text", self.text.into()),
            ("encodings", names.into()),
        ])
    }
}

impl CountRequest<String> {
    /// Reads a request; without `encodings` it asks for every counted encoding.
    pub fn from_js(data: &JsValue) -> Option<CountRequest<String>> {
        let generation = number(data, "generation")? as u64;
        let text = field(data, "text")?.as_string()?;
        let encodings = field(data, "encodings")
            .and_then(|names| names.dyn_into::<Array>().ok())
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| Encoding::from_name(&name.as_string()?))
                    .collect()
            })
            .unwrap_or_else(|| Encoding::COUNTED.to_vec());
        Some(CountRequest {
            generation,
            text,
            encodings,
        })
    }
}

/// The worker's first message: it is loaded and listening.
pub fn ready() -> Object {
    message(&[("ready", JsValue::TRUE)])
}

/// Whether a message from a worker is [`ready`].
pub fn is_ready(data: &JsValue) -> bool {
    field(data, "ready").is_some()
}

/// A vocabulary was fetched and read (or could not be), with when, in milliseconds since
/// 1970 on the worker's clock (`performance.timeOrigin + performance.now()`), so the page can
/// place both moments on its own timeline (its `llm:vocab-*` performance marks).
pub struct VocabularyLoaded {
    pub encoding: Encoding,
    /// When its file was downloaded in full.
    pub fetched_at: f64,
    /// When it was ready to count with.
    pub loaded_at: f64,
    /// Whether it can be counted with.
    pub ok: bool,
}

impl VocabularyLoaded {
    pub fn to_js(&self) -> Object {
        message(&[
            ("vocabulary", JsValue::from_str(self.encoding.as_str())),
            ("fetched", JsValue::from_f64(self.fetched_at)),
            ("loaded", JsValue::from_f64(self.loaded_at)),
            ("ok", JsValue::from_bool(self.ok)),
        ])
    }

    pub fn from_js(data: &JsValue) -> Option<VocabularyLoaded> {
        let encoding = Encoding::from_name(&field(data, "vocabulary")?.as_string()?)?;
        Some(VocabularyLoaded {
            encoding,
            fetched_at: number(data, "fetched")?,
            loaded_at: number(data, "loaded")?,
            ok: field(data, "ok")
                .and_then(|ok| ok.as_bool())
                .unwrap_or(false),
        })
    }
}

/// Milliseconds since 1970 on this thread's high-resolution clock (falls back to `Date`).
pub fn epoch_now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map(|p| p.time_origin() + p.now())
        .unwrap_or_else(js_sys::Date::now)
}

// The replies are core's (the page merges them there: `CountMerge`); only their JavaScript
// form is the protocol's.
impl CountReply {
    pub fn to_js(&self) -> Object {
        let generation = ("generation", JsValue::from_f64(self.generation() as f64));
        let encoding = |e: &Encoding| ("encoding", JsValue::from_str(e.as_str()));
        match self {
            CountReply::Progress { done, total, .. } => message(&[
                generation,
                ("progress", JsValue::from_f64(*done)),
                ("total", JsValue::from_f64(*total)),
            ]),
            CountReply::Count {
                encoding: e,
                count,
                ms,
                ..
            } => message(&[
                generation,
                encoding(e),
                ("count", JsValue::from_f64(*count as f64)),
                ("ms", JsValue::from_f64(*ms)),
            ]),
            CountReply::Classes { classes, .. } => {
                let classes: Array = classes
                    .iter()
                    .map(|&c| JsValue::from_f64(c as f64))
                    .collect();
                message(&[generation, ("classes", classes.into())])
            }
            CountReply::Unavailable {
                encoding: e, error, ..
            } => message(&[generation, encoding(e), ("error", JsValue::from_str(error))]),
            CountReply::Done { characters, .. } => message(&[
                generation,
                ("done", JsValue::TRUE),
                ("characters", JsValue::from_f64(*characters as f64)),
            ]),
        }
    }

    pub fn from_js(data: &JsValue) -> Option<CountReply> {
        let generation = number(data, "generation")? as u64;
        if let Some(done) = number(data, "progress") {
            return Some(CountReply::Progress {
                generation,
                done,
                total: number(data, "total")?,
            });
        }
        if let Some(name) = field(data, "encoding").and_then(|v| v.as_string()) {
            let encoding = Encoding::from_name(&name)?;
            if let Some(error) = field(data, "error").and_then(|v| v.as_string()) {
                return Some(CountReply::Unavailable {
                    generation,
                    encoding,
                    error,
                });
            }
            return Some(CountReply::Count {
                generation,
                encoding,
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
