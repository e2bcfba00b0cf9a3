//! Entry point of the web app: set the panic hook and mount. The app lives in `ui`.

// As in lib.rs: nothing a user can influence may panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(target_arch = "wasm32")]
fn main() {
    use llm_cost_planner::ui::perf_marks::{mark, mark_after_paint};
    console_error_panic_hook::set_once();
    mark("llm:wasm-started");
    // The token workers load in parallel with the catalogue's decoding and the first render.
    llm_cost_planner::ui::start_token_workers_early();
    leptos::mount::mount_to_body(llm_cost_planner::ui::App);
    mark("llm:first-render");
    mark_after_paint("llm:first-priced-row");
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "This binary is the web app; build it with `trunk build`. The command line is `llm-cost`."
    );
    std::process::exit(2);
}
