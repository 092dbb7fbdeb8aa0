"""``agreement [--json] PROJECT [--doc ID] [--reviewers A,B,...]``: how far reviewers agree.

Per tag (举措, 数据, 不足): Cohen's κ (exactly two reviewers), Krippendorff's α
(nominal, two or more) and the raw agreement, with each character of the
reports all compared reviewers annotated as a unit (see
desktop.analysis.agreement, whose convention sentence is printed too); then
the same per report. The project is read through a snapshot, so it is never
changed. ``--json`` prints ``{"measure": {"kappa", "alpha", "agreement",
"units"}, "figure": {…}, "weakness": {…}, "reviewers": [...], "unit":
"character", "units", "convention", "documents": [{"doc_id", "title",
"units", "measure": {…}, …}], "excluded": [doc ids], "scores": …}``; a figure
that is undefined is null with a ``kappa_reason``/``alpha_reason``.
``scores`` (two reviewers only, else absent) lists per report and criterion
both reviewers' points and A − B.

Bad input gives one ``error: <kind>: <message>`` line and exit status 2: a
missing file or one that is no project (``project``/``corrupt_project``), an
unknown ``--doc`` (``document``), an unknown reviewer or fewer than two
reviewers with annotations (``reviewer``).
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.analysis.agreement import (
    CONVENTION,
    UNIT,
    Agreement,
    DocumentSpans,
    Figures,
    agreement,
    reviewers_of,
    round_spans,
    score_differences,
)
from desktop.commands import fail, say
from desktop.errors import ReviewDeskError
from desktop.tags import TAG_VALUES, tag

UNSIGNED = "（未署名）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（.rdproj）")
    parser.add_argument("--doc", type=int, metavar="ID", help="只计算这一份报告（报告编号）")
    parser.add_argument("--reviewers", metavar="A,B,...",
                        help="只比较这些评阅人（逗号分隔；默认为全部有标注的评阅人）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def reviewer_label(key: str) -> str:
    return key or UNSIGNED


def project_spans(project, doc_ids=None) -> list[DocumentSpans]:
    """Each report's length and each reviewer's placed spans, read through the store in bulk."""
    titles = {i.id: i.title or "" for i in project.documents() if doc_ids is None or i.id in doc_ids}
    only = next(iter(doc_ids)) if doc_ids is not None and len(doc_ids) == 1 else None
    return round_spans(titles, project.text_lengths(), project.reviewer_spans(only))


def project_scores(project, doc_ids, a: str, b: str) -> list[dict]:
    criteria = project.criteria()
    out = []
    for doc_id in doc_ids:
        mine: dict[str, dict[str, float | None]] = {a: {}, b: {}}
        for s in project.scores(doc_id):
            if s.reviewer in mine:
                mine[s.reviewer][s.criterion_id] = s.points
        out.append({"doc_id": doc_id,
                    "criteria": [d.to_json() for d in score_differences(mine[a], mine[b], criteria)]})
    return out


def _chosen(args: argparse.Namespace, docs: list[DocumentSpans]) -> list[str]:
    known = reviewers_of(docs)
    if args.reviewers is None:
        chosen = known
    else:
        chosen = [r.strip() for r in args.reviewers.split(",") if r.strip()]
        unknown = [r for r in chosen if r not in known]
        if unknown:
            raise ReviewDeskError(f"没有这位评阅人的标注：{'、'.join(unknown)}（有标注的评阅人："
                                  f"{'、'.join(reviewer_label(r) for r in known) or '无'}）", kind="reviewer")
        chosen = list(dict.fromkeys(chosen))
    if len(chosen) < 2:
        raise ReviewDeskError(f"至少需要两位有标注的评阅人才能计算一致性，现有 {len(chosen)} 位"
                              + (f"（{'、'.join(reviewer_label(r) for r in chosen)}）" if chosen else ""),
                              kind="reviewer")
    return chosen


def run(args: argparse.Namespace) -> int:
    from desktop.export.snapshot import snapshot

    try:
        with snapshot(args.project) as project:
            if args.doc is not None and project.document_info(args.doc) is None:
                raise ReviewDeskError(f"项目中没有编号为 {args.doc} 的报告", kind="document")
            docs = project_spans(project, None if args.doc is None else {args.doc})
            chosen = _chosen(args, docs)
            result = agreement(docs, chosen)
            scores = (project_scores(project, [d.doc_id for d in result.documents], chosen[0], chosen[1])
                      if len(chosen) == 2 else None)
    except ReviewDeskError as exc:
        return fail(exc)
    if args.json:
        json.dump(to_json(result, scores), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_plain(result, scores)
    return 0


def to_json(result: Agreement, scores: list[dict] | None = None) -> dict:
    out: dict = {t: f.to_json() for t, f in result.tags.items()}
    out.update({"reviewers": list(result.reviewers), "unit": UNIT, "units": result.units,
                "convention": CONVENTION,
                "documents": [d.to_json() for d in result.documents], "excluded": result.excluded})
    if scores is not None:
        out["scores"] = scores
    return out


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _row(name: str, f: Figures) -> str:
    return (f"  {name}  κ {_number(f.kappa):>6}  α {_number(f.alpha):>6}  一致率 {_number(f.agreement):>6}"
            f"  字数 {f.units:>9,}")


def _print_plain(result: Agreement, scores: list[dict] | None) -> None:
    say(f"评阅人：{'、'.join(reviewer_label(r) for r in result.reviewers)}；"
        f"比较 {len(result.documents)} 份报告、{result.units} 个字")
    if result.excluded:
        say(f"未计入（并非每位评阅人都标注过）：报告 {'、'.join(str(d) for d in result.excluded)}")
    say("全部报告：")
    for t in TAG_VALUES:
        say(_row(tag(t).label, result.tags[t]))
    reasons = sorted({r for f in result.tags.values() for r in (f.kappa_reason, f.alpha_reason) if r})
    for reason in reasons:
        say(f"  “—”表示无定义：{reason}")
    for d in result.documents:
        say(f"报告 {d.doc_id} {d.title}".rstrip() + "：")
        for t in TAG_VALUES:
            say(_row(tag(t).label, d.tags[t]))
    if scores:
        a, b = (reviewer_label(r) for r in result.reviewers)
        for doc in scores:
            differing = [c for c in doc["criteria"] if c["points_a"] != c["points_b"]]
            if differing:
                say(f"报告 {doc['doc_id']} 评分差异（{a} − {b}）：")
                for c in differing:
                    diff = "—" if c["difference"] is None else f"{c['difference']:+g}"
                    say(f"  {c['title']}：{_points(c['points_a'])} / {_points(c['points_b'])}，差 {diff}")
    say(CONVENTION)


def _points(value: float | None) -> str:
    return "未评分" if value is None else f"{value:g}"
