"""Open a read-only snapshot of a project file for exporting.

Opening a Project runs its migrations and a first call to ``rubric()`` may
store the default rubric: fine for the reviewer's session, wrong for an
export, which must never change the file. Exports therefore read a private
copy that is thrown away afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from desktop.errors import ProjectError
from desktop.store import Project


@contextmanager
def snapshot(path: str | Path) -> Iterator[Project]:
    """A Project opened on a temporary copy of ``path``; raises ProjectError."""
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"找不到项目文件：{path}")
    if not path.is_file():
        raise ProjectError(f"这不是项目文件：{path}")
    with tempfile.TemporaryDirectory(prefix="reviewdesk-export-") as tmp:
        copy = Path(tmp) / "snapshot.reviewdesk"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise ProjectError(f"无法读取项目文件：{path}（{exc.strerror or exc}）") from exc
        try:
            project = Project(copy, create=False)
        except ProjectError as exc:
            raise ProjectError(exc.message.replace(str(copy), str(path))) from exc
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
