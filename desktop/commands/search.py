"""``search [--json] PROJECT QUERY``: every occurrence of QUERY in every report.

The project is read through a snapshot, like ``export``, so the command never
changes it and works while a window has it open. Full-width and half-width
forms match each other (ＡＢＣ and abc, １２３ and 123) and every occurrence is
listed, overlapping ones too; queries of three or more characters use the
project's FTS5 trigram index, one and two characters an exact scan.
``--json`` prints one array of ``{"doc_id", "title", "start", "end",
"snippet"}`` by report then offset; offsets are code points into the canonical
text ``extract`` prints, and ``text[start:end]`` folds to the folded query.
No hits: an empty list, exit status 0. A missing file, a file that is not a
project or an empty query: one ``error: <kind>: message`` line, status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.commands import fail, say
from desktop.errors import ProjectError, ReviewDeskError
from desktop.store.integrity import is_project_file
from desktop.store.search import EmptyQuery, Hit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件（.rdproj）")
    parser.add_argument("query", metavar="QUERY", help="要搜索的文字（全角、半角视为相同，英文不区分大小写）")
    parser.add_argument("--json", action="store_true", help="以 JSON 数组输出（每处命中一个对象）")


def _search(path: str, query: str) -> Sequence[Hit]:
    from desktop.export.snapshot import snapshot

    if not query.strip():
        raise EmptyQuery("请输入要搜索的文字（搜索内容不能为空）。")
    if not Path(path).exists():
        raise ProjectError(f"找不到项目文件：{path}")
    if not is_project_file(path):
        raise ProjectError(f"不是评阅台项目文件：{path}")
    with snapshot(path) as project:
        return project.search(query)


def run(args: argparse.Namespace) -> int:
    try:
        hits = _search(str(args.project), args.query)
    except ReviewDeskError as exc:
        return fail(exc)
    if args.json:
        json.dump([h.to_json() for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for h in hits:
        say(f"{h.title or f'报告 {h.doc_id}'}  {h.start}-{h.end}  {h.snippet}")
    reports = len({h.doc_id for h in hits})
    say(f"共 {len(hits)} 处，{reports} 份报告" if hits else "没有找到")
    return 0
