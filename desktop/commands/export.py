"""``export PROJECT --format FORMAT [--doc ID] --out PATH``.

Reads a snapshot of the project, so an export can never change it. The
``--format`` choices are the keys of desktop.export.FORMATS.
"""

from __future__ import annotations

import argparse

from desktop.commands import fail
from desktop.errors import ReviewDeskError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件")
    from desktop.export import choices, choices_help

    parser.add_argument("--format", required=True, choices=choices(), help=choices_help())
    parser.add_argument("--doc", type=int, default=None, metavar="ID",
                        help="只导出这一份报告（docx 为单份报告汇总；其他格式只含这一份）")
    parser.add_argument("--out", required=True, metavar="PATH", help="输出文件")


def run(args: argparse.Namespace) -> int:
    from desktop.export import export
    from desktop.export.snapshot import snapshot

    try:
        with snapshot(args.project) as project:
            path = export(project, args.format, args.out, doc_id=args.doc)
    except ReviewDeskError as exc:
        return fail(exc)
    print(f"已导出：{path}")
    return 0
