"""Score sheet as .csv: UTF-8 with a BOM, which Excel needs to show Chinese."""

from __future__ import annotations

import csv
from pathlib import Path

from desktop.export.sheet_rows import headers, number, rows
from desktop.export.summary import RoundData


def write(data: RoundData, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(headers(data))
        for row in rows(data):
            writer.writerow(["" if v is None else number(v) if isinstance(v, float) else v for v in row])
