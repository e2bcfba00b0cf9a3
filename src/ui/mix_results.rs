//! What the scenario costs: blended and baseline cost per query, the savings, the waterfall
//! from one to the other, and the cost per type and per tier (`mix-cost-per-query`,
//! `baseline-cost-per-query`, `savings-pct`).

use leptos::prelude::*;
use rust_decimal::Decimal;

use super::appearance::use_appearance;
use super::chart_data::ChartData;
use super::state::use_scenario;
use crate::chart::waterfall::{self, Waterfall, WaterfallStep};
use crate::core::plan::mix::{CostRange, MixReport};
use crate::core::pricing::money::{plain, usd, usd_range};

fn per_1k(value: Decimal) -> Decimal {
    value.saturating_mul(Decimal::ONE_THOUSAND)
}

/// `$0.0021`, or `≈ $0.0021` where counts are estimates (the range goes beside it).
fn cost_text(range: &CostRange) -> String {
    if range.is_exact() {
        usd(range.mid)
    } else {
        format!("≈ {}", usd(range.mid))
    }
}

/// The range an estimated cost may fall in, if it is one.
fn range_note(range: &CostRange) -> Option<String> {
    (!range.is_exact()).then(|| format!("range {}", usd_range(range.low, range.high)))
}

fn pct_text(value: Decimal) -> String {
    format!("{}%", value.round_dp(1).normalize())
}

#[component]
pub fn MixResults() -> impl IntoView {
    let state = use_scenario();
    let stale = move || state.report.with(Result::is_err);
    view! {
        <section class="mix-results" class:stale=stale>
            <h3>"What the mix costs"</h3>
            <Show when=stale>
                <p class="stale-note" data-testid="mix-stale">
                    "The scenario has a problem (see the messages by its fields); these are the last numbers that priced."
                </p>
            </Show>
            {move || match state.last_good.get() {
                Some(report) => view! { <ReportView report/> }.into_any(),
                None => view! { <p class="hint">"Fix the scenario's fields to see its cost."</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReportView(report: MixReport) -> impl IntoView {
    let savings = report.savings_pct;
    let negotiated = {
        let scenario = use_scenario().scenario;
        move || scenario.with(|s| !s.negotiated.is_empty())
    };
    let chart = Waterfall {
        start_label: "Baseline".into(),
        start: report.baseline.mid,
        steps: report
            .levers
            .iter()
            .map(|step| WaterfallStep {
                label: step.lever.label().into(),
                change: step.change,
            })
            .collect(),
        end_label: "Mix".into(),
    };
    let values = chart.table();
    // Redrawn for the theme and the screen: narrower, so its text stays legible on a phone.
    let appearance = use_appearance();
    let svg = move || {
        let (width, height) = if appearance.narrow.get() {
            (440, 300)
        } else {
            (720, 320)
        };
        waterfall::to_svg_with(&chart, width, height, appearance.chart_palette()).unwrap_or_else(
            |error| format!("<p class=\"hint\">The chart could not be drawn: {error}</p>"),
        )
    };
    view! {
        <div class="headline">
            <div class="figure" data-testid="mix-cost-per-query" data-value=plain(report.mix.mid)
                data-low=plain(report.mix.low) data-high=plain(report.mix.high)>
                <span class="figure-label">"Blended cost per query"</span>
                <span class="figure-value">{cost_text(&report.mix)}</span>
                {range_note(&report.mix).map(|note| view! { <span class="figure-sub estimate">{note}</span> })}
                <span class="figure-sub">{format!("{} per 1k queries", usd(per_1k(report.mix.mid)))}</span>
                <Show when=negotiated>
                    <span class="figure-sub negotiated">"includes negotiated prices"</span>
                </Show>
            </div>
            <div class="figure" data-testid="baseline-cost-per-query" data-value=plain(report.baseline.mid)
                data-model=report.baseline_model.clone()>
                <span class="figure-label">{format!("Baseline: all on {}", report.baseline_model)}</span>
                <span class="figure-value">{cost_text(&report.baseline)}</span>
                {range_note(&report.baseline).map(|note| view! { <span class="figure-sub estimate">{note}</span> })}
                <span class="figure-sub">{format!("{} per 1k queries", usd(per_1k(report.baseline.mid)))}</span>
            </div>
            <div class="figure savings" data-testid="savings-pct"
                data-value=savings.map(plain).unwrap_or_default()
                data-usd=plain(report.savings_usd)>
                <span class="figure-label">"Savings against the baseline"</span>
                <span class="figure-value">{savings.map(pct_text).unwrap_or_else(|| "–".into())}</span>
                <span class="figure-sub">
                    {format!("{} per query, {} per 1k", usd(report.savings_usd), usd(per_1k(report.savings_usd)))}
                </span>
            </div>
        </div>
        <figure class="waterfall" data-testid="waterfall-chart">
            <div class="chart" inner_html=svg></div>
            <figcaption>"From the baseline to the mix, one bar per lever, in the order they are applied."</figcaption>
            <ChartData table=values testid="waterfall-values"/>
        </figure>
        // Focusable, so a keyboard can scroll them sideways on a narrow screen.
        <div class="wide-table" tabindex="0" role="region" aria-label="Per query type">
        <table class="mix-table" data-testid="mix-types">
            <caption>"Per query type"</caption>
            <thead>
                <tr><th>"Type"</th><th>"Share"</th><th>"Model"</th><th class="num">"Per query"</th><th class="num">"Per 1k"</th><th class="num">"Part of the blend"</th></tr>
            </thead>
            <tbody>
                {report.query_types.iter().map(|t| view! {
                    <tr data-testid="mix-type" data-name=t.name.clone() data-value=plain(t.cost_per_query.mid)>
                        <td>{t.name.clone()}</td>
                        <td class="num">{format!("{}%", t.share_pct)}</td>
                        <td>{t.model.clone()}</td>
                        <td class="num" title=range_note(&t.cost_per_query).unwrap_or_default()>
                            {cost_text(&t.cost_per_query)}
                        </td>
                        <td class="num">{usd(per_1k(t.cost_per_query.mid))}</td>
                        <td class="num">{usd(t.contribution)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <div class="wide-table" tabindex="0" role="region" aria-label="Per model (tier)">
        <table class="mix-table" data-testid="mix-tiers">
            <caption>"Per model (tier)"</caption>
            <thead>
                <tr><th>"Model"</th><th>"Role"</th><th class="num">"Calls per query"</th><th class="num">"Cost per query"</th><th class="num">"Share of cost"</th></tr>
            </thead>
            <tbody>
                {report.tiers.iter().map(|t| {
                    let share = (!report.mix.mid.is_zero())
                        .then(|| t.cost_per_query.checked_mul(Decimal::ONE_HUNDRED).and_then(|v| v.checked_div(report.mix.mid)))
                        .flatten();
                    view! {
                        <tr data-testid="mix-tier" data-model=t.model.clone() data-value=plain(t.cost_per_query)
                            data-negotiated=t.negotiated.to_string()>
                            <td>
                                {t.model.clone()}
                                {t.negotiated.then(|| view! { <span class="badge negotiated" title="Priced at your negotiated price">" negotiated"</span> })}
                            </td>
                            <td>{t.role.label()}</td>
                            <td class="num">{t.calls_per_query.round_dp(4).normalize().to_string()}</td>
                            <td class="num">{usd(t.cost_per_query)}</td>
                            <td class="num">{share.map(pct_text).unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <ul class="mix-notes">
            {report.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}
        </ul>
    }
}
