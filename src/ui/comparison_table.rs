//! Every model's cost for one query (`model-search`, `model-row`).

use leptos::prelude::*;

use super::state::{use_comparison, use_prompt, PromptState};
use crate::core::format::group_thousands;
use crate::core::plan::comparison::{ModelQuote, SortOrder, TokenPricing};
use crate::core::pricing::money::{per_mtok, plain, usd};
use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::prompt_counts::InputCount;

#[component]
pub fn ComparisonTable() -> impl IntoView {
    let state = use_comparison();
    let shown = move || state.visible.with(Vec::len);
    let total = move || state.model_count;
    view! {
        <div class="table-controls">
            <input
                type="search"
                class="search"
                data-testid="model-search"
                placeholder="Filter by provider, model id or name"
                aria-label="Filter models"
                prop:value=move || state.search.get()
                on:input=move |ev| state.search.set(event_target_value(&ev))
                on:change=move |ev| state.search.set(event_target_value(&ev))
            />
            <select
                data-testid="sort-order"
                aria-label="Sort"
                on:change=move |ev| state.sort.set(SortOrder::from_name(&event_target_value(&ev)).unwrap_or_default())
            >
                {SortOrder::ALL
                    .into_iter()
                    .map(|order| view! { <option value=order.as_str()>{order.label()}</option> })
                    .collect_view()}
            </select>
            <span class="muted" data-testid="row-count">
                {move || format!("{} of {} models", group_thousands(shown() as u64), group_thousands(total() as u64))}
            </span>
        </div>
        // One Tab stop for the whole table: focused, it scrolls with the arrow keys.
        <div class="table-scroll" tabindex="0" role="region" aria-label="Models and their cost per query" data-testid="model-table">
            <table class="comparison">
                <thead>
                    <tr>
                        <th scope="col">"Model"</th>
                        <th scope="col" class="num">"Input tokens"</th>
                        <th scope="col" class="num">"Per query"</th>
                        <th scope="col" class="num">"Per 1k queries"</th>
                        <th scope="col" class="num">"Price / MTok"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || state.drawn.get() key=|index| *index let:index>
                        <ModelRow index/>
                    </For>
                </tbody>
            </table>
            <Show when=move || shown() == 0>
                <p class="empty">"No model matches that filter."</p>
            </Show>
            <Show when=move || state.drawn.with(Vec::len) < shown()>
                <button
                    class="show-all"
                    data-testid="show-all-models"
                    on:click=move |_| state.row_limit.set(usize::MAX)
                >
                    {move || format!("Show all {} models", group_thousands(shown() as u64))}
                </button>
            </Show>
        </div>
    }
}

/// One model's row; every cell follows the quote at `index`.
#[component]
fn ModelRow(index: usize) -> impl IntoView {
    let state = use_comparison();
    let prompt = use_prompt();
    let quote = Memo::new(move |_| state.quote_at(index));
    let waiting =
        Memo::new(move |_| quote.with(|q| q.as_ref().and_then(|q| count_wait(prompt, q))));
    let read =
        move |f: fn(&ModelQuote) -> Option<String>| move || quote.with(|q| q.as_ref().and_then(f));
    let id = quote.with_untracked(|q| q.as_ref().map(|q| q.id.clone()).unwrap_or_default());
    let (provider, name) = quote.with_untracked(|q| {
        q.as_ref()
            .map(|q| (q.provider_name.clone(), q.model_name.clone()))
            .unwrap_or_default()
    });
    let model_id = id.clone();
    view! {
        <tr
            data-testid="model-row"
            data-model=model_id
            data-cost-per-query=read(|q| q.cost.as_ref().ok().map(|c| plain(c.total)))
            data-input-tokens=read(|q| Some(q.input.count().to_string()))
            data-count-exact=read(|q| Some(q.input.is_exact().to_string()))
            data-cost-low=read(|q| q.cost_band.map(|(low, _)| plain(low)))
            data-cost-high=read(|q| q.cost_band.map(|(_, high)| plain(high)))
            data-count-state=move || waiting.get().map_or("final", CountWait::as_str)
        >
            <td class="model">
                <span class="model-name">{name}</span>
                <span class="provider">{provider}</span>
                <code class="model-id">{id}</code>
                {move || quote.with(|q| q.as_ref().map(badges))}
            </td>
            <td class="num">
                {move || quote.with(|q| q.as_ref().map(|q| input_cell(q.input)))}
                {move || waiting.get().and_then(CountWait::message).map(|message| view! {
                    <span class="count-note count-wait">{message}</span>
                })}
            </td>
            <td class="num cost">{move || quote.with(|q| q.as_ref().map(cost_cell))}</td>
            <td class="num">{read(per_thousand)}</td>
            <td class="num muted rates">
                <span>{read(|q| q.input_per_mtok.map(|p| format!("in {}", per_mtok(p))))}</span>
                <span>{read(|q| q.output_per_mtok.map(|p| format!("out {}", per_mtok(p))))}</span>
            </td>
        </tr>
    }
}

/// Why a row's input count is not final yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountWait {
    /// Its vocabulary is still being fetched or read: the row is estimated meanwhile.
    LoadingVocabulary(Encoding),
    /// Its vocabulary is loaded; the current text is being counted.
    Counting,
}

impl CountWait {
    /// The row's `data-count-state`.
    fn as_str(self) -> &'static str {
        match self {
            CountWait::LoadingVocabulary(_) => "loading-vocabulary",
            CountWait::Counting => "counting",
        }
    }

    /// What the row says: only a vocabulary still loading (a recount after an edit takes a
    /// moment, and a note on every row would flicker at each keystroke).
    fn message(self) -> Option<String> {
        match self {
            CountWait::LoadingVocabulary(encoding) => {
                Some(format!("loading the {} vocabulary…", encoding.as_str()))
            }
            CountWait::Counting => None,
        }
    }
}

/// What the row's count still waits for, if anything (a typed count waits for nothing).
fn count_wait(prompt: PromptState, quote: &ModelQuote) -> Option<CountWait> {
    if matches!(quote.input, InputCount::Typed(_)) || prompt.is_ready(quote.vocabulary) {
        return None;
    }
    Some(if prompt.has_vocabulary(quote.vocabulary) {
        CountWait::Counting
    } else {
        CountWait::LoadingVocabulary(quote.vocabulary)
    })
}

/// The cost of 1,000 queries, for models whose cost per query means something.
fn per_thousand(quote: &ModelQuote) -> Option<String> {
    let cost = quote.cost.as_ref().ok()?;
    (quote.pricing != TokenPricing::NotPerToken)
        .then(|| cost.total.checked_mul(rust_decimal::Decimal::ONE_THOUSAND))
        .flatten()
        .map(usd)
}

fn badges(quote: &ModelQuote) -> impl IntoView {
    let batch = quote
        .batch_applied
        .then(|| view! { <span class="badge">"batch"</span> });
    let tier = quote
        .tier_applied
        .then(|| view! { <span class="badge">"tier"</span> });
    (batch, tier)
}

fn input_cell(input: InputCount) -> impl IntoView {
    let (note, title) = match input {
        InputCount::Typed(_) => ("typed".to_string(), "Typed by hand".to_string()),
        InputCount::Exact { encoding, .. } => (
            format!("exact · {}", encoding.as_str()),
            "Counted with this model's own tokenizer".to_string(),
        ),
        InputCount::Estimated { rule, estimate } => (
            format!("≈ {}", rule.name),
            format!(
                "Estimated from {}: likely between {} and {} tokens. {}",
                rule.base.as_str(),
                group_thousands(estimate.low),
                group_thousands(estimate.high),
                rule.method
            ),
        ),
    };
    view! {
        <span class="count" title=title.clone()>{group_thousands(input.count())}</span>
        <span class="count-note" class:estimate=!input.is_exact() title=title>{note}</span>
    }
}

fn cost_cell(quote: &ModelQuote) -> impl IntoView {
    if quote.pricing == TokenPricing::NotPerToken {
        return view! {
            <span class="unpriced" title="Priced per audio second, image or character, not per token">
                "not priced per token"
            </span>
        }
        .into_any();
    }
    match (&quote.cost, quote.cost_band) {
        (Ok(cost), Some((low, high))) => {
            let (low, high) = (usd(low), usd(high));
            let band = if low == high {
                "estimate".to_string()
            } else {
                format!("{low} – {high}")
            };
            view! {
                <span class="amount">{usd(cost.total)}</span>
                <span class="band" title="Estimated: this model's tokenizer is private">{band}</span>
            }
            .into_any()
        }
        (Ok(cost), None) => view! { <span class="amount">{usd(cost.total)}</span> }.into_any(),
        (Err(error), _) => {
            view! { <span class="unpriced" title=error.to_string()>"not priced"</span> }.into_any()
        }
    }
}
