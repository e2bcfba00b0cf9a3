"""Generate tests/vectors/prices.jsonl: pricing cases answered by genai_prices.calc_price.

The Rust cost engine must agree with the reference implementation to the last
digit, so every expected value here comes from calling the pinned package, never
from hand arithmetic. Inputs are chosen (fixed seed, fixed timestamps, no "now")
to hit each rule of calc_price: cache decomposition, cliff tiers, dated and
time-of-day prices, price variants, per-request fees, model aliases, provider
lookup and fallback, and the errors. The file is reproducible, so CI can run
`--check` to prove the committed vectors come from the pinned package.

Usage (with genai-prices installed, e.g. in .venv-oracle):
    python3 tests/oracle/price_cases.py          # rewrite tests/vectors/prices.jsonl
    python3 tests/oracle/price_cases.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import warnings
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import genai_prices
from genai_prices import types as gp
from genai_prices.data import providers

from vectors_file import write_or_check

PINNED_VERSION = "0.2.3"
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "prices.jsonl"
NOW = "2026-11-22T12:00:00Z"  # the fixed "today" of the vectors
SEED = 20261122
TOKEN_KEYS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens")
NO_MATCH_CONTEXT = {"service_tier": "no-such-tier"}

# The package only warns about keys it silently ignores; a warning would mean a vector
# does not test what it claims, so make it fatal.
warnings.simplefilter("error")


def ts(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def at(day: date, clock: str = "12:00:00") -> str:
    return f"{day.isoformat()}T{clock}Z"


def plain(value: Decimal) -> str:
    return format(value, "f")


def priced_keys(model: gp.ModelInfo, when: str = NOW) -> set[str]:
    """Price keys of the prices active for a case (used only to pick interesting inputs)."""
    prices = model.get_prices(ts(when))
    return {key for key, value in prices.__dict__.items() if value is not None}


def tier_starts(model: gp.ModelInfo, when: str = NOW) -> list[int]:
    prices = model.get_prices(ts(when))
    return sorted({t.start for v in prices.__dict__.values() if isinstance(v, gp.TieredPrices) for t in v.tiers})


def run(case: dict) -> dict:
    """The oracle: one calc_price call, its answer or its error, exactly as the package gives it."""
    inp = case["input"]
    usage = genai_prices.Usage(**{key: inp[key] for key in TOKEN_KEYS if key in inp})
    try:
        result = genai_prices.calc_price(
            usage,
            inp["model"],
            provider_id=inp.get("provider"),
            genai_request_timestamp=ts(inp["timestamp"]),
            price_context=inp.get("price_context"),
        )
    except (LookupError, ValueError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {
        "total_usd": plain(result.total_price),
        "input_usd": plain(result.input_price),
        "output_usd": plain(result.output_price),
        "provider": result.provider.id,
        "model": result.model.id,
    }


class Cases:
    """Collects cases; the description starts with the feature it covers ("tier: ...")."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.seen: set[str] = set()
        self.rng = random.Random(SEED)

    def add(self, feature, description, model, provider=None, *, inp=0, out=0, read=0, write=0, write_1h=None,
            when=NOW, context=None):
        case_input = {"provider": provider, "model": model, "input_tokens": inp, "output_tokens": out,
                      "cache_read_tokens": read, "cache_write_tokens": write, "cache_write_1h_tokens": write_1h,
                      "timestamp": when, "price_context": context}
        case_input = {key: value for key, value in case_input.items() if value is not None}
        key = json.dumps(case_input, sort_keys=True)
        if key not in self.seen:
            self.seen.add(key)
            self.items.append({"case": f"{feature}: {description}", "input": case_input})

    def tokens(self, low: int = 0, high: int = 2_000_000) -> int:
        """A log-uniform count, so small and large usage both appear."""
        return min(high, max(low, int(10 ** self.rng.uniform(0, 6.3))))

    def usage_for(self, model: gp.ModelInfo, when: str = NOW) -> dict:
        """Random valid usage that exercises whichever cache keys the model prices."""
        keys = priced_keys(model, when)
        inp = self.tokens(1)
        usage = {"inp": inp, "out": self.tokens()}
        if "cache_read_mtok" in keys and self.rng.random() < 0.7:
            usage["read"] = self.rng.randint(0, inp // 2)
        if "cache_write_mtok" in keys and self.rng.random() < 0.6:
            usage["write"] = self.rng.randint(0, inp // 3)
            if "cache_write_1h_mtok" in keys and self.rng.random() < 0.6:
                usage["write_1h"] = self.rng.randint(0, usage["write"])
        return usage

    def spread(self, pairs: list, count: int) -> list:
        """Up to `count` entries (provider first), round-robin over providers so no one provider dominates."""
        by_provider: dict[str, list] = {}
        for pair in pairs:
            by_provider.setdefault(pair[0].id, []).append(pair)
        for group in by_provider.values():
            self.rng.shuffle(group)
        picked: list = []
        while len(picked) < count and any(by_provider.values()):
            for group in by_provider.values():
                if group and len(picked) < count:
                    picked.append(group.pop())
        return picked


def leaf_strings(logic: object) -> list[str]:
    if isinstance(logic, (gp.ClauseOr, gp.ClauseAnd)):
        return [s for sub in getattr(logic, "or_", None) or logic.and_ for s in leaf_strings(sub)]
    literals = (getattr(logic, attr, None) for attr in ("equals", "starts_with", "contains", "ends_with"))
    return [value for value in literals if value]


def self_ref(p: gp.Provider, m: gp.ModelInfo) -> str | None:
    """A name that finds exactly this model: its id, else the first literal of its match rule.

    Some ids (fireworks, aws "regional.*", a few others) are not matched by their own rule,
    so pricing them by id would test the lookup miss instead of the price.
    """
    for ref in [m.id, *leaf_strings(m.match)]:
        if p.find_model(ref, all_providers=providers) is m:
            return ref
    return None


def all_models() -> list[tuple[gp.Provider, gp.ModelInfo, str]]:
    """Every (provider, model, name that finds it), in package order."""
    return [(p, m, ref) for p in providers for m in p.models if (ref := self_ref(p, m))]


def id_mismatches() -> list[tuple[gp.Provider, gp.ModelInfo]]:
    return [(p, m) for p in providers for m in p.models if p.find_model(m.id, all_providers=providers) is not m]


def every_provider(c: Cases) -> None:
    for p in providers:
        first = p.models[0]
        random_model = c.rng.choice(p.models)
        for label, model in (("first model", first), ("random model", random_model)):
            ref = self_ref(p, model)
            named = model.id if ref == model.id else f"{model.id} as {ref}"
            c.add("provider", f"{p.id} {label} {named}", ref, p.id, **c.usage_for(model))


def plain_usage(c: Cases) -> None:
    for p, m, ref in c.spread(all_models(), 60):
        c.add("plain", f"{p.id} {ref} input/output only", ref, p.id, inp=c.tokens(), out=c.tokens())


def cache_priced(c: Cases) -> None:
    models = [(p, m, ref) for p, m, ref in all_models() if "cache_read_mtok" in priced_keys(m)]
    for p, m, ref in c.spread(models, 50):
        keys = priced_keys(m)
        inp = c.tokens(1000)
        c.add("cache", f"{p.id} {ref} cache read", ref, p.id, inp=inp, out=c.tokens(), read=inp // 3)
        if "cache_write_mtok" in keys:
            c.add("cache", f"{p.id} {ref} cache read and 5 min write", ref, p.id,
                  inp=inp, out=c.tokens(), read=inp // 4, write=inp // 5)
        if "cache_write_1h_mtok" in keys:
            c.add("cache-1h", f"{p.id} {ref} 1 h write counted inside cache_write_tokens", ref, p.id,
                  inp=inp, out=c.tokens(), read=inp // 4, write=inp // 2, write_1h=inp // 5)
            c.add("cache-1h", f"{p.id} {ref} all cache writes are 1 h", ref, p.id,
                  inp=inp, out=100, write=inp // 2, write_1h=inp // 2)
    models = [(p, m, ref) for p, m, ref in all_models()
              if "cache_write_mtok" in priced_keys(m) and "cache_write_1h_mtok" not in priced_keys(m)]
    for p, m, ref in c.spread(models, 12):
        c.add("cache-1h", f"{p.id} {ref} 1 h write on a model without a 1 h price (charged as a write)", ref,
              p.id, inp=50_000, out=1_000, write=20_000, write_1h=8_000)


def cache_unpriced(c: Cases) -> None:
    """Cache counts on models without cache prices: nothing is subtracted from input."""
    models = [(p, m, ref) for p, m, ref in all_models() if {"input_mtok", "output_mtok"} <= priced_keys(m)
              and not priced_keys(m) & {"cache_read_mtok", "cache_write_mtok"}]
    for p, m, ref in c.spread(models, 30):
        inp = c.tokens(1000)
        c.add("cache-unpriced", f"{p.id} {ref} cache read and write on a model without cache prices", ref,
              p.id, inp=inp, out=c.tokens(), read=inp // 2, write=inp // 4, write_1h=inp // 8)
    for p, m, ref in c.spread(models, 6):
        c.add("cache-unpriced", f"{p.id} {ref} cache read above input is not checked when cache is unpriced",
              ref, p.id, inp=1_000, out=10, read=5_000)


def tiers(c: Cases) -> None:
    """Cliff tiers: strictly more input tokens than `start` moves every priced key to the tier price."""
    models = [(p, m, ref) for p, m, ref in all_models() if tier_starts(m)]
    for p, m, ref in c.spread(models, 36):
        keys = priced_keys(m)
        for start in tier_starts(m):
            for inp, where in ((start - 1, "below"), (start, "at"), (start + 1, "above")):
                cache = {}
                if "cache_read_mtok" in keys:
                    cache["read"] = inp // 4
                if "cache_write_mtok" in keys and c.rng.random() < 0.5:
                    cache["write"] = inp // 8
                c.add("tier", f"{p.id} {ref} input {inp} just {where} tier start {start}", ref, p.id,
                      inp=inp, out=c.tokens(), **cache)
    for p, m, ref in c.spread(models, 8):
        start = tier_starts(m)[-1]
        c.add("tier", f"{p.id} {ref} output alone never reaches the input tier", ref, p.id, inp=10, out=start * 2)


def historic(c: Cases) -> None:
    """Dated prices: the last active entry wins, before any start date the first entry is used."""
    models = [(p, m, ref) for p, m, ref in all_models() if isinstance(m.prices, list)
              and any(isinstance(cp.constraint, gp.StartDateConstraint) for cp in m.prices)]
    for p, m, ref in c.spread(models, 24):
        starts = sorted({cp.constraint.start_date for cp in m.prices
                         if isinstance(cp.constraint, gp.StartDateConstraint)})
        usage = c.usage_for(m)
        c.add("historic", f"{p.id} {ref} before every start date", ref, p.id, when="2020-01-01T00:00:00Z", **usage)
        for start in starts:
            c.add("historic", f"{p.id} {ref} last second before {start}", ref, p.id,
                  when=at(start - timedelta(days=1), "23:59:59"), **usage)
            c.add("historic", f"{p.id} {ref} first second of {start}", ref, p.id, when=at(start, "00:00:00"),
                  **usage)
        c.add("historic", f"{p.id} {ref} long after the last start date", ref, p.id,
              when=at(starts[-1] + timedelta(days=30)), **usage)


def time_of_day(c: Cases) -> None:
    """Daily windows [start, end) in UTC, e.g. deepseek off-peak."""
    for p, m, ref in all_models():
        if not isinstance(m.prices, list):
            continue
        windows = [cp.constraint for cp in m.prices if isinstance(cp.constraint, gp.TimeOfDateConstraint)]
        if not windows:
            continue
        usage = c.usage_for(m)
        clocks = {"00:00:00", "23:59:59", "12:00:00"}
        for window in windows:
            for edge in (window.start_time, window.end_time):
                moment = datetime.combine(date(2026, 11, 22), edge).astimezone(UTC)
                clocks |= {iso(moment - timedelta(seconds=1))[11:19], iso(moment)[11:19]}
        for clock in sorted(clocks):
            c.add("time-of-day", f"{p.id} {ref} at {clock} UTC", ref, p.id, when=f"2026-11-22T{clock}Z", **usage)


def variants(c: Cases) -> None:
    """Each distinct `when` in the data: matched, not yet active, and not matched."""
    by_when: dict[str, list] = {}
    for p, m, ref in all_models():
        for variant in m.price_variants or []:
            by_when.setdefault(json.dumps(variant.when, sort_keys=True), []).append((p, m, ref, variant))
    for when_key, entries in sorted(by_when.items()):
        context = json.loads(when_key)
        label = ",".join(f"{k}={v}" for k, v in context.items())
        for p, m, ref, variant in c.spread(entries, 5):
            start = variant.constraint.start_date if isinstance(variant.constraint, gp.StartDateConstraint) else None
            later = at(max(start + timedelta(days=20), ts(NOW).date())) if start else NOW
            usage = c.usage_for(m, later)
            c.add("variant", f"{p.id} {ref} {label}", ref, p.id, when=later, context=context, **usage)
            c.add("variant", f"{p.id} {ref} no context", ref, p.id, when=later, **usage)
            c.add("variant", f"{p.id} {ref} context matching no variant", ref, p.id, when=later,
                  context=NO_MATCH_CONTEXT, **usage)
            if start:
                c.add("variant", f"{p.id} {ref} {label} on its start date {start}", ref, p.id,
                      when=at(start, "00:00:00"), context=context, **usage)
                c.add("variant", f"{p.id} {ref} {label} the day before it starts", ref, p.id,
                      when=at(start - timedelta(days=1), "23:59:59"), context=context, **usage)
    c.add("variant", "openai gpt-5 empty context", "gpt-5", "openai", inp=20_000, out=1_000, context={})
    # Two variants matching at once: the first listed wins, key by key.
    for model_id in ("gpt-5", "gpt-5.4", "o3", "gpt-4.1"):
        c.add("variant", f"openai {model_id} batch and flex together", model_id, "openai", inp=200_000, out=30_000,
              read=50_000, context={"processing": "batch", "service_tier": "flex"})
        c.add("variant", f"openai {model_id} batch and priority together", model_id, "openai", inp=300_000,
              out=30_000, read=50_000, context={"service_tier": "priority", "processing": "batch"})
    c.add("variant", "google gemini-3.8-flash-tts batch after its 2027 change", "gemini-3.8-flash-tts", "google",
          inp=10_000, out=20_000, when="2027-02-01T12:00:00Z", context={"processing": "batch"})


def request_fees(c: Cases) -> None:
    """requests_kcount is charged once per calc_price call, in the total only (it has no direction)."""
    for p, m, ref in all_models():
        if "requests_kcount" in priced_keys(m):
            for inp, out in ((0, 0), (1, 1), (12_345, 678), (1_000_000, 1_000_000)):
                c.add("request-fee", f"{p.id} {ref} {inp} in / {out} out", ref, p.id, inp=inp, out=out)


def example_ref(c: Cases, logic: object) -> str | None:
    """A model name a user might type that the clause accepts (dated, prefixed or upper-cased)."""
    if isinstance(logic, gp.ClauseOr):
        return example_ref(c, c.rng.choice(logic.or_))
    if isinstance(logic, gp.ClauseStartsWith):
        return logic.starts_with + c.rng.choice(["-2025-06-01", "-20250601", "-latest", ""])
    if isinstance(logic, gp.ClauseEquals):
        return logic.equals.upper()
    if isinstance(logic, gp.ClauseContains):
        return f"Vendor/{logic.contains}-Preview"
    if isinstance(logic, gp.ClauseEndsWith):
        return f"deploy-{logic.ends_with}"
    return None


def aliases(c: Cases) -> None:
    """Names other than the id: dated, compact-dated (retried as YYYY-MM-DD), regex, upper case."""
    fixed = [
        ("anthropic", "claude-sonnet-4-20250514"), ("anthropic", "claude-3-5-sonnet-20241022"),
        ("anthropic", "Claude-Opus-4-5"), ("anthropic", "claude-opus-4-5@20251101"),
        ("anthropic", "claude-opus-5-20260301"), ("anthropic", "claude-opus-5@20260301"),
        ("anthropic", "claude-opus-5-2026-03-01"), ("anthropic", "claude-haiku-5-5-20261001"),
        ("openai", "gpt-5-2025-08-07"), ("openai", "gpt-5.2-20251211"), ("openai", "gpt-5.2-2025-12-11"),
        ("openai", "gpt-5.2-20251341"), ("openai", "GPT-4O"), ("openai", "gpt-4o-2024-08-06"),
        ("openai", "gpt-5.4-2026-03-05"), ("openai", "gpt-5.4-20260305"), ("openai", "o3-2025-04-16"),
        ("openai", "o4-mini-2025-04-16"), ("openai", "gpt-6-sol-2026-11-01"), ("openai", "gpt-5-mini-20250807"),
        ("x-ai", "grok-4.3-20260101"), ("cursor", "grok-4.5[fast=true]"), ("cursor", "grok-4.5[fast=false]"),
        ("typesafe", "jev-1.13-20260101"), ("typesafe", "typesafe/jev-1.14"), ("cursor", "composer-2.5[fast=true]"),
        ("google", "gemini-3.5-flash-001"), ("google", "gemini-2.5-pro-preview-05-06"), ("google", "Gemini-2.5-Flash"),
        ("openrouter", "anthropic/claude-haiku-5.5-20261001"), ("openrouter", "openai/gpt-6-sol-20261101"),
        ("mistral", "mistral-large-latest"), ("mistral", "labs-devstral-small-2512"), ("mistral", "MISTRAL-SMALL-2603"),
        ("deepseek", "DeepSeek-Chat"), ("minimax", "MiniMax-M2"), ("zai", "GLM-4.6"),
    ]
    for provider, ref in fixed:
        c.add("alias", f"{provider} {ref}", ref, provider, inp=120_000, out=4_000, read=30_000)
    for p, m, _ in c.spread(all_models(), 50):
        ref = example_ref(c, m.match)
        if ref:
            c.add("alias", f"{p.id} {m.id} as {ref}", ref, p.id, **c.usage_for(m))
    for p, m in c.spread(id_mismatches(), 10):
        c.add("id-not-self", f"{p.id} id {m.id} is not matched by its own rule", m.id, p.id, inp=1_000, out=1_000)


def lookup_by_name(c: Cases) -> None:
    """No provider: the first provider whose model_match accepts the name is used, then its models."""
    refs = ["gpt-5", "gpt-4o-mini", "o3", "o1-pro", "whisper-1", "tts-1-hd", "claude-sonnet-4-5", "claude-3-haiku",
            "gemini-2.5-pro", "gemini-3-flash-preview", "deepseek-chat", "deepseek-reasoner", "grok-4",
            "mistral-large-latest", "codestral-latest", "command-r-plus", "kimi-k2", "moonshot-v1-8k", "glm-4.6",
            "MiniMax-M2", "voyage-3", "@cf/meta/llama-3.1-8b-instruct",
            "accounts/fireworks/models/llama-v3p1-8b-instruct",
            "composer-2", "jev-1.13", "databricks-claude-sonnet-4", "eleven_multilingual_v2", "muse-spark-1",
            "cerebras/llama-4-scout", "openai/gpt-5", "sonar-pro"]
    for ref in refs:
        c.add("by-name", ref, ref, inp=50_000, out=2_000, read=10_000)
    for p in providers:
        if p.model_match is not None:
            _, model, ref = c.rng.choice([t for t in all_models() if t[0] is p])
            c.add("by-name", f"{ref} (a {p.id} model) without a provider", ref, **c.usage_for(model))


def provider_ids(c: Cases) -> None:
    """provider_match aliases, litellm prefixes and fallback providers."""
    for provider, ref in [("vertex", "gemini-2.5-pro"), ("google-vertex", "gemini-2.5-flash"),
                          ("bedrock", "amazon.nova-pro-v1:0"), ("xai", "grok-4"),
                          ("together-ai", "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
                          ("ANTHROPIC", "claude-sonnet-4-5"), (" OpenAI ", "gpt-5"),
                          ("mistralai", "mistral-small-latest"),
                          ("huggingface-cerebras", "meta-llama/Llama-3.3-70B-Instruct"), ("azure_openai", "gpt-4o")]:
        c.add("provider-match", f"provider id {provider!r} with {ref}", ref, provider, inp=10_000, out=1_000)
    for ref in ("anthropic/claude-sonnet-4-5", "openai/gpt-5", "gpt-5", "nosuch/gpt-5"):
        c.add("provider-match", f"litellm with {ref}", ref, "litellm", inp=10_000, out=1_000)
    for p in providers:
        for fallback_id in p.fallback_model_providers or []:
            fallback = next(f for f in providers if f.id == fallback_id)
            candidates = [(m, ref) for f, m, ref in all_models() if f is fallback]
            for m, ref in c.rng.sample(candidates, min(3, len(candidates))):
                usage = c.usage_for(m)
                c.add("fallback", f"{ref} on {p.id} via {fallback_id}", ref, p.id, **usage)
                c.add("fallback", f"{ref} on {p.id} via {fallback_id}, batch context is ignored", ref, p.id,
                      context={"processing": "batch"}, **usage)
    for ref in ("claude-sonnet-4-5", "anthropic.claude-sonnet-4-5-20250929-v1:0",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0"):
        c.add("fallback", f"{ref} on aws (no fallback list, only its own models)", ref, "aws", inp=10_000, out=1_000)
    for ref in ("gpt-5", "gpt-4.1"):
        c.add("fallback", f"{ref} on azure with priority context (ignored for fallback models)", ref, "azure",
              inp=10_000, out=1_000, context={"service_tier": "priority"})
        c.add("fallback", f"{ref} on openai with priority context", ref, "openai", inp=10_000, out=1_000,
              context={"service_tier": "priority"})


def errors(c: Cases) -> None:
    c.add("error", "unknown model on a known provider", "no-such-model", "openai", inp=10, out=10)
    c.add("error", "unknown model, no provider", "no-such-model", inp=10, out=10)
    c.add("error", "unknown provider", "gpt-5", "no-such-provider", inp=10, out=10)
    c.add("error", "empty provider id", "gpt-5", "", inp=10, out=10)
    c.add("error", "empty model name", "", "openai", inp=10, out=10)
    models = [(p, m, ref) for p, m, ref in all_models() if "cache_read_mtok" in priced_keys(m)]
    for p, m, ref in c.spread(models, 10):
        c.add("error", f"{p.id} {ref} cache read above input", ref, p.id, inp=1_000, out=10, read=1_001)
    models = [(p, m, ref) for p, m, ref in all_models() if {"cache_read_mtok", "cache_write_mtok"} <= priced_keys(m)]
    for p, m, ref in c.spread(models, 8):
        c.add("error", f"{p.id} {ref} cache read + write above input", ref, p.id, inp=1_000, out=10, read=600,
              write=401)
        c.add("cache", f"{p.id} {ref} cache read + write exactly equal to input", ref, p.id, inp=1_000, out=10,
              read=600, write=400)
    models = [(p, m, ref) for p, m, ref in all_models() if "cache_write_1h_mtok" in priced_keys(m)]
    for p, m, ref in c.spread(models, 6):
        c.add("error", f"{p.id} {ref} 1 h write above cache_write_tokens", ref, p.id, inp=10_000, out=10,
              write=1_000, write_1h=1_001)
        c.add("error", f"{p.id} {ref} 1 h write with cache_write_tokens 0", ref, p.id, inp=10_000, out=10,
              write_1h=500)


def edges(c: Cases) -> None:
    for p, m, ref in c.spread(all_models(), 20):
        c.add("zero", f"{p.id} {ref} zero tokens", ref, p.id)
    for p, m, ref in c.spread(all_models(), 20):
        keys = priced_keys(m)
        big = 10**12
        c.add("huge", f"{p.id} {ref} 10^12 tokens", ref, p.id, inp=big, out=big,
              read=big // 4 if "cache_read_mtok" in keys else 0, write=big // 8 if "cache_write_mtok" in keys else 0)
    models = [(p, m, ref) for p, m, ref in all_models() if not priced_keys(m) & {"input_mtok", "output_mtok"}]
    for p, m, ref in c.spread(models, 16):
        c.add("non-token", f"{p.id} {ref} priced by other units (or free)", ref, p.id, inp=10_000, out=5_000)


def generate() -> list[dict]:
    if genai_prices.__version__ != PINNED_VERSION:
        sys.exit(f"error: genai-prices {PINNED_VERSION} is required, found {genai_prices.__version__}")
    c = Cases()
    for section in (every_provider, plain_usage, cache_priced, cache_unpriced, tiers, historic, time_of_day,
                    variants, request_fees, aliases, lookup_by_name, provider_ids, errors, edges):
        section(c)
    return [{**case, "expected": run(case)} for case in c.items]


def render(cases: list[dict]) -> str:
    return "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)


def summary(cases: list[dict]) -> str:
    features = Counter(case["case"].split(":", 1)[0] for case in cases)
    errors = sum("error" in case["expected"] for case in cases)
    covered = len({case["expected"].get("provider") for case in cases} - {None})
    lines = [f"{len(cases)} cases, {errors} expecting an error, {covered} providers in results"]
    lines += [f"  {feature}: {count}" for feature, count in sorted(features.items())]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args()
    cases = generate()
    text = render(cases)
    return write_or_check(VECTORS, text, args.check, "python3 tests/oracle/price_cases.py",
                          current=f" ({len(cases)} cases, genai-prices {PINNED_VERSION})",
                          written="\n" + summary(cases))


if __name__ == "__main__":
    sys.exit(main())
