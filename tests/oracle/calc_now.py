#!/usr/bin/env python3
"""Price usages with genai-prices itself, the independent oracle for the browser tests.

Reads JSON lines in the `llm-cost price` input format on stdin and writes one JSON line
per input line, in order, in the `llm-cost price` output format:

    {"total_usd": "0.13", "input_usd": "0.08", "output_usd": "0.05", "provider": "openai", "model": "gpt-5"}

or {"error": "..."} for a line that cannot be priced. `timestamp` defaults to now (UTC),
matching the page, which prices at today's prices. Decimals are written with
format(d, "f") so they never use exponent notation.

Run with the oracle venv: .venv-oracle/bin/python tests/oracle/calc_now.py
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from decimal import Decimal

from genai_prices import Usage, calc_price

USAGE_FIELDS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")


def plain(d: Decimal) -> str:
    return format(d, "f")


def price(request: dict) -> dict:
    usage = Usage(**{k: request[k] for k in USAGE_FIELDS if request.get(k) is not None})
    stamp = request.get("timestamp")
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else datetime.now(timezone.utc)
    calc = calc_price(
        usage,
        request["model"],
        provider_id=request.get("provider"),
        genai_request_timestamp=when,
        price_context=request.get("price_context"),
    )
    return {
        "total_usd": plain(calc.total_price),
        "input_usd": plain(calc.input_price),
        "output_usd": plain(calc.output_price),
        "provider": calc.provider.id,
        "model": calc.model.id,
    }


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = price(json.loads(line))
        except Exception as err:  # one bad line must not stop the others
            answer = {"error": f"{type(err).__name__}: {err}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
