//! The token-counting Web Worker: counts the texts the page posts (`worker`).

// As in lib.rs: nothing a user can influence may panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    llm_cost_planner::worker::run_worker();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the page's token-counting Web Worker; Trunk builds it for wasm32.");
    std::process::exit(2);
}
