//! The planner's scenario: one [`Scenario`] value is the source of truth; its report is a
//! memo of it. Fields write into the scenario as they are typed; text that is not a number is
//! kept beside it (per field) so the person sees why, while the last good numbers stay.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::core::issue::{FieldIssue, FieldPath};
use crate::core::plan::forecast::{forecast, ForecastError, GrowthForecast};
use crate::core::plan::mix::{evaluate, MixError, MixReport};
use crate::core::plan::presets::PRESETS;
use crate::core::plan::scenario::Scenario;
use crate::core::pricing::catalogue::Catalogue;
use crate::core::tokens::prompt_counts::PromptCounts;

#[derive(Clone, Copy)]
pub struct ScenarioState {
    pub scenario: RwSignal<Scenario>,
    /// Bumped when the scenario is replaced as a whole (preset, file, a type added or
    /// removed): the editor then redraws its fields from it.
    pub generation: RwSignal<u64>,
    /// Field path to why its text was not taken (not a number, say).
    pub unreadable: RwSignal<BTreeMap<FieldPath, String>>,
    /// Why the last scenario file was refused.
    pub file_error: RwSignal<Option<String>>,
    /// The preset last loaded, while it is unedited.
    pub preset: RwSignal<Option<&'static str>>,
    /// Why the link the page was opened with could not be read.
    pub link_error: RwSignal<Option<String>>,
    /// Whether links carry the prompt's text (off: prompts are often confidential).
    pub include_prompt: RwSignal<bool>,
    /// The last link made with the share button.
    pub share_url: RwSignal<Option<String>>,
    pub report: Memo<Result<MixReport, MixError>>,
    /// The last report that priced: shown while the scenario has a problem.
    pub last_good: Memo<Option<MixReport>>,
    /// The growth forecast of the last report that priced.
    pub forecast: Memo<Option<Result<GrowthForecast, ForecastError>>>,
    /// The last forecast that could be made.
    pub last_good_forecast: Memo<Option<GrowthForecast>>,
}

impl ScenarioState {
    /// Starts with `shared` (a link's scenario) or the first preset.
    pub fn new(
        catalogue: &'static Catalogue,
        priced_at: DateTime<Utc>,
        counts: RwSignal<PromptCounts>,
        shared: Option<Scenario>,
    ) -> Self {
        let first = PRESETS.first().and_then(|preset| preset.scenario().ok());
        let preset = match &shared {
            Some(_) => None,
            None => first.as_ref().map(|_| PRESETS[0].id),
        };
        let scenario = RwSignal::new(shared.or(first).unwrap_or_else(Scenario::starter));
        // The mix without the forecast's inputs: moving a forecast slider does not re-price.
        let mix = Memo::new(move |_| {
            scenario.with(|scenario| Scenario {
                forecast: Default::default(),
                ..scenario.clone()
            })
        });
        let report = Memo::new(move |_| {
            mix.with(|scenario| {
                if scenario.uses_prompt() {
                    counts.with(|counts| evaluate(scenario, catalogue, counts, priced_at))
                } else {
                    evaluate(scenario, catalogue, &PromptCounts::default(), priced_at)
                }
            })
        });
        let last_good = Memo::new(move |previous: Option<&Option<MixReport>>| {
            report.with(|report| match report {
                Ok(report) => Some(report.clone()),
                Err(_) => previous.cloned().flatten(),
            })
        });
        let forecast = Memo::new(move |_| {
            last_good.with(|report| {
                report.as_ref().map(|report| {
                    scenario.with(|scenario| forecast(&scenario.forecast, &report.query_costs()))
                })
            })
        });
        let last_good_forecast = Memo::new(move |previous: Option<&Option<GrowthForecast>>| {
            forecast.with(|forecast| match forecast {
                Some(Ok(forecast)) => Some(forecast.clone()),
                _ => previous.cloned().flatten(),
            })
        });
        ScenarioState {
            scenario,
            forecast,
            last_good_forecast,
            generation: RwSignal::new(0),
            unreadable: RwSignal::new(BTreeMap::new()),
            file_error: RwSignal::new(None),
            preset: RwSignal::new(preset),
            link_error: RwSignal::new(None),
            include_prompt: RwSignal::new(false),
            share_url: RwSignal::new(None),
            report,
            last_good,
        }
    }

    /// Replaces the whole scenario and redraws the editor from it.
    pub fn load(&self, scenario: Scenario, preset: Option<&'static str>) {
        self.scenario.set(scenario);
        self.unreadable.set(BTreeMap::new());
        self.file_error.set(None);
        self.preset.set(preset);
        self.generation.update(|g| *g += 1);
    }

    /// Reads a scenario file's text; a bad file leaves the scenario as it was.
    pub fn load_file(&self, name: &str, text: &str) {
        match Scenario::from_json(text) {
            Ok(scenario) => self.load(scenario, None),
            Err(error) => self
                .file_error
                .set(Some(format!("{name} was not loaded: {error}"))),
        }
    }

    /// Changes the scenario in place (the editor keeps its fields).
    pub fn edit(&self, change: impl FnOnce(&mut Scenario)) {
        self.scenario.update(change);
        self.preset.set(None);
    }

    /// Changes the scenario's shape (types added or removed): the editor redraws.
    pub fn reshape(&self, change: impl FnOnce(&mut Scenario)) {
        self.edit(change);
        self.unreadable.set(BTreeMap::new());
        self.generation.update(|g| *g += 1);
    }

    /// Records whether a field's text could be read.
    pub fn set_unreadable(&self, field: &FieldPath, error: Option<String>) {
        self.unreadable.update(|map| match error {
            Some(error) => {
                map.insert(field.clone(), error);
            }
            None => {
                map.remove(field);
            }
        });
    }

    /// Messages about one field.
    pub fn messages_for(&self, field: &FieldPath) -> Vec<String> {
        let mut messages: Vec<String> = self
            .unreadable
            .with(|map| map.get(field).cloned())
            .into_iter()
            .collect();
        let mut take = |issues: &[FieldIssue]| {
            messages.extend(
                issues
                    .iter()
                    .filter(|issue| issue.field == *field)
                    .map(|issue| issue.message.clone()),
            );
        };
        self.report.with(|report| {
            if let Err(error) = report {
                take(error.issues());
            }
        });
        self.forecast.with(|forecast| {
            if let Some(Err(error)) = forecast {
                take(error.issues());
            }
        });
        messages
    }

    /// Every problem with the scenario, for the error banner.
    pub fn errors(&self) -> Vec<String> {
        let mut errors: Vec<String> = self.file_error.get().into_iter().collect();
        errors.extend(self.link_error.get());
        errors.extend(
            self.unreadable
                .get()
                .into_values()
                .map(|error| format!("Scenario: {error}")),
        );
        if let Err(error) = self.report.get() {
            let kept = if self.last_good.with(Option::is_some) {
                " The last numbers that priced are kept."
            } else {
                ""
            };
            errors.extend(
                error
                    .messages()
                    .into_iter()
                    .map(|message| format!("Scenario: {message}.{kept}")),
            );
        }
        if let Some(Err(error)) = self.forecast.get() {
            errors.extend(error.messages().into_iter().map(|message| {
                format!("Forecast: {message}. The last forecast that could be made is kept.")
            }));
        }
        errors
    }
}
