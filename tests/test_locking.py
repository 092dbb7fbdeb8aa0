"""Issue 9: one writer at a time, by a lock file beside the project that names its holder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import ProjectLocked, ProjectReadOnly
from desktop.importers import import_file
from desktop.store import Project
from desktop.store.lock import LockInfo, ProjectLock, lock_path, read_lock, this_host

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(project: Path, **fields) -> None:
    info = {"user": "张三", "host": this_host(), "pid": dead_pid(), "time": "2026-03-01 09:30", "app": "ReviewDesk"}
    info.update(fields)
    lock_path(project).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def test_second_writer_is_refused_naming_the_holder(tmp_path):
    path = tmp_path / "r.rdproj"
    with Project(path, user="王审"):
        with pytest.raises(ProjectLocked) as caught:
            Project(path)
        holder = caught.value.holder
        assert (holder.user, holder.host, holder.pid) == ("王审", this_host(), os.getpid())
        assert caught.value.message == f"王审 在 {this_host()} 于 {holder.time} 打开了此项目"
        assert caught.value.other_host is False
    with Project(path):  # closed: the lock is gone with it
        assert read_lock(path).pid == os.getpid()
    assert not lock_path(path).exists()


def test_command_line_is_refused_at_once_with_the_documented_line(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    with Project(path, user="王审"):
        result = cli("import", str(path), str(seed_paths[0]))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: locked: 王审 在 ") and line.endswith("打开了此项目")
    with Project(path) as p:
        assert p.documents() == []


def test_a_dead_process_lock_on_this_host_is_taken_over_silently(tmp_path):
    path = tmp_path / "r.rdproj"
    Project(path).close()
    write_lock(path)
    with Project(path) as p:
        assert read_lock(path).pid == os.getpid()
        assert p.documents() == []


def test_a_live_process_on_this_host_keeps_its_lock(tmp_path):
    path = tmp_path / "r.rdproj"
    Project(path).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from desktop.store import Project; "
                               f"p = Project({str(path)!r}); print('ready', flush=True); sys.stdin.read()"],
                              cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(ProjectLocked) as caught:
            Project(path)
        assert caught.value.holder.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()
    with Project(path):  # killed: the OS released its lock, so it is stale now
        pass


def test_another_hosts_lock_needs_confirmation_then_the_old_holder_stops_writing(tmp_path):
    path = tmp_path / "r.rdproj"
    first = Project(path)
    doc = first.import_document(import_file(REPO / "seeds" / "000_72cc8833663dde4f.txt"))
    first.close()
    write_lock(path, host="另一台电脑", pid=4242)
    with pytest.raises(ProjectLocked) as caught:
        Project(path)
    assert caught.value.other_host is True and caught.value.holder.host == "另一台电脑"
    # A process that still thinks it holds the lock on this host is cut off after a take-over.
    lock_path(path).unlink()
    mine = Project(path)
    write_lock(path, host="另一台电脑", pid=4242)  # the other PC confirmed a take-over
    with pytest.raises(ProjectLocked, match="另一台电脑"):
        mine.add_annotation(doc.doc_id, 0, 4, "measure")
    mine.close()
    assert read_lock(path).host == "另一台电脑"  # closing never deletes someone else's lock
    with Project(path, take_over_lock=True) as taken:
        assert read_lock(path).host == this_host()
        assert taken.annotations(doc.doc_id) == []


def test_read_only_needs_no_lock_and_refuses_every_change(tmp_path):
    path = tmp_path / "r.rdproj"
    writer = Project(path)
    try:
        viewer = Project(path, readonly=True)
        assert viewer.readonly and viewer.documents() == []
        version = viewer.data_version()
        doc = writer.import_document(import_file(REPO / "seeds" / "001_32e1b51370f8cf47.txt")).doc_id
        assert viewer.data_version() != version and [d.id for d in viewer.documents()] == [doc]
        with pytest.raises(ProjectReadOnly):
            viewer.add_annotation(doc, 0, 3, "figure")
        with pytest.raises(ProjectReadOnly):
            viewer.update_document(doc, unit="x")
        viewer.close()
    finally:
        writer.close()


def test_a_garbled_old_lock_file_is_taken_over(tmp_path):
    path = tmp_path / "r.rdproj"
    lock_path(path).write_bytes(b"")
    old = 1_000_000_000
    os.utime(lock_path(path), (old, old))
    with Project(path):
        assert read_lock(path).pid == os.getpid()


def test_lock_release_is_idempotent_and_info_describes(tmp_path):
    lock = ProjectLock.acquire(tmp_path / "x.rdproj", user="李四")
    assert isinstance(lock.info, LockInfo) and lock.info.describe().startswith("李四 在 ")
    lock.release()
    lock.release()
    assert not lock_path(tmp_path / "x.rdproj").exists()


def test_an_sqlite_exclusive_lock_is_reported_as_locked_not_damaged(tmp_path, seed_paths):
    """Another program (a DB browser) holding SQLite's exclusive lock: locked, never "damaged"."""
    path = tmp_path / "r.rdproj"
    Project(path).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                               "c.execute('BEGIN EXCLUSIVE'); print('ready', flush=True); sys.stdin.read()",
                               str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(ProjectLocked):
            Project(path)
        result = cli("import", str(path), str(seed_paths[0]))
        assert result.returncode == 2 and result.stderr.startswith("error: locked: ")
    finally:
        holder.kill()
        holder.wait()
    assert not lock_path(path).exists()  # the refused opener left no lock behind
