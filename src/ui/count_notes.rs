//! How each model's count is made: the families counted exactly (from the count rule
//! itself, [`exact_families`]), the estimate factors and their sources (`token-estimate`,
//! `count-notes`).

use leptos::prelude::*;

use super::state::use_prompt;
use crate::core::format::group_thousands;
use crate::core::tokens::count_rule::{exact_families, ExactFamily};
use crate::core::tokens::estimates::{all_rules, prompt_estimates};
use crate::core::tokens::estimates::{EstimateRule, Factor};
use crate::core::tokens::text_class::TextClass;

/// The prompt's estimated count for each private tokenizer, with its band.
#[component]
pub fn TokenEstimates() -> impl IntoView {
    let prompt = use_prompt();
    let rules = prompt_estimates()
        .into_iter()
        .map(|rule| {
            let estimate = move || {
                prompt.counts.with(|counts| {
                    counts
                        .get(rule.base)
                        .map(|total| rule.estimate(total, &counts.o200k_by_class))
                })
            };
            view! {
                <span
                    class="token-estimate"
                    data-testid="token-estimate"
                    data-tokenizer=rule.name
                    data-value=move || estimate().map(|e| e.mid.to_string())
                    data-low=move || estimate().map(|e| e.low.to_string())
                    data-high=move || estimate().map(|e| e.high.to_string())
                    title=rule.method
                >
                    "≈ "
                    <strong>{move || estimate().map(|e| group_thousands(e.mid)).unwrap_or_else(|| "…".into())}</strong>
                    " "
                    {rule.name}
                    <span class="muted">
                        {move || estimate().map(|e| format!(" ({}–{})", group_thousands(e.low), group_thousands(e.high)))}
                    </span>
                </span>
            }
        })
        .collect_view();
    view! { <div class="token-estimates">{rules}</div> }
}

/// The rule that picks each model's count, and where every estimate factor comes from.
#[component]
pub fn CountNotes() -> impl IntoView {
    view! {
        <details class="count-notes" data-testid="count-notes">
            <summary>"How token counts are made"</summary>
            <p>"Counted exactly with the model's own tokenizer, on every provider that serves it:"</p>
            <ul class="exact-families" data-testid="exact-families">
                {exact_families().into_iter().map(|family| view! { <ExactFamilyItem family/> }).collect_view()}
            </ul>
            <p>
                "The tokenizers of Claude, of Gemini 1.x and 3.1 and later, and of Gemma 1, 2 and 4 "
                "are private: their counts are the o200k_base count times a factor for each kind of "
                "line in the prompt (prose, code, CJK), and their costs show the range the factors' "
                "bands give (the table below). Any other model's tokenizer is marked unknown and "
                "priced at the o200k_base count with a wide range. A count typed by hand (from a "
                "provider's console, say) overrides all of these."
            </p>
            // Focusable, so a keyboard can scroll it sideways on a narrow screen.
            <div class="wide-table" tabindex="0" role="region" aria-label="Estimate factors">
            <table class="factors">
                <thead>
                    <tr>
                        <th scope="col">"Models"</th>
                        {TextClass::ALL.into_iter().map(|class| view! { <th scope="col" class="num">{class.label()}</th> }).collect_view()}
                        <th scope="col">"How, and sources"</th>
                    </tr>
                </thead>
                <tbody>
                    {all_rules().into_iter().map(|rule| view! { <FactorRow rule/> }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>
    }
}

/// One family the count rule counts exactly, with the encodings that count it.
#[component]
fn ExactFamilyItem(family: ExactFamily) -> impl IntoView {
    let encodings: Vec<&str> = family.encodings.iter().map(|e| e.as_str()).collect();
    view! {
        <li data-testid="exact-family" data-encodings=encodings.join(" ")>
            {family.models} ": " <code>{encodings.join(", ")}</code>
        </li>
    }
}

#[component]
fn FactorRow(rule: &'static EstimateRule) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{rule.name}</th>
            {TextClass::ALL.into_iter().map(|class| view! { <td class="num">{factor_text(rule.factor(class))}</td> }).collect_view()}
            <td>
                <p>{rule.method}</p>
                <ul class="sources">
                    {rule.sources.iter().map(|source| view! {
                        <li>
                            <a href=source.url rel="noopener noreferrer" target="_blank">{source.title}</a>
                            ": " {source.finding}
                        </li>
                    }).collect_view()}
                </ul>
            </td>
        </tr>
    }
}

/// `×1.10 (1.03–1.27)`.
fn factor_text(factor: Factor) -> String {
    let x = |permille: u64| format!("{}.{:02}", permille / 1000, (permille % 1000) / 10);
    format!("×{} ({}–{})", x(factor.mid), x(factor.low), x(factor.high))
}
