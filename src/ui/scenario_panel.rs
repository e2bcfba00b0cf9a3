//! The planner: presets, a scenario file to open (or drop on the page), the editor and the
//! results side by side (`scenario-file`, `preset`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};

use super::forecast_panel::ForecastPanel;
use super::levers_editor::LeversEditor;
use super::mix_results::MixResults;
use super::query_types_editor::QueryTypesEditor;
use super::scenario_state::ScenarioState;
use super::share_panel::SharePanel;
use super::state::{use_comparison, use_prices, use_scenario};
use crate::core::plan::comparison::TokenPricing;
use crate::core::plan::presets::PRESETS;
use crate::core::plan::scenario::Scenario;
use crate::core::pricing::price::input_only_models;

/// Reads a file the person picked or dropped, and loads it as the scenario.
pub fn open_scenario_file(state: ScenarioState, file: File) {
    let name = file.name();
    // Checked before reading: a 10 MB file is refused at once, not read and parsed.
    if let Err(error) = Scenario::check_file_size(file.size() as u64) {
        state
            .file_error
            .set(Some(format!("{name} was not loaded: {error}")));
        return;
    }
    leptos::task::spawn_local(async move {
        match JsFuture::from(file.text()).await {
            Ok(text) => match text.as_string() {
                Some(text) => state.load_file(&name, &text),
                None => state
                    .file_error
                    .set(Some(format!("{name} was not loaded: it is not text"))),
            },
            Err(_) => state
                .file_error
                .set(Some(format!("{name} could not be read"))),
        }
    });
}

#[component]
pub fn ScenarioPanel() -> impl IntoView {
    let state = use_scenario();
    let prices = use_prices();
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open_scenario_file(state, file);
        }
        // Picking the same file again should load it again.
        input.set_value("");
    };
    // The models offered in the pickers: what a model is priced for does not change with
    // the prompt, so the lists are made once, not on every re-price.
    let answer_models: Vec<String> = use_comparison().quotes.with_untracked(|quotes| {
        quotes
            .iter()
            .filter(|q| q.pricing == TokenPricing::InputAndOutput)
            .map(|q| q.id.clone())
            .collect()
    });
    let embedding_models = input_only_models(prices.catalogue, prices.priced_at);
    view! {
        <section class="panel planner" data-testid="scenario-panel">
            <div class="planner-head">
                <h2>"Traffic mix"</h2>
                <p class="hint">
                    "Split your traffic into kinds of query, send each to a model, switch on caching, batch and negotiated prices, and compare with everything on one model. Start from a preset, from scratch, or open a scenario file (or drop one on the page)."
                </p>
                <div class="presets" role="group" aria-label="Presets">
                    {PRESETS
                        .iter()
                        .map(|preset| {
                            let id = preset.id;
                            view! {
                                <button
                                    type="button"
                                    class="preset"
                                    class:active=move || state.preset.get() == Some(id)
                                    aria-pressed=move || (state.preset.get() == Some(id)).to_string()
                                    data-testid="preset"
                                    data-preset=id
                                    title=preset.lesson
                                    on:click=move |_| {
                                        if let Ok(scenario) = preset.scenario() {
                                            state.load(scenario, Some(id));
                                        }
                                    }
                                >
                                    {preset.title}
                                </button>
                            }
                        })
                        .collect_view()}
                    <button
                        type="button"
                        class="preset"
                        data-testid="preset-scratch"
                        on:click=move |_| state.load(Scenario::starter(), None)
                    >
                        "Start from scratch"
                    </button>
                    <label class="file-button">
                        "Open a scenario file…"
                        <input type="file" accept=".json,application/json" data-testid="scenario-file" on:change=on_file/>
                    </label>
                </div>
                <p class="lesson">
                    {move || {
                        state
                            .preset
                            .get()
                            .and_then(|id| PRESETS.iter().find(|p| p.id == id))
                            .map(|p| p.lesson)
                    }}
                </p>
            </div>
            <datalist id="scenario-models">
                {answer_models.into_iter().map(|id| view! { <option value=id></option> }).collect_view()}
            </datalist>
            <datalist id="embedding-models">
                {embedding_models.into_iter().map(|id| view! { <option value=id></option> }).collect_view()}
            </datalist>
            <div class="planner-body">
                <div class="planner-editor">
                    <QueryTypesEditor/>
                    <LeversEditor/>
                </div>
                <div class="planner-results">
                    <MixResults/>
                </div>
            </div>
            <ForecastPanel/>
            <SharePanel/>
        </section>
    }
}

/// Lets a scenario file be dropped anywhere on the page.
pub fn on_page_drop(state: ScenarioState, ev: web_sys::DragEvent) {
    let Some(file) = ev
        .data_transfer()
        .and_then(|transfer| transfer.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    ev.prevent_default();
    open_scenario_file(state, file);
}

/// Whether a drag carries files (so the page, not the browser, should take the drop).
pub fn drags_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer()
        .map(|transfer| {
            let types = transfer.types();
            (0..types.length()).any(|i| {
                types
                    .get(i)
                    .dyn_into::<js_sys::JsString>()
                    .is_ok_and(|t| t == "Files")
            })
        })
        .unwrap_or(false)
}
