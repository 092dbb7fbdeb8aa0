"""``replace PROJECT DOC_ID FILE``: make FILE the new version of a report.

The previous text is kept as a stored version; annotations are re-anchored
(those that cannot be placed are kept as orphans and counted). The window
offers the same when an import looks like a new version, and can revert it
from the report's context menu.
"""

from __future__ import annotations

import argparse

from desktop.commands import fail, open_project, say
from desktop.errors import ReviewDeskError
from desktop.importers import Limits, import_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（须已存在）")
    parser.add_argument("doc_id", metavar="DOC_ID", type=int, help="要替换的报告编号")
    parser.add_argument("file", metavar="FILE", help="新版本的报告文件")
    parser.add_argument("--no-ocr", action="store_true", help="不对扫描页做文字识别（OCR），按原样拒绝扫描件")


def run(args: argparse.Namespace) -> int:
    try:
        imported = import_file(args.file, limits=Limits(ocr=not args.no_ocr))
        with open_project(args.project, create=False) as project:
            result = project.replace_document(args.doc_id, imported)
    except ReviewDeskError as exc:
        return fail(exc)
    if result.action == "duplicate":
        say(f"内容相同，未替换：文档 #{result.doc_id}「{result.title}」")
        return 0
    say(f"已替换为新版本：文档 #{result.doc_id}「{result.title}」（标注移动 {result.moved} 条，"
        f"无法定位 {result.orphans} 条；旧版本已保存，编号 {result.version_id}）")
    return 0
