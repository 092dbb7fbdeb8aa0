"""Open a read-only snapshot of a project file (for exporting, the read-only
commands, and the projects a merge reads).

Opening a Project runs its migrations and a first call to ``rubric()`` may
store the default rubric: fine for the reviewer's session, wrong for an
export, which must never change the file. Exports therefore read a private
copy that is thrown away afterwards, and they work while a window has the
project open.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from desktop.errors import ProjectError
from desktop.store import Project, integrity
from desktop.store.backups import consistent_copy


@contextmanager
def snapshot(path: str | Path, prefix: str = "reviewdesk-export-") -> Iterator[Project]:
    """A Project opened on a consistent temporary copy of ``path``; raises ProjectError.

    The copy is made with SQLite's backup API under a read lock, never by
    copying bytes: a window may be committing at that moment (a byte copy
    then tears), and after a crash the file is only whole together with its
    journal. When no writer holds the project, a leftover journal is first
    checked exactly as opening the project would (a foreign one is set aside)."""
    path = Path(path)
    st = integrity.require_regular_file(path)
    if st is None:
        raise ProjectError(f"找不到项目文件：{path}")
    integrity.check_header(path, st)
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        copy = Path(tmp) / "snapshot.rdproj"
        consistent_copy(path, copy)
        try:
            project = Project(copy, create=False, backup=False)
        except ProjectError as exc:
            exc.message = exc.message.replace(str(copy), str(path))
            exc.args = (exc.message,)
            raise
        try:
            yield project
        finally:
            project.close()


@contextmanager
def snapshot_of(project: Project) -> Iterator[Path]:
    """A consistent copy of an open project (SQLite backup), for a worker thread
    to open with its own connection; deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="reviewdesk-export-") as tmp:
        copy = Path(tmp) / "snapshot.reviewdesk"
        project.save_copy(copy)
        yield copy
