"""Speed of merging reviewers' projects (issue 14): goal ≤ 5 s for merging
three 40-report projects into a fourth.

Builds a panel from the five seeds: 40 reports of about 25,000 characters
(each two or three seeds with shuffled paragraphs and changed figures, so
all 40 differ); four reviewers' projects hold all 40 (the first only 30) under their own
titles and file names, each reviewer with about 60 annotations and a score per
criterion on every report (2,400 annotations, 360 scores a project). Then
merges the three others into the first, times it (the reading of the
sources and the operation separately; the backup before it too) and merges
them again (nothing comes in: the idempotent path). Prints one line per
figure and a JSON line.

    python tests/benchmarks/bench_merge.py
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.importers.base import ImportedDocument  # noqa: E402
from desktop.store import Project  # noqa: E402
from desktop.store.merge import RegisterReviewer, backup_before_merge, prepare_merge  # noqa: E402
from desktop.text import detect_sections  # noqa: E402

REPORTS = 40
TAGS = ("measure", "figure", "weakness")


def _reports() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(14)
    out = []
    for i in range(REPORTS):
        paras = [p for s in rng.sample(seeds, 2 + i % 2) for p in s.split("\n") if p.strip()]
        head, body = paras[:3], paras[3:]
        rng.shuffle(body)
        text = "\n".join(head + body)
        out.append(re.sub(r"\d+", lambda m, k=i: str(int(m.group(0)) + k), text))
    return out


def _project(path: Path, reports: list[str], reviewer: str, seed: int) -> None:
    rng = random.Random(seed)
    with Project(path) as p:
        key = p.run(RegisterReviewer(reviewer, f"pc-{seed}")).result
        order = list(range(len(reports)))
        rng.shuffle(order)
        crits = [c.id for c in p.criteria()]
        for i in order:
            text = reports[i]
            doc = p.import_document(ImportedDocument(f"{reviewer}的第{i}份", f"报告{i}.txt", f"s{seed}-{i}", "txt",
                                                     text, detect_sections(text))).doc_id
            for _ in range(60):
                start = rng.randrange(0, len(text) - 40)
                p.add_annotation(doc, start, start + rng.randrange(5, 40), rng.choice(TAGS), reviewer=key)
            for c in crits:
                p.set_score(doc, c, key, points=rng.randrange(0, 5))


def main() -> int:
    reports = _reports()
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        paths = [Path(tmp) / f"评阅人{i}.rdproj" for i in range(4)]
        t = time.perf_counter()
        for i, path in enumerate(paths):
            # the target lacks 10 reports the others read: those come in whole
            _project(path, reports[:30] if i == 0 else reports, f"评阅人{i}", i)
        build = time.perf_counter() - t
        figures: dict[str, float] = {"build_s": round(build, 1)}
        with Project(paths[0]) as target:
            for label in ("merge", "merge_again"):
                t0 = time.perf_counter()
                op = prepare_merge(target, paths[1:])
                t1 = time.perf_counter()
                backup_before_merge(target)
                t2 = time.perf_counter()
                result = target.run(op).result
                t3 = time.perf_counter()
                figures[f"{label}_read_s"] = round(t1 - t0, 3)
                figures[f"{label}_backup_s"] = round(t2 - t1, 3)
                figures[f"{label}_run_s"] = round(t3 - t2, 3)
                figures[f"{label}_total_s"] = round(t3 - t0, 3)
                figures[f"{label}_annotations_added"] = sum(s.annotations_added for s in result)
                figures[f"{label}_documents_added"] = sum(s.documents_added for s in result)
            figures["documents"] = len(target.documents())
            figures["annotations"] = sum(target.tag_counts().values())
        size = paths[0].stat().st_size
        figures["target_mb"] = round(size / 1e6, 1)
    for k, v in figures.items():
        print(f"{k:32} {v}")
    ok = figures["merge_total_s"] <= 5.0
    print(json.dumps({"bench": "merge", **figures, "goal_s": 5.0, "ok": ok}, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
