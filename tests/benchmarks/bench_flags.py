"""Speed of the quality flags (issue 13): goals ≤ 2 s for a 1,000,000-character
report and ≤ 5 s for a 40-report round, ``copied`` across the round included.

Builds its inputs from the five seeds: the long report is the seeds' canonical
texts repeated (each copy with its figures changed) to 1,000,000 characters;
the round is 40 reports of about 25,000 characters, each made of two or three
seeds with shuffled paragraphs, changed figures and some placeholders, so
stock paragraphs recur across the round; a second round also puts one stock
word somewhere in every long paragraph, so no two copies are worded alike. Prints one line per figure (best and
median of three runs) and a JSON line.

    python tests/benchmarks/bench_flags.py
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

from desktop.analysis.flags import flags, round_flags  # noqa: E402
from desktop.importers import import_file  # noqa: E402
from desktop.text import detect_sections  # noqa: E402


def _seeds() -> list[str]:
    return [import_file(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _bump(text: str, k: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + k), text)


def long_report(seeds: list[str], size: int = 1_000_000) -> str:
    parts = []
    total = 0
    k = 0
    while total < size:
        piece = _bump(seeds[k % len(seeds)], k)
        parts.append(piece)
        total += len(piece) + 1
        k += 1
    return "\n".join(parts)[:size].rstrip()


_WORDS = ["认真", "切实", "全面", "扎实", "持续", "进一步", "大力", "积极", "不断", "着力"]


def _reword(line: str, rng: random.Random) -> str:
    """One stock word put somewhere in a long line: every report's wording differs a little."""
    if len(line) < 60:
        return line
    at = rng.randrange(len(line))
    return line[:at] + rng.choice(_WORDS) + line[at:]


def a_round(seeds: list[str], n: int = 40, chars: int = 25_000, reword: bool = False) -> list[str]:
    rng = random.Random(13)
    out = []
    for i in range(n):
        lines: list[str] = []
        k = 0
        while sum(len(x) + 1 for x in lines) < chars:
            src = seeds[(i + k) % len(seeds)].split("\n")
            body = src[1:]
            rng.shuffle(body)
            lines += [_bump(_reword(x, rng) if reword else x, i + k) for x in body]
            k += 1
        if i % 3 == 0:
            lines[5] += "全年开展培训x次，参训XX名。"
        out.append("\n".join([src[0], *lines]))
    return out


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
    big = long_report(seeds)
    sections = detect_sections(big)
    best1, med1, got1 = _time(lambda: flags(big, sections))
    best2, med2, got2 = _time(lambda: flags(big, sections, others=seeds))
    rnd = a_round(seeds)
    best3, med3, got3 = _time(lambda: round_flags(rnd))
    reworded = a_round(seeds, reword=True)
    best4, med4, got4 = _time(lambda: round_flags(reworded))
    copied4 = sum(1 for fl in got4 for f in fl if f.kind == "copied")  # type: ignore[union-attr]
    n_round = sum(len(x) for x in rnd)
    copied = sum(1 for fl in got3 for f in fl if f.kind == "copied")  # type: ignore[union-attr]
    print(f"1M-character report ({len(big):,} chars): best {best1:.2f} s, median {med1:.2f} s, "
          f"{len(got1)} flags (goal ≤ 2 s)")  # type: ignore[arg-type]
    print(f"1M-character report against the 5 seeds: best {best2:.2f} s, median {med2:.2f} s, "
          f"{len(got2)} flags")  # type: ignore[arg-type]
    print(f"40-report round ({n_round:,} chars): best {best3:.2f} s, median {med3:.2f} s, "
          f"{copied} copied paragraphs flagged (goal ≤ 5 s)")
    print(f"40-report round, every copy reworded a little: best {best4:.2f} s, median {med4:.2f} s, "
          f"{copied4} copied paragraphs flagged (goal ≤ 5 s)")
    print(json.dumps({"long_best": round(best1, 3), "long_median": round(med1, 3),
                      "long_vs_seeds_best": round(best2, 3), "round_best": round(best3, 3),
                      "round_median": round(med3, 3), "round_chars": n_round,
                      "reworded_round_best": round(best4, 3), "reworded_round_median": round(med4, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
