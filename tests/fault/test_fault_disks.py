"""A full disk and a read-only disk, file or folder (real mounts, real processes).

Full disk: a 3 MB tmpfs holds the project, a filler file takes the rest.
Before issue 9 the command line said "cannot rollback - no transaction is
active"; now an import answers ``error: disk_full:`` (exit 2) and the project
is intact, and the store's add_annotation raises DiskFull with everything
acknowledged before still there.

Read-only: a tmpfs remounted read-only (works even as root), and as the
unprivileged user nobody a 0444 file in a world-writable folder and a writable
file in a 0755 folder owned by root. Before issue 9: a traceback and exit 1.
Now an import answers ``error: readonly:`` (exit 2) and changes nothing, the
export still works, Project(path) raises ProjectReadOnly and
Project(path, readonly=True) reads.

Each test skips, saying why, where it cannot mount or change user.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from faultlib import (
    SEEDS,
    annotations,
    assert_typed,
    file_digest,
    fill_disk,
    integrity_check,
    make_project,
    remount_readonly,
    report,
    rows,
    run_cli,
    run_python,
    unprivileged_label,
)

from desktop.errors import DiskFull, ProjectReadOnly
from desktop.store import Project


def _content(path: Path) -> tuple[list, dict]:
    return rows(path, "SELECT id, content_sha256 FROM documents ORDER BY id"), annotations(path)


# --- full disk ---------------------------------------------------------------------------


def test_full_disk_import_says_disk_full_and_keeps_the_project(tmpfs, tmp_path, home):
    disk = tmpfs(3 * 1024)
    project_path = disk / "round.rdproj"
    make_project(project_path, home=home, seeds=1, tags=20)
    before = _content(project_path)
    # Room for the lock file's one line, not for a report.
    filler = fill_disk(disk, leave=8 * 1024)

    result = run_cli("import", project_path, SEEDS[3], home=home)
    line = assert_typed(result, "disk_full")

    assert integrity_check(project_path) == ["ok"]
    assert _content(project_path) == before
    assert not (disk / "round.rdproj-journal").exists()
    assert not (disk / "round.rdproj.lock").exists()
    # Room again: the same import goes through.
    filler.unlink()
    again = run_cli("import", project_path, SEEDS[3], home=home)
    assert again.returncode == 0, again.stderr
    assert len(_content(project_path)[0]) == len(before[0]) + 1
    report("full_disk_cli", error=line[:60], integrity="ok", documents_before=len(before[0]),
           annotations_kept=len(before[1]))


def test_full_disk_add_annotation_raises_disk_full_and_keeps_what_was_acknowledged(tmpfs, home):
    disk = tmpfs(3 * 1024)
    project_path = disk / "round.rdproj"
    make_project(project_path, home=home, seeds=1)
    project = Project(project_path)
    try:
        doc = project.documents()[0].id
        text = project.document_text(doc)
        acknowledged = [project.add_annotation(doc, i * 7, i * 7 + 5, "measure") for i in range(30)]
        filler = fill_disk(disk)
        with pytest.raises(DiskFull) as caught:
            # A big note needs new pages; nothing else on the disk has room for it.
            for i in range(50):
                acknowledged.append(project.add_annotation(doc, i, i + 3, "figure", note="注" * 200_000))
        assert "磁盘已满" in caught.value.message
        refused_after = len(acknowledged)
        # The connection is usable and the refused change is not there.
        stored = {a.id: (a.start, a.end, a.tag, a.note) for a in project.annotations(doc)}
        assert all(stored.get(a.id) == (a.start, a.end, a.tag, a.note) for a in acknowledged)
        assert len(stored) == len(acknowledged)
        assert [r[0] for r in project.db.conn.execute("PRAGMA integrity_check")] == ["ok"]
        filler.unlink()
        later = project.add_annotation(doc, 3, 9, "weakness")
        assert later.quote == text[3:9]
    finally:
        project.close()
    assert integrity_check(project_path) == ["ok"]
    assert len(annotations(project_path)) == refused_after + 1
    report("full_disk_store", acknowledged=refused_after, lost=0, integrity="ok")


def test_full_disk_while_opening_says_disk_full_not_a_traceback(tmpfs, tmp_path, home):
    """Nothing at all left: even the lock file cannot get its one line."""
    disk = tmpfs(3 * 1024)
    project_path = disk / "round.rdproj"
    make_project(project_path, home=home, seeds=1, tags=5)
    before = _content(project_path)
    fill_disk(disk)
    result = run_cli("import", project_path, SEEDS[3], home=home)
    assert "Traceback" not in result.stderr, result.stderr
    assert_typed(result, "disk_full")
    assert _content(project_path) == before
    assert integrity_check(project_path) == ["ok"]
    assert not (disk / "round.rdproj.lock").exists()
    # Reading needs no room on that disk: the export (written elsewhere) works.
    out = tmp_path / "export.json"
    exported = run_cli("export", project_path, "--format", "json", "--out", out, home=home)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == len(before[1])


# --- read-only disk ---------------------------------------------------------------------


def _check_readonly_everywhere(project_path: Path, home: Path, out_dir: Path, *, user: str | None,
                               expect: str) -> dict:
    digest = file_digest(project_path)
    before = _content(project_path)
    siblings = sorted(p.name for p in project_path.parent.iterdir())

    result = run_cli("import", project_path, SEEDS[3], home=home, user=user)
    line = assert_typed(result, "readonly")
    assert expect in line, line

    out = out_dir / "export.json"
    exported = run_cli("export", project_path, "--format", "json", "--out", out, home=home, user=user)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["total"] == len(before[1])

    opened = run_python(OPEN_BOTH_WAYS, project_path, home=home, user=user)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.splitlines() == ["ProjectReadOnly readonly", f"read {len(before[1])}"], opened.stdout

    assert file_digest(project_path) == digest
    assert _content(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == siblings  # no lock, no journal left
    return {"import": line[:70], "export": "ok", "readonly_open": "reads"}


OPEN_BOTH_WAYS = """
import sys
from desktop.errors import ProjectReadOnly
from desktop.store import Project
try:
    Project(sys.argv[1]).close()
    print("opened for writing!")
except ProjectReadOnly as exc:
    print("ProjectReadOnly", exc.kind)
p = Project(sys.argv[1], readonly=True)
print("read", sum(len(p.annotations(d.id, include_orphans=True)) for d in p.documents()))
p.close()
"""


def test_read_only_mount_refuses_import_and_still_exports(tmpfs, tmp_path, home):
    disk = tmpfs(8 * 1024)
    project_path = disk / "round.rdproj"
    make_project(project_path, home=home, seeds=2, tags=15)
    shutil.rmtree(disk / "round.backups", ignore_errors=True)
    remount_readonly(disk)
    figures = _check_readonly_everywhere(project_path, home, tmp_path, user=None, expect="只读")
    # In-process too: the typed error, and reading works.
    with pytest.raises(ProjectReadOnly):
        Project(project_path)
    with Project(project_path, readonly=True) as p:
        assert len(p.documents()) == 2
    report("readonly_mount", **figures)


@pytest.fixture
def public_dir():
    """A folder every user can enter (pytest's tmp_path is private to root)."""
    where = Path(tempfile.mkdtemp(prefix="rd-fault-public-"))
    os.chmod(where, 0o755)
    try:
        yield where
    finally:
        shutil.rmtree(where, ignore_errors=True)


@pytest.mark.parametrize("case", ["file_0444", "folder_0555"])
def test_read_only_file_or_folder_for_an_ordinary_user(public_dir, home, case):
    who = unprivileged_label("nobody")  # skips when neither way works here
    folder = public_dir / "share"
    folder.mkdir()
    project_path = folder / "round.rdproj"
    make_project(project_path, home=home, seeds=2, tags=10)
    shutil.rmtree(folder / "round.backups", ignore_errors=True)
    if case == "file_0444":
        os.chmod(folder, 0o1777)  # anyone may create files here, but the project is read-only
        os.chmod(project_path, 0o444)
        expect = "项目文件是只读的"
    else:
        os.chmod(folder, 0o555)  # root's read-only folder: no lock or journal can be made
        os.chmod(project_path, 0o666)
        expect = "文件夹是只读的"
    nobody_home = public_dir / "nobody-home"
    nobody_home.mkdir()
    os.chmod(nobody_home, 0o777)
    out_dir = public_dir / "out"
    out_dir.mkdir()
    os.chmod(out_dir, 0o777)
    try:
        figures = _check_readonly_everywhere(project_path, nobody_home, out_dir, user="nobody", expect=expect)
    finally:
        os.chmod(folder, 0o755)
    report(f"readonly_{case}", run_as=who, **figures)
