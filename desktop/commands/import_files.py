"""``import PROJECT FILE_OR_FOLDER...``: import reports into a project.

A document is its canonical text: a file whose text is already in the project
adds nothing (``已在项目中``, exit 0), whatever its title or file name; two
townships' reports with one title stay two. A file that looks like a new
version of a report already there is added as a report of its own and the
line says so: replacing is the explicit ``replace`` command. The project is
created only when a first file has been read, so a run in which every file
fails leaves no project file behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import fail, open_project, say
from desktop.errors import ReviewDeskError
from desktop.importers import import_file, is_supported
from desktop.store import Project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（不存在则新建）")
    parser.add_argument("files", metavar="FILE", nargs="+", help="报告文件或文件夹")


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
                imported = import_file(path)
                if project is None:
                    project = open_project(project_path)
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
    finally:
        if project is not None:
            project.close()
    return 2 if failed else 0
