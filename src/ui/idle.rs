//! Work put off so the first frame comes sooner: until that frame is painted, or until the
//! browser is idle (with a deadline, so it happens within about a second without any user
//! action — checks from outside read the deferred parts' hooks without scrolling).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Runs `work` once the frame now being built is on screen: after the next animation frame,
/// from a task queued behind it.
pub fn after_paint(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return work();
    };
    let after_frame = Closure::once_into_js(move || {
        let painted = Closure::once_into_js(work);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(painted.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(after_frame.unchecked_ref());
}

/// Runs `work` when the browser is next idle, and at the latest after `deadline_ms`
/// (`requestIdleCallback` with a timeout; a plain timeout where there is none).
pub fn when_idle(deadline_ms: u32, work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return work();
    };
    let callback = Closure::once_into_js(work);
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(request_idle) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &options,
                &JsValue::from_str("timeout"),
                &JsValue::from(deadline_ms),
            );
            let _ = request_idle.call2(&window, &callback, &options);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                deadline_ms as i32,
            );
        }
    }
}
