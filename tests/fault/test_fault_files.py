"""Leftover journals, crash journals and zero-byte or never-made project files.

Every step runs in a child process on the code under test, so the same
scenarios can be run against an older commit (RD_FAULT_PYTHONPATH=<worktree>)
to see them fail there:

- a hot ``-journal`` from *another copy* of the project put beside it (a crash,
  then a file restored by copying): before issue 9 ``import`` exited 0 and
  played the foreign journal into the file, which then failed integrity_check.
  Now it warns, keeps copies of both files, sets the journal aside, and the
  project keeps its own content;
- a genuine crash journal (kill -9 of a writer in the middle of a transaction
  on the project itself) is rolled back, and an export right after the crash
  reads the last committed state;
- a zero-byte ``.rdproj`` is refused as ``corrupt_project`` (it used to become
  an empty project silently);
- a failed import into a project that did not exist leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys

from faultlib import (
    CLI_TIMEOUT,
    SEEDS,
    Storm,
    add_tags,
    assert_typed,
    child_env,
    integrity_check,
    make_project,
    report,
    rows,
    run_cli,
    run_python,
)

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")

#: Starts a transaction that rewrites many pages (a small cache makes SQLite
#: spill them into the file before COMMIT), says so, and waits to be killed
#: (or, with "exit", ends the process at once without committing).
TORN_WRITER = """
import os, sys, time, sqlite3
path, how = sys.argv[1], sys.argv[2]
if how == "project":  # the app's own writer (takes the lock on code that has one)
    from desktop.store import Project
    conn = Project(path).db.conn
else:
    conn = sqlite3.connect(path, isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 2")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE annotations SET note = hex(randomblob(700))")
conn.execute("UPDATE documents SET text = text || text")
conn.execute("DELETE FROM sections")
print("in-transaction", flush=True)
if how == "exit":
    os._exit(0)
time.sleep(600)
"""


def _content(path):
    """What a reviewer would miss, read with columns every schema version has."""
    docs = [(i, hashlib.sha256(t.encode("utf-8")).hexdigest())
            for i, t in rows(path, "SELECT id, text FROM documents ORDER BY id")]
    anns = rows(path, 'SELECT id, doc_id, start, "end", tag, quote, note FROM annotations ORDER BY id')
    sections = rows(path, "SELECT count(*) FROM sections")[0][0]
    return docs, anns, sections


def _torn(path, home, how: str):
    """Leaves a hot journal beside ``path``: the writer dies inside its transaction."""
    proc = subprocess.Popen([sys.executable, "-c", TORN_WRITER, str(path), how], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(home), cwd=str(home))
    try:
        line = proc.stdout.readline()
        assert line.strip() == "in-transaction", (line, proc.stderr.read() if proc.poll() is not None else "")
        if how != "exit":
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=CLI_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.read_bytes()[:8] == JOURNAL_MAGIC, "no hot journal was left"
    return journal


def test_foreign_journal_from_another_copy_is_set_aside_and_the_project_kept(tmp_path, home):
    a = tmp_path / "A.rdproj"
    b = tmp_path / "copy" / "A.rdproj"  # the other copy (same name, another folder)
    b.parent.mkdir()
    make_project(a, home=home, seeds=2, tags=10)
    shutil.copy2(a, b)
    # A goes on being worked on after the copy was made ...
    add_tags(a, 40, home=home, seed=7)
    assert run_cli("import", a, SEEDS[2], home=home).returncode == 0
    before = _content(a)
    # ... and B crashes in the middle of a big write: its journal is hot.
    b_journal = _torn(b, home, "exit")
    shutil.copy2(b_journal, a.with_name(a.name + "-journal"))
    a_bytes, journal_bytes = a.read_bytes(), b_journal.read_bytes()

    result = run_cli("import", a, SEEDS[3], home=home)

    assert result.returncode == 0, result.stderr
    assert integrity_check(a) == ["ok"]
    docs, anns, sections = _content(a)
    assert (docs[:len(before[0])], anns) == (before[0], before[1]), "A lost or changed content"
    assert len(docs) == len(before[0]) + 1 and sections >= before[2]
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert warnings, result.stderr
    assert not a.with_name(a.name + "-journal").exists()
    kept = sorted((tmp_path / "A.backups").glob("leftover-journal-*"))
    assert len(kept) == 1, kept
    copies = {p.name: p.read_bytes() for p in kept[0].iterdir()}
    assert copies.get("A.rdproj") == a_bytes
    assert journal_bytes in [v for k, v in copies.items() if k.startswith("A.rdproj-journal")]
    report("foreign_journal", exit=result.returncode, warning=warnings[0][:80], integrity="ok",
           documents=len(docs), annotations=len(anns), kept=sorted(copies))


def test_crash_journal_of_the_project_itself_is_rolled_back_and_export_works_right_after(tmp_path, home):
    a = tmp_path / "A.rdproj"
    make_project(a, home=home, seeds=2, tags=25)
    before = _content(a)
    _torn(a, home, "project")  # kill -9 of the app's writer inside its transaction

    out = tmp_path / "right-after-crash.json"
    exported = run_cli("export", a, "--format", "json", "--out", out, home=home)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert len(items) == len(before[1])
    assert not any(b["purpose"] == "commenting" for it in items for b in it["body"]), "uncommitted notes exported"

    result = run_cli("import", a, SEEDS[3], home=home)
    assert result.returncode == 0, result.stderr
    assert integrity_check(a) == ["ok"]
    docs, anns, sections = _content(a)
    assert (docs[:len(before[0])], anns, len(docs)) == (before[0], before[1], len(before[0]) + 1)
    assert sections > before[2]
    report("crash_journal", export_after_crash="ok", annotations=len(anns), integrity="ok")


def test_zero_byte_project_is_refused_as_corrupt(tmp_path, home):
    empty = tmp_path / "empty.rdproj"
    empty.write_bytes(b"")

    line = assert_typed(run_cli("import", empty, SEEDS[0], home=home), "corrupt_project")
    assert empty.stat().st_size == 0
    assert_typed(run_cli("export", empty, "--format", "json", "--out", tmp_path / "x.json", home=home),
                 "corrupt_project")
    assert not (tmp_path / "x.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["empty.rdproj"]
    # The window refuses it too (it does not open an empty project in its place).
    window = Storm(empty, home=home, max_tags=1)
    opened = window.wait_opened()
    window.finish()
    assert opened.startswith("open-failed") and "0 字节" in opened, opened
    assert empty.stat().st_size == 0
    report("zero_byte_project", cli=line[:60], window="refused")


def test_failed_import_into_a_new_project_leaves_nothing_behind(tmp_path, home):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    new = folder / "new.rdproj"
    for bad in ("empty.txt", "image.pdf", "missing.docx"):
        result = run_cli("import", new, folder / bad, home=home)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["empty.txt", "image.pdf"]
    # Files that fail before one that works: the project is made for the good one only.
    ok = run_cli("import", new, folder / "empty.txt", SEEDS[0], home=home)
    assert ok.returncode == 2 and new.exists()
    assert rows(new, "SELECT count(*) FROM documents")[0][0] == 1


def test_export_right_after_a_window_is_killed(tmp_path, home):
    """kill -9 of a tagging window, then at once an export: it reads what was acknowledged."""
    project_path = tmp_path / "p.rdproj"
    make_project(project_path, home=home, seeds=1)
    window = Storm(project_path, home=home, seed=5)
    assert window.wait_opened() == "opened readonly=0"
    window.wait_for(lambda ls: sum(ln.startswith("ack ") for ln in ls) >= 10)
    window.kill()
    out = tmp_path / "after.json"
    exported = run_cli("export", project_path, "--format", "json", "--out", out, home=home)
    assert exported.returncode == 0, exported.stderr
    exported = {it["id"].removeprefix("urn:uuid:") for it in json.loads(out.read_text("utf-8"))["first"]["items"]}
    uuid_of = dict(rows(project_path, "SELECT id, uuid FROM annotations"))
    acked = {uuid_of.get(a[0]) for a in window.acks()}
    assert acked and acked <= exported, sorted(acked - exported)[:5]
    assert run_python("from desktop.store import Project; Project(__import__('sys').argv[1]).close()",
                      project_path, home=home).returncode == 0
    assert integrity_check(project_path) == ["ok"]
