"""How well the quality flags find problems planted into the five seed reports.

For each seed and each flag kind, a copy of the seed's canonical text gets
problems of that kind planted programmatically (template placeholders in
measure paragraphs, near-miss titles of national rules, paragraphs copied from
another seed with the unit's name swapped and figures changed, a year that is
not the report's, a shortcomings part without causes, next-year plans about
something else). A planted problem counts as found when a flag of its kind
overlaps its span. Untouched seeds are flagged too: the goal is ≥ 95 % found
and ≤ 3 flags on each untouched seed. ``copied`` compares each copy with the
other four untouched seeds (one round).

    python scripts/eval_flags.py          # figures per kind, and per untouched seed
    python scripts/eval_flags.py --json   # the same as one JSON object
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.analysis.flags import KINDS, Flag, _part_spans, flags  # noqa: E402
from desktop.analysis.metadata import detect_unit, detect_year  # noqa: E402
from desktop.importers import import_file  # noqa: E402
from desktop.text import detect_sections, guess_title, line_spans  # noqa: E402

SEEDS = ROOT / "seeds"

PLACEHOLDERS = [
    "全年共开展法治培训x次。", "参训干部达XX名。", "办理行政复议案件*件。", "组织××村开展普法活动。",
    "于20xx年完成清理工作。", "发放宣传资料【】份。", "聘请□□律师事务所担任法律顾问。", "某某单位被评为先进集体。",
    "于××××年××月××日召开专题会议。", "【单位名称】高度重视法治建设。", "行政复议纠错率为x%。",
]
WRONG_TITLES = [
    "党政主要负责人履行推进法治政府建设第一责任人职责规定",
    "法治政府建设与责任落实督查工作规定",
    "法治政府建设实施纲要（2021－2024年）",
    "重大行政决策程序暂行规定",
    "中华人民共和国政府信息公开条列",
    "优化营商环境办法条例",
]
WEAKNESS_NO_CAUSE = ("一是法治宣传形式较为单一，覆盖面不广。二是行政执法人员力量不足，业务水平有待提高。"
                     "三是合法性审查工作还不够规范，审查质量有待提升。")
UNRELATED_PLAN = ("一是加快城乡环境整治，持续改善人居环境。二是大力招商引资，推动特色产业发展壮大。"
                  "三是抓好防汛抗旱和森林防火，确保安全度汛。四是推进重点项目建设，扩大有效投资。")


def seed_texts() -> list[tuple[str, str]]:
    """(name, canonical text) of each seed, as ``extract`` prints it."""
    return [(p.name, import_file(p).text) for p in sorted(SEEDS.glob("*.txt"))]


def _measure_lines(text: str) -> list[tuple[int, int]]:
    """Long lines of the measures part, where planted sentences go."""
    parts = _part_spans(text, detect_sections(text))
    lo = parts["measures"][1] if "measures" in parts else 0
    hi = min([v[0] for k, v in parts.items() if k != "measures" and v[0] > lo] or [len(text)])
    lines = [(s, e) for s, e in line_spans(text) if lo <= s and e <= hi and e - s >= 60]
    return lines or [(s, e) for s, e in line_spans(text) if e - s >= 60]


def _insert(text: str, items: list[str], *, as_lines: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """Inserts each item at the end of a different measure line; returns the text and their spans."""
    lines = _measure_lines(text)
    step = max(1, len(lines) // (len(items) + 1))
    points = [lines[min(len(lines) - 1, (i + 1) * step)][1] for i in range(len(items))]
    spans = []
    out = text
    shift = 0
    for at, item in sorted(zip(points, items), key=lambda p: p[0]):
        piece = ("\n" + item) if as_lines else item
        pos = at + shift
        out = out[:pos] + piece + out[pos:]
        start = pos + (1 if as_lines else 0)
        spans.append((start, start + len(item)))
        shift += len(piece)
    return out, spans


def _replace_body(text: str, key: str, body: str) -> tuple[str, list[tuple[int, int]]] | None:
    parts = _part_spans(text, detect_sections(text))
    if key not in parts:
        return None
    head, _body, end = parts[key]
    nl = text.find("\n", head)
    if nl < 0 or nl >= end:
        return None  # the heading runs into its body: nothing to replace cleanly
    rest = text[end:].lstrip("\n")
    new = text[:nl + 1] + body + ("\n" + rest if rest else "")
    return new, [(head, head + 1)]


def plant(kind: str, i: int, seeds: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]] | None:
    """A copy of seed ``i`` with problems of ``kind`` planted, and their spans (None: not plantable)."""
    text = seeds[i][1]
    year = detect_year(guess_title(text), text) or 2024
    if kind == "placeholder":
        return _insert(text, PLACEHOLDERS)
    if kind == "wrong_title":
        picks = [WRONG_TITLES[(i + k) % len(WRONG_TITLES)] for k in range(3)]
        return _insert(text, [f"认真贯彻落实《{t}》。" for t in picks])
    if kind == "copied":
        unit = detect_unit(guess_title(text), text) or "我镇"
        items = []
        for k in (1, 2, 3):
            src = seeds[(i + k) % len(seeds)][1]
            src_unit = detect_unit(guess_title(src), src)
            longs = [src[s:e] for s, e in line_spans(src) if 80 <= e - s <= 400 and not re.match(r"^[一二三四五六七八九十]、", src[s:e])]
            para = longs[(i * 3 + k) % len(longs)]
            if src_unit:
                para = para.replace(src_unit, unit)
            if k == 2:
                para = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 3), para)  # other figures, same wording
            if k == 3:  # one stock word added in the middle: copied, lightly edited
                para = para[:len(para) // 2] + "进一步" + para[len(para) // 2:]
            items.append(para)
        return _insert(text, items, as_lines=True)
    if kind == "year_mismatch":
        return _insert(text, [f"{year - 1}年，我们坚持以习近平法治思想为指导，扎实推进法治政府建设各项工作。",
                              f"本年度（{year + 2}年）共组织开展集中学法活动。"], as_lines=True)
    if kind == "weakness_without_cause":
        return _replace_body(text, "weaknesses", WEAKNESS_NO_CAUSE)
    if kind == "plan_unrelated":
        return _replace_body(text, "next_year", UNRELATED_PLAN)
    raise ValueError(kind)


def _found(spans: list[tuple[int, int]], got: list[Flag], kind: str) -> int:
    return sum(1 for s, e in spans if any(f.kind == kind and f.start < e and s < f.end for f in got))


def measure() -> dict:
    """{"kinds": {kind: {"planted", "found"}}, "untouched": {seed: n flags}, "found_share": x}."""
    seeds = seed_texts()
    untouched = {}
    base = {}
    for i, (name, text) in enumerate(seeds):
        others = [(n, t) for j, (n, t) in enumerate(seeds) if j != i]
        got = flags(text, detect_sections(text), others=others)
        untouched[name] = len(got)
        base[name] = {f.kind for f in got}
    kinds: dict[str, dict[str, int]] = {k: {"planted": 0, "found": 0, "extra": 0} for k in KINDS}
    for kind in KINDS:
        for i, (name, _text) in enumerate(seeds):
            if kind in base[name]:
                continue  # the seed already has this problem: nothing to plant
            planted = plant(kind, i, seeds)
            if planted is None:
                continue
            text, spans = planted
            others = [(n, t) for j, (n, t) in enumerate(seeds) if j != i]
            got = flags(text, detect_sections(text), others=others)
            kinds[kind]["planted"] += len(spans)
            kinds[kind]["found"] += _found(spans, got, kind)
            kinds[kind]["extra"] += sum(1 for f in got if f.kind == kind
                                        and not any(f.start < e and s < f.end for s, e in spans))
    planted_total = sum(v["planted"] for v in kinds.values())
    found_total = sum(v["found"] for v in kinds.values())
    return {"kinds": kinds, "untouched": untouched, "untouched_kinds": {k: sorted(v) for k, v in base.items()},
            "planted": planted_total, "found": found_total,
            "found_share": found_total / planted_total if planted_total else 0.0}


def main(argv: list[str]) -> int:
    result = measure()
    if "--json" in argv:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print("kind                      planted  found  share  extra flags of the kind")
    for kind, v in result["kinds"].items():
        share = v["found"] / v["planted"] if v["planted"] else 0.0
        print(f"{kind:24}  {v['planted']:7}  {v['found']:5}  {share:5.0%}  {v['extra']}")
    print(f"{'all':24}  {result['planted']:7}  {result['found']:5}  {result['found_share']:5.1%}")
    print("flags on the untouched seeds:")
    for name, n in result["untouched"].items():
        print(f"  {name}: {n} {', '.join(result['untouched_kinds'][name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
