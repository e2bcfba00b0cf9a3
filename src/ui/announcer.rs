//! Polite announcements of the numbers a person waits for (the prompt's count, the table's
//! first row, the mix's cost per query, the forecast's total), once they are final: each
//! goes to a visually hidden live region only when no count is running, its value has
//! stood still for a moment (typing "1500" does not read out 1, 15 and 150), and its
//! sentence has changed. The sentences are `core::plan::announcement`'s.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::state::{use_comparison, use_prompt, use_scenario};
use crate::core::plan::announcement::{
    forecast_made, mix_priced, models_shown, prompt_counted, Announcements, FirstRow,
};
use crate::core::tokens::encoding::Encoding;

/// How long a value stands still before it is read out.
const SETTLE_MS: u32 = 900;

#[component]
pub fn Announcer() -> impl IntoView {
    let (prompt, comparison, scenario) = (use_prompt(), use_comparison(), use_scenario());
    let idle = move || !prompt.counting.get();
    let counts = Memo::new(move |_| {
        idle()
            .then(|| prompt.counts.with(|c| c.get(Encoding::O200kBase)))
            .flatten()
            .map(prompt_counted)
    });
    let table = Memo::new(move |_| {
        idle().then(|| {
            let visible = comparison.visible.get();
            comparison.quotes.with(|quotes| {
                let first = visible
                    .first()
                    .and_then(|&i| quotes.get(i))
                    .map(|q| FirstRow {
                        model: &q.model_name,
                        cost_per_query: q.cost.as_ref().ok().map(|c| c.total),
                    });
                models_shown(visible.len(), quotes.len(), first)
            })
        })
    });
    let mix = Memo::new(move |_| {
        idle()
            .then(|| {
                scenario.report.with(|report| {
                    report
                        .as_ref()
                        .ok()
                        .map(|r| mix_priced(r.mix, r.baseline, r.savings_pct))
                })
            })
            .flatten()
    });
    let forecast = Memo::new(move |_| {
        idle()
            .then(|| {
                scenario.forecast.with(|forecast| match forecast {
                    Some(Ok(f)) => Some(forecast_made(
                        f.total_usd,
                        f.months.len(),
                        f.budget_usd,
                        f.over_budget_month,
                    )),
                    _ => None,
                })
            })
            .flatten()
    });
    view! {
        <div class="visually-hidden" data-testid="announcements">
            <LiveRegion sentence=counts area="counts"/>
            <LiveRegion sentence=table area="table"/>
            <LiveRegion sentence=mix area="mix"/>
            <LiveRegion sentence=forecast area="forecast"/>
        </div>
    }
}

/// One polite, atomic live region, set to `sentence` once it has settled and changed.
#[component]
fn LiveRegion(sentence: Memo<Option<String>>, area: &'static str) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let announcements = StoredValue::new(Announcements::default());
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |_| {
        let next = sentence.get();
        // Replacing the timer drops (cancels) the one set for the previous value.
        pending.set_value(next.map(|text| {
            Timeout::new(SETTLE_MS, move || {
                if let Some(news) = announcements.try_update_value(|a| a.next(text)).flatten() {
                    said.set(news);
                }
            })
        }));
    });
    view! {
        <p role="status" aria-live="polite" aria-atomic="true" data-testid="announcement" data-area=area>
            {move || said.get()}
        </p>
    }
}
