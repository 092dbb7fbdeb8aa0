"""``import PROJECT FILE_OR_FOLDER...``: import reports into a project.

A document is its canonical text: a file whose text is already in the project
adds nothing (``已在项目中``, exit 0), whatever its title or file name; two
townships' reports with one title stay two. A file that looks like a new
version of a report already there is added as a report of its own and the
line says so: replacing is the explicit ``replace`` command. The project is
created only when a first file has been read, so a run in which every file
fails leaves no project file behind.

With ``--split`` a compilation (汇编: several reports in one file) is cut into
its reports (desktop.analysis.compilation), each imported as a report of its
own with its title, unit and year, all in one transaction; a file in which
no second report is found is imported whole, and the line says so. Without
``--split`` a file that looks like a compilation is imported whole with a
warning that names the reports found.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.analysis.compilation import Part, find_parts, split
from desktop.commands import fail, open_project, say
from desktop.errors import ReviewDeskError
from desktop.importers import Limits, import_file, is_supported
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.store import operations as ops


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（不存在则新建）")
    parser.add_argument("files", metavar="FILE", nargs="+", help="报告文件或文件夹")
    parser.add_argument("--split", action="store_true",
                        help="把汇编（一个文件里的多篇报告）拆成各自的报告导入")
    parser.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别（OCR），按原样拒绝扫描件")


def expand(paths: list[str]) -> list[Path]:
    """Files as given; folders replaced by the files in them whose suffix a
    registered import format claims (desktop.importers.FORMATS), sorted by name."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and is_supported(f)))
        else:
            out.append(p)
    return out


def run(args: argparse.Namespace) -> int:
    project_path = Path(args.project)
    project: Project | None = None
    if project_path.exists():
        try:
            project = open_project(project_path)
        except ReviewDeskError as exc:
            return fail(exc)
    failed = 0
    try:
        for path in expand(args.files):
            try:
                imported = import_file(path, limits=Limits(ocr=not args.no_ocr))
                parts = find_parts(imported)
                if project is None:
                    project = open_project(project_path)
                if args.split and parts:
                    _import_parts(project, path, imported, parts)
                    continue
                if args.split:
                    say(f"未在 {path} 中发现多篇报告，按一篇报告导入。")
                candidate = project.version_candidate(imported)
                result = project.import_document(imported)
            except ReviewDeskError as exc:
                failed += 1
                fail(exc, context=str(path))
                if exc.kind in ("locked", "readonly", "disk_full", "corrupt_project", "project"):
                    break  # the project itself refuses: the other files would fail the same way
                continue
            if result.action == "duplicate":
                say(f"已在项目中：{path} → 文档 #{result.doc_id}「{result.title}」，未重复导入")
                continue
            line = f"已导入: {path} → 文档 #{result.doc_id}「{result.title}」"
            if candidate is not None:
                other, ratio = candidate
                line += (f"（与文档 #{other.id}「{other.title}」有 {ratio:.0%} 相同，若是它的新版本，"
                         f"请用 replace {other.id} 替换）")
            say(line)
            for warning in result.warnings:
                say(f"warning: {path}: {warning}", err=True)
            if parts and not args.split:
                say(f"warning: {path}: 这个文件像是汇编，含 {len(parts)} 篇报告（"
                    + "、".join(f"「{p.title}」" for p in parts)
                    + "），已按一篇导入；要拆开导入请用 import --split。", err=True)
    finally:
        if project is not None:
            project.close()
    return 2 if failed else 0


def _import_parts(project: Project, path: Path, imported: ImportedDocument, parts: list[Part]) -> None:
    """The reports of one compilation, imported in one transaction; a line for each."""
    docs = split(imported, parts)
    items = [ops.ImportDocument(doc, unit=part.unit, year=part.year) for doc, part in zip(docs, parts)]
    results = project.run(ops.ImportDocuments(items)).result
    say(f"{path}：汇编，拆出 {len(parts)} 篇报告")
    for part, result in zip(parts, results):
        where = f"第 {part.first_page}–{part.last_page} 页" if part.first_page is not None else "　"
        unit = part.unit or "未识别"
        year = part.year if part.year is not None else "未识别"
        if result.action == "duplicate":
            say(f"已在项目中：{path} {where} → 文档 #{result.doc_id}「{result.title}」，未重复导入")
        else:
            say(f"已导入: {path} {where} → 文档 #{result.doc_id}「{result.title}」（单位：{unit}；年度：{year}）")
