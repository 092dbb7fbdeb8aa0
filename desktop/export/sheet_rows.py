"""The score sheet as header + rows, shared by the .xlsx and .csv writers."""

from __future__ import annotations

from desktop.export.summary import RoundData
from desktop.tags import TAGS

Cell = str | int | float | None


def headers(data: RoundData) -> list[str]:
    return (
        ["编号", "单位", "年度", "标题", "评阅人", "状态"]
        + [c.title for c in data.criteria]
        + ["总分"]
        + [t.label for t in TAGS]
        + ["完整性", "缺少部分"]
    )


#: The total of a report no criterion has points for: not 0, which would rank it.
NOT_SCORED = "未评"


def rows(data: RoundData) -> list[list[Cell]]:
    """One row per report in document order; points and counts stay numbers,
    an unscored criterion is an empty cell (not 0), an unscored report's total
    reads 未评."""
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
        out.append(row)
    return out


def number(value: float | None) -> int | float | None:
    """12.0 -> 12, 7.5 stays; so sheets do not show '12.0'."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
