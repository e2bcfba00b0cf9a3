//! The page's frame: the header with the theme toggle, the section bar, the main content
//! (the prompt, the table, the planner) and the footer (how counts are made, where prices
//! come from).

use chrono::DateTime;
use leptos::prelude::*;

use super::announcer::Announcer;
use super::appearance::Appearance;
use super::catalogue_note::CatalogueNote;
use super::comparison_table::ComparisonTable;
use super::count_notes::CountNotes;
use super::error_banner::ErrorBanner;
use super::idle::{after_paint, when_idle};
use super::offline::keep_for_offline_use;
use super::perf_marks::mark;
use super::prompt_panel::PromptPanel;
use super::scenario_panel::{drags_files, on_page_drop, ScenarioPanel};
use super::section_bar::{open_on_planner, SectionBar};
use super::share_panel::follow_edits_in_address_bar;
use super::state::PlannerState;
use super::theme_toggle::ThemeToggle;
use super::token_fields::TokenFieldsPanel;
use crate::core::plan::share_link::decode;
use crate::core::pricing::catalogue::Catalogue;

/// The planner (traffic mix, forecast, charts) is drawn once the first frame with the priced
/// table is painted and the browser is idle, and at the latest this long after that paint.
const PLANNER_DEADLINE_MS: u32 = 500;

#[component]
pub fn App() -> impl IntoView {
    // First, so the page never renders in the other theme.
    Appearance::provide();
    keep_for_offline_use();
    let now = DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    match Catalogue::embedded() {
        Ok(catalogue) => {
            mark("llm:catalogue-decoded");
            // A shared link carries the scenario in the fragment (never sent to a server).
            let shared = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .filter(|hash| hash.len() > 1)
                .map(|hash| decode(&hash));
            if matches!(shared, Some(Ok(_))) {
                open_on_planner();
            }
            let state = PlannerState::new(catalogue, now, shared);
            state.provide();
            follow_edits_in_address_bar(state.scenario, state.prompt);
            let scenario = state.scenario;
            // A scenario file dropped anywhere on the page is opened (the browser would
            // otherwise navigate to it).
            let on_dragover = move |ev: web_sys::DragEvent| {
                if drags_files(&ev) {
                    ev.prevent_default();
                }
            };
            let on_drop = move |ev: web_sys::DragEvent| on_page_drop(scenario, ev);
            let planner_shown = RwSignal::new(false);
            after_paint(move || {
                when_idle(PLANNER_DEADLINE_MS, move || {
                    planner_shown.set(true);
                    mark("llm:planner-mounted");
                })
            });
            view! {
                <div class="page" on:dragover=on_dragover on:drop=on_drop>
                <header class="masthead">
                    <div class="masthead-top">
                        <h1>"LLM Cost Planner"</h1>
                        <ThemeToggle/>
                    </div>
                    <p class="tagline">
                        "Paste a prompt and see what one query costs on every model, then plan a traffic mix across model tiers. Nothing you paste leaves this page."
                    </p>
                </header>
                <SectionBar/>
                // Every piece of content sits in a landmark (header, nav, main, footer), so a
                // screen reader's landmark list covers the whole page.
                <main id="main">
                    <ErrorBanner/>
                    <div class="layout">
                        <section class="panel inputs" data-section="prompt" aria-label="Prompt and token counts">
                            <PromptPanel/>
                            <TokenFieldsPanel/>
                        </section>
                        <section class="panel results" data-section="models" aria-label="Cost per query on every model">
                            <ComparisonTable/>
                        </section>
                    </div>
                    <Show when=move || planner_shown.get()>
                        <ScenarioPanel/>
                    </Show>
                    <Announcer/>
                </main>
                <footer class="page-foot">
                    <CountNotes/>
                    <CatalogueNote/>
                </footer>
                </div>
            }
            .into_any()
        }
        Err(error) => view! {
            <p class="fatal" data-testid="app-error" role="alert">{error.to_string()}</p>
        }
        .into_any(),
    }
}
