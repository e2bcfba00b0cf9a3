//! The page's state: what the person typed, and memos derived from it. Derived numbers are
//! memos, never stored twice. It comes in narrow handles, each its own context with a
//! `use_*()` helper: [`Prices`] (the catalogue), [`PromptState`] (the prompt and its counts),
//! [`ComparisonState`] (the model table) and [`ScenarioState`] (the planner's one
//! [`Scenario`](crate::core::plan::scenario::Scenario), in `scenario_state`).

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use std::collections::{BTreeMap, BTreeSet};

use js_sys::JsString;

use super::perf_marks::mark;
use super::scenario_state::ScenarioState;
use super::token_counter::TokenCounter;
use crate::core::input::{parse_token_count, DEFAULT_OUTPUT_TOKENS};
use crate::core::plan::comparison::{
    first_in_default_order, quote_some, requote_all, visible_rows, ModelQuote, QueryTokens,
    SortOrder,
};
use crate::core::plan::share_link::{LinkError, SharedView};
use crate::core::pricing::catalogue::Catalogue;
use crate::core::pricing::delivery::Delivery;
use crate::core::tokens::count_merge::{CountChange, CountMerge, CountProgress, CountReply};
use crate::core::tokens::encoding::Encoding;
use crate::core::tokens::prompt_counts::PromptCounts;

/// A prompt to start from, so the table means something before anything is pasted.
const SAMPLE_PROMPT: &str = "You are a friendly support assistant for Acme Cloud. Answer the customer's \
question in three short paragraphs, cite the relevant help-centre article, and never promise refunds.\n\n\
Customer: My deployment has been stuck on \"pending\" for twenty minutes. What should I check first?";

/// Rows drawn before "Show all": every model of the five largest major providers in the
/// default order, while keeping each edit's re-render small. Search and sort still cover
/// the whole catalogue.
pub const FIRST_ROWS: usize = 300;

/// Rows drawn in the first frame: a screen and a half of the table on a tall display; the
/// rest of [`FIRST_ROWS`] follow once that frame is painted.
pub const FIRST_SCREEN_ROWS: usize = 30;

/// The rows whose vocabularies are fetched right after `o200k_base`'s: those on screen.
const ROWS_ON_SCREEN: usize = 20;

/// Typing pauses this long before the prompt is counted again.
const COUNT_DEBOUNCE_MS: u32 = 120;

/// After a text's first final count is shown, counts arriving within this many milliseconds
/// of one another are shown together: each set shown re-prices and redraws the table, a long
/// task on a phone (Lighthouse's total blocking time was 10.7 s with one redraw per count).
const PUBLISH_COALESCE_MS: u32 = 1_500;

/// A number field typed by hand: the raw text, and the last value that was valid.
#[derive(Clone, Copy)]
pub struct TokenField {
    pub label: &'static str,
    pub text: RwSignal<String>,
    /// The browser could not read the text as a number (`<input type=number>` then reports
    /// an empty value, so this is the only way to tell "abc" from "").
    pub unreadable: RwSignal<bool>,
    /// `Ok(None)` when empty, the count, or why it was refused.
    pub parsed: Memo<Result<Option<u64>, String>>,
    /// The last count that was accepted (kept while the field holds a bad value).
    pub last_good: Memo<Option<u64>>,
}

impl TokenField {
    fn new(label: &'static str, initial: &str) -> Self {
        let text = RwSignal::new(initial.to_string());
        let unreadable = RwSignal::new(false);
        let parsed = Memo::new(move |_| {
            if unreadable.get() {
                return Err("that is not a number".to_string());
            }
            text.with(|text| parse_token_count(text))
                .map_err(|error| error.to_string())
        });
        let last_good = Memo::new(move |previous: Option<&Option<u64>>| match parsed.get() {
            Ok(value) => value,
            Err(_) => previous.copied().flatten(),
        });
        TokenField {
            label,
            text,
            unreadable,
            parsed,
            last_good,
        }
    }

    pub fn error(&self) -> Option<String> {
        self.parsed.get().err()
    }
}

/// The hand-typed token fields of one query.
#[derive(Clone, Copy)]
pub struct TokenFields {
    pub input: TokenField,
    pub output: TokenField,
    pub cache_read: TokenField,
    pub cache_write_5m: TokenField,
    pub cache_write_1h: TokenField,
}

/// Above this many UTF-16 units, a pasted text is kept out of the `<textarea>` (which would
/// take seconds to lay it out) and only its start is shown there.
pub const HELD_TEXT_MIN_UNITS: u32 = 1_000_000;

/// The prompt and its counts.
#[derive(Clone, Copy)]
pub struct PromptState {
    /// The text the box starts with.
    initial: StoredValue<String>,
    /// The prompt as the browser holds it: a JavaScript string, never copied into the
    /// page's wasm memory (a 50 MB paste would be copied on every look).
    text: StoredValue<JsString, LocalStorage>,
    /// Bumped on every edit.
    pub revision: RwSignal<u64>,
    /// Length in UTF-16 units of a text too long for the text box, held beside it.
    pub held: RwSignal<Option<u32>>,
    /// The counts of the last text counted in full (shown while a newer text is counted).
    pub counts: RwSignal<PromptCounts>,
    /// Milliseconds the worker took per encoding, for the last text counted.
    pub timings: RwSignal<BTreeMap<Encoding, f64>>,
    /// Characters of the last text counted.
    pub characters: RwSignal<u64>,
    /// True from an edit until all its counts are in.
    pub counting: RwSignal<bool>,
    pub progress: RwSignal<Option<CountProgress>>,
    /// Why counting is unavailable, if the worker could not start.
    pub worker_error: RwSignal<Option<String>>,
    /// Vocabularies that could not be loaded, and why.
    pub unavailable: RwSignal<BTreeMap<Encoding, String>>,
    /// The encodings whose counts are final for the current text (each joins as it
    /// arrives, `o200k_base` first).
    pub ready: RwSignal<BTreeSet<Encoding>>,
    /// The vocabularies a worker has read so far: a row whose encoding is missing here is
    /// still waiting for its vocabulary.
    pub vocabularies: RwSignal<BTreeSet<Encoding>>,
    /// The encodings the rows on screen read, counted right after `o200k_base`.
    wanted: StoredValue<Vec<Encoding>>,
}

impl PromptState {
    /// Starts with `initial` (a shared link's prompt) or the sample prompt.
    fn new(initial: Option<String>) -> Self {
        let initial = initial.unwrap_or_else(|| SAMPLE_PROMPT.to_string());
        let state = PromptState {
            initial: StoredValue::new(initial.clone()),
            text: StoredValue::new_local(JsString::from(initial)),
            revision: RwSignal::new(0),
            held: RwSignal::new(None),
            counts: RwSignal::new(PromptCounts::default()),
            timings: RwSignal::new(BTreeMap::new()),
            characters: RwSignal::new(0),
            counting: RwSignal::new(true),
            progress: RwSignal::new(None),
            worker_error: RwSignal::new(None),
            unavailable: RwSignal::new(BTreeMap::new()),
            ready: RwSignal::new(BTreeSet::new()),
            vocabularies: RwSignal::new(BTreeSet::new()),
            wanted: StoredValue::new(Vec::new()),
        };
        state.count_after_edits();
        state
    }

    /// Whether `encoding`'s count is final for the current text (the `token-count` hook's
    /// `data-state="ready"`).
    pub fn is_ready(&self, encoding: Encoding) -> bool {
        self.ready.with(|ready| ready.contains(&encoding))
    }

    /// Whether a worker has read `encoding`'s vocabulary (or found it unavailable).
    pub fn has_vocabulary(&self, encoding: Encoding) -> bool {
        let encoding = encoding.counted_as();
        self.vocabularies.with(|v| v.contains(&encoding))
            || self.unavailable.with(|u| u.contains_key(&encoding))
    }

    /// Why counting is unavailable, if the worker could not start, for the error banner.
    pub fn worker_errors(&self) -> Vec<String> {
        self.worker_error.get().into_iter().collect()
    }

    /// The vocabularies that could not be loaded, said for the error banner.
    pub fn vocabulary_errors(&self) -> Vec<String> {
        self.unavailable.with(|u| {
            u.iter()
                .map(|(encoding, error)| {
                    format!(
                        "The {} vocabulary could not be loaded ({error}); its models are priced as if their tokenizer were unknown.",
                        encoding.as_str()
                    )
                })
                .collect()
        })
    }

    /// The text as first shown.
    pub fn initial_text(&self) -> String {
        self.initial.get_value()
    }

    /// The prompt's text, copied out of the browser (for a link that includes it).
    pub fn text(&self) -> String {
        self.text.with_value(|text| text.into())
    }

    /// Replaces the prompt; it is counted after a pause in typing.
    pub fn set_text(&self, text: JsString, held: bool) {
        self.held.set(held.then(|| text.length()));
        self.text.set_value(text);
        self.revision.update(|r| *r += 1);
    }

    /// Recounts after each pause in typing, in the token workers; their replies are merged
    /// by [`CountMerge`], which drops those about text that has changed since, so a stale
    /// count is never shown as final.
    fn count_after_edits(self) {
        let shares = Encoding::share_among(worker_count());
        let merge = StoredValue::new(CountMerge::new(shares.len()));
        // The generation whose counts wait to be shown together, if any.
        let waiting = StoredValue::new(None::<u64>);
        let on_reply = move |worker: usize, reply: CountReply| {
            let change = merge
                .try_update_value(|merge| merge.apply(worker, reply))
                .flatten();
            match change {
                Some(CountChange::Progress(progress)) => self.progress.set(Some(progress)),
                Some(CountChange::Unavailable { encoding, error }) => {
                    self.unavailable.update(|u| {
                        u.insert(encoding, error);
                    });
                    merge.with_value(|merge| self.publish(merge));
                }
                Some(CountChange::Counted) => self.publish_soon(merge, waiting),
                Some(CountChange::Final) => merge.with_value(|merge| {
                    waiting.set_value(None);
                    self.publish(merge);
                    self.characters.set(merge.characters());
                    self.progress.set(None);
                    self.counting.set(false);
                    if merge.generation() == 1 {
                        mark("llm:sample-counts-final");
                    }
                }),
                None => {}
            }
        };
        let on_vocabulary = move |encoding: Encoding, _ok: bool| {
            self.vocabularies.update(|v| {
                v.insert(encoding);
            });
        };
        let spawned: Result<Vec<TokenCounter>, _> = (0..shares.len())
            .map(|index| TokenCounter::spawn(move |reply| on_reply(index, reply), on_vocabulary))
            .collect();
        let workers = match spawned {
            Ok(workers) => workers,
            Err(error) => {
                self.worker_error.set(Some(format!(
                    "The token counter could not start ({}); counts are unavailable, typed counts still work.",
                    error.as_string().unwrap_or_else(|| "unknown error".into())
                )));
                Vec::new()
            }
        };
        let workers = StoredValue::new_local(workers);
        Effect::new(move |_| {
            self.revision.track();
            self.counting.set(true);
            let this_generation = merge
                .try_update_value(CountMerge::start)
                .unwrap_or_default();
            self.ready.set(BTreeSet::new());
            let shares = shares.clone();
            spawn_local(async move {
                // The text the page opens with is counted at once; edits after a pause.
                if this_generation > 1 {
                    TimeoutFuture::new(COUNT_DEBOUNCE_MS).await;
                }
                if merge.with_value(CountMerge::generation) != this_generation {
                    return;
                }
                let wanted = self.wanted.get_value();
                workers.with_value(|workers| {
                    self.text.with_value(|text| {
                        for (worker, share) in workers.iter().zip(&shares) {
                            let order = Encoding::prioritise(share, &wanted);
                            worker.count(this_generation, text, &order);
                        }
                    })
                });
            });
        });
    }

    /// Shows a text's first final count at once (`o200k_base`'s, counted first), and the
    /// ones after it together, at most once per [`PUBLISH_COALESCE_MS`]; the last is shown
    /// with the whole set as soon as it arrives.
    fn publish_soon(self, merge: StoredValue<CountMerge>, waiting: StoredValue<Option<u64>>) {
        let generation = merge.with_value(CountMerge::generation);
        if self.ready.with_untracked(BTreeSet::is_empty) {
            merge.with_value(|merge| self.publish(merge));
            return;
        }
        if waiting.get_value() == Some(generation) {
            return;
        }
        waiting.set_value(Some(generation));
        spawn_local(async move {
            TimeoutFuture::new(PUBLISH_COALESCE_MS).await;
            // Shown already with the final set, or the text changed since.
            if waiting.get_value() != Some(generation)
                || merge.with_value(CountMerge::generation) != generation
            {
                return;
            }
            waiting.set_value(None);
            merge.with_value(|merge| self.publish(merge));
        });
    }

    /// Shows the merge's counts in force and which of them are final, all at once (the
    /// table re-prices once per change).
    fn publish(&self, merge: &CountMerge) {
        self.counts.set(merge.counts().clone());
        self.timings.set(merge.timings().clone());
        let ready = merge.ready();
        // The marks time the text the page opens with (tests/bench/load.mjs).
        if merge.generation() == 1 {
            for encoding in &ready {
                mark(&format!("llm:count-final:{}", encoding.as_str()));
            }
        }
        self.ready.set(ready);
    }

    /// The rows on screen read these encodings: they are counted right after `o200k_base`.
    fn want_first(&self, encodings: Vec<Encoding>) {
        self.wanted.set_value(encodings);
    }
}

/// Starts the token workers before anything else, so they load while the page is built
/// (`main` calls this before mounting; [`PromptState`] adopts them).
pub fn start_token_workers_early() {
    super::token_counter::start_early(Encoding::share_among(worker_count()).len());
}

/// How many counting workers to start: one core is left to the page, and more than four
/// would only copy the text more often.
fn worker_count() -> usize {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1);
    cores.saturating_sub(1).clamp(1, 4)
}

/// The price catalogue and the moment it prices at, for the components that show or
/// search it.
#[derive(Clone, Copy)]
pub struct Prices {
    pub catalogue: &'static Catalogue,
    /// Prices are today's: the time the page was opened.
    pub priced_at: DateTime<Utc>,
}

/// The comparison of every model for one query: the hand-typed counts, delivery, the
/// table's search and sort, and the quotes derived from them and the prompt's counts.
#[derive(Clone, Copy)]
pub struct ComparisonState {
    pub fields: TokenFields,
    pub delivery: RwSignal<Delivery>,
    pub search: RwSignal<String>,
    pub sort: RwSignal<SortOrder>,
    /// Why the current combination of counts was refused, if it was.
    pub tokens_error: Memo<Option<String>>,
    /// The quotes: of the first screen of rows until the first frame is painted, then of
    /// every model in catalogue order.
    pub quotes: Memo<Vec<ModelQuote>>,
    /// How many models the catalogue has (the table's "of N models").
    pub model_count: usize,
    /// Whether `quotes` holds every model yet (or only the first screen's).
    everything: RwSignal<bool>,
    /// The catalogue positions of the first screen's models, in `quotes`' order until
    /// `everything`.
    first_screen: StoredValue<Vec<usize>>,
    /// The visible rows, as catalogue positions ([`Self::quote_at`]).
    pub visible: Memo<Vec<usize>>,
    /// How many of the visible rows are drawn.
    pub row_limit: RwSignal<usize>,
    /// The rows drawn: the first `row_limit` visible ones.
    pub drawn: Memo<Vec<usize>>,
}

impl ComparisonState {
    /// The comparison of `prompt`'s counts (or the typed ones) on every model.
    fn new(prices: Prices, prompt: PromptState) -> Self {
        let Prices {
            catalogue,
            priced_at,
        } = prices;
        let fields = TokenFields {
            input: TokenField::new("Input tokens", ""),
            output: TokenField::new("Output tokens", &DEFAULT_OUTPUT_TOKENS.to_string()),
            cache_read: TokenField::new("Cache-read tokens", ""),
            cache_write_5m: TokenField::new("Cache-write tokens (5 min)", ""),
            cache_write_1h: TokenField::new("Cache-write tokens (1 h)", ""),
        };
        let candidate = Memo::new(move |_| QueryTokens {
            typed_input: fields.input.last_good.get(),
            output: fields
                .output
                .last_good
                .get()
                .unwrap_or(DEFAULT_OUTPUT_TOKENS),
            cache_read: fields.cache_read.last_good.get().unwrap_or(0),
            cache_write_5m: fields.cache_write_5m.last_good.get().unwrap_or(0),
            cache_write_1h: fields.cache_write_1h.last_good.get().unwrap_or(0),
        });
        let input_total = move |tokens: &QueryTokens| {
            tokens.typed_input.unwrap_or_else(|| {
                prompt
                    .counts
                    .with(|c| c.get(Encoding::O200kBase).unwrap_or(0))
            })
        };
        let tokens_error = Memo::new(move |_| {
            let tokens = candidate.get();
            tokens
                .check(input_total(&tokens))
                .err()
                .map(|error| error.to_string())
        });
        // The counts in force: the last combination that was valid as a whole.
        let tokens = Memo::new(move |previous: Option<&QueryTokens>| {
            let tokens = candidate.get();
            match tokens.check(input_total(&tokens)) {
                Ok(()) => tokens,
                Err(_) => previous.copied().unwrap_or_default(),
            }
        });
        let delivery = RwSignal::new(Delivery::default());
        // The first screen of rows is priced for the first frame, every model once it is
        // painted; after that, a new count re-prices only the rows that read it.
        let everything = RwSignal::new(false);
        let first_screen = StoredValue::new(first_in_default_order(
            catalogue,
            priced_at,
            FIRST_SCREEN_ROWS,
        ));
        let model_count = catalogue.models().count();
        let priced_for = StoredValue::new(None::<(QueryTokens, Delivery)>);
        let quotes = Memo::new(move |previous: Option<&Vec<ModelQuote>>| {
            let (tokens, delivery) = (tokens.get(), delivery.get());
            let quotes = prompt.counts.with(|counts| {
                if !everything.get() {
                    return quote_some(
                        catalogue,
                        &first_screen.get_value(),
                        counts,
                        &tokens,
                        &delivery,
                        priced_at,
                    );
                }
                let reusable = previous
                    .filter(|previous| previous.len() == model_count)
                    .filter(|_| priced_for.get_value() == Some((tokens, delivery)));
                requote_all(
                    reusable.map_or(&[][..], Vec::as_slice),
                    catalogue,
                    counts,
                    &tokens,
                    &delivery,
                    priced_at,
                )
            });
            priced_for.set_value(Some((tokens, delivery)));
            mark(if everything.get_untracked() {
                "llm:catalogue-priced"
            } else {
                "llm:first-screen-priced"
            });
            quotes
        });
        let search = RwSignal::new(String::new());
        let sort = RwSignal::new(SortOrder::default());
        // Catalogue positions, in both phases, so a row keeps its model when every model is
        // priced.
        let visible = Memo::new(move |_| {
            let rows = quotes.with(|quotes| search.with(|s| visible_rows(quotes, s, sort.get())));
            if everything.get() {
                return rows;
            }
            first_screen
                .with_value(|first| rows.iter().filter_map(|&i| first.get(i).copied()).collect())
        });
        // The first screen of rows in the first frame, the rest once it is painted.
        let row_limit = RwSignal::new(FIRST_SCREEN_ROWS);
        super::idle::after_paint(move || {
            everything.set(true);
            row_limit.update(|limit| *limit = (*limit).max(FIRST_ROWS));
        });
        let drawn = Memo::new(move |_| {
            visible.with(|rows| {
                rows.iter()
                    .copied()
                    .take(row_limit.get())
                    .collect::<Vec<_>>()
            })
        });
        ComparisonState {
            fields,
            delivery,
            search,
            sort,
            tokens_error,
            quotes,
            model_count,
            everything,
            first_screen,
            visible,
            row_limit,
            drawn,
        }
    }

    /// The quote of the model at catalogue position `position`, if it is priced yet.
    pub fn quote_at(&self, position: usize) -> Option<ModelQuote> {
        let at = if self.everything.get() {
            Some(position)
        } else {
            self.first_screen
                .with_value(|first| first.iter().position(|&p| p == position))
        };
        self.quotes
            .with(|quotes| at.and_then(|at| quotes.get(at)).cloned())
    }

    /// The vocabularies the rows on screen read, most-used first: what is counted right
    /// after `o200k_base`.
    fn vocabularies_on_screen(&self) -> Vec<Encoding> {
        let rows = self.drawn.get();
        let mut wanted: Vec<Encoding> = Vec::new();
        for quote in rows
            .iter()
            .take(ROWS_ON_SCREEN)
            .filter_map(|&i| self.quote_at(i))
        {
            if !wanted.contains(&quote.vocabulary) {
                wanted.push(quote.vocabulary);
            }
        }
        wanted
    }

    /// Messages about refused counts, for the error banner.
    pub fn errors(&self) -> Vec<String> {
        let f = self.fields;
        let mut errors: Vec<String> = [
            f.input,
            f.output,
            f.cache_read,
            f.cache_write_5m,
            f.cache_write_1h,
        ]
        .iter()
        .filter_map(|field| {
            field
                .error()
                .map(|error| format!("{}: {error}. The last valid value is kept.", field.label))
        })
        .collect();
        errors.extend(self.tokens_error.get());
        errors
    }
}

/// The page's state: each part is provided as its own context, so a component fetches
/// only what it reads ([`use_prices`], [`use_prompt`], [`use_comparison`],
/// [`use_scenario`]).
#[derive(Clone, Copy)]
pub struct PlannerState {
    pub prices: Prices,
    pub prompt: PromptState,
    pub comparison: ComparisonState,
    /// The traffic mix being planned.
    pub scenario: ScenarioState,
}

impl PlannerState {
    /// The page's state; `shared` is what a link opened the page with, or why it could not.
    pub fn new(
        catalogue: &'static Catalogue,
        priced_at: DateTime<Utc>,
        shared: Option<Result<SharedView, LinkError>>,
    ) -> Self {
        let (shared, link_error) = match shared {
            None => (None, None),
            Some(Ok(view)) => (Some(view), None),
            Some(Err(error)) => (None, Some(error.to_string())),
        };
        let (shared_scenario, shared_prompt) = match shared {
            Some(view) => (Some(view.scenario), view.prompt),
            None => (None, None),
        };
        let prices = Prices {
            catalogue,
            priced_at,
        };
        let prompt = PromptState::new(shared_prompt);
        let comparison = ComparisonState::new(prices, prompt);
        let on_screen = move || comparison.vocabularies_on_screen();
        prompt.want_first(untrack(on_screen));
        Effect::new(move |_| prompt.want_first(on_screen()));
        let scenario = ScenarioState::new(catalogue, priced_at, prompt.counts, shared_scenario);
        scenario.link_error.set(link_error);
        PlannerState {
            prices,
            prompt,
            comparison,
            scenario,
        }
    }

    /// Provides each part as its own context.
    pub fn provide(self) {
        provide_context(self.prices);
        provide_context(self.prompt);
        provide_context(self.comparison);
        provide_context(self.scenario);
    }
}

/// The catalogue and the time it prices at, from context.
pub fn use_prices() -> Prices {
    expect_context::<Prices>()
}

/// The prompt and its counts, from context.
pub fn use_prompt() -> PromptState {
    expect_context::<PromptState>()
}

/// The model comparison, from context.
pub fn use_comparison() -> ComparisonState {
    expect_context::<ComparisonState>()
}

/// The scenario being planned, from context.
pub fn use_scenario() -> ScenarioState {
    expect_context::<ScenarioState>()
}
