"""Score sheets as .xlsx, ready to print for a review meeting.

Three sheets from one :class:`RoundData`:

- 评分表: the reports by rank (competition ranking 1, 1, 3; unscored last, 未评),
  a 满分 row under the header, each criterion's points (the reviewers' mean),
  total, tag counts and completeness;
- 各评阅人评分: each reviewer's own points and comments, one row per report and
  reviewer (one sheet for all: any number of reviewers, names that are not
  valid sheet names, and one autofilter picks a reviewer or lines up a
  report's reviewers);
- 评分依据: every quote linked to a criterion, with tag, note, section,
  reviewer and time.

Every sheet prints landscape on A4, one page wide, the title rows repeated on
each page, page numbers (第 N 页 共 M 页) and the print date in the footer and
header; the unit and title columns and the header stay frozen on screen.
Every cell names a Chinese font (宋体, 黑体 for titles, with the GB2312
charset so an office without them substitutes a Chinese font); text is stored
as text with the "@" format, so '4/5' or '001' stays as typed even when edited.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.export.sheet_rows import (
    NOT_SCORED,
    Cell,
    evidence_rows,
    number,
    ranks,
    reviewer_rows,
)
from desktop.export.summary import RoundData
from desktop.tags import TAGS

#: Body font: on every Windows; UOS and Kylin map it to their Song face. The
#: GB2312 charset (134) makes Excel and LibreOffice pick a Chinese face when
#: the name is missing, instead of a Western one.
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
GB2312 = 134
BODY_SIZE = 10

TEXT = "@"
POINTS_WHOLE = "0"
POINTS_TENTHS = "0.0"
TIME = "yyyy-mm-dd hh:mm"

_LINE_HEIGHT = 13.5  # points per line of 10 pt text
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")  # light grey: still readable in black and white


def font(*, bold: bool = False, size: float = BODY_SIZE, name: str = BODY_FONT) -> Font:
    return Font(name=name, size=size, bold=bold, charset=GB2312, family=3)


def display_width(value: object) -> int:
    """Columns are measured in Latin characters; a Chinese character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class Col:
    header: str
    kind: str  # text | wrap | id | points | count | rank | time
    cap: int = 30  # widest the column grows (Latin characters); wrap columns wrap there
    least: int = 0


def _fmt(kind: str, values: Sequence[Cell]) -> str:
    if kind == "points":
        fractional = any(isinstance(v, float) and not float(v).is_integer() for v in values)
        return POINTS_TENTHS if fractional else POINTS_WHOLE
    if kind in ("id", "count", "rank"):
        return "0"
    if kind == "time":
        return TIME
    return TEXT


def _shown(value: Cell, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and fmt == POINTS_TENTHS:
        return f"{value:.1f}"
    return str(value)


def _lines(text: str, width: float) -> int:
    return sum(max(1, math.ceil(display_width(part) / max(1.0, width - 1))) for part in text.split("\n"))


def _table(ws: Worksheet, top: int, cols: list[Col], body: list[list[Cell]],
           extra: list[list[Cell]] | None = None) -> int:
    """Header at row ``top``, then ``extra`` rows (the 满分 row), then ``body``;
    borders, fonts, formats, widths and row heights. Returns the last row."""
    extra = extra or []
    header_font, cell_font = font(bold=True), font()
    formats = [_fmt(c.kind, [row[i] for row in extra + body]) for i, c in enumerate(cols)]
    widths = []
    for i, c in enumerate(cols):
        shown = [_shown(row[i], formats[i]) for row in extra + body]
        widest = max([display_width(line) for s in shown for line in s.split("\n")] + [c.least, 4])
        header_words = max(display_width(w) for w in c.header.split("\n"))
        widths.append(min(c.cap, max(widest, min(header_words, 12))) + 2)
    for i, (c, w) in enumerate(zip(cols, widths), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
        cell = ws.cell(row=top, column=i, value=c.header)
        cell.font, cell.border, cell.fill = header_font, _BORDER, _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.number_format = TEXT
    ws.row_dimensions[top].height = _LINE_HEIGHT * max(_lines(c.header, w) for c, w in zip(cols, widths)) + 4
    r = top
    for k, row in enumerate(extra + body):
        r = top + 1 + k
        height = 1
        for i, (c, value) in enumerate(zip(cols, row), start=1):
            value = number(value) if isinstance(value, float) else value
            cell = ws.cell(row=r, column=i, value=value)
            cell.font = header_font if k < len(extra) else cell_font
            cell.border = _BORDER
            if isinstance(value, str):
                cell.number_format = TEXT
                numeric = value == NOT_SCORED and c.kind in ("points", "rank")
            else:
                # 满分 15, not 15.0 over a column of means like 13.5
                whole = k < len(extra) and isinstance(value, int)
                cell.number_format = POINTS_WHOLE if whole else formats[i - 1]
                numeric = c.kind != "text" and c.kind != "wrap"
            wrap = c.kind == "wrap"
            cell.alignment = Alignment(horizontal="center" if numeric or c.kind == "time" else "left",
                                       vertical="center", wrap_text=wrap)
            if wrap and isinstance(value, str):
                height = max(height, _lines(value, widths[i - 1]))
        ws.row_dimensions[r].height = _LINE_HEIGHT * height + 3
    return r


def _title(ws: Worksheet, text: str, subtitle: str, ncols: int) -> None:
    last = get_column_letter(ncols)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = text
    ws["A1"].font = font(bold=True, size=16, name=TITLE_FONT)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws["A1"].number_format = TEXT
    ws.row_dimensions[1].height = 30
    if subtitle:
        ws.merge_cells(f"A2:{last}2")
        ws["A2"] = subtitle
        ws["A2"].font = font()
        ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
        ws["A2"].number_format = TEXT
        ws.row_dimensions[2].height = 18


def _note(ws: Worksheet, row: int, text: str, ncols: int) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = font(size=9)
    cell.number_format = TEXT
    cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    ws.row_dimensions[row].height = _LINE_HEIGHT * 2


def _print_setup(ws: Worksheet, data: RoundData, title_rows: str, last_row: int, ncols: int) -> None:
    """Landscape A4, one page wide (as many pages down as it takes), centred,
    the header rows repeated, page N of M and the print date."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(ncols)}{last_row}"
    for hf in (ws.oddHeader, ws.evenHeader, ws.firstHeader, ws.oddFooter, ws.evenFooter, ws.firstFooter):
        for part in (hf.left, hf.center, hf.right):
            part.font, part.size = f"{BODY_FONT},Regular", 9
    for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        header.left.text = (data.name or "评分表").replace("&", "&&")
        header.right.text = "打印日期：&D"
    for footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        footer.center.text = "第 &P 页 共 &N 页"


def _max(value: float) -> int | float:
    return number(value) or 0


def _score_sheet(ws: Worksheet, data: RoundData) -> None:
    ws.title = "评分表"
    crit = list(data.criteria)
    cols = ([Col("名次", "rank"), Col("编号", "id"), Col("单位", "text", 16, 10), Col("标题", "wrap", 26, 20)]
            + [Col(c.title, "points", 8, 6) for c in crit]
            + [Col("总分", "points", 8, 6)]
            + [Col(t.label, "count", 6) for t in TAGS]
            + [Col("完整性", "text", 8), Col("缺少部分", "wrap", 16), Col("年度", "id"),
               Col("评阅人", "wrap", 14), Col("状态", "text", 10)])
    rank = ranks(data)
    body: list[list[Cell]] = []
    for r in data.ranked():
        points = {s.criterion_id: s.points for s in r.scores}
        comp = r.completeness
        row: list[Cell] = [rank[r.doc_id] or NOT_SCORED, r.doc_id, r.unit, r.title]
        row += [points.get(c.id) for c in crit]
        row.append(NOT_SCORED if r.total is None else r.total)
        row += [r.counts[t.value] for t in TAGS]
        row += [comp.fraction if comp else "", "、".join(comp.missing_labels) if comp else "",
                r.year, r.reviewer_label, r.status_label]
        body.append(row)
    total_max = sum(c.max_points for c in crit)
    maxima: list[Cell] = ["满分", None, None, None]
    maxima += [_max(c.max_points) for c in crit] + [_max(total_max)]
    maxima += [None] * (len(cols) - len(maxima))
    scored = sum(r.total is not None for r in data.reports)
    subtitle = "　　".join(x for x in (
        f"评分细则：{data.rubric_name}" if data.rubric_name else "",
        f"报告 {len(data.reports)} 份，已评分 {scored} 份",
        f"导出日期：{data.exported_on}") if x)
    _title(ws, f"{data.name}评分表" if data.name else "评分表", subtitle, len(cols))
    last = _table(ws, 3, cols, body, [maxima])
    ws.merge_cells("A4:D4")  # 满分 across the columns before the points
    ws["A4"].alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "E5"  # 名次, 编号, 单位, 标题 and the two header rows stay on screen
    _note(ws, last + 2, "说明：各评分项为各评阅人评分的平均分；名次按总分从高到低排列，总分相同者名次并列"
          "（如 1、1、3）；尚未评分的报告列在最后，名次和总分显示“未评”。", len(cols))
    _print_setup(ws, data, "3:4", last + 2, len(cols))


def _reviewer_sheet(ws: Worksheet, data: RoundData) -> None:
    crit = list(data.criteria)
    cols = ([Col("评阅人", "text", 12), Col("编号", "id"), Col("单位", "text", 16, 10), Col("标题", "wrap", 24, 20)]
            + [Col(f"{c.title}（{_max(c.max_points)}分）", "points", 8, 6) for c in crit]
            + [Col("合计", "points", 8, 6), Col("评语", "wrap", 40)])
    body: list[list[Cell]] = []
    for row in reviewer_rows(data):
        comments = "\n".join(f"{t}：{c}" for t, c in row.comments)
        total = row.total
        body.append([row.reviewer, row.doc_id, row.unit, row.title, *row.points,
                     NOT_SCORED if total is None else total, comments])
    _title(ws, f"{data.name}各评阅人评分" if data.name else "各评阅人评分", "", len(cols))
    last = _table(ws, 2, cols, body)
    ws.freeze_panes = "E3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(last, 3)}"
    _print_setup(ws, data, "2:2", last, len(cols))


def _evidence_sheet(ws: Worksheet, data: RoundData) -> None:
    cols = [Col("编号", "id"), Col("单位", "text", 16, 10), Col("评分项", "wrap", 20), Col("类型", "text", 6),
            Col("原文", "wrap", 50), Col("批注", "wrap", 24), Col("所在部分", "wrap", 20),
            Col("评阅人", "text", 10), Col("时间", "time", 18, 16)]
    body: list[list[Cell]] = [[e.doc_id, e.unit, e.criterion, e.tag, e.quote, e.note, e.section,
                               e.reviewer, e.time] for e in evidence_rows(data)]
    _title(ws, f"{data.name}评分依据" if data.name else "评分依据", "", len(cols))
    last = _table(ws, 2, cols, body)
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(last, 3)}"
    _print_setup(ws, data, "2:2", last, len(cols))


def write(data: RoundData, path: Path) -> None:
    wb = Workbook()
    _score_sheet(wb.active, data)
    _reviewer_sheet(wb.create_sheet("各评阅人评分"), data)
    _evidence_sheet(wb.create_sheet("评分依据"), data)
    wb.save(path)
