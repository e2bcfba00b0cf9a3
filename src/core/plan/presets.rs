//! Scenarios that load in one click and teach the planner, taken from common practice. Each
//! is a scenario file under `src/core/plan/presets/`, the same JSON `llm-cost scenario` reads.

use crate::core::plan::scenario::{Scenario, ScenarioFileError};

/// A ready-made scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable name, used in test hooks (`data-preset`).
    pub id: &'static str,
    pub title: &'static str,
    /// What it shows, in a sentence.
    pub lesson: &'static str,
    json: &'static str,
}

impl Preset {
    pub fn scenario(&self) -> Result<Scenario, ScenarioFileError> {
        Scenario::from_json(self.json)
    }

    /// The scenario file's text.
    pub fn json(&self) -> &'static str {
        self.json
    }
}

/// Every preset, the one the page opens with first.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "support-migration",
        title: "Customer-support migration",
        lesson: "Everything on a frontier model, against 70% lookups on a small model, 20% \
                 troubleshooting on a mid-size one and 10% code on the frontier model, with a \
                 router, escalations and a cached system prompt.",
        json: include_str!("presets/support-migration.json"),
    },
    Preset {
        id: "writing-assistant",
        title: "Writing assistant, three tiers",
        lesson: "Quick edits, rewrites and long drafts on three Claude tiers, a one-hour prompt \
                 cache and half of the long drafts sent through the batch API.",
        json: include_str!("presets/writing-assistant.json"),
    },
    Preset {
        id: "faq-bot",
        title: "FAQ bot with a semantic cache",
        lesson: "One model, where 70% of questions are answered from a semantic cache: each \
                 query pays an embedding call, a hit pays nothing else.",
        json: include_str!("presets/faq-bot.json"),
    },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
