"""``backups PROJECT [--json]``: list a project's automatic backups, newest first."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands import fail, say
from desktop.errors import ProjectError, ReviewDeskError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件")
    parser.add_argument("--json", action="store_true", help="以 JSON 列表输出")


def run(args: argparse.Namespace) -> int:
    from desktop.store.backups import list_backups

    path = Path(args.project)
    try:
        if path.is_dir():
            raise ProjectError(f"这是一个文件夹，不是项目文件：{path}")
        backups = list_backups(path)
    except (ReviewDeskError, OSError) as exc:
        return fail(exc if isinstance(exc, ReviewDeskError) else ProjectError(str(exc)))
    if args.json:
        print(json.dumps([b.as_json() for b in backups], ensure_ascii=False, indent=1))
        return 0
    if not backups:
        say(f"没有备份：{path}")
        return 0
    for b in backups:
        docs = "?" if b.documents is None else b.documents
        anns = "?" if b.annotations is None else b.annotations
        note = {"before-restore": "（恢复前的备份）", "damaged": "（损坏文件的副本）"}.get(b.note, "")
        say(f"{b.created:%Y-%m-%d %H:%M:%S}  报告 {docs} 份  标注 {anns} 条  {b.path}{note}")
    return 0
