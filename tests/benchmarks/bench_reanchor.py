"""Benchmark: re-anchoring 1,000 annotations after a new version of a report.

Run: python tests/benchmarks/bench_reanchor.py
Builds a ~130k-character report from the seeds, places 1,000 annotations,
edits the text (insertions, deletions, in-span edits) and times reanchor().
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.anchors import make_anchor, reanchor  # noqa: E402
from desktop.text import canonical_text  # noqa: E402


def main() -> None:
    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    base = canonical_text(
        line for _ in range(3) for p in seeds for line in p.read_text(encoding="utf-8").split("\n")
    )
    rng = random.Random(1)
    anchors = []
    for _ in range(1000):
        s = rng.randrange(0, len(base) - 40)
        anchors.append(make_anchor(base, s, s + rng.randint(6, 40)))
    # A new version: 200 random edits (insert, delete, replace) anywhere.
    new = base
    for _ in range(200):
        pos = rng.randrange(len(new) - 10)
        op = rng.choice(["ins", "del", "rep"])
        if op == "ins":
            new = new[:pos] + "新增内容" + new[pos:]
        elif op == "del":
            new = new[:pos] + new[pos + 3:]
        else:
            new = new[:pos] + "改" + new[pos + 1:]
    t0 = time.perf_counter()
    placed = reanchor(base, new, anchors)
    dt = time.perf_counter() - t0
    orphans = sum(p is None for p in placed)
    print(f"text {len(base)} chars, 1000 annotations, 200 edits: {dt * 1000:.0f} ms, "
          f"{orphans} orphans")
    t0 = time.perf_counter()
    reanchor(base, base, anchors)
    print(f"unchanged text: {(time.perf_counter() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
