//! The growth forecast: sliders with number fields beside them, the monthly spend chart, the
//! total, the first month over budget and the user milestones (`users-start`, `growth-pct`,
//! `queries-per-user`, `horizon-months`, `budget-usd`, `forecast-chart`, `forecast-total`,
//! `over-budget-month`).

use leptos::prelude::*;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;

use super::appearance::use_appearance;
use super::chart_data::ChartData;
use super::scenario_field::{
    field_showing, parse_decimal, FieldMessageList, FieldMessages, ScenarioField,
};
use super::state::use_scenario;
use crate::chart::forecast::{self as forecast_chart, month_after_key, ForecastChart};
use crate::core::format::group_thousands;
use crate::core::issue::{FieldPath, ForecastField};
use crate::core::plan::forecast::{
    ForecastInputs, GrowthForecast, MAX_GROWTH_PCT, MAX_HORIZON_MONTHS, MONTH_NAMES,
};
use crate::core::plan::scenario::Scenario;
use crate::core::pricing::money::{plain, usd};

fn edit(change: impl FnOnce(&mut ForecastInputs)) {
    use_scenario().edit(|scenario: &mut Scenario| change(&mut scenario.forecast));
}

/// How a slider's 0–1000 travel maps onto its value.
#[derive(Clone, Copy)]
enum Scale {
    Linear {
        min: f64,
        max: f64,
        step: f64,
    },
    /// For counts that span orders of magnitude (users, queries, budget).
    Log {
        min: f64,
        max: f64,
    },
}

const TRAVEL: f64 = 1000.0;

impl Scale {
    fn position(self, value: Decimal) -> f64 {
        let value = value.to_f64().unwrap_or(0.0);
        let position = match self {
            Scale::Linear { min, max, .. } => (value - min) / (max - min),
            Scale::Log { min, max } => (value.max(min) / min).ln() / (max / min).ln(),
        };
        (position * TRAVEL).clamp(0.0, TRAVEL)
    }

    /// The value a slider moved to `position` from the one showing `current` stands for,
    /// stepping on past positions that round back to `current`: one arrow key press always
    /// changes the value (else each press would snap back to where it was).
    fn value_moved_to(self, position: f64, current: Option<Decimal>) -> Decimal {
        let Some(current) = current else {
            return self.value(position);
        };
        let from = self.position(current);
        let direction = if position > from {
            1.0
        } else if position < from {
            -1.0
        } else {
            return self.value(position);
        };
        let mut at = position;
        loop {
            let value = self.value(at);
            if value != current || at <= 0.0 || at >= TRAVEL {
                return value;
            }
            at += direction;
        }
    }

    fn value(self, position: f64) -> Decimal {
        let fraction = (position / TRAVEL).clamp(0.0, 1.0);
        let value = match self {
            Scale::Linear { min, max, step } => (min + fraction * (max - min)) / step,
            Scale::Log { min, max } => min * (max / min).powf(fraction),
        };
        match self {
            Scale::Linear { step, .. } => Decimal::from_f64(value.round() * step)
                .map(|v| v.round_dp(2).normalize())
                .unwrap_or_default(),
            // Two significant digits: 12,000 users, not 12,345.678.
            Scale::Log { .. } => Decimal::from_f64(value)
                .and_then(|v| v.round_sf(2))
                .map(|v| v.normalize())
                .unwrap_or_default(),
        }
    }
}

/// A slider with a number field beside it; both write the same value.
#[component]
fn SliderField(
    label: &'static str,
    /// Its path in the scenario, for its messages; its hook is [`field_showing`] it.
    field: ForecastField,
    #[prop(optional)] unit: &'static str,
    /// The text the field starts with (empty for "none").
    initial: String,
    scale: Scale,
    /// Takes a value read from either control (None: the field is empty).
    apply: Callback<Option<Decimal>, ()>,
) -> impl IntoView {
    let state = use_scenario();
    // `ForecastField` is `Copy`, so each closure makes its own path.
    let path = move || FieldPath::Forecast(field);
    let testid = field_showing(&path());
    let text = RwSignal::new(initial);
    let position = move || {
        text.with(|text| parse_decimal(text).ok())
            .map(|value| scale.position(value))
            .unwrap_or(0.0)
            .to_string()
    };
    let take = move |raw: String| {
        match parse_decimal(&raw) {
            Ok(value) => {
                state.set_unreadable(&path(), None);
                apply.run((!raw.trim().is_empty()).then_some(value));
            }
            Err(error) => state.set_unreadable(&path(), Some(format!("{label}: {error}"))),
        }
        text.set(raw);
    };
    let messages = Memo::new(move |_| state.messages_for(&path()));
    let slider_testid = format!("{testid}-slider");
    view! {
        <div class="slider-field" class:invalid=move || messages.with(|m| !m.is_empty())>
            <label class="field-label" for=testid>{label}</label>
            <div class="slider-row">
                <input
                    type="range"
                    min="0"
                    max=TRAVEL.to_string()
                    step="1"
                    aria-label=label
                    // Read out as the value it sets, not as its position on the track.
                    aria-valuetext=move || format!("{} {unit}", text.get()).trim_end().to_string()
                    data-testid=slider_testid
                    prop:value=position
                    on:input=move |ev| {
                        let position: f64 = event_target_value(&ev).parse().unwrap_or(0.0);
                        let current = text.with_untracked(|text| parse_decimal(text).ok());
                        take(scale.value_moved_to(position, current).to_string());
                    }
                />
                <input
                    id=testid
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid=testid
                    prop:value=move || text.get()
                    on:input=move |ev| take(event_target_value(&ev))
                />
                <span class="unit">{unit}</span>
            </div>
            <FieldMessageList messages=messages/>
        </div>
    }
}

fn text_of(value: Decimal) -> String {
    value.normalize().to_string()
}

#[component]
pub fn ForecastPanel() -> impl IntoView {
    let state = use_scenario();
    view! {
        <section class="forecast" data-testid="forecast-panel">
            <h3>"Growth forecast"</h3>
            <div class="forecast-body">
                // Keyed by generation, so a loaded scenario gets fresh fields.
                <For
                    each=move || [state.generation.get()]
                    key=|generation| *generation
                    children=move |_| view! { <ForecastInputsView inputs=state.scenario.get_untracked().forecast/> }
                />
                <ForecastResults/>
            </div>
        </section>
    }
}

#[component]
fn ForecastInputsView(inputs: ForecastInputs) -> impl IntoView {
    let seasonal = inputs
        .seasonal
        .clone()
        .unwrap_or_else(|| vec![Decimal::ONE; 12]);
    let start_month = inputs.start_month;
    view! {
        <div class="forecast-inputs">
            <SliderField label="Monthly active users at the start" field=ForecastField::UsersStart
                initial=text_of(inputs.users_start) scale=Scale::Log { min: 100.0, max: 100_000_000.0 }
                apply=Callback::new(|value: Option<Decimal>| edit(|f| f.users_start = value.unwrap_or_default()))/>
            <SliderField label="Monthly growth (compound)" field=ForecastField::GrowthPct unit="%"
                initial=text_of(inputs.growth_pct) scale=Scale::Linear { min: -20.0, max: 100.0, step: 0.5 }
                apply=Callback::new(|value: Option<Decimal>| edit(|f| f.growth_pct = value.unwrap_or_default()))/>
            <SliderField label="Queries per user per month" field=ForecastField::QueriesPerUser
                initial=text_of(inputs.queries_per_user) scale=Scale::Log { min: 1.0, max: 10_000.0 }
                apply=Callback::new(|value: Option<Decimal>| edit(|f| f.queries_per_user = value.unwrap_or_default()))/>
            <SliderField label="Months" field=ForecastField::HorizonMonths
                initial=inputs.horizon_months.to_string()
                scale=Scale::Linear { min: 1.0, max: f64::from(MAX_HORIZON_MONTHS), step: 1.0 }
                apply=Callback::new(|value: Option<Decimal>| {
                    // Whole months; a fraction or an absurd count is refused by the forecast's own check.
                    let months = value
                        .filter(|v| v.fract().is_zero())
                        .and_then(|v| v.to_u32())
                        .unwrap_or(u32::MAX);
                    edit(|f| f.horizon_months = months);
                })/>
            <SliderField label="Monthly budget" field=ForecastField::BudgetUsd unit="USD"
                initial=inputs.budget_usd.map(text_of).unwrap_or_default()
                scale=Scale::Log { min: 10.0, max: 10_000_000.0 }
                apply=Callback::new(|value: Option<Decimal>| edit(|f| f.budget_usd = value))/>
            <p class="hint">{format!("Growth from −100% to {MAX_GROWTH_PCT}%, 1 to {MAX_HORIZON_MONTHS} months; an empty budget means none.")}</p>
            <details class="seasonal">
                <summary>"Seasonal multipliers"</summary>
                <p class="hint">"Each calendar month's queries are multiplied by its factor (1 = a normal month)."</p>
                <label class="scenario-field">
                    <span class="field-label">"The forecast starts in"</span>
                    <select
                        data-testid="start-month"
                        on:change=move |ev| {
                            let month = event_target_value(&ev).parse().unwrap_or(1);
                            edit(|f| f.start_month = month);
                        }
                    >
                        {MONTH_NAMES
                            .iter()
                            .enumerate()
                            .map(|(i, name)| {
                                let month = i as u32 + 1;
                                view! { <option value=month.to_string() selected=month == start_month>{*name}</option> }
                            })
                            .collect_view()}
                    </select>
                    <FieldMessages field=FieldPath::Forecast(ForecastField::StartMonth)/>
                </label>
                <div class="seasonal-grid">
                    {MONTH_NAMES
                        .iter()
                        .enumerate()
                        .map(|(i, name)| {
                            view! {
                                <ScenarioField
                                    label=name[..3].to_string()
                                    field=FieldPath::Forecast(ForecastField::SeasonalMonth(i))
                                    initial=text_of(seasonal[i])
                                    apply=Callback::new(move |text: String| {
                                        let factor = if text.trim().is_empty() { Decimal::ONE } else { parse_decimal(&text)? };
                                        edit(|f| {
                                            let factors = f.seasonal.get_or_insert_with(|| vec![Decimal::ONE; 12]);
                                            if let Some(slot) = factors.get_mut(i) {
                                                *slot = factor;
                                            }
                                            if factors.iter().all(|f| *f == Decimal::ONE) {
                                                f.seasonal = None;
                                            }
                                        });
                                        Ok(())
                                    })
                                />
                            }
                        })
                        .collect_view()}
                </div>
                <FieldMessages field=FieldPath::Forecast(ForecastField::Seasonal)/>
            </details>
        </div>
    }
}

#[component]
fn ForecastResults() -> impl IntoView {
    let state = use_scenario();
    let stale = move || !matches!(state.forecast.get(), Some(Ok(_)));
    view! {
        <div class="forecast-results" class:stale=stale>
            {move || match state.last_good_forecast.get() {
                // With the budget it was made with, not the one typed since: a forecast kept
                // while newer inputs are refused must not compare its months to another budget.
                Some(forecast) => view! { <ForecastView forecast/> }.into_any(),
                None => view! { <p class="hint">"The forecast appears once the scenario prices."</p> }.into_any(),
            }}
        </div>
    }
}

fn users_text(users: Decimal) -> String {
    users
        .round()
        .to_u64()
        .map(group_thousands)
        .unwrap_or_else(|| users.round().to_string())
}

/// Arrow keys, Home and End on a focused month's hit box focus another month (the months
/// are one Tab stop: the focused one takes `tabindex=0`, the rest `-1`).
fn move_between_months(ev: leptos::ev::KeyboardEvent) {
    let Some(current) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .filter(|el| el.class_list().contains("month-hit"))
    else {
        return;
    };
    let Some(svg) = current.parent_element() else {
        return;
    };
    let children = svg.children();
    let months: Vec<web_sys::Element> = (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|el| el.class_list().contains("month-hit"))
        .collect();
    let Some(index) = months.iter().position(|m| *m == current) else {
        return;
    };
    if let Some(next) = month_after_key(&ev.key(), index, months.len()).and_then(|i| months.get(i))
    {
        ev.prevent_default();
        let _ = current.set_attribute("tabindex", "-1");
        let _ = next.set_attribute("tabindex", "0");
        let _ = next.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}

#[component]
fn ForecastView(forecast: GrowthForecast) -> impl IntoView {
    let budget = forecast.budget_usd;
    let months = forecast.months.len();
    let values = forecast_chart::table(&ForecastChart {
        forecast: &forecast,
        budget_usd: budget,
    });
    // Redrawn for the theme and the screen: narrower, so its text stays legible on a phone.
    let appearance = use_appearance();
    let chart_forecast = forecast.clone();
    let svg = move || {
        let (width, height) = if appearance.narrow.get() {
            (340, 300)
        } else {
            (760, 380)
        };
        forecast_chart::to_svg_with(
            &ForecastChart {
                forecast: &chart_forecast,
                budget_usd: budget,
            },
            width,
            height,
            appearance.chart_palette(),
        )
        .unwrap_or_else(|error| {
            format!("<p class=\"hint\">The chart could not be drawn: {error}</p>")
        })
    };
    let over = forecast.over_budget_month;
    let over_text = match (forecast.first_month_over_budget(), budget) {
        (_, None) => "No budget set".to_string(),
        (None, Some(budget)) => format!("Within the {} budget every month", usd(budget)),
        (Some(over), Some(budget)) => format!(
            "Month {} is the first over the {} budget ({})",
            over.month,
            usd(budget),
            usd(over.mix_usd)
        ),
    };
    view! {
        <div class="headline">
            <div class="figure" data-testid="forecast-total" data-value=plain(forecast.total_usd)
                data-baseline=plain(forecast.baseline_total_usd)>
                <span class="figure-label">{format!("Spend over {months} months")}</span>
                <span class="figure-value">{usd(forecast.total_usd)}</span>
                <span class="figure-sub">{format!("baseline {}", usd(forecast.baseline_total_usd))}</span>
            </div>
            <div class="figure" data-testid="cost-per-user" data-value=plain(forecast.cost_per_user_month)>
                <span class="figure-label">"Per user per month"</span>
                <span class="figure-value">{usd(forecast.cost_per_user_month)}</span>
                <span class="figure-sub">{format!("baseline {}", usd(forecast.baseline_cost_per_user_month))}</span>
            </div>
            <div class="figure" class:over=over.is_some() data-testid="over-budget-month"
                data-value=over.map(|m| m.to_string()).unwrap_or_default()>
                <span class="figure-label">"Budget"</span>
                <span class="figure-sub budget-text">{over_text}</span>
            </div>
        </div>
        <figure class="forecast-figure">
            <div class="chart" data-testid="forecast-chart" inner_html=svg on:keydown=move_between_months></div>
            <figcaption>"Monthly spend of the mix, stacked by model; the baseline and the budget as lines. Hover a month, or focus it and use the arrow keys, for its figures."</figcaption>
            <ChartData table=values testid="forecast-values"/>
        </figure>
        // Focusable, so a keyboard can scroll it sideways on a narrow screen.
        <div class="wide-table" tabindex="0" role="region" aria-label="When users pass each milestone">
        <table class="mix-table" data-testid="milestones">
            <caption>"When users pass…"</caption>
            <thead>
                <tr><th>"Users"</th><th>"Month"</th><th class="num">"Mix per month"</th><th class="num">"Baseline per month"</th></tr>
            </thead>
            <tbody>
                {forecast.milestones.iter().map(|m| view! {
                    <tr data-testid="milestone" data-users=m.users.to_string() data-month=m.month.map(|x| x.to_string()).unwrap_or_default()>
                        <td>{group_thousands(m.users)}</td>
                        <td>{m.month.map(|x| format!("month {x}")).unwrap_or_else(|| format!("not within {months} months"))}</td>
                        <td class="num">{m.mix_usd.map(usd).unwrap_or_default()}</td>
                        <td class="num">{m.baseline_usd.map(usd).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <p class="hint">
            {forecast.months.last().map(|last| format!(
                "In month {}: {} users, {} queries, {} for the mix against {} for the baseline.",
                last.month, users_text(last.users), users_text(last.queries), usd(last.mix_usd), usd(last.baseline_usd)
            ))}
        </p>
    }
}
