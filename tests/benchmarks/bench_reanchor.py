"""Benchmark: re-anchoring 1,000 annotations when a 1,000,000-character report is replaced.

Run: python tests/benchmarks/bench_reanchor.py   (run it three times; report min/median)

Builds a 1M-character report from the seeds (as bench_review_loop does), places
1,000 annotations, and times ``reanchor()`` against four new versions:

* ``start_ms``: one paragraph inserted near the start (every annotation moves);
* ``middle_ms``: one paragraph in the middle rewritten;
* ``scattered_ms``: 200 random small edits (insert, delete, replace) anywhere;
* ``unchanged_ms``: the same text again;
* ``every_line_ms``: every 。 turned into ；, so no line is left equal (the
  diff's worst case: the whole middle is one changed region).

Prints one JSON line; ``reanchor_1000_on_1M_ms`` is the slowest of the three
edited versions, the figure of the issue's table (goal ≤ 100 ms). Not a test.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.anchors import make_anchor, reanchor  # noqa: E402
from desktop.text import canonical_text  # noqa: E402

CHARS, N_ANNOTATIONS, N_SCATTERED = 1_000_000, 1000, 200


def big_report() -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    big = ""
    while len(big) < CHARS * 1.05:  # canonical text drops blank lines and outer spaces
        big += "\n".join(seeds) + "\n"
    return canonical_text(big.split("\n"))[:CHARS].rstrip()


def versions(base: str, rng: random.Random) -> dict[str, str]:
    near_start = base.index("\n", 2000) + 1
    middle = base.index("\n", len(base) // 2) + 1
    middle_end = base.index("\n", middle)
    scattered = base
    for _ in range(N_SCATTERED):
        pos = rng.randrange(len(scattered) - 10)
        op = rng.choice(["ins", "del", "rep"])
        if op == "ins":
            scattered = scattered[:pos] + "新增内容" + scattered[pos:]
        elif op == "del":
            scattered = scattered[:pos] + scattered[pos + 3:]
        else:
            scattered = scattered[:pos] + "改" + scattered[pos + 1:]
    return {
        "start": base[:near_start] + "新增一段：本报告按照上级要求补充了有关情况说明。\n" + base[near_start:],
        "middle": base[:middle] + "本段在新版本中全部改写，内容与原文不同。" + base[middle_end:],
        "scattered": scattered,
        "unchanged": base,
        "every_line": base.replace("。", "；"),
    }


def measure() -> dict[str, float | int]:
    base = big_report()
    rng = random.Random(1)
    anchors = []
    for _ in range(N_ANNOTATIONS):
        s = rng.randrange(0, len(base) - 40)
        anchors.append(make_anchor(base, s, s + rng.randint(6, 40)))
    out: dict[str, float | int] = {"bench": "reanchor", "chars": len(base), "annotations": len(anchors)}
    for name, new in versions(base, rng).items():
        t0 = time.perf_counter()
        placed = reanchor(base, new, anchors)
        out[f"{name}_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out[f"{name}_orphans"] = sum(p is None for p in placed)
    out["reanchor_1000_on_1M_ms"] = max(out["start_ms"], out["middle_ms"], out["scattered_ms"])
    return out


def main() -> None:
    print(json.dumps(measure(), ensure_ascii=False))


if __name__ == "__main__":
    main()
