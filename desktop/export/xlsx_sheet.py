"""Score sheet as .xlsx: bold frozen header, widths sized for Chinese, numbers as numbers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from desktop.export.sheet_rows import headers, number, rows
from desktop.export.summary import RoundData

_MAX_WIDTH = 40
_HEADER_WIDTH = 12


def display_width(value: object) -> int:
    """Columns are measured in Latin characters; a Chinese character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write(data: RoundData, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "评分表"
    head = headers(data)
    ws.append(head)
    for row in rows(data):
        ws.append([number(v) if isinstance(v, float) else v for v in row])
    bold = Font(bold=True, name="宋体")
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    for i, title in enumerate(head, start=1):
        # Long criterion titles wrap in the header instead of widening a column of numbers.
        widest = max([min(display_width(title), _HEADER_WIDTH)]
                     + [display_width(c.value) for c in ws[get_column_letter(i)][1:]])
        ws.column_dimensions[get_column_letter(i)].width = min(_MAX_WIDTH, widest + 2)
    ws.row_dimensions[1].height = 15 * min(4, 1 + max(display_width(t) // (_HEADER_WIDTH + 1) for t in head))
    ws.auto_filter.ref = ws.dimensions
    wb.save(path)
