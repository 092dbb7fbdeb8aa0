"""Score sheet as .csv: UTF-8 with a BOM, which Excel needs to show Chinese.

The columns are a public interface (people script against them): new ones
are added at the end only. Text that Excel or LibreOffice would read as a
number, date or formula when opening the file is written so both keep it as
text: the completeness as "4/5项" (not "4/5", a date), and any other such
text (a title "001", a unit "1-2") as the formula ="001", which both show as
the text 001.
"""

from __future__ import annotations

import csv
from pathlib import Path

from desktop.export.sheet_rows import Cell, headers, number, rows, spreadsheet_would_convert
from desktop.export.summary import RoundData

#: The completeness value: parts found / parts checked, with 项 so that no
#: spreadsheet reads it as a date; re.match(r"(\d+)/(\d+)", value) parses it.
COMPLETENESS_SUFFIX = "项"


def as_text(value: str) -> str:
    """``value`` as a cell both Excel and LibreOffice show as that text."""
    if not spreadsheet_would_convert(value):
        return value
    return '="' + value.replace('"', '""') + '"'


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, float):
        return number(value) or 0
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, int):
        return value
    return as_text(str(value))


def write(data: RoundData, path: Path) -> None:
    head = headers(data)
    completeness = head.index("完整性")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([as_text(h) for h in head])
        for row in rows(data):
            if row[completeness]:
                row[completeness] = f"{row[completeness]}{COMPLETENESS_SUFFIX}"
            writer.writerow([_cell(v) for v in row])
