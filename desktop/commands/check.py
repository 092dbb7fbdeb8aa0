"""``check FILE...``: which of the five statutory parts each report contains.

Reads the files only (no project). Plain output is for people; ``--json``
prints one JSON array, an object per readable file, for scripts. Unreadable
files get one ``error: <kind>: FILE: message`` line each on stderr, the
others are still checked, and the exit status is then 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.analysis.completeness import PART_KEYS, PART_LABELS, check
from desktop.commands import fail
from desktop.errors import ReviewDeskError
from desktop.importers import import_file, suffixes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="+", help=f"报告文件（{'、'.join(suffixes())}）")
    parser.add_argument("--json", action="store_true", help="以 JSON 数组输出（每个文件一个对象）")


def run(args: argparse.Namespace) -> int:
    results = []
    status = 0
    for path in args.files:
        try:
            doc = import_file(path)
        except ReviewDeskError as exc:
            status = fail(exc, context=str(path))
            continue
        result = check(doc.text, doc.sections)
        if args.json:
            results.append(result.to_json(str(path)))
        else:
            _print_plain(str(path), result)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status


def _print_plain(path: str, result) -> None:
    print(f"{path}：包含 {result.found_count}/{len(PART_KEYS)} 个法定部分")
    for key in PART_KEYS:
        part = result.parts[key]
        if part.found:
            print(f"  ✓ {PART_LABELS[key]}：{part.heading}（位置 {part.start}）")
    for key in result.missing:
        print(f"  ✗ 缺少：{PART_LABELS[key]}")
    if result.parts["weaknesses"].found and not result.weakness_causes:
        print("  ! “存在的不足”部分只列问题，没有分析原因")
