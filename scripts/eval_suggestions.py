"""Leave-one-report-out evaluation of desktop.analysis.suggest on the gold annotations.

Run: python scripts/eval_suggestions.py [GOLD_DIR] [--json]

GOLD_DIR (default ../shared/corpus/gold next to the checkout) holds one JSON per
seed report (see its README); the seed texts are in ../seeds beside it. For each
held-out report the one free parameter (the minimum score a suggestion needs) is
chosen on the other two reports, then the held-out report is scored with it.
A suggestion matches a gold claim of the same tag when their overlap covers at
least half of the shorter span; pairs are made one-to-one, largest overlap
first. Prints precision, recall and F1 per tag per held-out report, and the
naive baseline for figures (any number followed by a unit).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.analysis.suggest import naive_figures, suggest  # noqa: E402
from desktop.text import canonical_text  # noqa: E402

TAGS = ("figure", "measure", "weakness")
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8)
DEFAULT_GOLD = ROOT.parent / "shared" / "corpus" / "gold"


def load(gold_dir: Path) -> list[dict]:
    """Each report: name, canonical text, gold claims with offsets."""
    reports = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = (gold_dir.parent / "seeds" / gold["source"]).read_text(encoding="utf-8")
        text = canonical_text(raw.splitlines())
        claims = []
        pos = 0
        for claim in gold["claims"]:
            at = text.find(claim["quote"], pos)
            if at < 0:
                at = text.find(claim["quote"])
            if at < 0:
                raise ValueError(f"{path.name}: quote not found: {claim['quote'][:30]}")
            claims.append((at, at + len(claim["quote"]), claim["tag"]))
            pos = at
        reports.append({"name": path.stem, "text": text, "claims": claims})
    return reports


def match(pred: list[tuple[int, int]], gold: list[tuple[int, int]], *, longer: bool = False) -> int:
    """Number of one-to-one matches (greedy, largest overlap first)."""
    pairs = []
    for i, (ps, pe) in enumerate(pred):
        for j, (gs, ge) in enumerate(gold):
            ov = min(pe, ge) - max(ps, gs)
            if ov <= 0:
                continue
            need = max(pe - ps, ge - gs) if longer else min(pe - ps, ge - gs)
            if ov * 2 >= need:
                pairs.append((ov, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _ov, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def prf(n_pred: int, n_gold: int, hits: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(report: dict, tag: str, threshold: float, *, longer: bool = False) -> tuple[int, int, int]:
    pred = [(s.start, s.end) for s in report["suggestions"] if s.tag == tag and s.score >= threshold]
    gold = [(a, b) for a, b, t in report["claims"] if t == tag]
    return len(pred), len(gold), match(pred, gold, longer=longer)


def f1_of(reports: list[dict], tag: str, threshold: float) -> float:
    n_p = n_g = hits = 0
    for r in reports:
        a, b, c = score(r, tag, threshold)
        n_p, n_g, hits = n_p + a, n_g + b, hits + c
    return prf(n_p, n_g, hits)[2]


def evaluate(gold_dir: Path = DEFAULT_GOLD) -> list[dict]:
    """One row per held-out report and tag (plus the naive figure baseline)."""
    reports = load(gold_dir)
    for r in reports:
        r["suggestions"] = suggest(r["text"], min_score=0.0)
    rows = []
    for held in reports:
        train = [r for r in reports if r is not held]
        for tag in TAGS:
            best = max(THRESHOLDS, key=lambda t: (f1_of(train, tag, t), -t))
            n_p, n_g, hits = score(held, tag, best)
            p, r, f = prf(n_p, n_g, hits)
            _, _, hl = score(held, tag, best, longer=True)
            rows.append({"report": held["name"], "tag": tag, "threshold": best, "suggested": n_p, "gold": n_g,
                         "matched": hits, "precision": p, "recall": r, "f1": f,
                         "f1_half_of_longer": prf(n_p, n_g, hl)[2]})
        naive = naive_figures(held["text"])
        gold = [(a, b) for a, b, t in held["claims"] if t == "figure"]
        hits = match(naive, gold)
        p, r, f = prf(len(naive), len(gold), hits)
        rows.append({"report": held["name"], "tag": "figure(naive)", "threshold": None, "suggested": len(naive),
                     "gold": len(gold), "matched": hits, "precision": p, "recall": r, "f1": f,
                     "f1_half_of_longer": prf(len(naive), len(gold), match(naive, gold, longer=True))[2]})
    return rows


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    gold_dir = Path(args[0]) if args else DEFAULT_GOLD
    rows = evaluate(gold_dir)
    if "--json" in argv:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'held-out report':<24}{'tag':<15}{'thr':>5}{'sugg':>6}{'gold':>6}{'hit':>5}"
          f"{'P':>7}{'R':>7}{'F1':>7}{'F1(longer)':>12}")
    for row in rows:
        thr = "" if row["threshold"] is None else f"{row['threshold']:.1f}"
        print(f"{row['report']:<24}{row['tag']:<15}{thr:>5}{row['suggested']:>6}{row['gold']:>6}{row['matched']:>5}"
              f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}{row['f1_half_of_longer']:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
