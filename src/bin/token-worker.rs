//! The token-counting Web Worker: registers `ui::token_counter::TokenCounter` and waits.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    console_error_panic_hook::set_once();
    llm_cost_planner::ui::token_counter::TokenCounter::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the page's token-counting Web Worker; Trunk builds it for wasm32.");
    std::process::exit(2);
}
