"""``restore PROJECT BACKUP``: replace the project with one of its backups.

The current file is backed up first (or, when damaged, copied byte for byte),
so a restore can itself be undone with another restore.
"""

from __future__ import annotations

import argparse

from desktop.commands import fail, say
from desktop.errors import ReviewDeskError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="项目文件")
    parser.add_argument("backup", metavar="BACKUP", help="备份文件（见 backups 命令）")


def run(args: argparse.Namespace) -> int:
    from desktop.store.backups import restore_backup

    try:
        safety = restore_backup(args.project, args.backup)
    except ReviewDeskError as exc:
        return fail(exc)
    say(f"已从备份恢复：{args.project} ← {args.backup}")
    if safety is not None:
        say(f"恢复前的项目文件已备份为：{safety}")
    return 0
