//! Sharing and export: a link whose fragment carries the whole scenario, the address bar kept
//! in step with edits, and downloads made in the page (`share-button`, `share-url`,
//! `export-csv`, `export-json`, `export-svg`, `export-png`).

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlCanvasElement, HtmlImageElement, Url};

use super::download::{describe, download_blob, download_text};
use super::scenario_state::ScenarioState;
use super::state::{use_comparison, use_prompt, use_scenario, PromptState};
use crate::chart::forecast::{self as forecast_chart, ForecastChart};
use crate::core::plan::comparison::comparison_csv;
use crate::core::plan::scenario::Scenario;
use crate::core::plan::share_link::{encode, SharedView};

/// A prompt longer than this stays out of links even when asked for: a link is no place
/// for a book.
pub const MAX_PROMPT_IN_LINK: usize = 20_000;

/// The address bar follows edits this long after the last one.
const URL_DEBOUNCE_MS: u32 = 400;

/// The fragment for the current state (with the prompt if asked for and short enough).
fn fragment(scenario: ScenarioState, prompt: PromptState) -> Result<String, String> {
    let include_prompt = scenario.include_prompt.get_untracked();
    let scenario = scenario.scenario.get_untracked();
    let prompt = if include_prompt {
        let text = prompt.text();
        if text.chars().count() > MAX_PROMPT_IN_LINK {
            return Err(format!(
                "the prompt is too long to travel in a link (over {MAX_PROMPT_IN_LINK} characters); untick \"include the prompt\" to share the scenario"
            ));
        }
        Some(text)
    } else {
        None
    };
    Ok(encode(&SharedView { scenario, prompt }))
}

fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}{}",
        location.origin().ok()?,
        location.pathname().ok()?,
        location.search().ok()?
    ))
}

/// Keeps the address bar's fragment in step with the scenario, replacing the history entry
/// rather than adding one per edit, so a reload keeps the edits and Back still leaves.
pub fn follow_edits_in_address_bar(scenario: ScenarioState, prompt: PromptState) {
    let pending = StoredValue::new(0u64);
    // The fragment this page wrote last; any other one was pasted or typed by the person.
    let written = StoredValue::new(
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default(),
    );
    open_links_pasted_into_address_bar(written);
    Effect::new(move |_| {
        scenario.scenario.track();
        scenario.include_prompt.track();
        let ticket = pending.get_value() + 1;
        pending.set_value(ticket);
        spawn_local(async move {
            TimeoutFuture::new(URL_DEBOUNCE_MS).await;
            if pending.get_value() != ticket {
                return;
            }
            let Ok(fragment) = fragment(scenario, prompt) else {
                return;
            };
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let fragment = format!("#{fragment}");
                if history
                    .replace_state_with_url(&JsValue::NULL, "", Some(&fragment))
                    .is_ok()
                {
                    written.set_value(fragment);
                }
            }
        });
    });
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let scenario = use_scenario();
    let prompt = use_prompt();
    let comparison = use_comparison();
    let share_error = RwSignal::new(None::<String>);
    let make_link = move |_| match fragment(scenario, prompt) {
        Ok(fragment) => {
            share_error.set(None);
            let url = format!("{}#{fragment}", page_address().unwrap_or_default());
            scenario.share_url.set(Some(url));
        }
        Err(error) => share_error.set(Some(error)),
    };
    let export_error = RwSignal::new(None::<String>);
    let report = move |result: Result<(), String>| export_error.set(result.err());
    let export_json = move |_| {
        // A scenario that cannot be written is said so, rather than downloaded empty.
        let json = scenario.scenario.with_untracked(Scenario::to_json);
        report(
            json.map_err(|error| error.to_string())
                .and_then(|json| download_text("scenario.json", "application/json", &json)),
        );
    };
    let export_csv = move |_| match scenario.last_good_forecast.get_untracked() {
        Some(forecast) => report(download_text(
            "forecast.csv",
            "text/csv",
            &forecast.to_csv(),
        )),
        None => report(Err("there is no forecast to export yet".into())),
    };
    let export_comparison = move |_| {
        let csv = comparison
            .quotes
            .with_untracked(|quotes| comparison_csv(quotes));
        report(download_text("model-comparison.csv", "text/csv", &csv));
    };
    let chart_svg = move || -> Result<String, String> {
        let forecast = scenario
            .last_good_forecast
            .get_untracked()
            .ok_or("there is no forecast to export yet")?;
        // The budget the forecast was made with (see `GrowthForecast::budget_usd`).
        forecast_chart::to_svg(
            &ForecastChart {
                forecast: &forecast,
                budget_usd: forecast.budget_usd,
            },
            1200,
            600,
        )
    };
    let export_svg = move |_| {
        report(chart_svg().and_then(|svg| download_text("forecast.svg", "image/svg+xml", &svg)))
    };
    let export_png = move |_| report(chart_svg().and_then(|svg| download_png(&svg, 1200, 600)));
    let prompt_note = move || {
        if scenario.include_prompt.get() {
            "The link includes the prompt's text: anyone with the link can read it."
        } else {
            "The prompt's text stays out of the link (prompts are often confidential); its counts are enough to reprice."
        }
    };
    view! {
        <section class="share" data-testid="share-panel">
            <h3>"Share and export"</h3>
            <div class="share-row">
                <button type="button" class="primary" data-testid="share-button" on:click=make_link>
                    "Make a link"
                </button>
                <input
                    type="text"
                    readonly
                    class="share-url"
                    data-testid="share-url"
                    aria-label="Link to this scenario"
                    placeholder="The link appears here"
                    prop:value=move || scenario.share_url.get().unwrap_or_default()
                    on:focus=move |ev| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }
                />
                <span class="hint" data-testid="share-url-length">
                    {move || scenario.share_url.get().map(|url| format!("{} characters", url.chars().count()))}
                </span>
            </div>
            <label class="check small">
                <input
                    type="checkbox"
                    data-testid="share-include-prompt"
                    prop:checked=move || scenario.include_prompt.get()
                    on:change=move |ev| {
                        scenario.include_prompt.set(event_target_checked(&ev));
                        scenario.share_url.set(None);
                    }
                />
                " Include the prompt's text"
            </label>
            <p class="hint">
                {prompt_note}
                " The scenario travels in the part of the link after #, which browsers never send to a server."
            </p>
            {move || share_error.get().map(|error| view! { <p class="field-error" role="alert">{error}</p> })}
            <div class="export-row">
                <button type="button" class="secondary" data-testid="export-json" on:click=export_json>"Scenario (JSON)"</button>
                <button type="button" class="secondary" data-testid="export-csv" on:click=export_csv>"Forecast (CSV)"</button>
                <button type="button" class="secondary" data-testid="export-comparison-csv" on:click=export_comparison>"Model comparison (CSV)"</button>
                <button type="button" class="secondary" data-testid="export-svg" on:click=export_svg>"Chart (SVG)"</button>
                <button type="button" class="secondary" data-testid="export-png" on:click=export_png>"Chart (PNG)"</button>
            </div>
            {move || export_error.get().map(|error| view! { <p class="field-error" role="alert">{format!("Export failed: {error}")}</p> })}
        </section>
    }
}

/// Draws the SVG on a canvas and offers it as a PNG (the image loads from a blob: URL, which
/// the page's Content-Security-Policy allows; nothing leaves the page).
fn download_png(svg: &str, width: u32, height: u32) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let image = HtmlImageElement::new().map_err(describe)?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    canvas.set_width(width);
    canvas.set_height(height);
    let loaded = {
        let image = image.clone();
        let url = url.clone();
        Closure::once(move || {
            let _ = Url::revoke_object_url(&url);
            let Some(context) = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            context.set_fill_style_str("#ffffff");
            context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
                &image,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            );
            let saved = Closure::once(move |blob: JsValue| {
                if let Ok(blob) = blob.dyn_into::<Blob>() {
                    let _ = download_blob("forecast.png", &blob);
                }
            });
            let _ = canvas.to_blob(saved.as_ref().unchecked_ref());
            saved.forget();
        })
    };
    image.set_onload(Some(loaded.as_ref().unchecked_ref()));
    loaded.forget();
    image.set_src(&url);
    Ok(())
}

/// A link pasted into the address bar of the open page changes only its fragment, which
/// does not reload the page: reload it, so the link opens as it would in a new tab.
fn open_links_pasted_into_address_bar(written: StoredValue<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_change = Closure::<dyn Fn()>::new(move || {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let hash = location.hash().unwrap_or_default();
        if hash.len() > 1 && hash != written.get_value() {
            let _ = location.reload();
        }
    });
    let _ =
        window.add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_change.forget();
}
