//! The levers around the tiers: router, response cache, prompt cache, service tier,
//! negotiated prices, and the baseline they are measured against.

use leptos::prelude::*;
use rust_decimal::Decimal;

use super::scenario_field::{parse_decimal, parse_pct, parse_tokens, FieldMessages, ScenarioField};
use super::state::use_scenario;
use crate::core::issue::{FieldPath, PricePart, PromptCacheField, ResponseCacheField, RouterField};
use crate::core::plan::scenario::{
    CacheTtl, CustomPrice, Router, Scenario, DEFAULT_ROUTER_INPUT_TOKENS, DEFAULT_ROUTER_MODEL,
    DEFAULT_ROUTER_OUTPUT_TOKENS,
};
use crate::core::pricing::delivery::ServiceTier;

fn edit(change: impl FnOnce(&mut Scenario)) {
    use_scenario().edit(change);
}

fn pct_text(value: Decimal) -> String {
    value.normalize().to_string()
}

#[component]
pub fn LeversEditor() -> impl IntoView {
    let state = use_scenario();
    view! {
        // Keyed by generation, so a loaded scenario gets fresh fields (see QueryTypesEditor).
        <For
            each=move || [state.generation.get()]
            key=|generation| *generation
            children=move |_| {
                let scenario = state.scenario.get_untracked();
                view! {
                    <RouterFields scenario=scenario.clone()/>
                    <CacheFields scenario=scenario.clone()/>
                    <DeliveryFields scenario=scenario/>
                    <NegotiatedFields/>
                }
            }
        />
    }
}

#[component]
fn RouterFields(scenario: Scenario) -> impl IntoView {
    let kind = RwSignal::new(match &scenario.router {
        None => "none",
        Some(Router::Model { .. }) => "model",
        Some(Router::Fixed { .. }) => "fixed",
    });
    // A router that is not a model call shows the default call's fields, for when it becomes one.
    let (model, input, output) = match &scenario.router {
        Some(Router::Model {
            model,
            input_tokens,
            output_tokens,
        }) => (model.clone(), *input_tokens, *output_tokens),
        _ => (
            DEFAULT_ROUTER_MODEL.to_string(),
            DEFAULT_ROUTER_INPUT_TOKENS,
            DEFAULT_ROUTER_OUTPUT_TOKENS,
        ),
    };
    let (input, output) = (input.to_string(), output.to_string());
    let per_1k = match &scenario.router {
        Some(Router::Fixed { usd_per_1k }) => usd_per_1k.normalize().to_string(),
        _ => String::new(),
    };
    // The router's fields as last typed, so switching its kind back keeps them.
    let model = StoredValue::new(model);
    let input = StoredValue::new(input);
    let output = StoredValue::new(output);
    let per_1k = StoredValue::new(per_1k);
    let apply = move || -> Result<(), String> {
        let router = match kind.get_untracked() {
            "model" => Some(Router::Model {
                model: model.get_value().trim().to_string(),
                input_tokens: parse_tokens(&input.get_value())?,
                output_tokens: parse_tokens(&output.get_value())?,
            }),
            "fixed" => Some(Router::Fixed {
                usd_per_1k: parse_decimal(&per_1k.get_value())?,
            }),
            _ => None,
        };
        edit(|s| s.router = router);
        Ok(())
    };
    let field = move |value: StoredValue<String>| {
        Callback::new(move |text: String| {
            value.set_value(text);
            apply()
        })
    };
    view! {
        <fieldset class="lever">
            <legend>"Router"</legend>
            <p class="hint">"A classifier that picks each query's tier; it runs on every query the response cache misses."</p>
            <select
                data-testid="router-kind"
                aria-label="Router"
                on:change=move |ev| {
                    kind.set(match event_target_value(&ev).as_str() {
                        "model" => "model",
                        "fixed" => "fixed",
                        _ => "none",
                    });
                    let _ = apply();
                }
            >
                <option value="none" selected=kind.get_untracked() == "none">"No router"</option>
                <option value="model" selected=kind.get_untracked() == "model">"A model call"</option>
                <option value="fixed" selected=kind.get_untracked() == "fixed">"A fixed price per 1k queries"</option>
            </select>
            <Show when=move || kind.get() == "model">
                <div class="field-row">
                    <ScenarioField label="Router model".into() field=FieldPath::Router(RouterField::Model)
                        inputmode="text" list="scenario-models" class="wide"
                        initial=model.get_value() apply=field(model)/>
                    <ScenarioField label="Input".into() field=FieldPath::Router(RouterField::InputTokens)
                        unit="tokens" inputmode="numeric" initial=input.get_value() apply=field(input)/>
                    <ScenarioField label="Output".into() field=FieldPath::Router(RouterField::OutputTokens)
                        unit="tokens" inputmode="numeric" initial=output.get_value() apply=field(output)/>
                </div>
            </Show>
            <Show when=move || kind.get() == "fixed">
                <ScenarioField label="Price per 1k queries".into() field=FieldPath::Router(RouterField::UsdPer1k)
                    unit="USD" initial=per_1k.get_value() apply=field(per_1k)/>
            </Show>
        </fieldset>
    }
}

#[component]
fn CacheFields(scenario: Scenario) -> impl IntoView {
    let cache = scenario.response_cache.clone();
    let prompt_cache = scenario.prompt_cache.clone();
    view! {
        <fieldset class="lever">
            <legend>"Response cache"</legend>
            <p class="hint">"A hit is answered from your own cache: no model call. A semantic cache embeds every query the exact cache misses."</p>
            <div class="field-row">
                <ScenarioField label="Exact-match hits".into() field=FieldPath::ResponseCache(ResponseCacheField::ExactHitPct)
                    unit="%" initial=pct_text(cache.exact_hit_pct)
                    apply=Callback::new(|text: String| {
                        let pct = parse_pct(&text)?;
                        edit(|s| s.response_cache.exact_hit_pct = pct);
                        Ok(())
                    })/>
                <ScenarioField label="Semantic hits".into() field=FieldPath::ResponseCache(ResponseCacheField::SemanticHitPct)
                    unit="%" initial=pct_text(cache.semantic_hit_pct)
                    apply=Callback::new(|text: String| {
                        let pct = parse_pct(&text)?;
                        edit(|s| s.response_cache.semantic_hit_pct = pct);
                        Ok(())
                    })/>
                <ScenarioField label="Embedding model (semantic cache)".into() field=FieldPath::ResponseCache(ResponseCacheField::EmbeddingModel)
                    inputmode="text" list="embedding-models" class="wide"
                    initial=cache.embedding_model.clone().unwrap_or_default()
                    apply=Callback::new(|text: String| {
                        let model = Some(text.trim().to_string()).filter(|m| !m.is_empty());
                        edit(|s| s.response_cache.embedding_model = model);
                        Ok(())
                    })/>
            </div>
        </fieldset>
        <fieldset class="lever">
            <legend>"Provider prompt cache"</legend>
            <p class="hint">"For the shared prefix: a hit reads it at the cache price, a miss writes it. 0% means the cache is not used."</p>
            <div class="field-row">
                <ScenarioField label="Cache hits".into() field=FieldPath::PromptCache(PromptCacheField::HitPct)
                    unit="%" initial=pct_text(prompt_cache.hit_pct)
                    apply=Callback::new(|text: String| {
                        let pct = parse_pct(&text)?;
                        edit(|s| s.prompt_cache.hit_pct = pct);
                        Ok(())
                    })/>
                <label class="scenario-field">
                    <span class="field-label">"Write TTL"</span>
                    <select
                        data-testid="prompt-cache-ttl"
                        on:change=move |ev| {
                            let ttl = if event_target_value(&ev) == "1h" { CacheTtl::OneHour } else { CacheTtl::FiveMinutes };
                            edit(|s| s.prompt_cache.ttl = ttl);
                        }
                    >
                        <option value="5m" selected=prompt_cache.ttl == CacheTtl::FiveMinutes>"5 minutes"</option>
                        <option value="1h" selected=prompt_cache.ttl == CacheTtl::OneHour>"1 hour"</option>
                    </select>
                    <FieldMessages field=FieldPath::PromptCache(PromptCacheField::Ttl)/>
                </label>
            </div>
        </fieldset>
    }
}

#[component]
fn DeliveryFields(scenario: Scenario) -> impl IntoView {
    let tier = scenario.service_tier;
    let baseline = scenario.baseline_model.clone().unwrap_or_default();
    view! {
        <fieldset class="lever">
            <legend>"Service tier and baseline"</legend>
            <div class="field-row">
                <label class="scenario-field">
                    <span class="field-label">"Service tier"</span>
                    <select
                        data-testid="scenario-service-tier"
                        on:change=move |ev| {
                            let tier = ServiceTier::from_name(&event_target_value(&ev)).unwrap_or_default();
                            edit(|s| s.service_tier = tier);
                        }
                    >
                        {ServiceTier::ALL
                            .into_iter()
                            .map(|t| view! { <option value=t.as_str() selected=t == tier>{t.as_str()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <ScenarioField label="Baseline: all traffic on".into() field=FieldPath::BaselineModel
                    inputmode="text" list="scenario-models" class="wide"
                    initial=baseline
                    apply=Callback::new(|text: String| {
                        let model = Some(text.trim().to_string()).filter(|m| !m.is_empty());
                        edit(|s| s.baseline_model = model);
                        Ok(())
                    })/>
            </div>
            <p class="hint">"Flex and priority apply where the model sells them. The batch share is set per query type. An empty baseline is the first type's model."</p>
        </fieldset>
    }
}

/// A discount per provider the scenario uses, and a custom price per model.
#[component]
fn NegotiatedFields() -> impl IntoView {
    let state = use_scenario();
    let used = Memo::new(move |_| {
        state
            .scenario
            .with(|s| (s.providers_used(), s.models_used()))
    });
    view! {
        <fieldset class="lever">
            <legend>"Negotiated prices"</legend>
            <p class="hint">"A discount off list price per provider, or your own price per model (it replaces the list price; no discount on top). Marked in the results."</p>
            <div class="field-row">
                <For
                    each=move || used.get().0
                    key=|provider| provider.clone()
                    children=move |provider| {
                                let current = state.scenario.get_untracked().negotiated;
                                let initial = current.discount_pct.get(&provider).map(|d| pct_text(*d)).unwrap_or_default();
                                let key = provider.clone();
                                view! {
                                    <ScenarioField label=format!("Discount with {provider}") field=FieldPath::Discount(provider.clone())
                                        unit="%" initial
                                        apply=Callback::new(move |text: String| {
                                            let pct = parse_pct(&text)?;
                                            let key = key.clone();
                                            edit(|s| {
                                                if pct.is_zero() {
                                                    s.negotiated.discount_pct.remove(&key);
                                                } else {
                                                    s.negotiated.discount_pct.insert(key, pct);
                                                }
                                            });
                                            Ok(())
                                        })/>
                                }
                    }
                />
            </div>
            <For
                each=move || used.get().1
                key=|model| model.clone()
                children=move |model| {
                    let price = state.scenario.get_untracked().negotiated.custom_prices.get(&model).cloned();
                    view! { <CustomPriceRow model current=price/> }
                }
            />
        </fieldset>
    }
}

#[component]
fn CustomPriceRow(model: String, current: Option<CustomPrice>) -> impl IntoView {
    let text =
        |value: Option<Decimal>| value.map(|v| v.normalize().to_string()).unwrap_or_default();
    let input = StoredValue::new(text(current.as_ref().map(|c| c.input_mtok)));
    let output = StoredValue::new(text(current.as_ref().map(|c| c.output_mtok)));
    let read = StoredValue::new(text(current.as_ref().and_then(|c| c.cache_read_mtok)));
    let key = StoredValue::new(model.clone());
    let apply = move || -> Result<(), String> {
        let (i, o, r) = (input.get_value(), output.get_value(), read.get_value());
        let model = key.get_value();
        if i.trim().is_empty() && o.trim().is_empty() {
            edit(|s| {
                s.negotiated.custom_prices.remove(&model);
            });
            return Ok(());
        }
        let price = CustomPrice {
            input_mtok: parse_decimal(&i)?,
            output_mtok: parse_decimal(&o)?,
            cache_read_mtok: Some(r)
                .filter(|r| !r.trim().is_empty())
                .map(|r| parse_decimal(&r))
                .transpose()?,
            cache_write_mtok: None,
        };
        edit(|s| {
            s.negotiated.custom_prices.insert(model, price);
        });
        Ok(())
    };
    let field = move |value: StoredValue<String>| {
        Callback::new(move |text: String| {
            value.set_value(text);
            apply()
        })
    };
    let path = |part| FieldPath::CustomPrice {
        model: model.clone(),
        part,
    };
    view! {
        <div class="field-row custom-price" data-model=model.clone()>
            <span class="custom-price-model">{model.clone()}</span>
            <ScenarioField label="Input $/M".into() field=path(PricePart::Price) unit="USD"
                initial=input.get_value() apply=field(input)/>
            <ScenarioField label="Output $/M".into() field=path(PricePart::Output) unit="USD"
                initial=output.get_value() apply=field(output)/>
            <ScenarioField label="Cache read $/M".into() field=path(PricePart::CacheRead) unit="USD"
                initial=read.get_value() apply=field(read)/>
        </div>
    }
}
