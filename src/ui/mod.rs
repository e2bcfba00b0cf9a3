//! The page: a thin Leptos layer over `core`, one component per file. Components render and
//! call core's methods; the rules they apply (how worker replies merge, what a button adds to
//! the scenario) live in `core` with native tests.
//!
//! - State, in narrow handles each provided as its own context: `state` ([`Prices`],
//!   [`PromptState`] with the prompt and its counts, [`ComparisonState`] with the model table,
//!   and `use_*()` to fetch each) and `scenario_state` (the planner's one `Scenario`, with its
//!   report and forecast as memos); `token_counter` is the page's handle on a token worker.
//! - The frame: `app` (header, panels, page-wide file drop), `section_bar` (one move to
//!   each part of the tool), `appearance` (the theme, remembered on the device, and the
//!   screen size) with its `theme_toggle`, `error_banner` (every refused input in one
//!   place), `catalogue_note` and `count_notes` (where prices and counts come from),
//!   `announcer` (final numbers read out politely to screen readers).
//! - One query on every model: `prompt_panel` (the prompt box and its counts),
//!   `token_fields` (counts typed by hand, batch, service tier), `comparison_table`.
//! - The planner: `scenario_panel` (presets, scenario files, the layout) holding
//!   `query_types_editor` (one row per query type) and `levers_editor` (router, caches,
//!   delivery, negotiated prices), both built from `scenario_field`; `mix_results` (cost per
//!   query, savings, waterfall), `forecast_panel` (growth forecast and chart) and
//!   `share_panel` (links and exports, with `download`); `chart_data` gives each chart its
//!   values as a table.
//! - `offline`: registers the service worker that keeps the site for use with no network.
//! - Start-up: `perf_marks` (the `llm:*` performance marks `tests/bench/load.mjs` reads)
//!   and `idle` (work put off until the first frame is painted or the browser is idle).
//!
//! [`Prices`]: state::Prices
//! [`PromptState`]: state::PromptState
//! [`ComparisonState`]: state::ComparisonState

mod announcer;
mod app;
mod appearance;
mod catalogue_note;
mod chart_data;
mod comparison_table;
mod count_notes;
mod download;
mod error_banner;
mod forecast_panel;
mod idle;
mod levers_editor;
mod mix_results;
mod offline;
pub mod perf_marks;
mod prompt_panel;
mod query_types_editor;
mod scenario_field;
mod scenario_panel;
mod scenario_state;
mod section_bar;
mod share_panel;
mod state;
mod theme_toggle;
mod token_counter;
mod token_fields;

pub use app::App;
pub use state::start_token_workers_early;
