"""Exports: one module per format behind a registry.

``export(project, fmt, out, doc_id=None)`` gathers the records once
(:mod:`desktop.export.summary`) and hands them to the format's writer. Exports
only read: the command line and the window run them on a snapshot copy of the
project file (:func:`desktop.export.snapshot.snapshot`), so even a store method
that initialises something on first read cannot change the reviewer's file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from desktop.errors import ReviewDeskError
from desktop.export.summary import ExportCancelled, Progress, RoundData, build_round
from desktop.store import Project


class ExportError(ReviewDeskError):
    """An export that cannot be written (bad format, output path)."""

    kind = "export"


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # Chinese, shown in the export dialog
    suffix: str
    scoring: bool  # needs rubric, scores and completeness
    write: Callable[[RoundData, Path, int | None], None]  # (data, path, single doc id or None)


def _docx(data: RoundData, path: Path, doc_id: int | None) -> None:
    from desktop.export import docx_summary

    if doc_id is not None:
        docx_summary.write_report(data.reports[0], data, path)
    else:
        docx_summary.write_round(data, path)


def _xlsx(data: RoundData, path: Path, doc_id: int | None) -> None:
    from desktop.export import xlsx_sheet

    xlsx_sheet.write(data, path)


def _csv(data: RoundData, path: Path, doc_id: int | None) -> None:
    from desktop.export import csv_sheet

    csv_sheet.write(data, path)


def _json(data: RoundData, path: Path, doc_id: int | None) -> None:
    from desktop.export import webanno

    webanno.write(data, path)


#: format key -> Format, in the order the export dialog lists them.
FORMATS: dict[str, Format] = {
    "docx": Format("docx", "Word 评阅汇总（.docx）", ".docx", True, _docx),
    "xlsx": Format("xlsx", "Excel 评分表（.xlsx）", ".xlsx", True, _xlsx),
    "csv": Format("csv", "CSV 评分表（.csv，UTF-8）", ".csv", True, _csv),
    "json": Format("json", "标注文件（W3C Web Annotation JSON）", ".json", False, _json),
}


def export(
    project: Project,
    fmt: str,
    out: str | Path,
    *,
    doc_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Writes one export and returns its path.

    docx with ``doc_id`` is that report's summary, without it the round
    summary; the sheets and the annotation file cover the round, or only
    ``doc_id``'s row / annotations when given. The file appears whole or not
    at all (written beside the target, then renamed).
    """
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）", kind="format")
    spec = FORMATS[fmt]
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"输出路径是一个文件夹：{out}", kind="output")
    if not out.parent.is_dir():
        raise ExportError(f"输出文件夹不存在：{out.parent}", kind="output")
    data = build_round(project, None if doc_id is None else [doc_id], scoring=spec.scoring,
                       progress=progress, cancelled=cancelled)
    fd, tmp = tempfile.mkstemp(prefix=".reviewdesk-", suffix=spec.suffix, dir=out.parent)
    os.close(fd)
    try:
        spec.write(data, Path(tmp), doc_id)
        if cancelled is not None and cancelled():
            raise ExportCancelled()  # cancelled while writing: leave no file
        os.replace(tmp, out)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}", kind="output") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


__all__ = ["FORMATS", "Format", "ExportError", "export"]
