"""Checks a project file before and while it is opened.

A zero-byte file, a file that is not SQLite, a file that fails SQLite's
``quick_check`` and a rollback journal left beside it by *another copy* of the
project must never be opened as if nothing were wrong: SQLite would silently
create an empty project in the first case and play the foreign journal into
the file in the last, corrupting it. Everything here refuses with a typed
error (desktop.errors) or sets a foreign journal aside after keeping a copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import struct
import tempfile
from datetime import datetime
from pathlib import Path

from desktop.errors import CorruptProject, ProjectError

#: ``PRAGMA application_id`` of a ReviewDesk project ("RDPJ").
APPLICATION_ID = 0x5244504A
_SQLITE_MAGIC = b"SQLite format 3\x00"
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
#: Suffixes a project file is opened by (the window's and the commands' one list).
PROJECT_SUFFIXES = (".rdproj", ".sqlite", ".sqlite3", ".db")


def is_project_file(path: str | Path) -> bool:
    """A project, not a report: by its suffix, or by the SQLite header whatever it is called."""
    path = Path(path)
    if path.suffix.lower() in PROJECT_SUFFIXES:
        return True
    try:
        with open(path, "rb") as f:
            return f.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def require_regular_file(path: Path) -> os.stat_result | None:
    """The file's stat, None when it does not exist; refuses folders, pipes and devices."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ProjectError(f"无法读取项目文件：{path}（{exc.strerror or exc}）") from exc
    if stat.S_ISDIR(st.st_mode):
        raise ProjectError(f"这是一个文件夹，不是项目文件：{path}")
    if not stat.S_ISREG(st.st_mode):
        raise ProjectError(f"这不是普通文件（是管道或设备），不能作为项目文件：{path}")
    return st


def check_header(path: Path, st: os.stat_result) -> None:
    """Refuses an empty or truncated file (corrupt_project) and a non-SQLite file (project)."""
    if st.st_size == 0:
        raise CorruptProject(
            f"项目文件是空的（0 字节），可能在复制或保存时中断：{path}。请从备份恢复。")
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise ProjectError(f"无法读取项目文件：{path}（{exc.strerror or exc}）") from exc
    if not head.startswith(_SQLITE_MAGIC):
        raise ProjectError(f"不是评阅台项目文件：{path}")
    if len(head) < 100:
        raise CorruptProject(f"项目文件不完整（只有 {st.st_size} 字节）：{path}。请从备份恢复。")


def check_open_connection(conn: sqlite3.Connection, path: Path) -> None:
    """quick_check and application id on an open connection; raises CorruptProject / ProjectError."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_NOTADB:
            raise ProjectError(f"不是评阅台项目文件：{path}") from exc
        raise CorruptProject(f"项目文件已损坏（{exc}）：{path}。请从备份恢复。") from exc
    if [r[0] for r in rows] != ["ok"]:
        first = rows[0][0] if rows else "?"
        raise CorruptProject(f"项目文件未通过完整性检查（{first}）：{path}。请从备份恢复。")
    if app_id not in (0, APPLICATION_ID):
        raise ProjectError(f"不是评阅台项目文件（是另一个程序的数据库）：{path}")


def _journal_page1_counter(journal: Path) -> int | None:
    """The file change counter saved in the journal's copy of page 1, or None when
    the journal has no page 1 record (or cannot be parsed)."""
    try:
        with open(journal, "rb") as fh:
            header = fh.read(28)
            if len(header) < 28 or header[:8] != _JOURNAL_MAGIC:
                return None
            sector, page_size = struct.unpack(">II", header[20:28])
            if not (512 <= page_size <= 65536) or not (32 <= sector <= 65536):
                return None
            fh.seek(sector)
            while True:
                rec = fh.read(4 + page_size + 4)
                if len(rec) < 4 + page_size + 4:
                    return None
                if struct.unpack(">I", rec[:4])[0] == 1:
                    return struct.unpack(">I", rec[4 + 24:4 + 28])[0]
    except OSError:
        return None


def _db_counter(path: Path) -> int | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(28)
    except OSError:
        return None
    return struct.unpack(">I", head[24:28])[0] if len(head) >= 28 else None


def _passes_checks(db: Path) -> bool:
    try:
        conn = sqlite3.connect(str(db), isolation_level=None)
        try:
            check_open_connection(conn, db)
        finally:
            conn.close()
    except (ProjectError, sqlite3.Error):
        return False
    return True


def keep_aside_dir(path: Path, what: str) -> Path:
    """A fresh dated folder for copies kept for the reviewer or IT staff."""
    from desktop.store.backups import backup_dir

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = backup_dir(path) / f"{what}-{stamp}"
    target, n = base, 1
    while target.exists():
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    target.mkdir(parents=True)
    return target


def handle_leftover_journal(path: Path) -> str:
    """Deals with a rollback journal beside ``path`` before SQLite sees it; call
    only while holding the project's writer lock (no live writer owns it then).

    Returns a Chinese note for the reviewer ("" when there was nothing to do).
    A journal that belongs to the file (a crash in mid-write) is left for
    SQLite to roll back, after a copy of both files is kept. A journal that
    does not (its page 1 is not this file's, or rolling it back would break
    the file) is moved aside with a copy of the file, and the file opens as it
    is if it passes its checks; otherwise CorruptProject."""
    journal = journal_path(path)
    try:
        if os.stat(journal).st_size == 0:
            return ""
    except FileNotFoundError:
        return ""
    with open(journal, "rb") as fh:
        if fh.read(8) != _JOURNAL_MAGIC:
            return ""  # a zeroed header: SQLite treats it as finished, not hot
    kept = keep_aside_dir(path, "leftover-journal")
    shutil.copy2(path, kept / path.name)
    shutil.copy2(journal, kept / journal.name)
    journal_counter, db_counter = _journal_page1_counter(journal), _db_counter(path)
    belongs = journal_counter is None or db_counter in (journal_counter, (journal_counter + 1) & 0xFFFFFFFF)
    if belongs:
        with tempfile.TemporaryDirectory(prefix="reviewdesk-journal-") as tmp:
            trial = Path(tmp) / path.name
            shutil.copyfile(path, trial)
            shutil.copyfile(journal, journal_path(trial))
            belongs = _passes_checks(trial)
    if belongs:
        return (f"上次未正常关闭，已按日志文件恢复到最后一次完整保存的状态"
                f"（原文件和日志的副本保存在 {kept}）。")
    os.replace(journal, kept / (journal.name + ".foreign"))
    os.unlink(kept / journal.name)
    if _passes_checks(path):
        return (f"项目文件旁有一个不属于它的残留日志文件（可能来自另一份副本），已移到 {kept}，"
                "未写入项目。项目文件本身完好。")
    raise CorruptProject(
        f"项目文件已损坏，旁边还有一个不属于它的残留日志文件。两个文件的副本已保存在 {kept}。"
        "请从备份恢复。")
