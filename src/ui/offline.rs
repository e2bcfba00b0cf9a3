//! Offline use: registers the site's own service worker (`public/sw.js`, which says how it
//! caches) once the page has loaded, then asks it to keep every vocabulary, so the next
//! visit works with no network. Where service workers are unavailable (plain http on a host
//! other than localhost, `file://`, a browser or policy that blocks them) the page works as
//! before, online only, and says nothing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration};

/// The service worker's script, relative to the page: its scope is then the page's own
/// folder, whatever subpath the site is served under.
const SERVICE_WORKER: &str = "sw.js";
/// Asks the worker to cache the vocabularies it does not hold yet (those the token worker
/// fetched before the service worker controlled the page, and the rest).
const CACHE_VOCABULARIES: &str = "cache-vocabularies";

/// Registers the service worker after the page's `load` event, so installing it (which
/// downloads the site once more, into its cache) never competes with the first paint.
pub fn keep_for_offline_use() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loaded = window
        .document()
        .is_some_and(|document| document.ready_state() == "complete");
    if loaded {
        register();
    } else {
        let on_load = Closure::once_into_js(register);
        let _ = window.add_event_listener_with_callback("load", on_load.unchecked_ref());
    }
}

fn register() {
    let Some(container) = service_workers() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        // A refused registration (file://, storage blocked) leaves the page online-only.
        if JsFuture::from(container.register(SERVICE_WORKER))
            .await
            .is_err()
        {
            return;
        }
        let Ok(ready) = container.ready() else {
            return;
        };
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            let _ = worker.post_message(&JsValue::from_str(CACHE_VOCABULARIES));
        }
    });
}

/// The browser's service worker container, or `None` where there is none: insecure
/// contexts have no `navigator.serviceWorker` at all.
fn service_workers() -> Option<ServiceWorkerContainer> {
    let window = web_sys::window()?;
    if !window.is_secure_context() {
        return None;
    }
    js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("serviceWorker"))
        .ok()?
        .dyn_into()
        .ok()
}
