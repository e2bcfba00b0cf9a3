//! What a prompt counts, and which of its counts one model's row uses.

use std::collections::BTreeMap;

use crate::core::tokens::count_rule::{count_rule, CountRule};
use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::estimates::{ClassCounts, Estimate, EstimateRule, UNKNOWN_TOKENIZER};

/// What the prompt counts: exactly per encoding, and the `o200k_base` tokens of each kind
/// of text (for estimates of private tokenizers).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PromptCounts {
    pub exact: BTreeMap<Encoding, u64>,
    pub o200k_by_class: ClassCounts,
}

impl PromptCounts {
    /// The exact count with `encoding` (encodings that share a count share it).
    pub fn get(&self, encoding: Encoding) -> Option<u64> {
        self.exact.get(&encoding.counted_as()).copied()
    }
}

/// Which input count a row priced, and how sure it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputCount {
    /// Typed by hand: taken as exact.
    Typed(u64),
    /// Counted with the model's own encoding.
    Exact { encoding: Encoding, count: u64 },
    /// The model's tokenizer is private or unknown: estimated from a public one.
    Estimated {
        rule: &'static EstimateRule,
        estimate: Estimate,
    },
}

impl InputCount {
    pub fn count(self) -> u64 {
        match self {
            InputCount::Typed(count) | InputCount::Exact { count, .. } => count,
            InputCount::Estimated { estimate, .. } => estimate.mid,
        }
    }

    pub fn is_exact(self) -> bool {
        !matches!(self, InputCount::Estimated { .. })
    }
}

/// The prompt's count for one model: exact with its own tokenizer where that is loaded,
/// otherwise estimated with a band.
pub fn prompt_count(model_id: &str, prompt: &PromptCounts) -> InputCount {
    let count_with = |encoding: Encoding| prompt.get(encoding).unwrap_or(0);
    let estimate_with = |rule: &'static EstimateRule| InputCount::Estimated {
        rule,
        estimate: rule.estimate(count_with(rule.base), &prompt.o200k_by_class),
    };
    match count_rule(model_id) {
        CountRule::Exact(encoding) => match prompt.get(encoding) {
            Some(count) => InputCount::Exact { encoding, count },
            // Its vocabulary is not loaded (yet, or at all).
            None => estimate_with(&UNKNOWN_TOKENIZER),
        },
        CountRule::Estimate(rule) => estimate_with(rule),
        CountRule::Unknown => estimate_with(&UNKNOWN_TOKENIZER),
    }
}
