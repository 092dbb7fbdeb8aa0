"""Issue 9: damaged files refused, leftover journals never played into the wrong file, dated backups."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.errors import CorruptProject, ProjectError, ProjectLocked
from desktop.importers import import_file
from desktop.store import Project, backups
from desktop.store.integrity import journal_path

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def make_project(path: Path, seeds: list[Path]) -> list[int]:
    with Project(path) as p:
        ids = [p.import_document(import_file(s)).doc_id for s in seeds]
        p.add_annotation(ids[0], 0, 5, "measure")
    return ids


def test_a_zero_byte_project_is_refused_not_emptied(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    path.write_bytes(b"")
    with pytest.raises(CorruptProject, match="0 字节"):
        Project(path)
    assert path.read_bytes() == b""
    result = cli("import", str(path), str(seed_paths[0]))
    assert result.returncode == 2 and result.stderr.startswith("error: corrupt_project: ")
    assert path.read_bytes() == b""


def test_a_damaged_page_is_refused_with_corrupt_project(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:3])
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page:3 * page] = b"\xff" * page  # a b-tree page overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptProject):
        Project(path)
    result = cli("export", str(path), "--format", "csv", "--out", str(tmp_path / "o.csv"))
    assert result.returncode == 2 and result.stderr.startswith("error: corrupt_project: ")


def test_another_programs_database_is_not_a_project(tmp_path):
    other = tmp_path / "other.rdproj"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="另一个程序"):
        Project(other)


def _hot_journal(path: Path) -> None:
    """Leaves ``path`` with a hot rollback journal: a writer killed mid-transaction."""
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = DELETE')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE documents SET text = text || 'X', title = 'CHANGED'\")\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute(\"UPDATE annotations SET note = hex(randomblob(2000))\")\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=False, timeout=60)
    assert journal_path(path).exists() and journal_path(path).stat().st_size > 0


def test_a_journal_from_another_copy_is_set_aside_and_kept(tmp_path, seed_paths):
    a, b = tmp_path / "a" / "r.rdproj", tmp_path / "b" / "r.rdproj"
    a.parent.mkdir(), b.parent.mkdir()
    make_project(a, seed_paths[:2])
    make_project(b, seed_paths[2:5])  # another copy with other content and a different history
    with Project(a, readonly=True) as view:
        before = [d.title for d in view.documents()]
    _hot_journal(b)
    shutil.copyfile(journal_path(b), journal_path(a))
    result = cli("import", str(a), str(seed_paths[0]))
    assert result.returncode == 0, result.stderr
    assert "不属于它的残留日志" in result.stderr and "已在项目中" in result.stdout
    conn = sqlite3.connect(a)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r[0] for r in conn.execute("SELECT title FROM documents ORDER BY id")] == before
    conn.close()
    (kept,) = list((tmp_path / "a" / "r.backups").glob("leftover-journal-*"))
    assert sorted(p.name for p in kept.iterdir()) == ["r.rdproj", "r.rdproj-journal.foreign"]
    assert not journal_path(a).exists()


def test_a_journal_of_its_own_crash_is_rolled_back(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:2])
    with Project(path, readonly=True) as view:
        titles = [d.title for d in view.documents()]
    _hot_journal(path)
    with pytest.raises(ProjectError, match="可写方式打开"):
        Project(path, readonly=True)  # a read-only viewer cannot finish the recovery
    with Project(path) as p:
        assert [d.title for d in p.documents()] == titles  # the unfinished change is gone
        assert any("日志文件恢复" in w for w in p.open_warnings)
        assert p.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_export_right_after_a_crash_reads_the_rolled_back_state(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:2])
    _hot_journal(path)
    out = tmp_path / "a.json"
    result = cli("export", str(path), "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "CHANGED" not in out.read_text(encoding="utf-8")


def test_opening_for_writing_makes_one_backup_an_hour(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:2])
    assert backups.list_backups(path) == []  # a new project has nothing to back up
    with Project(path) as p:
        assert p.last_backup is not None and p.last_backup.parent == tmp_path / "r.backups"
    with Project(path) as p:
        assert p.last_backup is None  # less than an hour since the last one
    (info,) = backups.list_backups(path)
    assert (info.documents, info.annotations) == (2, 1)


def test_backups_go_to_the_user_data_folder_when_the_project_folder_refuses(tmp_path, monkeypatch, seed_paths):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:1])
    (tmp_path / "r.backups").write_text("a file where the folder would be")
    with Project(path) as p:
        assert p.last_backup is not None and (tmp_path / "data") in p.last_backup.parents
    assert len(backups.list_backups(path)) == 1


def test_prune_keeps_the_last_ten_and_one_a_day_for_thirty_days(tmp_path):
    path = tmp_path / "r.rdproj"
    folder = tmp_path / "r.backups"
    folder.mkdir()
    now = datetime(2026, 12, 2, 12, 0, 0)
    made = []
    for days in range(0, 40):
        for hour in (1, 5):
            t = now - timedelta(days=days, hours=hour)
            f = folder / f"r-{t:%Y%m%d-%H%M%S}.rdproj"
            f.write_bytes(b"x")
            made.append((t, f))
    backups.prune(path, now=now)
    left = {f for _, f in made if f.exists()}
    newest_ten = {f for _, f in sorted(made, reverse=True)[:10]}
    assert newest_ten <= left
    per_day = {}
    for t, f in made:
        if now - t <= timedelta(days=30):
            per_day.setdefault(t.date(), []).append((t, f))
    daily = {max(v)[1] for v in per_day.values()}
    assert left == newest_ten | daily
    assert not any(f.exists() for t, f in made if now - t > timedelta(days=31))


def test_restore_backs_up_the_current_file_first(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:1])
    with Project(path) as p:  # the backup holds one report
        snapshot = p.last_backup
        p.import_document(import_file(seed_paths[1]))
    safety = backups.restore_backup(path, snapshot)
    with Project(path, backup=False) as p:
        assert len(p.documents()) == 1
    assert "before-restore" in safety.name
    restored_back = backups.restore_backup(path, safety)  # a restore can be undone
    with Project(path, backup=False) as p:
        assert len(p.documents()) == 2
    assert restored_back.exists()


def test_restore_refuses_while_open_and_refuses_a_damaged_backup(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:1])
    with Project(path) as p:
        snapshot = p.last_backup
        with pytest.raises(ProjectLocked):
            backups.restore_backup(path, snapshot)
    bad = tmp_path / "bad.rdproj"
    bad.write_bytes(b"")
    with pytest.raises(CorruptProject):
        backups.restore_backup(path, bad)


def test_restore_of_a_damaged_project_keeps_the_damaged_bytes(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:1])
    with Project(path) as p:
        snapshot = p.last_backup
    path.write_bytes(b"")
    safety = backups.restore_backup(path, snapshot)
    assert safety.name.endswith("-damaged.rdproj") and safety.read_bytes() == b""
    with Project(path) as p:
        assert len(p.documents()) == 1


def test_backups_and_restore_commands(tmp_path, seed_paths):
    path = tmp_path / "r.rdproj"
    make_project(path, seed_paths[:2])
    Project(path).close()
    listing = cli("backups", str(path), "--json")
    assert listing.returncode == 0
    (entry,) = json.loads(listing.stdout)
    assert set(entry) == {"path", "created", "documents", "annotations", "size", "note"}
    assert (entry["documents"], entry["annotations"]) == (2, 1)
    plain = cli("backups", str(path))
    assert "报告 2 份" in plain.stdout and "标注 1 条" in plain.stdout
    with Project(path) as p:
        p.delete_document(p.documents()[0].id)
    restored = cli("restore", str(path), entry["path"])
    assert restored.returncode == 0 and "恢复前的项目文件已备份为" in restored.stdout
    with Project(path) as p:
        assert len(p.documents()) == 2
    missing = cli("restore", str(path), str(tmp_path / "nope.rdproj"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: project: ")
    assert len(os.listdir(tmp_path / "r.backups")) == 2
