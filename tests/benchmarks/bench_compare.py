"""Speed of the year-on-year comparison (issue 14): goal ≤ 1 s for two
100,000-character reports.

The earlier report is the five seeds' paragraphs, over and over, each copy
with its figures changed and a stock word put somewhere in every long
paragraph (so no two copies are worded alike and the 3-gram index has long
posting lists, as in a real round), cut at 100,000 characters. The later one
carries 60% of its paragraphs over (new figures, stray spaces), rewords 20%
(a third replaced), and makes the rest new (paragraphs of the earlier one
with their characters shuffled), moving some, to about 100,000 characters.
Also two unrelated reports (seeds 000–002 against 003–004, each repeated to
100,000 characters), where every paragraph goes through its candidates.
Prints one line per figure (best and median of three runs) and a JSON line.

    python tests/benchmarks/bench_compare.py
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.analysis.compare import compare, repeated_share  # noqa: E402
from desktop.importers import import_file  # noqa: E402

_WORDS = ["认真", "切实", "全面", "扎实", "持续", "进一步", "大力", "积极", "不断", "着力"]


def _seeds() -> list[str]:
    return [import_file(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _bump(text: str, k: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + k), text)


def _reword(line: str, rng: random.Random) -> str:
    if len(line) < 60:
        return line
    at = rng.randrange(len(line))
    return line[:at] + rng.choice(_WORDS) + line[at:]


def earlier_report(seeds: list[str], size: int = 100_000) -> str:
    rng = random.Random(14)
    lines: list[str] = []
    total, k = 0, 0
    while total < size:
        for line in _bump(seeds[k % len(seeds)], k).split("\n"):
            line = _reword(line, rng)
            lines.append(line)
            total += len(line) + 1
        k += 1
    return "\n".join(lines)[:size].rstrip()


def later_report(earlier: str) -> tuple[str, int]:
    """The next year's report (about as long) and how many of its paragraphs were carried over."""
    rng = random.Random(15)
    out: list[str] = []
    carried = 0
    for p in (p for p in earlier.split("\n") if p.strip()):
        r = rng.random()
        if r < 0.6:
            out.append(_bump(p, 1) if rng.random() < 0.5 else p.replace("，", "， ", 1))
            carried += 1
        elif r < 0.8 and len(p) >= 30:
            cut = len(p) // 3
            at = rng.randrange(0, len(p) - cut)
            out.append(p[:at] + "".join(rng.sample(p, cut)) + p[at + cut:])
        else:
            chars = list(p)
            rng.shuffle(chars)
            out.append("".join(chars))
    for _ in range(len(out) // 20):  # some paragraphs moved
        i, j = rng.sample(range(len(out)), 2)
        out[i], out[j] = out[j], out[i]
    return "\n".join(out), carried


def _time(fn, runs: int = 3) -> tuple[float, float, object]:
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), result


def main() -> int:
    seeds = _seeds()
    earlier = earlier_report(seeds)
    later, carried = later_report(earlier)
    best, med, got = _time(lambda: compare(earlier, later))
    result = got  # type: ignore[assignment]
    share = repeated_share(result, later)  # type: ignore[arg-type]
    n_paras = len(result.items)  # type: ignore[attr-defined]
    print(f"two reports ({len(earlier):,} and {len(later):,} chars, {n_paras} paragraphs in the later): "
          f"best {best:.3f} s, median {med:.3f} s (goal ≤ 1 s); "
          f"沿用 {len(result.repeated)} (planted {carried}) / 修改 {len(result.changed)} / "  # type: ignore[attr-defined]
          f"新增 {len(result.new)}, share {share:.0%}")  # type: ignore[attr-defined]
    # The slow case: two reports with little in common (every paragraph goes to its candidates).
    one, other = earlier_report(seeds[:3]), earlier_report(seeds[3:])
    best2, med2, got2 = _time(lambda: compare(one, other))
    print(f"two unrelated reports ({len(one):,} and {len(other):,} chars): best {best2:.3f} s, "
          f"median {med2:.3f} s (goal ≤ 1 s); 新增 {len(got2.new)} of {len(got2.items)}")  # type: ignore[attr-defined]
    print(json.dumps({"best": round(best, 3), "median": round(med, 3), "earlier_chars": len(earlier),
                      "later_chars": len(later), "paragraphs": n_paras,
                      "repeated": len(result.repeated), "planted_repeated": carried,  # type: ignore[attr-defined]
                      "unrelated_best": round(best2, 3), "unrelated_median": round(med2, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
