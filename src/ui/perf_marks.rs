//! Performance marks of the page's start-up (`performance.mark`), named `llm:*`, which
//! `tests/bench/load.mjs` reads to print where a cold load's time goes. Each name is marked
//! once per page (the first time it happens); marking never fails the page.

use std::cell::RefCell;
use std::collections::BTreeSet;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsCast;

thread_local! {
    static MARKED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Marks `name` now, the first time it is reached.
pub fn mark(name: &str) {
    if first_time(name) {
        if let Some(performance) = performance() {
            let _ = performance.mark(name);
        }
    }
}

/// Marks `name` at `epoch_ms` (milliseconds since 1970, as `performance.timeOrigin +
/// performance.now()` reads in the worker), the first time it is reached: how a worker's
/// moments land on the page's timeline.
pub fn mark_at(name: &str, epoch_ms: f64) {
    if !first_time(name) {
        return;
    }
    let Some(performance) = performance() else {
        return;
    };
    // `mark(name, {startTime})`, called through JavaScript: web-sys has it only among its
    // unstable APIs.
    let options = Object::new();
    let start = (epoch_ms - performance.time_origin()).max(0.0);
    let _ = Reflect::set(&options, &"startTime".into(), &start.into());
    if let Some(mark) = Reflect::get(&performance, &"mark".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = mark.call2(&performance, &name.into(), &options);
    }
}

/// Marks `name` once the frame now being built is on screen.
pub fn mark_after_paint(name: &'static str) {
    super::idle::after_paint(move || mark(name));
}

fn first_time(name: &str) -> bool {
    MARKED.with(|marked| marked.borrow_mut().insert(name.to_string()))
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}
