"""Generate tests/vectors/scenario_cases.json: scenarios priced independently of the Rust mix model.

The planner's scenario model (src/core/plan/mix.rs) blends many model calls: answers, escalations,
a router, semantic-cache lookups, prompt-cache hits and writes, batch and service-tier prices,
negotiated discounts and custom prices. This script prices every distinct call of a scenario
with genai-prices' own `calc_price` (the pinned package, never our Rust), then combines the
calls with the formula written out below, in exact decimal arithmetic. The Rust test
`tests/scenario_oracle.rs` must land on the same numbers.

For a query type with share s, model M, shared prefix P, variable input V, output O,
reasoning R, escalation rate r to model E and batch share b, with exact and semantic hit
rates e and m and prompt-cache hit rate h (all percentages as fractions):

    miss   = 1 - e - m
    embed  = (1 - e) * call(embedding model, input=V, output=0)        (when one is set)
    router = miss * call(router, router tokens)  or  miss * usd_per_1k / 1000
    answer(X, ctx) = h * call(X, input=P+V, cache_read=P, output=O+R, ctx)
                   + (1 - h) * call(X, input=P+V, cache_write=P [, cache_write_1h=P], output=O+R, ctx)
                     (plain call(X, input=P+V, output=O+R, ctx) when h = 0 or P = 0)
    type   = embed + router + miss * [b * answer(M, batch) + (1 - b) * answer(M, tier)]
           + miss * r * answer(E, tier)
    mix    = sum of s * type;   baseline = sum of s * call(baseline model, input=P+V, output=O+R)

Negotiated prices multiply each call to a discounted provider by (1 - d), or replace a model's
catalogue prices by a flat custom price (priced by genai-prices' own ModelPrice.calc_price).
The waterfall switches the levers on one after another (routing, prompt caching, response
caching, batch and tier, negotiated prices); without routing every type runs on the baseline
model with no router and no escalation.

Cases: the presets in src/core/plan/presets, hand-picked scenarios that each isolate one lever, and
random scenarios from a fixed seed. Everything is priced at a fixed NOW, so the file is
reproducible and `--check` can prove it is what the pinned package produces.

Usage (with genai-prices installed, e.g. in .venv-oracle):
    python3 tests/oracle/scenario_cases.py          # rewrite tests/vectors/scenario_cases.json
    python3 tests/oracle/scenario_cases.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import decimal
import json
import random
import sys
import warnings
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import genai_prices
from genai_prices import types as gp
from genai_prices.data import providers

from vectors_file import write_or_check

PINNED_VERSION = "0.2.3"
ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "scenario_cases.json"
PRESETS = ROOT / "src" / "core" / "plan" / "presets"
PRESET_ORDER = ("support-migration", "writing-assistant", "faq-bot")
NOW = "2026-11-22T12:00:00Z"  # the fixed "today" of the vectors
SEED = 20261122
RANDOM_CASES = 40
LEVERS = ("routing", "prompt_caching", "response_caching", "batch_and_tier", "negotiated_prices")

# Exact arithmetic: every cost here is a finite decimal far shorter than 60 digits, so
# nothing is rounded except the savings percentage (a quotient), rounded below on output.
decimal.getcontext().prec = 60
SAVINGS_PCT_DIGITS = decimal.Context(prec=24)  # significant digits kept: fits Rust's 28

# The package only warns about keys it silently ignores; a warning would mean a case does
# not price what it claims, so make it fatal.
warnings.simplefilter("error")

D = Decimal
ZERO = D(0)
ONE = D(1)
HUNDRED = D(100)


def ts(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def plain(value: Decimal) -> str:
    """A decimal without exponent; -0 and trailing zeros normalised away."""
    value = value.normalize() if value else ZERO
    return format(value, "f")


def fraction(pct: object) -> Decimal:
    return D(str(pct)) / HUNDRED


def split_id(model_id: str) -> tuple[str, str]:
    provider, model = model_id.split("/", 1)
    return provider, model


# --- The catalogue as genai-prices sees it (used to pick valid inputs, never to price) ---


def model_info(model_id: str) -> gp.ModelInfo:
    provider_id, ref = split_id(model_id)
    provider = next(p for p in providers if p.id == provider_id)
    model = provider.find_model(ref, all_providers=providers)
    assert model is not None and any(model is m for m in provider.models), f"{model_id} is not its provider's own"
    return model


def keys_of(model_id: str) -> set[str]:
    prices = model_info(model_id).get_prices(ts(NOW))
    return {key for key, value in prices.__dict__.items() if value is not None}


def has_variant(model_id: str, context: dict[str, str]) -> bool:
    return any(
        all(context.get(k) == v for k, v in variant.when.items())
        and (variant.constraint is None or variant.constraint.active(ts(NOW)))
        for variant in model_info(model_id).price_variants or ()
    )


def canonical(model_id: str) -> str:
    """`provider/model` as the package resolves it (aliases such as `-latest` resolved)."""
    provider_id, ref = split_id(model_id)
    result = genai_prices.calc_price(genai_prices.Usage(input_tokens=0, output_tokens=0), ref,
                                     provider_id=provider_id, genai_request_timestamp=ts(NOW))
    return f"{result.provider.id}/{result.model.id}"


# --- The oracle ---


class Oracle:
    """Prices one scenario: genai-prices for each call, the formula above to combine them."""

    def __init__(self, scenario: dict) -> None:
        self.s = scenario
        negotiated = scenario.get("negotiated", {})
        self.discounts = {p: fraction(d) for p, d in negotiated.get("discount_pct", {}).items()}
        self.custom = {canonical(m): price for m, price in negotiated.get("custom_prices", {}).items()}
        self.types = scenario["query_types"]
        self.baseline_model = scenario.get("baseline_model") or self.types[0]["model"]

    def call(self, model_id: str, inp: int, out: int, *, read: int = 0, write: int = 0,
             write_1h: int | None = None, context: dict | None = None, negotiated: bool = False) -> Decimal:
        """One call's total price: genai_prices.calc_price, or a custom ModelPrice, then the discount."""
        provider_id, ref = split_id(model_id)
        tokens = {"input_tokens": inp, "output_tokens": out, "cache_read_tokens": read, "cache_write_tokens": write}
        if write_1h is not None:
            tokens["cache_write_1h_tokens"] = write_1h
        usage = genai_prices.Usage(**tokens)
        result = genai_prices.calc_price(usage, ref, provider_id=provider_id, genai_request_timestamp=ts(NOW),
                                         price_context=context)
        resolved = f"{result.provider.id}/{result.model.id}"
        if negotiated and resolved in self.custom:
            price = self.custom[resolved]
            flat = {key: D(str(price[key])) for key in ("input_mtok", "output_mtok", "cache_read_mtok",
                                                        "cache_write_mtok") if key in price}
            return gp.ModelPrice(**flat).calc_price(usage)["total_price"]
        cost = result.total_price
        if negotiated and result.provider.id in self.discounts:
            cost *= ONE - self.discounts[result.provider.id]
        return cost

    def answer(self, model_id: str, t: dict, context: dict | None, levers: set[str]) -> Decimal:
        prefix = t.get("shared_prefix_tokens", 0)
        inp = prefix + t.get("input_tokens", 0)
        out = t["output_tokens"] + t.get("reasoning_tokens", 0)
        negotiated = "negotiated_prices" in levers
        cache = self.s.get("prompt_cache", {})
        h = fraction(cache.get("hit_pct", "0"))
        if "prompt_caching" not in levers or h == 0 or prefix == 0:
            return self.call(model_id, inp, out, context=context, negotiated=negotiated)
        hit = self.call(model_id, inp, out, read=prefix, context=context, negotiated=negotiated)
        write_1h = prefix if cache.get("ttl", "5m") == "1h" else None
        miss = self.call(model_id, inp, out, write=prefix, write_1h=write_1h, context=context, negotiated=negotiated)
        return h * hit + (ONE - h) * miss

    def type_cost(self, t: dict, levers: set[str]) -> Decimal:
        routing = "routing" in levers
        negotiated = "negotiated_prices" in levers
        response = self.s.get("response_cache", {})
        if "response_caching" in levers:
            e, m = fraction(response.get("exact_hit_pct", "0")), fraction(response.get("semantic_hit_pct", "0"))
            embedder = response.get("embedding_model")
        else:
            e, m, embedder = ZERO, ZERO, None
        miss = ONE - e - m
        cost = ZERO
        if embedder:
            cost += (ONE - e) * self.call(embedder, t.get("input_tokens", 0), 0, negotiated=negotiated)
        router = self.s.get("router")
        if routing and router:
            if router["kind"] == "model":
                cost += miss * self.call(router["model"], router["input_tokens"], router.get("output_tokens", 0),
                                         negotiated=negotiated)
            else:
                cost += miss * D(str(router["usd_per_1k"])) / 1000
        model = t["model"] if routing else self.baseline_model
        tier = self.s.get("service_tier", "standard")
        if "batch_and_tier" in levers:
            b = fraction(t.get("batch_pct", "0"))
            # The Rust passes the tier only to models with a variant for it; calc_price gives the
            # standard price to a model without one, so passing it always prices the same.
            interactive = {"service_tier": tier} if tier != "standard" else None
        else:
            b, interactive = ZERO, None
        first = (ONE - b) * self.answer(model, t, interactive, levers)
        if b:
            first += b * self.answer(model, t, {"processing": "batch"}, levers)
        cost += miss * first
        escalation = t.get("escalation")
        if routing and escalation:
            cost += miss * fraction(escalation["rate_pct"]) * self.answer(escalation["model"], t, interactive, levers)
        return cost

    def stage(self, levers: set[str]) -> tuple[Decimal, list[Decimal]]:
        per_type = [self.type_cost(t, levers) for t in self.types]
        return sum((fraction(t["share_pct"]) * c for t, c in zip(self.types, per_type)), ZERO), per_type

    def expected(self) -> dict:
        assert sum(fraction(t["share_pct"]) for t in self.types) == ONE, "shares must add up to 100%"
        totals = [self.stage(set(LEVERS[:i]))[0] for i in range(len(LEVERS) + 1)]
        # Stage 0 priced as the spec states it: the baseline model, plain calls, no lever.
        baseline = sum((fraction(t["share_pct"]) * self.call(
            self.baseline_model, t.get("shared_prefix_tokens", 0) + t.get("input_tokens", 0),
            t["output_tokens"] + t.get("reasoning_tokens", 0)) for t in self.types), ZERO)
        assert baseline == totals[0], (baseline, totals[0])
        mix, per_type = self.stage(set(LEVERS))
        assert mix == totals[-1]
        savings = None if baseline == 0 else SAVINGS_PCT_DIGITS.divide((baseline - mix) * HUNDRED, baseline)
        return {
            "mix_cost_per_query": plain(mix),
            "baseline_cost_per_query": plain(baseline),
            "savings_pct": None if savings is None else plain(savings),
            "per_type": [plain(c) for c in per_type],
            "levers": {lever: plain(totals[i + 1] - totals[i]) for i, lever in enumerate(LEVERS)},
        }


# --- Validity (the scenario must be one the planner accepts) ---


def problems(s: dict) -> list[str]:
    """What the planner would reject; mirrors its checks so random cases are all priceable."""
    found = []
    types = s["query_types"]
    custom = {canonical(m): p for m, p in s.get("negotiated", {}).get("custom_prices", {}).items()}
    answering = [t["model"] for t in types] + [t["escalation"]["model"] for t in types if "escalation" in t]
    token_models = [*answering, s.get("baseline_model") or types[0]["model"]]
    if s.get("router", {}).get("kind") == "model":
        token_models.append(s["router"]["model"])
    for model in token_models:
        if not {"input_mtok", "output_mtok"} <= keys_of(model):
            found.append(f"{model} has no token prices")
    for t in types:
        if D(t.get("batch_pct", "0")) > 0 and not has_variant(t["model"], {"processing": "batch"}):
            found.append(f"{t['model']} has no batch price")
    cache = s.get("prompt_cache", {})
    hit, ttl = D(cache.get("hit_pct", "0")), cache.get("ttl", "5m")
    if (hit or ttl == "1h") and any(t.get("shared_prefix_tokens", 0) for t in types):
        for model in answering:
            name = canonical(model)
            keys = set(custom[name]) if name in custom else keys_of(model)
            if hit and "cache_read_mtok" not in keys:
                found.append(f"{model} has no cache read price")
            if ttl == "1h" and "cache_write_mtok" in keys and "cache_write_1h_mtok" not in keys:
                found.append(f"{model} has no 1 h cache write price")
    response = s.get("response_cache", {})
    if D(response.get("exact_hit_pct", "0")) + D(response.get("semantic_hit_pct", "0")) > 100:
        found.append("response cache hits above 100%")
    if D(response.get("semantic_hit_pct", "0")) and not response.get("embedding_model"):
        found.append("semantic cache without embedding model")
    return found


# --- Cases ---


def query_type(name, share, model, prefix, inp, out, reasoning=0, batch="0", escalation=None) -> dict:
    t = {"name": name, "share_pct": share, "model": model, "shared_prefix_tokens": prefix, "input_tokens": inp,
         "output_tokens": out, "reasoning_tokens": reasoning, "batch_pct": batch}
    if escalation:
        t["escalation"] = {"rate_pct": escalation[0], "model": escalation[1]}
    return t


def scenario(name, types, **rest) -> dict:
    return {"version": 1, "name": name, "query_types": types, **rest}


def presets() -> list[tuple[str, dict]]:
    return [(f"preset: {stem}", json.loads((PRESETS / f"{stem}.json").read_text(encoding="utf-8")))
            for stem in PRESET_ORDER]


def hand_picked() -> list[tuple[str, dict]]:
    one = lambda model, prefix=2000, inp=800, out=400, **kw: [query_type("Only", "100", model, prefix, inp, out, **kw)]
    cases = [
        ("lever none: one type, no levers, mix is one plain call",
         scenario("Plain", one("openai/gpt-5", reasoning=300))),
        ("lever none: zero prefix and zero input, output only",
         scenario("Output only", one("anthropic/claude-haiku-4-5", prefix=0, inp=0, out=750))),
        ("routing: escalation only",
         scenario("Escalation", one("openai/gpt-5-mini", escalation=("12.5", "openai/gpt-5")))),
        ("routing: cheaper type models than the baseline",
         scenario("Tiers", [query_type("Easy", "70", "openai/gpt-5-nano", 1000, 300, 200),
                            query_type("Hard", "30", "openai/gpt-5", 1000, 3000, 1500, reasoning=2000)],
                  baseline_model="openai/gpt-5")),
        ("routing: router model",
         scenario("Router model", [query_type("Easy", "60", "openai/gpt-5-nano", 1000, 300, 200),
                                   query_type("Hard", "40", "anthropic/claude-sonnet-4-5", 1000, 3000, 1500)],
                  router={"kind": "model", "model": "google/gemini-2.5-flash", "input_tokens": 350,
                          "output_tokens": 3},
                  baseline_model="anthropic/claude-sonnet-4-5")),
        ("routing: router at a fixed price",
         scenario("Router fixed", [query_type("Easy", "55.5", "mistral/mistral-small-latest", 0, 500, 300),
                                   query_type("Hard", "44.5", "mistral/mistral-large-latest", 0, 1500, 900)],
                  router={"kind": "fixed", "usd_per_1k": "0.05"}, baseline_model="mistral/mistral-large-latest")),
        ("prompt_caching: 5 min on an Anthropic model (priced writes)",
         scenario("Cache Anthropic 5m", one("anthropic/claude-sonnet-4-6", prefix=4000),
                  prompt_cache={"hit_pct": "75", "ttl": "5m"})),
        ("prompt_caching: 5 min on an OpenAI model (no write price)",
         scenario("Cache OpenAI 5m", one("openai/gpt-5-mini", prefix=4000),
                  prompt_cache={"hit_pct": "62.5", "ttl": "5m"})),
        ("prompt_caching: 1 h on an Anthropic model",
         scenario("Cache Anthropic 1h", one("anthropic/claude-haiku-4-5", prefix=4000),
                  prompt_cache={"hit_pct": "40", "ttl": "1h"})),
        ("prompt_caching: 1 h on an OpenAI model (writes are plain input)",
         scenario("Cache OpenAI 1h", one("openai/gpt-5", prefix=3000),
                  prompt_cache={"hit_pct": "90", "ttl": "1h"})),
        ("prompt_caching: 100% hits, escalation reads the cache too",
         scenario("Cache all hits", one("anthropic/claude-haiku-4-5", prefix=5000,
                                        escalation=("20", "anthropic/claude-opus-4-6")),
                  prompt_cache={"hit_pct": "100", "ttl": "5m"})),
        ("response_caching: exact and semantic with an embedding model",
         scenario("Response cache", one("openai/gpt-5-mini", inp=1200),
                  response_cache={"exact_hit_pct": "15", "semantic_hit_pct": "35",
                                  "embedding_model": "openai/text-embedding-3-small"})),
        ("response_caching: exact only, no embedding",
         scenario("Exact cache", one("google/gemini-2.5-flash"), response_cache={"exact_hit_pct": "22.5"})),
        ("response_caching: router and escalation only on misses",
         scenario("Cache and routing", one("openai/gpt-5-nano", escalation=("10", "openai/gpt-5")),
                  router={"kind": "model", "model": "openai/gpt-5-nano", "input_tokens": 300, "output_tokens": 5},
                  response_cache={"exact_hit_pct": "30", "semantic_hit_pct": "20",
                                  "embedding_model": "google/gemini-embedding-001"})),
        ("batch_and_tier: 100% batch",
         scenario("Batch all", one("openai/gpt-5", batch="100"))),
        ("batch_and_tier: 30% batch on a long-context model",
         scenario("Batch part", one("anthropic/claude-sonnet-4-5", batch="30"))),
        ("batch_and_tier: batch with prompt caching (batch variant without a cache price)",
         scenario("Batch cache", one("openai/gpt-4.1-mini", prefix=3000, batch="45"),
                  prompt_cache={"hit_pct": "50", "ttl": "5m"})),
        ("batch_and_tier: flex tier on a model that sells it",
         scenario("Flex", one("openai/gpt-5-mini"), service_tier="flex")),
        ("batch_and_tier: priority tier on a model that sells it",
         scenario("Priority", one("openai/gpt-4.1"), service_tier="priority")),
        ("batch_and_tier: flex tier on a model without it (standard price)",
         scenario("Flex missing", one("openai/gpt-4.1"), service_tier="flex")),
        ("batch_and_tier: priority tier on a non-OpenAI model (standard price)",
         scenario("Priority missing", one("anthropic/claude-haiku-4-5"), service_tier="priority")),
        ("batch_and_tier: priority tier with 40% batch and escalation",
         scenario("Priority batch", one("openai/gpt-5-mini", batch="40", escalation=("8", "openai/o4-mini")),
                  service_tier="priority")),
        ("negotiated_prices: provider discount",
         scenario("Discount", [query_type("A", "50", "openai/gpt-5", 1000, 600, 300),
                               query_type("B", "50", "anthropic/claude-haiku-4-5", 1000, 600, 300)],
                  negotiated={"discount_pct": {"openai": "15"}})),
        ("negotiated_prices: discount on router and embedding calls too",
         scenario("Discount everywhere", one("openai/gpt-5-mini"),
                  router={"kind": "model", "model": "openai/gpt-5-nano", "input_tokens": 400, "output_tokens": 2},
                  response_cache={"exact_hit_pct": "5", "semantic_hit_pct": "10",
                                  "embedding_model": "openai/text-embedding-3-small"},
                  negotiated={"discount_pct": {"openai": "20.5"}})),
        ("negotiated_prices: custom price replaces the catalogue",
         scenario("Custom", one("anthropic/claude-sonnet-4-5"),
                  negotiated={"custom_prices": {"anthropic/claude-sonnet-4-5":
                                                {"input_mtok": "2.5", "output_mtok": "12"}}})),
        ("negotiated_prices: custom price with cache prices, discount not on top",
         scenario("Custom cache", one("anthropic/claude-sonnet-4-6", prefix=3000),
                  prompt_cache={"hit_pct": "70", "ttl": "5m"},
                  negotiated={"discount_pct": {"anthropic": "10"},
                              "custom_prices": {"anthropic/claude-sonnet-4-6":
                                                {"input_mtok": "2", "output_mtok": "11", "cache_read_mtok": "0.2",
                                                 "cache_write_mtok": "2.4"}}})),
        ("negotiated_prices: custom price on a batched model (no batch discount)",
         scenario("Custom batch", one("openai/gpt-5", batch="50"),
                  negotiated={"custom_prices": {"openai/gpt-5": {"input_mtok": "1", "output_mtok": "8"}}})),
        ("tier: Anthropic long context above 200k input with prompt caching",
         scenario("Long Anthropic", one("anthropic/claude-sonnet-4-5", prefix=150_000, inp=60_000, out=2000),
                  prompt_cache={"hit_pct": "80", "ttl": "1h"})),
        ("tier: Gemini long context above 200k input, batched half",
         scenario("Long Gemini", one("google/gemini-2.5-pro", prefix=120_000, inp=130_000, out=3000, batch="50"))),
        ("tier: prefix plus input exactly at the 200k start stays at the base price",
         scenario("Long edge", one("anthropic/claude-sonnet-4-5", prefix=150_000, inp=50_000, out=1000),
                  prompt_cache={"hit_pct": "50", "ttl": "5m"})),
        ("all levers: every lever at once",
         scenario("Everything", [query_type("Lookups", "62.5", "openai/gpt-5-nano", 2500, 150, 200,
                                            batch="20", escalation=("5", "openai/gpt-5")),
                                 query_type("Writing", "25", "anthropic/claude-haiku-4-5", 2500, 900, 800,
                                            reasoning=400, escalation=("15", "anthropic/claude-sonnet-4-5")),
                                 query_type("Research", "12.5", "google/gemini-2.5-pro", 2500, 8000, 2000,
                                            reasoning=1500, batch="60")],
                  router={"kind": "model", "model": "openai/gpt-5-nano", "input_tokens": 300, "output_tokens": 5},
                  response_cache={"exact_hit_pct": "12", "semantic_hit_pct": "18",
                                  "embedding_model": "openai/text-embedding-3-small"},
                  prompt_cache={"hit_pct": "85", "ttl": "5m"}, service_tier="flex",
                  negotiated={"discount_pct": {"openai": "10", "google": "5"},
                              "custom_prices": {"anthropic/claude-haiku-4-5":
                                                {"input_mtok": "0.8", "output_mtok": "4", "cache_read_mtok": "0.08"}}},
                  baseline_model="anthropic/claude-sonnet-4-5")),
    ]
    return cases


# Answer models for random cases, with input and output token prices.
POOL = ("openai/gpt-5", "openai/gpt-5-mini", "openai/gpt-5-nano", "openai/gpt-4.1-mini", "openai/o4-mini",
        "anthropic/claude-sonnet-4-5", "anthropic/claude-haiku-4-5", "anthropic/claude-opus-4-6",
        "google/gemini-2.5-pro", "google/gemini-2.5-flash", "mistral/mistral-large-latest",
        "mistral/mistral-small-latest", "deepseek/deepseek-chat")
ROUTERS = ("openai/gpt-5-nano", "google/gemini-2.5-flash", "mistral/mistral-small-latest")
EMBEDDERS = ("openai/text-embedding-3-small", "google/gemini-embedding-001", "mistral/mistral-embed")


class Random:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)

    def pct(self, high: int = 100) -> str:
        """A percentage in [0, high], whole or with one decimal."""
        tenths = self.rng.randint(0, high * 10)
        if self.rng.random() < 0.5:
            tenths -= tenths % 10
        return plain(D(tenths) / 10)

    def shares(self, n: int) -> list[str]:
        cuts = sorted(self.rng.sample(range(1, 1000), n - 1))
        if self.rng.random() < 0.5:  # whole percentages half the time
            cuts = sorted(set(c - c % 10 or 10 for c in cuts))
            n = len(cuts) + 1
        bounds = [0, *cuts, 1000]
        return [plain(D(b - a) / 10) for a, b in zip(bounds, bounds[1:])]

    def scenario(self, index: int) -> dict:
        r = self.rng
        types = []
        for i, share in enumerate(self.shares(r.randint(1, 4))):
            model = r.choice(POOL)
            batch = "0"
            if has_variant(model, {"processing": "batch"}) and r.random() < 0.35:
                batch = r.choice(["100", self.pct()])
            escalation = (self.pct(50), r.choice(POOL)) if r.random() < 0.35 else None
            types.append(query_type(f"Type {i + 1}", share, model, 0 if r.random() < 0.25 else r.randint(1, 5000),
                                    r.randint(1, 20000), r.randint(1, 4000),
                                    0 if r.random() < 0.5 else r.randint(1, 3000), batch, escalation))
        s = scenario(f"Random {index}", types)
        roll = r.random()
        if roll < 0.3:
            s["router"] = {"kind": "model", "model": r.choice(ROUTERS), "input_tokens": r.randint(50, 1500),
                           "output_tokens": r.randint(0, 20)}
        elif roll < 0.45:
            s["router"] = {"kind": "fixed", "usd_per_1k": plain(D(r.randint(0, 500)) / 1000)}
        if r.random() < 0.5:
            exact, semantic = self.pct(40), self.pct(40) if r.random() < 0.6 else "0"
            s["response_cache"] = {"exact_hit_pct": exact, "semantic_hit_pct": semantic}
            if semantic != "0" or r.random() < 0.3:
                s["response_cache"]["embedding_model"] = r.choice(EMBEDDERS)
        if r.random() < 0.6:
            s["prompt_cache"] = {"hit_pct": self.pct(), "ttl": r.choice(["5m", "1h"])}
        s["service_tier"] = r.choice(["standard", "standard", "flex", "priority"])
        negotiated: dict = {}
        used = sorted({split_id(t["model"])[0] for t in types})
        if r.random() < 0.4:
            negotiated["discount_pct"] = {p: self.pct(40) for p in r.sample(used, r.randint(1, len(used)))}
        if r.random() < 0.25:
            model = r.choice(types)["model"]
            price = {"input_mtok": plain(D(r.randint(1, 500)) / 100), "output_mtok": plain(D(r.randint(1, 3000)) / 100)}
            if "prompt_cache" in s:
                price["cache_read_mtok"] = plain(D(r.randint(1, 50)) / 100)
                if s["prompt_cache"]["ttl"] == "5m" and r.random() < 0.5:
                    price["cache_write_mtok"] = plain(D(r.randint(1, 600)) / 100)
            negotiated["custom_prices"] = {model: price}
        if negotiated:
            s["negotiated"] = negotiated
        if r.random() < 0.5:
            s["baseline_model"] = r.choice(POOL)
        return s


def random_cases() -> list[tuple[str, dict]]:
    gen = Random()
    cases = []
    rejected = 0
    while len(cases) < RANDOM_CASES:
        s = gen.scenario(len(cases) + 1)
        if problems(s):
            rejected += 1
            continue
        cases.append((f"random: {len(cases) + 1}", s))
    assert rejected < 10 * RANDOM_CASES, "the random generator makes too many invalid scenarios"
    return cases


def generate() -> list[dict]:
    if genai_prices.__version__ != PINNED_VERSION:
        sys.exit(f"error: genai-prices {PINNED_VERSION} is required, found {genai_prices.__version__}")
    cases = []
    for name, s in presets() + hand_picked() + random_cases():
        issues = problems(s)
        assert not issues, f"{name}: {issues}"
        cases.append({"name": name, "scenario": s, "expected": Oracle(s).expected()})
    return cases


def render(cases: list[dict]) -> str:
    return json.dumps(cases, indent=1, ensure_ascii=False) + "\n"


def summary(cases: list[dict]) -> str:
    lines = [f"{len(cases)} cases"]
    for lever in LEVERS:
        moved = sum(case["expected"]["levers"][lever] != "0" for case in cases)
        lines.append(f"  {lever}: non-zero in {moved}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    parser.add_argument("--price-now", action="store_true",
                        help="read a JSON list of scenarios on stdin and print their expected figures at "
                             "the current time (the browser tests' oracle)")
    args = parser.parse_args()
    if args.price_now:
        global NOW
        NOW = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        print(json.dumps([Oracle(s).expected() for s in json.load(sys.stdin)]))
        return 0
    cases = generate()
    text = render(cases)
    return write_or_check(VECTORS, text, args.check, "python3 tests/oracle/scenario_cases.py",
                          current=f" ({len(cases)} cases, genai-prices {PINNED_VERSION})",
                          written="\n" + summary(cases))


if __name__ == "__main__":
    sys.exit(main())
