"""Dated backups of a project, made with SQLite's backup API.

A backup is taken when a project is opened for writing, at most one an hour,
into ``<project name>.backups/`` beside the project (or, when that folder
cannot be written, a folder of its own under the user's data folder). The
last 10 are kept, and for the last 30 days the newest of each day. Restoring
first backs up the current file, so a restore can itself be undone.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.errors import CorruptProject, ProjectError

#: The lock an export's copy holds for a moment (an opener waits for it instead of refusing).
SNAPSHOT = "snapshot"
KEEP_LAST = 10
KEEP_DAYS = 30
MIN_INTERVAL = timedelta(hours=1)
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?(?P<tag>-[a-z-]+)?\.rdproj$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    documents: int | None  # None when the backup cannot be read
    annotations: int | None
    size: int
    note: str = ""  # "before-restore" for the copy a restore made first

    def as_json(self) -> dict:
        return {
            "path": str(self.path), "created": self.created.isoformat(timespec="seconds"),
            "documents": self.documents, "annotations": self.annotations, "size": self.size,
            "note": self.note,
        }


def user_data_dir() -> Path:
    if sys.platform == "win32":  # pragma: no cover
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")  # pragma: no mutate
        return base / "ReviewDesk"  # pragma: no mutate
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ReviewDesk"


def _beside(project_path: Path) -> Path:
    return project_path.with_name(project_path.stem + ".backups")


def _fallback(project_path: Path) -> Path:
    key = hashlib.sha1(str(project_path.resolve()).encode("utf-8")).hexdigest()[:10]
    return user_data_dir() / "backups" / f"{project_path.stem}-{key}"


def backup_dir(project_path: str | Path) -> Path:
    """Where new backups of this project go (created if missing)."""
    project_path = Path(project_path)
    beside = _beside(project_path)
    try:
        beside.mkdir(exist_ok=True)
        if os.access(beside, os.W_OK):
            return beside
    except OSError:
        pass
    fallback = _fallback(project_path)
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


def _parse(path: Path) -> tuple[datetime, str] | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group("stamp"), _STAMP), (m.group("tag") or "").lstrip("-")
    except ValueError:
        return None


def _backup_files(project_path: Path) -> list[tuple[datetime, str, Path]]:
    out = []
    for folder in (_beside(project_path), _fallback(project_path)):
        if not folder.is_dir():
            continue
        for f in folder.glob(f"{glob_escape(project_path.stem)}-*.rdproj"):
            parsed = _parse(f)
            if parsed and f.is_file():
                out.append((parsed[0], parsed[1], f))
    out.sort(key=lambda t: (t[0], t[2].name), reverse=True)
    return out


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _counts(path: Path) -> tuple[int | None, int | None]:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            anns = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        finally:
            conn.close()
        return docs, anns
    except sqlite3.Error:
        return None, None


def list_backups(project_path: str | Path) -> list[BackupInfo]:
    """The project's backups, newest first, with their reports and annotations counted."""
    project_path = Path(project_path)
    out = []
    for created, tag, f in _backup_files(project_path):
        docs, anns = _counts(f)
        out.append(BackupInfo(f, created, docs, anns, f.stat().st_size, tag))
    return out


def make_backup(conn: sqlite3.Connection, project_path: str | Path, *, force: bool = False,
                tag: str = "", now: datetime | None = None) -> Path | None:
    """Copies the open database ``conn`` of ``project_path`` into its backup folder;
    None when a backup less than an hour old exists (unless ``force``)."""
    project_path = Path(project_path)
    now = now or datetime.now()
    existing = _backup_files(project_path)
    if not force and existing and timedelta(0) <= now - existing[0][0] < MIN_INTERVAL:
        return None
    folder = backup_dir(project_path)
    name = f"{project_path.stem}-{now.strftime(_STAMP)}"
    suffix = f"-{tag}" if tag else ""
    target, n = folder / f"{name}{suffix}.rdproj", 1
    while target.exists():
        n += 1
        target = folder / f"{name}-{n}{suffix}.rdproj"
    partial = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(str(partial))
    try:
        conn.backup(dest)
    except BaseException:
        dest.close()
        partial.unlink(missing_ok=True)  # a full disk leaves no half backup behind
        raise
    dest.close()
    os.replace(partial, target)
    prune(project_path, now=now)
    return target


def prune(project_path: str | Path, *, now: datetime | None = None) -> list[Path]:
    """Deletes backups beyond the last 10 and one a day for 30 days; returns what went."""
    now = now or datetime.now()
    files = _backup_files(Path(project_path))
    keep: set[Path] = {f for _, _, f in files[:KEEP_LAST]}
    days_seen: set = set()
    for created, _, f in files:  # newest first: the first of each day is its newest
        if now - created <= timedelta(days=KEEP_DAYS) and created.date() not in days_seen:
            days_seen.add(created.date())
            keep.add(f)
    removed = []
    for _, _, f in files:
        if f not in keep:
            try:
                f.unlink()
                removed.append(f)
            except OSError:
                pass
    return removed


def verify_backup(path: Path) -> None:
    """Refuses a backup that is not an intact project (CorruptProject / ProjectError)."""
    from desktop.store.integrity import check_header, check_open_connection, require_regular_file

    st = require_regular_file(path)
    if st is None:
        raise ProjectError(f"找不到备份文件：{path}")
    check_header(path, st)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check_open_connection(conn, path)
        conn.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.Error as exc:
        raise CorruptProject(f"备份文件已损坏：{path}") from exc
    finally:
        conn.close()


def restore_backup(project_path: str | Path, backup: str | Path, *, user: str = "") -> Path | None:
    """Replaces the project with ``backup`` after backing up the current file;
    returns that safety copy (None when there was no current file).

    Takes the writer lock for the duration, so an open window or command
    refuses it (ProjectLocked) rather than having the file swapped under it."""
    from desktop.store.integrity import journal_path, keep_aside_dir
    from desktop.store.lock import ProjectLock

    project_path, backup = Path(project_path), Path(backup)
    verify_backup(backup)
    lock = ProjectLock.acquire(project_path, user=user)
    try:
        safety: Path | None = None
        if project_path.exists():
            safety = _safety_copy(project_path)
        journal = journal_path(project_path)
        if journal.exists():
            kept = keep_aside_dir(project_path, "leftover-journal")
            os.replace(journal, kept / journal.name)
        partial = project_path.with_name(project_path.name + ".restoring")
        src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        dest = sqlite3.connect(str(partial))
        try:
            src.backup(dest)
        except BaseException:
            dest.close()
            partial.unlink(missing_ok=True)
            raise
        finally:
            src.close()
            dest.close()
        os.replace(partial, project_path)
        return safety
    finally:
        lock.release()


def _safety_copy(project_path: Path) -> Path:
    """The current file, backed up before a restore: through SQLite when it can be
    read, byte for byte when it is damaged (so nothing is ever lost)."""
    from desktop.store.integrity import check_header

    try:
        check_header(project_path, os.stat(project_path))
        conn = sqlite3.connect(f"{project_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                out = make_backup(conn, project_path, force=True, tag="before-restore")
                assert out is not None
                return out
        finally:
            conn.close()
    except (sqlite3.Error, ProjectError, OSError):
        pass
    folder = backup_dir(project_path)
    target = folder / f"{project_path.stem}-{datetime.now().strftime(_STAMP)}-damaged.rdproj"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{project_path.stem}-{datetime.now().strftime(_STAMP)}-{n}-damaged.rdproj"
    with open(project_path, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return target


def consistent_copy(path: Path, copy: Path) -> None:
    """Copies the project at ``path`` to ``copy`` with the backup API under a
    read lock, never a torn byte copy; a leftover journal is first checked as
    opening would (when no live writer owns the project)."""
    from desktop.errors import DiskFull, ProjectLocked, ProjectReadOnly
    from desktop.store import integrity
    from desktop.store.lock import ProjectLock
    from desktop.store.project import db_error

    if not path.is_file():
        raise ProjectError(f"找不到项目文件：{path}")
    lock = None
    try:
        lock = ProjectLock.acquire(path, purpose=SNAPSHOT)
    except (ProjectLocked, ProjectReadOnly, DiskFull):
        pass  # a live writer (its journal is its own, in use), a read-only place or a full disk
    try:
        if lock is not None:
            integrity.handle_leftover_journal(path)
    finally:
        if lock is not None:  # held only for the journal check: a window may open meanwhile
            lock.release()
    readonly = lock is None and not os.access(path.parent, os.W_OK)
    # mode=rw: a missing file is an error, never created empty.
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}", uri=True,
                          timeout=10.0)
    dest = sqlite3.connect(str(copy))
    try:
        src.backup(dest)
    except sqlite3.Error as exc:
        raise db_error(exc, path) or ProjectError(f"无法读取项目文件：{path}（{exc}）") from exc
    finally:
        src.close()
        dest.close()
