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

Most formats write one file. A per-report format (the annotated copy) gathers
its own records for each report (``Format.gather``) and writes one file per
report: a round export of it goes into a folder, one uniquely named file a
report. Files are created with mode 0666 less the umask (0644 under the usual
022), like any file a program saves, never mkstemp's private 0600.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

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
    write: Callable[[Any, Path, int | None], None]  # (data, path, single doc id or None)
    kind: str  # Chinese, in a suggested file name: 坡头镇_2019_评阅汇总.docx
    text: bool = False  # a text file: ``--out -`` prints it to standard output
    #: Per-report formats: (project, doc id) -> that report's records, which ``write``
    #: gets instead of a RoundData; a round export writes one file per report into a folder.
    gather: Callable[[Project, int], Any] | None = None
    #: Round formats that need more than the round's records: (project, RoundData) ->
    #: what ``write`` gets (the annotation file: each reviewer's scores and the evidence).
    enrich: Callable[[Project, RoundData], Any] | None = None

    @property
    def per_report(self) -> bool:
        return self.gather is not None


def _with_assessments(project: Project, data: RoundData) -> Any:
    from desktop.export import webanno

    return webanno.with_assessments(project, data)


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


def _annotated_gather(project: Project, doc_id: int) -> Any:
    from desktop.export import annotated_docx

    return annotated_docx.gather(project, doc_id)


def _annotated(item: Any, path: Path, doc_id: int | None) -> None:
    from desktop.export import annotated_docx

    annotated_docx.write(item, path)


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
               QT_TRANSLATE_NOOP("ExportFormats", "评分表"), text=True),
        Format("json", QT_TRANSLATE_NOOP("ExportFormats", "标注文件（W3C Web Annotation JSON）"), ".json", False,
               _json, QT_TRANSLATE_NOOP("ExportFormats", "标注"), text=True, enrich=_with_assessments),
        Format("annotated-docx", QT_TRANSLATE_NOOP("ExportFormats", "带批注的报告（Word .docx，每份报告一个文件）"),
               ".docx", False, _annotated, QT_TRANSLATE_NOOP("ExportFormats", "带批注的报告"),
               gather=_annotated_gather),
    )
}


def choices() -> list[str]:
    """The keys, in the dialog's order: the command line's ``--format`` choices."""
    return list(FORMATS)


def choices_help() -> str:
    """"docx：Word 评阅汇总（.docx）；xlsx：…", for the command line's help."""
    return "；".join(f"{f.key}：{f.label}" for f in FORMATS.values())


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_stem(stem: str) -> str:
    """A file name stem any file system takes (unit names may hold slashes)."""
    return _UNSAFE.sub("_", stem).strip(" ._")[:80] or "export"


def file_name(name: str, year: int | None, kind: str, suffix: str) -> str:
    """"坡头镇_2019_评阅汇总.docx": a name, the year unless the name holds it, the kind."""
    year_text = str(year) if year and str(year) not in name else ""
    return safe_stem("_".join(p for p in (name, year_text, kind) if p)) + suffix


def report_file_names(project: Project, doc_ids: list[int], kind: str, suffix: str) -> dict[int, str]:
    """One file name per report, from its unit (else title) and year; reports that would
    share a name (two townships' untitled units, one unit's two versions) each get
    their document number appended, so none overwrites another (case-insensitively)."""
    infos = project.documents_info(doc_ids)
    names = {}
    for d in doc_ids:
        info = infos[d]
        names[d] = file_name(info.unit or info.title[:20], info.year, kind, suffix)
    seen: dict[str, int] = {}
    for n in names.values():
        seen[n.casefold()] = seen.get(n.casefold(), 0) + 1
    for d, n in names.items():
        if seen[n.casefold()] > 1:
            names[d] = n[: -len(suffix)] + f"_{d}" + suffix
    return names


def _new_file(folder: Path, suffix: str) -> Path:
    """An empty hidden file beside the target, created 0666 less the umask (mkstemp's
    0600 would lock colleagues on a shared folder out of the export)."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = folder / f".reviewdesk-{secrets.token_hex(6)}{suffix}"
        try:
            os.close(os.open(path, flags, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {folder}")


def _targets(project: Project, spec: Format, out: Path, doc_id: int | None) -> dict[int | None, Path]:
    """Where each file goes: {doc id (None for a whole-round file): path}."""
    if spec.per_report:
        known = [d.id for d in project.documents()]
        if doc_id is not None and doc_id not in known:
            from desktop.errors import ProjectError

            raise ProjectError(f"项目中没有编号为 {doc_id} 的文档。", kind="document")
        ids = known if doc_id is None else [doc_id]
        if out.is_dir():
            names = report_file_names(project, ids, spec.kind, spec.suffix)
            return {d: out / names[d] for d in ids}
        if doc_id is None:
            raise ExportError(f"{spec.key} 每份报告一个文件：整轮导出时输出路径须是一个已有的文件夹（或用 --doc 只导出一份）：{out}",
                              kind="output")
    elif out.is_dir():
        raise ExportError(f"输出路径是一个文件夹：{out}", kind="output")
    if not out.parent.is_dir():
        raise ExportError(f"输出文件夹不存在：{out.parent}", kind="output")
    return {doc_id: out}


def export_files(
    project: Project,
    fmt: str,
    out: str | Path,
    *,
    doc_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Path]:
    """Writes one export and returns the files written (one, or one per report).

    docx with ``doc_id`` is that report's summary, without it the round
    summary; the sheets and the annotation file cover the round, or only
    ``doc_id``'s row / annotations when given. A per-report format writes
    ``doc_id``'s file to ``out`` (or into it, when a folder), and without
    ``doc_id`` one file per report into the folder ``out``. The files appear
    whole or not at all (written beside the target, then renamed, all at the end).
    """
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）", kind="format")
    spec = FORMATS[fmt]
    out = Path(out)
    targets = _targets(project, spec, out, doc_id)
    if spec.gather is None:
        data: Any = build_round(project, None if doc_id is None else [doc_id], scoring=spec.scoring,
                                progress=progress, cancelled=cancelled)
        if spec.enrich is not None:
            data = spec.enrich(project, data)
    written: dict[Path, Path] = {}  # temporary file -> target
    try:
        for i, (d, target) in enumerate(targets.items()):
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if spec.gather is not None:
                assert d is not None
                data = spec.gather(project, d)
            tmp = _new_file(target.parent, spec.suffix)
            written[tmp] = target
            mode = os.stat(tmp).st_mode & 0o777
            spec.write(data, tmp, d if spec.per_report else doc_id)
            os.chmod(tmp, mode)  # a writer that replaced the file keeps the export's mode
            if spec.gather is not None and progress is not None:
                progress(i + 1, len(targets))
        if cancelled is not None and cancelled():
            raise ExportCancelled()  # cancelled while writing: leave no file
        for tmp, target in written.items():
            os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}", kind="output") from exc
    finally:
        for tmp in written:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(written.values())


def export(
    project: Project,
    fmt: str,
    out: str | Path,
    *,
    doc_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Writes one export (see :func:`export_files`) and returns ``out``: the file, or
    the folder a per-report format wrote into."""
    files = export_files(project, fmt, out, doc_id=doc_id, progress=progress, cancelled=cancelled)
    return files[0] if len(files) == 1 and not Path(out).is_dir() else Path(out)


__all__ = ["FORMATS", "Format", "ExportError", "choices", "choices_help", "export", "export_files", "file_name",
           "report_file_names", "safe_stem"]
