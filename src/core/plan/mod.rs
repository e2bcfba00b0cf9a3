//! Planning with prices: one query on every model, a traffic mix, its growth, and sharing it.
//!
//! - [`comparison`]: one query priced for every model in the catalogue (the page's table);
//! - [`scenario`]: the traffic mix as one value, its file format and checks;
//! - [`mix`]: what a scenario costs per query, against its one-model baseline;
//! - [`forecast`]: monthly spend as users grow;
//! - [`presets`]: scenarios that load in one click;
//! - [`share_link`]: the scenario in a link's fragment;
//! - [`announcement`]: the final numbers, as sentences a screen reader reads out.

pub mod announcement;
pub mod comparison;
pub mod forecast;
pub mod mix;
pub mod presets;
pub mod scenario;
pub mod share_link;
