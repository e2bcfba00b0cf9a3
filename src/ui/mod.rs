//! The page: a thin Leptos layer over `core`. One component per file; the state they share
//! lives in [`state`].

mod app;
mod catalogue_note;
mod comparison_table;
mod count_notes;
mod download;
mod error_banner;
mod forecast_panel;
mod levers_editor;
mod mix_results;
mod prompt_panel;
mod query_types_editor;
mod scenario_field;
mod scenario_panel;
mod scenario_state;
mod share_panel;
mod state;
mod token_counter;
mod token_fields;

pub use app::App;
