"""Speed of reviewer agreement (issue 14): κ/α/raw agreement of a round of 40 reports of
about 30,000 characters, each annotated by three reviewers with about 200 spans.

Measures (best and median of five runs):

* ``core``: desktop.analysis.agreement.agreement() on the spans alone, three
  reviewers and each pair of two (κ only exists for two);
* ``project``: reading the spans through the store (a project holding the same
  round, as the command and the 一致性 view do) plus the computation;
* ``differences``: differences() of two reviewers on each of the 40 reports.

Prints one line per figure and a JSON line. The project is built in a
temporary folder first (a few seconds).

    python tests/benchmarks/bench_agreement.py
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.analysis.agreement import DocumentSpans, agreement, differences  # noqa: E402
from desktop.commands.agreement import project_spans  # noqa: E402
from desktop.importers.base import ImportedDocument  # noqa: E402
from desktop.store import Project  # noqa: E402
from desktop.store import operations as ops  # noqa: E402
from desktop.text import detect_sections  # noqa: E402

REPORTS, CHARS, REVIEWERS, SPANS = 40, 30_000, ("张三", "李四", "王五"), 200
TAGS = ("measure", "figure", "weakness")


def _text(i: int, rng: random.Random) -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    lines: list[str] = []
    k = 0
    while sum(len(x) + 1 for x in lines) < CHARS:
        body = [ln.strip() for ln in seeds[(i + k) % len(seeds)].splitlines() if ln.strip()]
        rng.shuffle(body)
        lines += [f"{x}（{i}-{k}）" for x in body]
        k += 1
    return f"第{i}号单位2024年度法治政府建设情况报告\n" + "\n".join(lines)[:CHARS]


def build(rng: random.Random) -> tuple[list[str], list[DocumentSpans]]:
    texts, docs = [], []
    for i in range(REPORTS):
        text = _text(i, rng)
        # shared "true" spans each reviewer follows with jitter, misses and extras
        truth = [(rng.choice(TAGS), s, s + rng.randint(12, 120)) for s in
                 sorted(rng.randrange(len(text) - 130) for _ in range(SPANS))]
        spans = {}
        for r in REVIEWERS:
            mine = []
            for tag, s, e in truth:
                if rng.random() < 0.15:
                    continue
                tag = tag if rng.random() > 0.1 else rng.choice(TAGS)
                mine.append((tag, max(0, s + rng.randint(-5, 5)), min(len(text), e + rng.randint(-5, 5))))
            while len(mine) < SPANS:
                s = rng.randrange(len(text) - 60)
                mine.append((rng.choice(TAGS), s, s + rng.randint(5, 60)))
            spans[r] = mine
        texts.append(text)
        docs.append(DocumentSpans(i + 1, f"报告{i}", len(text), spans))
    return texts, docs


def _time(fn, runs: int = 5) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), result


def main() -> int:
    rng = random.Random(14)
    texts, docs = build(rng)
    n_chars = sum(len(t) for t in texts)
    n_spans = sum(len(v) for d in docs for v in d.spans.values())
    core3 = _time(lambda: agreement(docs))
    core2 = _time(lambda: [agreement(docs, pair) for pair in itertools.combinations(REVIEWERS, 2)])
    diffs = _time(lambda: [differences(t, d.spans["张三"], d.spans["李四"]) for t, d in zip(texts, docs)])
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with Project(Path(tmp) / "bench.rdproj", backup=False) as p:
            for text, d in zip(texts, docs):
                doc_id = p.import_document(ImportedDocument(d.title, f"{d.doc_id}.txt", f"sha{d.doc_id}", "txt",
                                                            text, detect_sections(text)), detect=False).doc_id
                p.run(ops.AddAnnotations(tuple(ops.NewAnnotation(doc_id, s, e, tag, "", r)
                                               for r, spans in d.spans.items() for tag, s, e in spans)))
            built = time.perf_counter() - t0
            via = _time(lambda: agreement(project_spans(p)))
    result3 = core3[2]
    print(f"round: {REPORTS} reports, {n_chars:,} characters, {len(REVIEWERS)} reviewers, {n_spans:,} spans "
          f"(project built in {built:.1f} s)", file=sys.stderr)
    print(f"core, three reviewers: best {core3[0] * 1000:.0f} ms, median {core3[1] * 1000:.0f} ms "
          f"(α measure {result3.tags['measure'].alpha:.3f})")  # type: ignore[attr-defined]
    print(f"core, each of the three pairs: best {core2[0] * 1000:.0f} ms, median {core2[1] * 1000:.0f} ms")
    print(f"read through the store + compute: best {via[0] * 1000:.0f} ms, median {via[1] * 1000:.0f} ms")
    print(f"differences() of two reviewers on 40 reports: best {diffs[0] * 1000:.0f} ms, "
          f"median {diffs[1] * 1000:.0f} ms")
    print(json.dumps({"reports": REPORTS, "chars": n_chars, "spans": n_spans,
                      "core3_best_s": round(core3[0], 4), "core3_median_s": round(core3[1], 4),
                      "pairs_best_s": round(core2[0], 4), "pairs_median_s": round(core2[1], 4),
                      "project_best_s": round(via[0], 4), "project_median_s": round(via[1], 4),
                      "differences_best_s": round(diffs[0], 4), "differences_median_s": round(diffs[1], 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
