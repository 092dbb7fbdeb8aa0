"""The score sheets as header + rows, shared by the .xlsx and .csv writers.

Three tables come from one :class:`RoundData`:

- the score sheet (:func:`headers`, :func:`rows`): one row per report, the
  points (reviewers' mean), total, tag counts, completeness and rank;
- each reviewer's own points (:func:`reviewer_rows`), one row per report and
  reviewer;
- the evidence (:func:`evidence_rows`), one row per quote linked to a criterion.

Ranks are competition ranks (1, 1, 3), as 评比 results are usually given; a
report without points has none (:data:`NOT_SCORED`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.export.summary import CriterionScore, RoundData
from desktop.tags import BY_VALUE, TAGS

Cell = str | int | float | datetime | None

#: The total of a report no criterion has points for: not 0, which would rank it.
NOT_SCORED = "未评"


def headers(data: RoundData) -> list[str]:
    """The CSV's columns, a public interface: new columns go at the end only."""
    return (
        ["编号", "单位", "年度", "标题", "评阅人", "状态"]
        + [c.title for c in data.criteria]
        + ["总分"]
        + [t.label for t in TAGS]
        + ["完整性", "缺少部分", "名次"]
    )


def rows(data: RoundData) -> list[list[Cell]]:
    """One row per report in document order (the columns of :func:`headers`);
    points and counts stay numbers, an unscored criterion is an empty cell
    (not 0), an unscored report's total and rank read 未评."""
    rank = ranks(data)
    out: list[list[Cell]] = []
    for r in data.reports:
        points = {s.criterion_id: s.points for s in r.scores}
        counts = r.counts
        comp = r.completeness
        row: list[Cell] = [r.doc_id, r.unit, r.year, r.title, r.reviewer_label, r.status_label]
        row += [points.get(c.id) for c in data.criteria]
        row.append(NOT_SCORED if r.total is None else r.total)
        row += [counts[t.value] for t in TAGS]
        row += [comp.fraction if comp else "", "、".join(comp.missing_labels) if comp else ""]
        row.append(rank[r.doc_id] or NOT_SCORED)
        out.append(row)
    return out


def ranks(data: RoundData) -> dict[int, int | None]:
    """doc id -> competition rank by total (ties share a rank, the next rank
    skips: 1, 1, 3); None for a report without points."""
    out: dict[int, int | None] = {}
    previous: float | None = None
    rank = 0
    for i, r in enumerate(data.ranked(), start=1):
        if r.total is None:
            out[r.doc_id] = None
            continue
        total = round(r.total, 6)  # means of several reviewers: 17.5 == 17.500000001
        if total != previous:
            rank, previous = i, total
        out[r.doc_id] = rank
    return out


def number(value: float | None) -> int | float | None:
    """12.0 -> 12, 7.5 stays; so sheets do not show '12.0'."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- each reviewer's points -------------------------------------------------------------


@dataclass(frozen=True)
class ReviewerRow:
    reviewer: str
    doc_id: int
    unit: str
    title: str
    points: tuple[float | None, ...]  # one per criterion of the round, None: not given
    comments: tuple[tuple[str, str], ...]  # (criterion title, comment), rubric order

    @property
    def total(self) -> float | None:
        given = [p for p in self.points if p is not None]
        return sum(given) if given else None


def _own_scores(score: CriterionScore) -> list[Any] | None:
    """The reviewers' own rows of one criterion (objects with .reviewer,
    .points, .comment), or None when the records carry only the mean."""
    own = getattr(score, "by_reviewer", None)
    return None if own is None else list(own)


def reviewer_rows(data: RoundData) -> list[ReviewerRow]:
    """One row per report and reviewer who gave points or a comment, grouped by
    report in document order, reviewers by name: the reviewers of one report
    sit together, so a disagreement shows at a glance.

    Needs each reviewer's own points (``CriterionScore.by_reviewer``); records
    without them give one row per report with the mean, under the report's
    reviewers."""
    out: list[ReviewerRow] = []
    order = [c.id for c in data.criteria]
    titles = {c.id: c.title for c in data.criteria}
    for r in data.reports:
        by_crit = {s.criterion_id: s for s in r.scores}
        mine: dict[str, dict[str, tuple[float | None, str]]] = {}
        known = True
        for s in r.scores:
            own = _own_scores(s)
            if own is None:
                known = False
                break
            for o in own:
                mine.setdefault(o.reviewer, {})[s.criterion_id] = (o.points, o.comment or "")
        if not known:
            given = {cid: (s.points, s.comment) for cid, s in by_crit.items() if s.points is not None or s.comment}
            mine = {r.reviewer_label: given} if given else {}
        for reviewer in sorted(mine):
            got = mine[reviewer]
            if not any(p is not None or c for p, c in got.values()):
                continue
            out.append(ReviewerRow(
                reviewer, r.doc_id, r.unit, r.title,
                tuple(got.get(cid, (None, ""))[0] for cid in order),
                tuple((titles[cid], got[cid][1]) for cid in order if cid in got and got[cid][1]),
            ))
    return out


# --- evidence ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    doc_id: int
    unit: str
    title: str
    criterion: str
    tag: str  # Chinese label
    quote: str
    note: str
    section: str
    reviewer: str  # who made the annotation
    time: datetime | str  # when it was made (the stored text when it does not parse)


def evidence_rows(data: RoundData) -> list[EvidenceRow]:
    """Every quote linked to a criterion: reports in document order, criteria
    in rubric order, quotes in text order (as RoundData keeps them)."""
    out = []
    for r in data.reports:
        for s in r.scores:
            for c in s.evidence:
                tag = BY_VALUE[c.tag].label if c.tag in BY_VALUE else c.tag
                out.append(EvidenceRow(r.doc_id, r.unit, r.title, s.title, tag, c.quote, c.note,
                                       c.section, c.reviewer, parse_time(c.created_at)))
    return out


def parse_time(stamp: str) -> datetime | str:
    """'2026-12-02T14:57:36' -> datetime (to the minute shown); anything else as is."""
    try:
        return datetime.fromisoformat(stamp).replace(tzinfo=None)
    except ValueError:
        return stamp


# --- text a spreadsheet would read as something else ------------------------------------

# Characters a number, date, time, fraction, percent or currency is made of, in
# any locale Excel or LibreOffice reads a CSV in (1-2, 3/4, 1.2.3, 1月2日, 12:30,
# 1,234, 1e5, (12), 10%, $12, Jan-2, 上午10时).
_NUMBERISH = re.compile(r"[0-9\s/\-.:,+$%()¥￥年月日时点分秒上下午A-Za-z]*")
_BOOLEAN = {"true", "false", "yes", "no", "on", "off"}


def spreadsheet_would_convert(text: str) -> bool:
    """True when Excel or LibreOffice, opening a CSV, could turn this text into
    a number, date, time, boolean or formula: '4/5', '1-2', '001', a long digit
    string, '1月2日', 'TRUE', '=SUM(…)'. Errs on the side of True; text with
    any other character (a Chinese title) is never read as a number."""
    stripped = text.strip()
    if not stripped:
        return False
    if text[0] in "=+-@\t\r":
        return True  # a formula, or read as one (CSV injection)
    if stripped.lower() in _BOOLEAN:
        return True
    return any(ch.isdigit() for ch in stripped) and _NUMBERISH.fullmatch(stripped) is not None
