"""``import-annotations PROJECT FILE.json``: add annotations, scores and evidence
links from a W3C Web Annotation file.

Everything is added in one transaction (one undo step in the window), with the
UUIDs, reviewers and times the file gives. Annotations whose document is not
in the project, whose quote cannot be found, and scores the project's rubric
cannot take are listed and skipped; a file that is not an annotation file at
all, or whose ReviewDesk fields are malformed, is an error (``error:
invalid: …``, exit 2) and the project is left untouched.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import fail, open_project, say
from desktop.errors import ProjectError, ReviewDeskError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（须已存在）")
    parser.add_argument("file", metavar="FILE", help="W3C Web Annotation JSON 文件")


def run(args: argparse.Namespace) -> int:
    from desktop.export import webanno

    try:
        incoming = webanno.read(args.file)  # the whole file is read and checked before the project is opened
        if not Path(args.project).is_file():
            raise ProjectError(f"找不到项目文件：{args.project}")
        with open_project(args.project, create=False) as project:
            report = webanno.apply(project, incoming)
    except ReviewDeskError as exc:
        return fail(exc)
    say(report.summary())
    for line in report.problems:
        say(f"  {line}")
    return 0
