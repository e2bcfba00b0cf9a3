"""Convert the pinned genai-prices package into the JSON catalogue the app ships.

Prices are never typed by hand: every number in pricing/*.json comes from the
installed `genai-prices` (see requirements.txt), so updating prices means bumping
the pin and rerunning this script. The output is deterministic (package order is
kept because provider and model lookup take the first match), so CI can run
`--check` to prove the committed files are exactly what the pinned package says.

Usage (with genai-prices installed, e.g. in .venv-oracle):
    python3 pricing/convert.py          # rewrite pricing/*.json
    python3 pricing/convert.py --check  # exit 1 if the committed files are stale
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import genai_prices
from genai_prices import types as gp
from genai_prices.data import providers
from genai_prices.data_units import unit_data

PINNED_VERSION = "0.2.3"
PRICING_DIR = Path(__file__).resolve().parent


def dump(value: object) -> str:
    """The one JSON layout for every generated file, so diffs stay small and stable."""
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def decimal_str(value: Decimal) -> str:
    """Exact plain-notation decimal ("0.000001", never "1E-6"), so Rust can parse it as-is."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"expected a finite Decimal, got {value!r}")
    return format(value, "f")


def price_value(value: Decimal | gp.TieredPrices) -> str | dict:
    if isinstance(value, gp.TieredPrices):
        tiers = sorted(value.tiers, key=lambda tier: tier.start)
        return {
            "base": decimal_str(value.base),
            "tiers": [{"start": tier.start, "price": decimal_str(tier.price)} for tier in tiers],
        }
    return decimal_str(value)


def model_price(prices: gp.ModelPrice) -> dict:
    """Every price key the package stores, in its order; None means "not priced" and is dropped."""
    return {
        key: price_value(value)
        for key, value in prices.__dict__.items()
        if not key.startswith("_") and value is not None
    }


def clause(logic: object) -> dict:
    if isinstance(logic, gp.ClauseOr):
        return {"or": [clause(sub) for sub in logic.or_]}
    if isinstance(logic, gp.ClauseAnd):
        return {"and": [clause(sub) for sub in logic.and_]}
    for cls, key in (
        (gp.ClauseStartsWith, "starts_with"),
        (gp.ClauseEndsWith, "ends_with"),
        (gp.ClauseContains, "contains"),
        (gp.ClauseRegex, "regex"),
        (gp.ClauseEquals, "equals"),
    ):
        if isinstance(logic, cls):
            return {key: getattr(logic, key)}
    raise TypeError(f"unknown match clause {logic!r}")


def optional_clause(logic: object | None) -> dict | None:
    return None if logic is None else clause(logic)


def utc_time(value: time) -> str:
    """Time of day in UTC, converted exactly as genai-prices does before comparing."""
    utc = gp._utc_timetz(value)  # the package's own conversion, so both sides agree
    if utc.microsecond:
        raise ValueError(f"time constraint {value!r} has sub-second precision")
    return utc.strftime("%H:%M:%S")


def constraint(value: object | None) -> dict | None:
    if value is None:
        return None
    if isinstance(value, gp.StartDateConstraint):
        if not isinstance(value.start_date, date):
            raise TypeError(f"bad start_date {value!r}")
        return {"start_date": value.start_date.isoformat()}
    if isinstance(value, gp.TimeOfDateConstraint):
        return {"start_time": utc_time(value.start_time), "end_time": utc_time(value.end_time)}
    raise TypeError(f"unknown constraint {value!r}")


def model(info: gp.ModelInfo) -> dict:
    """A model; `prices` is always a list so "first is default, last active wins" holds for all."""
    if isinstance(info.prices, gp.ModelPrice):
        prices = [{"constraint": None, "prices": model_price(info.prices)}]
    else:
        prices = [{"constraint": constraint(c.constraint), "prices": model_price(c.prices)} for c in info.prices]
    return {
        "id": info.id,
        "name": info.name,
        "description": info.description,
        "context_window": info.context_window,
        "deprecated": info.deprecated,
        "price_comments": info.price_comments,
        "match": clause(info.match),
        "prices": prices,
        "price_variants": [
            {"when": dict(v.when), "constraint": constraint(v.constraint), "prices": model_price(v.prices)}
            for v in info.price_variants or []
        ],
    }


def provider(p: gp.Provider) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "api_pattern": p.api_pattern,
        "pricing_urls": p.pricing_urls,
        "description": p.description,
        "price_comments": p.price_comments,
        "model_match": optional_clause(p.model_match),
        "provider_match": optional_clause(p.provider_match),
        "fallback_model_providers": p.fallback_model_providers,
        "models": [model(m) for m in p.models],
    }


def units() -> dict:
    """The unit registry in its own order; price_key defaults to usage_key as in units.py."""
    return {
        "units": [
            {
                "usage_key": usage_key,
                "price_key": raw.get("price_key", usage_key),
                "per": raw["per"],
                "dimensions": dict(raw.get("dimensions", {})),
            }
            for usage_key, raw in unit_data.items()
        ]
    }


def newest_start_date() -> str:
    """The date the data is current to: the latest price start date anywhere in it."""
    dates = []
    for p in providers:
        for m in p.models:
            conditions = [] if isinstance(m.prices, gp.ModelPrice) else list(m.prices)
            conditions += m.price_variants or []
            dates += [c.constraint.start_date for c in conditions if isinstance(c.constraint, gp.StartDateConstraint)]
    return max(dates).isoformat()


def generate() -> dict[str, str]:
    """All generated files as {path relative to pricing/: text}."""
    if genai_prices.__version__ != PINNED_VERSION:
        sys.exit(f"error: genai-prices {PINNED_VERSION} is required, found {genai_prices.__version__}")
    ids = [p.id for p in providers]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate provider ids")
    files = {
        "units.json": dump(units()),
        "catalogue.json": dump(
            {
                "source": "genai-prices",
                "version": PINNED_VERSION,
                "licence": "MIT",
                "prices_as_of": newest_start_date(),
                "providers": ids,
            }
        ),
    }
    for p in providers:
        files[f"providers/{p.id}.json"] = dump(provider(p))
    return files


def committed_files() -> dict[str, str]:
    """What is on disk now, limited to the paths this script owns."""
    paths = [PRICING_DIR / "units.json", PRICING_DIR / "catalogue.json", *PRICING_DIR.glob("providers/*.json")]
    return {
        path.relative_to(PRICING_DIR).as_posix(): path.read_text(encoding="utf-8") for path in paths if path.is_file()
    }


def check(expected: dict[str, str]) -> int:
    actual = committed_files()
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(path for path in expected.keys() & actual.keys() if expected[path] != actual[path])
    for label, paths in (("missing", missing), ("extra", extra), ("changed", changed)):
        for path in paths:
            print(f"{label}: pricing/{path}")
    if missing or extra or changed:
        print(
            f"pricing catalogue is stale ({len(missing)} missing, {len(extra)} extra, {len(changed)} changed); "
            "run: python3 pricing/convert.py",
            file=sys.stderr,
        )
        return 1
    print(f"pricing catalogue is up to date ({len(expected)} files, genai-prices {PINNED_VERSION})")
    return 0


def write(files: dict[str, str]) -> None:
    (PRICING_DIR / "providers").mkdir(exist_ok=True)
    for stale in committed_files().keys() - files.keys():
        (PRICING_DIR / stale).unlink()
    for path, text in files.items():
        (PRICING_DIR / path).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(files)} files under {PRICING_DIR}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()
    files = generate()
    if args.check:
        return check(files)
    write(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
