//! The pure core: catalogue, cost engine, token counts and the comparison. No browser APIs,
//! so all of it is tested natively and shared by the page and the `llm-cost` command line.

pub mod bpe;
pub mod catalogue;
pub mod comparison;
pub mod count_rule;
pub mod counter;
pub mod estimates;
pub mod fields;
pub mod forecast;
pub mod matching;
pub mod mix;
pub mod money;
pub mod presets;
pub mod price;
pub mod price_request;
pub mod scenario;
pub mod sentencepiece;
pub mod share_link;
pub mod text_class;
pub mod tokens;
pub mod units;
pub mod usage;
