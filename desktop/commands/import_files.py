"""``import PROJECT FILE_OR_FOLDER...``: import reports into a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.errors import ReviewDeskError
from desktop.importers import SUPPORTED_SUFFIXES, import_file
from desktop.store import Project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（不存在则新建）")
    parser.add_argument("files", metavar="FILE", nargs="+", help="报告文件或文件夹")


def expand(paths: list[str]) -> list[Path]:
    """Files as given; folders replaced by their supported files, sorted by name."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def run(args: argparse.Namespace) -> int:
    try:
        project = Project(args.project)
    except ReviewDeskError as exc:
        print(exc.cli_line(), file=sys.stderr)
        return 2
    failed = 0
    with project:
        for path in expand(args.files):
            try:
                result = project.import_document(import_file(path))
                if result.action == "new":
                    project.apply_detected_metadata(result.doc_id)  # unit and year from the text
            except ReviewDeskError as exc:
                failed += 1
                print(f"error: {exc.kind}: {path}: {exc.message}", file=sys.stderr)
                continue
            words = {"new": "已导入", "updated": "已更新为新版本", "unchanged": "内容未变，跳过"}
            line = f"{words[result.action]}: {path} → 文档 #{result.doc_id}「{result.title}」"
            if result.action == "updated":
                line += f"（标注移动 {result.moved} 条，无法定位 {result.orphans} 条）"
            print(line)
            for warning in result.warnings:
                print(f"warning: {path}: {warning}", file=sys.stderr)
    return 2 if failed else 0
