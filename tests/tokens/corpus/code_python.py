"""Summarise a CSV of API calls by model: written for the token-count corpus."""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Totals:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: Decimal = field(default_factory=Decimal)

    def add(self, row: dict[str, str]) -> None:
        self.calls += 1
        self.input_tokens += int(row["input_tokens"])
        self.output_tokens += int(row["output_tokens"])
        self.cost += Decimal(row["cost_usd"])


def summarise(lines) -> dict[str, Totals]:
    by_model: dict[str, Totals] = defaultdict(Totals)
    for row in csv.DictReader(lines):
        by_model[row["model"]].add(row)
    return dict(by_model)


def main() -> int:
    totals = summarise(sys.stdin)
    width = max((len(m) for m in totals), default=5)
    print(f"{'model':<{width}}  {'calls':>7}  {'in':>10}  {'out':>10}  {'usd':>10}")
    for model, t in sorted(totals.items(), key=lambda kv: -kv[1].cost):
        print(f"{model:<{width}}  {t.calls:>7}  {t.input_tokens:>10}  {t.output_tokens:>10}  {t.cost:>10.4f}")
    return 0 if totals else 1


if __name__ == "__main__":
    raise SystemExit(main())
