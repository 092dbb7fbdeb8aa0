"""``extract FILE``: print the canonical text of a file."""

from __future__ import annotations

import argparse
import sys

from desktop.commands import fail
from desktop.errors import ReviewDeskError
from desktop.importers import import_file, suffixes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=f"报告文件（{'、'.join(suffixes())}）")
    parser.add_argument("--sections", action="store_true", help="同时输出识别到的目录结构（到标准错误）")


def run(args: argparse.Namespace) -> int:
    try:
        doc = import_file(args.file)
    except ReviewDeskError as exc:
        return fail(exc)
    sys.stdout.write(doc.text + "\n")
    for warning in doc.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.sections:
        for s in doc.sections:
            print(f"{'  ' * (s.level - 1)}{s.title}\t{s.start}-{s.end}", file=sys.stderr)
    return 0
