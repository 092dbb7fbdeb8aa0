"""``import-annotations PROJECT FILE.json``: add annotations from a W3C Web Annotation file.

Annotations whose document is not in the project, or whose quote cannot be
found, are listed and skipped; only a file that is not an annotation file at
all is an error (exit 2, nothing imported).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import fail
from desktop.errors import ProjectError, ReviewDeskError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（须已存在）")
    parser.add_argument("file", metavar="FILE", help="W3C Web Annotation JSON 文件")


def run(args: argparse.Namespace) -> int:
    from desktop.export import webanno
    from desktop.store import Project

    try:
        incoming = webanno.read(args.file)
        if not Path(args.project).is_file():
            raise ProjectError(f"找不到项目文件：{args.project}")
        with Project(args.project, create=False) as project:
            report = webanno.apply(project, incoming)
    except ReviewDeskError as exc:
        return fail(exc)
    print(report.summary())
    for line in report.problems:
        print(f"  {line}")
    return 0
