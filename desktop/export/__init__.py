"""Exports: one module per format behind a registry.

``export(project, fmt, out, doc_id=None)`` gathers the records once
(:mod:`desktop.export.summary`) and hands them to the format's writer. Exports
only read: the command line and the window run them on a snapshot copy of the
project file (:func:`desktop.export.snapshot.snapshot`), so even a store method
that initialises something on first read cannot change the reviewer's file.

:data:`FORMATS` declares each export format once: its key, Chinese label,
suffix and writer. The command line's ``--format`` choices and help, and the
window's export dialog (its list, its file filter, the suggested file name),
are derived from it.
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


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks ``text`` for Qt's lupdate under ``context`` and returns it unchanged.

    The core stays Qt-free and Chinese (the command line and the exported files
    say 评阅汇总); the window shows the same string through
    ``QCoreApplication.translate("ExportFormats", text)``, so the English UI has its own.
    """
    return text


class ExportError(ReviewDeskError):
    """An export that cannot be written (bad format, output path)."""

    kind = "export"


@dataclass(frozen=True)
class Format:
    key: str  # --format on the command line
    label: str  # Chinese, in the export dialog and the command line's help
    suffix: str
    scoring: bool  # needs rubric, scores and completeness
    write: Callable[[RoundData, Path, int | None], None]  # (data, path, single doc id or None)
    kind: str  # Chinese, in a suggested file name: 坡头镇_2019_评阅汇总.docx


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


# format key -> Format, in the order the export dialog lists them (a plain comment: lupdate
# would take a "#:" one for a translator's note on the first label).
FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("docx", QT_TRANSLATE_NOOP("ExportFormats", "Word 评阅汇总（.docx）"), ".docx", True, _docx,
               QT_TRANSLATE_NOOP("ExportFormats", "评阅汇总")),
        Format("xlsx", QT_TRANSLATE_NOOP("ExportFormats", "Excel 评分表（.xlsx）"), ".xlsx", True, _xlsx,
               QT_TRANSLATE_NOOP("ExportFormats", "评分表")),
        Format("csv", QT_TRANSLATE_NOOP("ExportFormats", "CSV 评分表（.csv，UTF-8）"), ".csv", True, _csv,
               QT_TRANSLATE_NOOP("ExportFormats", "评分表")),
        Format("json", QT_TRANSLATE_NOOP("ExportFormats", "标注文件（W3C Web Annotation JSON）"), ".json", False,
               _json, QT_TRANSLATE_NOOP("ExportFormats", "标注")),
    )
}


def choices() -> list[str]:
    """The keys, in the dialog's order: the command line's ``--format`` choices."""
    return list(FORMATS)


def choices_help() -> str:
    """"docx：Word 评阅汇总（.docx）；xlsx：…", for the command line's help."""
    return "；".join(f"{f.key}：{f.label}" for f in FORMATS.values())


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


__all__ = ["FORMATS", "Format", "ExportError", "choices", "choices_help", "export"]
