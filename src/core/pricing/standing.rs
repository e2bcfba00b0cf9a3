//! Where a model stands in its provider's line-up, read from the catalogue's own data (no
//! hand-kept list of favourites), for the comparison's default order.
//!
//! The rule, in order:
//! 1. **Retired**: the catalogue flags it `deprecated`.
//! 2. **Legacy**: the catalogue records nothing about it but a price: no context window, no
//!    prompt-cache price, no price variant (batch, service tier, speed) and no dated price
//!    change. These are the entries kept from before such things were tracked
//!    (`text-davinci-003`, `ada`, `claude-v1`).
//! 3. **Flagship**: it sells prompt caching (a cache-read price) *and* the provider keeps
//!    its pricing up: a price variant (batch, service tier, fast mode) or a dated price
//!    change. Providers add these for the models they currently push (`gpt-5`,
//!    `claude-sonnet-4-5`, `gemini-2.5-pro`), not for older snapshots.
//! 4. **Current**: anything else still sold.
//!
//! Within a standing, a larger context window comes first (newer generations have larger
//! ones), then newer-looking ids (see `plan::comparison::visible_rows`).

use crate::core::pricing::catalogue::Model;

/// Where a model stands in its provider's line-up; ordered as the default sort shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    /// Cached and sold with variants or dated prices: what the provider currently pushes.
    Flagship,
    /// Still sold, without the marks of a flagship.
    Current,
    /// Only a price is known: an entry from before the catalogue tracked more.
    Legacy,
    /// Flagged deprecated in the catalogue.
    Retired,
}

impl Standing {
    /// The standing of `model`, by the rule in this module's documentation.
    pub fn of(model: &Model) -> Standing {
        if model.deprecated == Some(true) {
            return Standing::Retired;
        }
        let has_variants = !model.price_variants.is_empty();
        let has_dated_price = model.prices.iter().any(|price| {
            matches!(
                price.constraint,
                Some(crate::core::pricing::catalogue::Constraint::StartDate { .. })
            )
        });
        let caches = model
            .prices
            .last()
            .is_some_and(|price| price.prices.contains_key("cache_read_mtok"));
        if caches && (has_variants || has_dated_price) {
            Standing::Flagship
        } else if model.context_window.is_none() && !caches && !has_variants && !has_dated_price {
            Standing::Legacy
        } else {
            Standing::Current
        }
    }

    /// The standing in a word, as the page could show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Flagship => "flagship",
            Standing::Current => "current",
            Standing::Legacy => "legacy",
            Standing::Retired => "retired",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(json: &str) -> Model {
        serde_json::from_str(json).unwrap()
    }

    const PRICE: &str =
        r#"{"constraint": null, "prices": {"input_mtok": "1", "output_mtok": "2"}}"#;
    const CACHED: &str = r#"{"constraint": null, "prices": {"input_mtok": "1", "output_mtok": "2", "cache_read_mtok": "0.1"}}"#;
    const BATCH: &str = r#"[{"when": {"processing": "batch"}, "prices": {"input_mtok": "0.5", "output_mtok": "1"}}]"#;

    fn entry(extra: &str, prices: &str, variants: &str) -> Model {
        model(&format!(
            r#"{{"id": "m", "match": {{"equals": "m"}}, {extra} "prices": [{prices}], "price_variants": {variants}}}"#
        ))
    }

    #[test]
    fn a_deprecated_model_is_retired_whatever_else_it_has() {
        let m = entry(
            r#""deprecated": true, "context_window": 1000000,"#,
            CACHED,
            BATCH,
        );
        assert_eq!(Standing::of(&m), Standing::Retired);
    }

    #[test]
    fn a_model_known_only_by_its_price_is_legacy() {
        assert_eq!(Standing::of(&entry("", PRICE, "[]")), Standing::Legacy);
    }

    #[test]
    fn caching_with_a_batch_variant_makes_a_flagship() {
        let m = entry(r#""context_window": 400000,"#, CACHED, BATCH);
        assert_eq!(Standing::of(&m), Standing::Flagship);
    }

    #[test]
    fn caching_with_a_dated_price_change_makes_a_flagship() {
        let dated = format!(
            r#"{CACHED}, {{"constraint": {{"start_date": "2025-06-10"}}, "prices": {{"input_mtok": "0.5", "output_mtok": "1", "cache_read_mtok": "0.05"}}}}"#
        );
        assert_eq!(Standing::of(&entry("", &dated, "[]")), Standing::Flagship);
    }

    #[test]
    fn a_variant_without_caching_or_caching_alone_is_only_current() {
        let batch_only = entry(r#""context_window": 128000,"#, PRICE, BATCH);
        assert_eq!(Standing::of(&batch_only), Standing::Current);
        let cache_only = entry(r#""context_window": 200000,"#, CACHED, "[]");
        assert_eq!(Standing::of(&cache_only), Standing::Current);
        let window_only = entry(r#""context_window": 8192,"#, PRICE, "[]");
        assert_eq!(Standing::of(&window_only), Standing::Current);
    }

    #[test]
    fn standings_sort_flagships_first_and_retired_last() {
        let mut all = [
            Standing::Retired,
            Standing::Legacy,
            Standing::Flagship,
            Standing::Current,
        ];
        all.sort();
        assert_eq!(
            all,
            [
                Standing::Flagship,
                Standing::Current,
                Standing::Legacy,
                Standing::Retired
            ]
        );
    }
}
