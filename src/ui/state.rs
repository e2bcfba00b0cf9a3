//! The page's state: what the person typed, and memos derived from it. Derived numbers are
//! memos, never stored twice.

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::token_counter::{CountReply, CountRequest, TokenCounter, TOKEN_WORKER_LOADER};
use crate::core::catalogue::Catalogue;
use crate::core::comparison::{
    quote_all, visible_rows, Delivery, ModelQuote, PromptCounts, QueryTokens, SortOrder,
    DEFAULT_OUTPUT_TOKENS,
};
use crate::core::fields::parse_token_count;
use crate::core::tokens::Encoding;
use gloo_worker::Spawnable;

/// A prompt to start from, so the table means something before anything is pasted.
const SAMPLE_PROMPT: &str = "You are a friendly support assistant for Acme Cloud. Answer the customer's \
question in three short paragraphs, cite the relevant help-centre article, and never promise refunds.\n\n\
Customer: My deployment has been stuck on \"pending\" for twenty minutes. What should I check first?";

/// Rows drawn before "Show all": every model of the five largest major providers in the
/// default order, while keeping each edit's re-render small. Search and sort still cover
/// the whole catalogue.
pub const FIRST_ROWS: usize = 300;

/// Typing pauses this long before the prompt is counted again.
const COUNT_DEBOUNCE_MS: u32 = 120;

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

/// The prompt and its exact counts.
#[derive(Clone, Copy)]
pub struct PromptState {
    pub text: RwSignal<String>,
    /// The counts of the last text counted (shown while a newer text is being counted).
    pub counts: RwSignal<PromptCounts>,
    /// True from an edit until its count is final.
    pub counting: RwSignal<bool>,
}

impl PromptState {
    fn new() -> Self {
        let state = PromptState {
            text: RwSignal::new(SAMPLE_PROMPT.to_string()),
            counts: RwSignal::new(PromptCounts::new()),
            counting: RwSignal::new(true),
        };
        state.count_after_edits();
        state
    }

    /// Recounts after each pause in typing, in the token worker; a reply for text that has
    /// changed since is dropped, so a stale count is never shown as final.
    fn count_after_edits(self) {
        let generation = StoredValue::new(0u64);
        let on_reply = move |reply: CountReply| {
            if reply.generation == generation.get_value() {
                self.counts.set(reply.counts);
                self.counting.set(false);
            }
        };
        let worker = StoredValue::new_local(
            TokenCounter::spawner()
                .callback(on_reply)
                .spawn_with_loader(TOKEN_WORKER_LOADER),
        );
        Effect::new(move |_| {
            self.text.track();
            self.counting.set(true);
            let this_generation = generation.get_value() + 1;
            generation.set_value(this_generation);
            spawn_local(async move {
                TimeoutFuture::new(COUNT_DEBOUNCE_MS).await;
                if generation.get_value() != this_generation {
                    return;
                }
                let text = self.text.get_untracked();
                worker.with_value(|worker| {
                    worker.send(CountRequest {
                        generation: this_generation,
                        text,
                    })
                });
            });
        });
    }
}

/// Everything the page shares, handed to components through context.
#[derive(Clone, Copy)]
pub struct PlannerState {
    pub catalogue: &'static Catalogue,
    /// Prices are today's: the time the page was opened.
    pub priced_at: DateTime<Utc>,
    pub prompt: PromptState,
    pub fields: TokenFields,
    pub delivery: RwSignal<Delivery>,
    pub search: RwSignal<String>,
    pub sort: RwSignal<SortOrder>,
    /// Why the current combination of counts was refused, if it was.
    pub tokens_error: Memo<Option<String>>,
    pub quotes: Memo<Vec<ModelQuote>>,
    pub visible: Memo<Vec<usize>>,
    /// How many of the visible rows are drawn.
    pub row_limit: RwSignal<usize>,
    /// The rows drawn: the first `row_limit` visible ones.
    pub drawn: Memo<Vec<usize>>,
}

impl PlannerState {
    pub fn new(catalogue: &'static Catalogue, priced_at: DateTime<Utc>) -> Self {
        let prompt = PromptState::new();
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
                    .with(|c| c.get(&Encoding::O200kBase).copied().unwrap_or(0))
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
        let quotes = Memo::new(move |_| {
            prompt.counts.with(|counts| {
                quote_all(catalogue, counts, &tokens.get(), &delivery.get(), priced_at)
            })
        });
        let search = RwSignal::new(String::new());
        let sort = RwSignal::new(SortOrder::default());
        let visible = Memo::new(move |_| {
            quotes.with(|quotes| search.with(|s| visible_rows(quotes, s, sort.get())))
        });
        let row_limit = RwSignal::new(FIRST_ROWS);
        let drawn = Memo::new(move |_| {
            visible.with(|rows| {
                rows.iter()
                    .copied()
                    .take(row_limit.get())
                    .collect::<Vec<_>>()
            })
        });
        PlannerState {
            catalogue,
            priced_at,
            prompt,
            fields,
            delivery,
            search,
            sort,
            tokens_error,
            quotes,
            visible,
            row_limit,
            drawn,
        }
    }

    /// Every message about refused input, for the error banner.
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

/// The shared state, from context.
pub fn use_planner() -> PlannerState {
    expect_context::<PlannerState>()
}
