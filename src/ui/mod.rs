//! The page: a thin Leptos layer over `core`. One component per file; the state they share
//! lives in [`state`].

mod app;
mod catalogue_note;
mod comparison_table;
mod count_notes;
mod error_banner;
mod prompt_panel;
mod state;
pub mod token_counter;
mod token_fields;

pub use app::App;
