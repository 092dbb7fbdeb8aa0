"""Unit tests of the lock, integrity and backup modules, in-process (mutation testing
showed which decisions the process-level tests left unchecked)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desktop.errors import CorruptProject, ProjectError, ProjectLocked, ProjectReadOnly
from desktop.importers import import_file
from desktop.store import Project, backups, integrity, lock
from desktop.store.lock import ProjectLock, lock_path, read_lock

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_72cc8833663dde4f.txt"


def project_with(path: Path, n_anns: int = 3) -> None:
    with Project(path) as p:
        doc = p.import_document(import_file(SEED)).doc_id
        for i in range(n_anns):
            p.add_annotation(doc, i * 10, i * 10 + 5, "measure", note=f"第{i}条")


def hot_journal(path: Path) -> None:
    code = ("import os, sqlite3, sys\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\nc.execute(\"UPDATE documents SET title = 'CHANGED'\")\n"
            "c.execute('PRAGMA cache_size = 1')\n"
            "c.execute(\"UPDATE annotations SET note = hex(randomblob(3000))\")\nos._exit(9)\n")
    subprocess.run([sys.executable, "-c", code, str(path)], timeout=60)
    assert integrity.journal_path(path).stat().st_size > 0


# --- lock ---------------------------------------------------------------------------


def test_lock_file_names_user_host_pid_and_minute_readable_by_colleagues(tmp_path):
    old = os.umask(0)
    try:
        held = ProjectLock.acquire(tmp_path / "r.rdproj", user="王审")
    finally:
        os.umask(old)
    try:
        data = json.loads(lock_path(tmp_path / "r.rdproj").read_text(encoding="utf-8"))
        assert data == {"user": "王审", "host": lock.this_host(), "pid": os.getpid(),
                        "time": data["time"], "app": "ReviewDesk"}
        datetime.strptime(data["time"], "%Y-%m-%d %H:%M")
        assert os.stat(lock_path(tmp_path / "r.rdproj")).st_mode & 0o777 == 0o644
        info = read_lock(tmp_path / "r.rdproj")
        assert info == held.info and info.time == data["time"] and info.app == "ReviewDesk"
    finally:
        held.release()


def test_read_lock_of_missing_or_garbled_files_is_none(tmp_path):
    path = tmp_path / "r.rdproj"
    assert read_lock(path) is None
    lock_path(path).write_text("{not json", encoding="utf-8")
    assert read_lock(path) is None
    lock_path(path).write_text('{"user": "a"}', encoding="utf-8")
    assert read_lock(path) is None
    lock_path(path).write_text('{"user": "甲", "host": "h", "pid": "12", "time": "t"}', encoding="utf-8")
    assert read_lock(path) == lock.LockInfo("甲", "h", 12, "t", "ReviewDesk")


def test_os_lock_is_exclusive_and_none_where_unsupported(tmp_path, monkeypatch):
    f = tmp_path / "l"
    f.write_text("x")
    a, b = os.open(f, os.O_RDWR), os.open(f, os.O_RDWR)
    try:
        assert lock._try_os_lock(a) is True
        assert lock._try_os_lock(b) is False
        import fcntl

        def no_locks(fd, op):
            raise OSError(errno.ENOLCK, "no locks")

        monkeypatch.setattr(fcntl, "flock", no_locks)
        assert lock._try_os_lock(b) is None
    finally:
        os.close(a), os.close(b)


def test_pid_alive():
    assert lock._pid_alive(os.getpid()) is True
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert lock._pid_alive(child.pid) is False
    assert lock._pid_alive(0) is False and lock._pid_alive(-5) is False
    assert lock._pid_alive(1) is True  # init exists; signalling it may be refused: still alive


def test_an_unreadable_lock_held_by_a_writer_starting_up_is_respected(tmp_path):
    path = tmp_path / "r.rdproj"
    lock_path(path).write_bytes(b"")
    fd = os.open(lock_path(path), os.O_RDWR)
    try:
        assert lock._try_os_lock(fd) is True  # held, as by a writer between create and write
        with pytest.raises(ProjectLocked, match="锁文件正在写入"):
            ProjectLock.acquire(path)
    finally:
        os.close(fd)
    held = ProjectLock.acquire(path)  # nobody holds it now: a crash between create and write
    assert read_lock(path) == held.info
    held.release()


def test_lock_creation_refused_by_the_folder_is_readonly(tmp_path, monkeypatch):
    real_open = os.open

    def refusing(path, flags, *args):
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(lock.os, "open", refusing)
    with pytest.raises(ProjectReadOnly, match="没有写入权限"):
        ProjectLock.acquire(tmp_path / "r.rdproj")

    def read_only_fs(path, flags, *args):
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(lock.os, "open", read_only_fs)
    with pytest.raises(ProjectReadOnly, match="只读"):
        ProjectLock.acquire(tmp_path / "r.rdproj")
    assert not lock_path(tmp_path / "r.rdproj").exists()


def test_verify_after_the_lock_file_is_deleted_or_rewritten_by_us(tmp_path):
    path = tmp_path / "r.rdproj"
    held = ProjectLock.acquire(path)
    held.verify()
    ProjectLock._write(os.open(lock_path(path), os.O_RDWR), held.info)  # our own rewrite: still ours
    held.verify()
    held.verify()
    lock_path(path).unlink()
    with pytest.raises(ProjectLocked, match="被删除"):
        held.verify()
    held.release()
    with pytest.raises(ProjectLocked, match="已关闭"):
        held.verify()


def test_release_never_removes_another_holders_lock(tmp_path):
    path = tmp_path / "r.rdproj"
    held = ProjectLock.acquire(path)
    other = {"user": "乙", "host": "别处", "pid": 7, "time": "t"}
    lock_path(path).write_text(json.dumps(other), encoding="utf-8")
    held.release()
    assert read_lock(path).host == "别处"


# --- integrity ------------------------------------------------------------------------


def test_require_regular_file(tmp_path):
    assert integrity.require_regular_file(tmp_path / "none") is None
    with pytest.raises(ProjectError, match="文件夹"):
        integrity.require_regular_file(tmp_path)
    fifo = tmp_path / "p.rdproj"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match="管道或设备"):
        Project(fifo)
    f = tmp_path / "f"
    f.write_bytes(b"x")
    assert integrity.require_regular_file(f).st_size == 1


def test_check_header_tells_empty_truncated_and_foreign(tmp_path):
    f = tmp_path / "x.rdproj"
    for data, error, words in ((b"", CorruptProject, "0 字节"),
                               (b"SQLite format 3\x00" + b"\0" * 50, CorruptProject, "不完整"),
                               (b"PK\x03\x04" + b"\0" * 200, ProjectError, "不是评阅台项目文件")):
        f.write_bytes(data)
        with pytest.raises(error, match=words) as caught:
            integrity.check_header(f, os.stat(f))
        assert type(caught.value) is error
    f.write_bytes(b"SQLite format 3\x00" + b"\0" * 84)
    integrity.check_header(f, os.stat(f))  # a full header passes


def test_check_open_connection(tmp_path):
    good = tmp_path / "g.rdproj"
    Project(good).close()
    conn = sqlite3.connect(good)
    integrity.check_open_connection(conn, good)
    conn.execute(f"PRAGMA application_id = {integrity.APPLICATION_ID + 1}")
    with pytest.raises(ProjectError, match="另一个程序"):
        integrity.check_open_connection(conn, good)
    conn.execute("PRAGMA application_id = 0")  # a version-1 project had none
    integrity.check_open_connection(conn, good)
    conn.close()
    junk = tmp_path / "j.rdproj"
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    conn = sqlite3.connect(junk)
    with pytest.raises(ProjectError) as caught:
        integrity.check_open_connection(conn, junk)
    assert caught.value.kind in ("project", "corrupt_project")
    conn.close()


def test_journal_page1_counter_matches_the_file_it_belongs_to(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path)
    hot_journal(path)
    counter = integrity._journal_page1_counter(integrity.journal_path(path))
    assert counter is not None and integrity._db_counter(path) in (counter, counter + 1)
    bad = tmp_path / "bad-journal"
    bad.write_bytes(b"\0" * 100)
    assert integrity._journal_page1_counter(bad) is None
    header = integrity.journal_path(path).read_bytes()[:28]
    odd = tmp_path / "odd-journal"
    odd.write_bytes(header[:20] + struct.pack(">II", 512, 100))  # impossible page size
    assert integrity._journal_page1_counter(odd) is None
    assert integrity._journal_page1_counter(tmp_path / "missing") is None
    short = tmp_path / "short.rdproj"
    short.write_bytes(b"SQLite")
    assert integrity._db_counter(short) is None and integrity._db_counter(tmp_path / "none") is None


def test_no_journal_or_a_finished_one_needs_nothing(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path)
    assert integrity.handle_leftover_journal(path) == ""
    integrity.journal_path(path).write_bytes(b"")
    assert integrity.handle_leftover_journal(path) == ""
    integrity.journal_path(path).write_bytes(b"\0" * 512)  # a zeroed header: not hot
    assert integrity.handle_leftover_journal(path) == ""
    assert not (tmp_path / "r.backups").exists()


def test_foreign_journal_in_process(tmp_path):
    a, b = tmp_path / "a" / "r.rdproj", tmp_path / "b" / "r.rdproj"
    a.parent.mkdir(), b.parent.mkdir()
    project_with(a, 2)
    project_with(b, 40)
    with Project(b) as p:  # a different history: many more commits
        for i in range(30):
            p.update_document(1, unit=f"单位{i}")
    hot_journal(b)
    shutil.copyfile(integrity.journal_path(b), integrity.journal_path(a))
    with Project(a) as p:
        assert [w for w in p.open_warnings if "不属于它的残留日志" in w]
        assert len(p.annotations(1)) == 2 and p.document_info(1).title != "CHANGED"
    (kept,) = (tmp_path / "a" / "r.backups").glob("leftover-journal-*")
    assert sorted(f.name for f in kept.iterdir()) == ["r.rdproj", "r.rdproj-journal.foreign"]


def test_foreign_journal_beside_a_damaged_file_is_refused(tmp_path):
    a, b = tmp_path / "a" / "r.rdproj", tmp_path / "b" / "r.rdproj"
    a.parent.mkdir(), b.parent.mkdir()
    project_with(a, 2)
    project_with(b, 40)
    hot_journal(b)
    data = bytearray(a.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xee" * 4096
    a.write_bytes(bytes(data))
    shutil.copyfile(integrity.journal_path(b), integrity.journal_path(a))
    with pytest.raises(CorruptProject, match="残留日志"):
        Project(a)
    (kept,) = (tmp_path / "a" / "r.backups").glob("leftover-journal-*")
    assert (kept / "r.rdproj-journal.foreign").exists()


def test_keep_aside_dirs_never_collide(tmp_path):
    path = tmp_path / "r.rdproj"
    one = integrity.keep_aside_dir(path, "x")
    two = integrity.keep_aside_dir(path, "x")
    assert one != two and one.is_dir() and two.is_dir() and two.name.startswith(one.name)


# --- backups -----------------------------------------------------------------------------


def test_user_data_dir_follows_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert backups.user_data_dir() == tmp_path / "xdg" / "ReviewDesk"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert backups.user_data_dir() == tmp_path / "home" / ".local" / "share" / "ReviewDesk"


def test_backup_info_as_json_and_names(tmp_path):
    path = tmp_path / "r[1].rdproj"  # glob characters in the name
    project_with(path)
    with Project(path) as p:
        made = p.last_backup
    assert made.name.startswith("r[1]-") and made.suffix == ".rdproj"
    (info,) = backups.list_backups(path)
    data = info.as_json()
    assert data == {"path": str(made), "created": info.created.isoformat(timespec="seconds"),
                    "documents": 1, "annotations": 3, "size": made.stat().st_size, "note": ""}
    assert backups._parse(Path("r-20261202-081500-2-before-restore.rdproj")) == (
        datetime(2026, 12, 2, 8, 15), "before-restore")
    assert backups._parse(Path("r-20261302-081500.rdproj")) is None  # month 13
    assert backups._parse(Path("r.rdproj")) is None
    assert backups.glob_escape("a*b?[c]") == "a[*]b[?][[]c]"


def test_two_backups_in_one_second_get_two_names(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path)
    conn = sqlite3.connect(path)
    now = datetime(2026, 12, 2, 9, 0, 0)
    first = backups.make_backup(conn, path, now=now)
    assert backups.make_backup(conn, path, now=now) is None  # within the hour
    second = backups.make_backup(conn, path, force=True, now=now)
    tagged = backups.make_backup(conn, path, force=True, tag="before-restore", now=now)
    conn.close()
    assert first.name == "r-20261202-090000.rdproj" and second.name == "r-20261202-090000-2.rdproj"
    assert tagged.name == "r-20261202-090000-before-restore.rdproj"
    assert not list(tmp_path.glob("r.backups/*.partial"))
    later = backups.make_backup(sqlite3.connect(path), path, now=datetime(2026, 12, 2, 10, 0, 1))
    assert later is not None


def test_unreadable_backups_are_listed_without_counts(tmp_path):
    path = tmp_path / "r.rdproj"
    folder = tmp_path / "r.backups"
    folder.mkdir()
    (folder / "r-20261201-080000.rdproj").write_bytes(b"garbage")
    (folder / "other-20261201-080000.rdproj").write_bytes(b"another project's")
    (folder / "r-notes.txt").write_text("x")
    (info,) = backups.list_backups(path)
    assert (info.documents, info.annotations, info.size) == (None, None, 7)


def test_verify_backup(tmp_path):
    with pytest.raises(ProjectError, match="找不到备份"):
        backups.verify_backup(tmp_path / "none.rdproj")
    not_ours = tmp_path / "t.rdproj"
    c = sqlite3.connect(not_ours)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    with pytest.raises(CorruptProject, match="备份文件已损坏"):
        backups.verify_backup(not_ours)


def test_consistent_copy_while_a_writer_holds_the_project(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path)
    with Project(path) as writer:
        writer.add_annotation(1, 100, 110, "weakness")
        copy = tmp_path / "copy.rdproj"
        backups.consistent_copy(path, copy)
        assert read_lock(path).pid == os.getpid()  # the writer's lock untouched
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 4
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not lock_path(path).exists()


def test_consistent_copy_after_a_crash_rolls_back_first(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path)
    hot_journal(path)
    copy = tmp_path / "copy.rdproj"
    backups.consistent_copy(path, copy)
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT title FROM documents").fetchone()[0] != "CHANGED"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not lock_path(path).exists() and not integrity.journal_path(path).exists()


def test_consistent_copy_of_a_missing_file(tmp_path):
    with pytest.raises(ProjectError):
        backups.consistent_copy(tmp_path / "none.rdproj", tmp_path / "c.rdproj")
    assert not lock_path(tmp_path / "none.rdproj").exists()


def synthetic_journal(path: Path, records: list[tuple[int, int]], *, page_size: int = 4096,
                      sector: int = 512, truncate_last: bool = False) -> Path:
    """A rollback journal of (page number, change counter saved at offset 24) records."""
    header = integrity._JOURNAL_MAGIC + struct.pack(">IIIII", len(records), 7, 10, sector, page_size)
    out = header.ljust(sector, b"\0")
    for pgno, counter in records:
        page = bytearray(page_size)
        page[24:28] = struct.pack(">I", counter)
        out += struct.pack(">I", pgno) + bytes(page) + b"\0\0\0\0"
    if truncate_last:
        out = out[:-10]
    path.write_bytes(out)
    return path


@pytest.mark.parametrize("page_size, sector", [(512, 32), (65536, 65536), (1024, 512)])
def test_journal_page1_counter_at_the_sizes_sqlite_allows(tmp_path, page_size, sector):
    j = synthetic_journal(tmp_path / "j", [(3, 1), (2, 5), (1, 0xFFFFFFF0), (1, 9)],
                          page_size=page_size, sector=sector)
    assert integrity._journal_page1_counter(j) == 0xFFFFFFF0  # the first record of page 1, unsigned


@pytest.mark.parametrize("page_size, sector", [(511, 512), (65537, 512), (4096, 31), (4096, 65537)])
def test_journal_page1_counter_refuses_impossible_headers(tmp_path, page_size, sector):
    header = integrity._JOURNAL_MAGIC + struct.pack(">IIIII", 1, 7, 10, sector, page_size)
    j = tmp_path / "j"
    j.write_bytes(header.ljust(70000, b"\1"))
    assert integrity._journal_page1_counter(j) is None


def test_journal_page1_counter_without_page1_or_truncated(tmp_path):
    assert integrity._journal_page1_counter(synthetic_journal(tmp_path / "a", [(2, 5), (3, 6)])) is None
    assert integrity._journal_page1_counter(synthetic_journal(tmp_path / "b", [(2, 5), (1, 6)],
                                                              truncate_last=True)) is None
    short = tmp_path / "c"
    short.write_bytes(integrity._JOURNAL_MAGIC + b"\0" * 19)  # 27 bytes: one short of a header
    assert integrity._journal_page1_counter(short) is None


def test_journal_counter_one_behind_the_file_belongs_and_far_behind_does_not(tmp_path, monkeypatch):
    path = tmp_path / "r.rdproj"
    project_with(path, 1)
    counter = integrity._db_counter(path)
    trials: list[Path] = []
    checks = integrity._passes_checks
    monkeypatch.setattr(integrity, "_passes_checks",
                        lambda p: (p != path and trials.append(p)) or checks(p))  # the trial copy, not the file
    for journal_counter, belongs in ((counter, True), (counter - 1, True), (counter - 2, False),
                                     (counter + 1, False)):
        trials.clear()
        synthetic_journal(integrity.journal_path(path), [(1, journal_counter)])
        before = path.read_bytes()
        note = integrity.handle_leftover_journal(path)
        assert len(trials) == int(belongs), journal_counter  # a trial rollback only for a journal that belongs
        # A synthetic journal rolls nothing valid back: "belongs" is decided, then the trial
        # rollback fails its checks, so it is always set aside; what differs is whether the
        # trial was made. The file itself is never changed.
        assert "不属于它的残留日志" in note and path.read_bytes() == before
        assert not integrity.journal_path(path).exists()


def test_messages_name_the_file_and_the_first_problem(tmp_path):
    path = tmp_path / "名字.rdproj"
    path.write_bytes(b"")
    with pytest.raises(CorruptProject) as caught:
        integrity.check_header(path, os.stat(path))
    assert str(path) in caught.value.message
    junk = tmp_path / "j.rdproj"
    junk.write_bytes(b"not sqlite at all" * 20)
    conn = sqlite3.connect(junk)
    with pytest.raises(ProjectError) as caught:
        integrity.check_open_connection(conn, junk)
    conn.close()
    assert type(caught.value) is ProjectError and caught.value.message == f"不是评阅台项目文件：{junk}"
    damaged = tmp_path / "d.rdproj"
    project_with(damaged, 30)
    data = bytearray(damaged.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    conn = sqlite3.connect(damaged)
    with pytest.raises(CorruptProject) as caught:
        integrity.check_open_connection(conn, damaged)
    conn.close()
    assert str(damaged) in caught.value.message and "请从备份恢复" in caught.value.message
    assert "（?）" not in caught.value.message  # the first problem SQLite reports is named


def test_restore_sets_a_leftover_journal_aside_and_two_damaged_copies_get_two_names(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path)
    with Project(path) as p:
        snapshot = p.last_backup
    synthetic_journal(integrity.journal_path(path), [(1, 3)])
    path.write_bytes(b"damaged")
    first = backups.restore_backup(path, snapshot, user="王审")
    (kept,) = (tmp_path / "r.backups").glob("leftover-journal-*")
    assert (kept / "r.rdproj-journal").exists() and not integrity.journal_path(path).exists()
    path.write_bytes(b"damaged again")
    second = backups.restore_backup(path, snapshot)
    assert first != second and first.read_bytes() == b"damaged" and second.read_bytes() == b"damaged again"
    assert first.name.endswith("-damaged.rdproj") and second.name.endswith("-damaged.rdproj")
    with Project(path) as p:
        assert len(p.annotations(1)) == 3
    assert not lock_path(path).exists()


def test_an_exports_momentary_lock_is_waited_for_not_refused(tmp_path):
    import threading

    path = tmp_path / "r.rdproj"
    project_with(path, 1)
    momentary = ProjectLock.acquire(path, purpose=backups.SNAPSHOT)
    assert read_lock(path).app == "ReviewDesk snapshot"
    threading.Timer(0.3, momentary.release).start()
    with Project(path) as p:  # waits the moment out
        assert read_lock(path).app == "ReviewDesk" and len(p.annotations(1)) == 1
    writer = ProjectLock.acquire(path)  # a writer's lock is refused at once, as before
    try:
        with pytest.raises(ProjectLocked):
            ProjectLock.acquire(path)
    finally:
        writer.release()


def test_a_failed_backup_leaves_no_partial_file(tmp_path):
    path = tmp_path / "r.rdproj"
    project_with(path, 1)
    conn = sqlite3.connect(path)
    conn.close()  # a closed connection cannot be backed up
    with pytest.raises(sqlite3.ProgrammingError):
        backups.make_backup(conn, path, force=True)
    assert list((tmp_path / "r.backups").glob("*.partial")) == []


def _fake_lock(path: Path, **fields) -> lock.LockInfo:
    info = {"user": "乙", "host": lock.this_host(), "pid": os.getpid(), "time": "2026-03-01 09:30"}
    info.update(fields)
    lock_path(path).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return read_lock(path)


def test_a_lock_file_we_may_not_open_for_writing(tmp_path, monkeypatch):
    path = tmp_path / "r.rdproj"
    real_open = os.open

    def no_write_to_existing(p, flags, *args):
        if str(p).endswith(".lock") and flags & os.O_RDWR and not flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "denied")
        return real_open(p, flags, *args)

    monkeypatch.setattr(lock.os, "open", no_write_to_existing)
    holder = _fake_lock(path, host="另一台电脑")
    with pytest.raises(ProjectLocked) as caught:
        ProjectLock.acquire(path)
    assert caught.value.holder == holder and caught.value.other_host is True
    assert caught.value.message == holder.describe()
    holder = _fake_lock(path)
    with pytest.raises(ProjectLocked) as caught:
        ProjectLock.acquire(path)
    assert caught.value.holder == holder and caught.value.other_host is False
    lock_path(path).write_text("garbled", encoding="utf-8")
    with pytest.raises(ProjectReadOnly, match="无法写入锁文件"):
        ProjectLock.acquire(path)


def test_without_os_locks_a_live_pid_on_this_host_keeps_the_lock(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "_try_os_lock", lambda fd: None)  # a share without flock
    path = tmp_path / "r.rdproj"
    holder = _fake_lock(path, pid=os.getppid())
    with pytest.raises(ProjectLocked) as caught:
        ProjectLock.acquire(path)
    assert (caught.value.holder, caught.value.other_host, caught.value.message) == (
        holder, False, holder.describe())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    _fake_lock(path, pid=child.pid)  # a dead pid: taken over
    taken = ProjectLock.acquire(path)
    assert read_lock(path).pid == os.getpid()
    taken.release()


def test_another_hosts_lock_message_and_take_over(tmp_path):
    path = tmp_path / "r.rdproj"
    holder = _fake_lock(path, host="另一台电脑", pid=1)
    with pytest.raises(ProjectLocked) as caught:
        ProjectLock.acquire(path)
    assert (caught.value.holder, caught.value.other_host, caught.value.message) == (
        holder, True, holder.describe())
    taken = ProjectLock.acquire(path, take_over=True)
    assert read_lock(path) == taken.info
    taken.release()


@pytest.mark.parametrize("code, kind", [(errno.ENOSPC, "disk_full"), (errno.EIO, None)])
def test_no_room_for_the_lock_file_leaves_no_lock(tmp_path, monkeypatch, code, kind):
    def failing_write(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(lock.os, "write", failing_write)
    path = tmp_path / "r.rdproj"
    if kind:
        with pytest.raises(ProjectError) as caught:
            ProjectLock.acquire(path)
        assert caught.value.kind == kind and str(tmp_path) in caught.value.message
    else:
        with pytest.raises(OSError) as raw:
            ProjectLock.acquire(path)
        assert raw.value.errno == errno.EIO
    assert not lock_path(path).exists()


def test_consistent_copy_from_a_read_only_place(tmp_path, monkeypatch):
    path = tmp_path / "r.rdproj"
    project_with(path, 2)

    def refuse(*a, **k):
        raise ProjectReadOnly("只读")

    monkeypatch.setattr(ProjectLock, "acquire", classmethod(lambda cls, *a, **k: refuse()))
    monkeypatch.setattr(backups.os, "access", lambda p, mode: False)
    copy = tmp_path / "c.rdproj"
    backups.consistent_copy(path, copy)
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
    conn.close()


def test_consistent_copy_of_a_damaged_file_is_a_typed_error(tmp_path):
    path = tmp_path / "r.rdproj"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(ProjectError) as caught:
        backups.consistent_copy(path, tmp_path / "c.rdproj")
    assert caught.value.kind in ("corrupt_project", "project") and str(path) in caught.value.message


def test_an_exports_copy_never_plays_a_foreign_journal_into_the_file(tmp_path):
    a, b = tmp_path / "a" / "r.rdproj", tmp_path / "b" / "r.rdproj"
    a.parent.mkdir(), b.parent.mkdir()
    project_with(a, 2)
    project_with(b, 40)
    hot_journal(b)
    shutil.copyfile(integrity.journal_path(b), integrity.journal_path(a))
    copy = tmp_path / "copy.rdproj"
    backups.consistent_copy(a, copy)
    for f in (a, copy):
        conn = sqlite3.connect(f)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
        conn.close()
    (kept,) = (tmp_path / "a" / "r.backups").glob("leftover-journal-*")
    import re

    assert re.fullmatch(r"leftover-journal-\d{8}-\d{6}", kept.name)
    assert not lock_path(a).exists()


def test_verify_names_who_took_the_lock_over(tmp_path):
    path = tmp_path / "r.rdproj"
    held = ProjectLock.acquire(path)
    other = _fake_lock(path, host="另一台电脑", pid=99)
    with pytest.raises(ProjectLocked) as caught:
        held.verify()
    assert caught.value.holder == other and caught.value.other_host is True
    assert caught.value.message.startswith(other.describe())
    same_host = _fake_lock(path, pid=98)
    with pytest.raises(ProjectLocked) as caught:
        held.verify()
    assert caught.value.holder == same_host and caught.value.other_host is False
    held.release()
