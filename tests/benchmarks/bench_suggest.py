"""Benchmark: claim suggestions (issue 13) on a 1,000,000-character report and a 40-report round.

Run: python tests/benchmarks/bench_suggest.py   (run it three times; report min/median)

* ``report_1M_s``: ``suggest()`` on one 1M-character report built from the seeds
  (as bench_reanchor does), outline detection included (goal ≤ 2 s);
* ``round_40_s``: ``suggest()`` on 40 reports, the five seeds in turn, each
  with its outline detected, as a round of a season (goal ≤ 5 s).

Prints one JSON line with the figures and the suggestion counts. Not a test.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.analysis.suggest import suggest  # noqa: E402
from desktop.text import canonical_text  # noqa: E402

CHARS, ROUND = 1_000_000, 40


def seeds() -> list[str]:
    return [canonical_text(p.read_text(encoding="utf-8").splitlines()) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def big_report(texts: list[str]) -> str:
    big = ""
    while len(big) < CHARS * 1.05:
        big += "\n".join(texts) + "\n"
    return canonical_text(big.split("\n"))[:CHARS].rstrip()


def measure() -> dict[str, float | int]:
    texts = seeds()
    big = big_report(texts)
    t0 = time.perf_counter()
    found = suggest(big)
    report_s = time.perf_counter() - t0
    reports = [texts[i % len(texts)] for i in range(ROUND)]
    t0 = time.perf_counter()
    round_found = sum(len(suggest(text)) for text in reports)
    round_s = time.perf_counter() - t0
    return {"bench": "suggest", "chars": len(big), "report_1M_s": round(report_s, 3),
            "report_1M_suggestions": len(found), "round_reports": ROUND,
            "round_chars": sum(map(len, reports)), "round_40_s": round(round_s, 3),
            "round_suggestions": round_found}


def main() -> None:
    print(json.dumps(measure(), ensure_ascii=False))


if __name__ == "__main__":
    main()
