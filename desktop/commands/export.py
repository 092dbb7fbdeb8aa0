"""``export PROJECT --format FORMAT [--doc ID] --out PATH``.

Reads a snapshot of the project, so an export can never change it. The
``--format`` choices are the keys of desktop.export.FORMATS. ``--out -``
prints a text format (csv, json) to standard output, byte for byte the file;
a per-report format (annotated-docx) without ``--doc`` writes one file per
report into the folder ``--out`` names.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from desktop.commands import fail, say
from desktop.errors import ReviewDeskError

STDOUT = "-"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件")
    from desktop.export import choices, choices_help

    parser.add_argument("--format", required=True, choices=choices(), help=choices_help())
    parser.add_argument("--doc", type=int, default=None, metavar="ID",
                        help="只导出这一份报告（docx 为单份报告汇总；其他格式只含这一份）")
    parser.add_argument("--out", required=True, metavar="PATH",
                        help="输出文件；“-”把文本格式（csv、json）写到标准输出；"
                             "annotated-docx 不带 --doc 时为一个已有的文件夹，每份报告写一个文件")


def _refuse_binary_stdout(fmt: str) -> None:
    from desktop.export import FORMATS, ExportError

    if not FORMATS[fmt].text:
        text_formats = "、".join(k for k, f in FORMATS.items() if f.text)
        raise ExportError(f"{fmt} 是二进制文件，不能写到标准输出（--out -）；请给出文件路径。"
                          f"可写到标准输出的格式：{text_formats}", kind="output")


def _to_stdout(project, fmt: str, doc_id: int | None) -> None:
    """Exports into a private folder, then copies the file's bytes to standard output."""
    from desktop.export import FORMATS, export

    spec = FORMATS[fmt]
    with tempfile.TemporaryDirectory(prefix="reviewdesk-stdout-") as tmp:
        path = export(project, fmt, Path(tmp) / f"export{spec.suffix}", doc_id=doc_id)
        sys.stdout.flush()
        with open(path, "rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def run(args: argparse.Namespace) -> int:
    from desktop.export import export_files
    from desktop.export.snapshot import snapshot

    try:
        if args.out == STDOUT:
            _refuse_binary_stdout(args.format)  # before reading anything
        with snapshot(args.project) as project:
            if args.out == STDOUT:
                _to_stdout(project, args.format, args.doc)
                return 0
            paths = export_files(project, args.format, args.out, doc_id=args.doc)
    except ReviewDeskError as exc:
        return fail(exc)
    if not paths:
        say(f"没有报告可导出：{args.out}")
    for path in paths:
        print(f"已导出：{path}")
    return 0
