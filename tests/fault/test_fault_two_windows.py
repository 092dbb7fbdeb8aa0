"""Two windows and the command line on one project at the same time.

A writer window (tests/fault/storm_window.py) tags as fast as it can for
RD_FAULT_SECONDS (4 s by default, 30 s with RD_FAULT_FULL=1). Meanwhile a
second window opens the same project and tries to tag too, and a
``python -m desktop import`` loop tries to add a report. Before issue 9 the
two writers reused each other's ids, stored quotes the reviewer had not
selected and lost adds to IntegrityError. Now there is one writer at a time:

- the second window is refused as a writer (read-only, its tags add nothing;
  or, without the read-only window, refused with the holder named);
- every command-line import answers ``error: locked: <who> 在 <host> 于 <time>
  打开了此项目`` with exit 2, at once (a timeout is only a hang guard);
- at the end: every acknowledged add is in the file and nothing else was
  added (0 lost), every quote is the text at its span (0 misplaced), the
  file passes integrity_check, and the imported report was not added.
"""

from __future__ import annotations

import socket
import time

import pytest
from faultlib import (
    SECONDS,
    SEEDS,
    Storm,
    annotations,
    assert_typed,
    integrity_check,
    make_project,
    misplaced_quotes,
    report,
    rows,
    run_cli,
)

HOLDER_WORDS = "打开了此项目"


def test_two_windows_and_command_line_one_writer_nothing_lost(tmp_path, home):
    project_path = tmp_path / "shared.rdproj"
    make_project(project_path, home=home, seeds=2)
    stop = tmp_path / "stop"
    writer = Storm(project_path, home=home, seed=1, stop_file=stop)
    second = None
    try:
        assert writer.wait_opened() == "opened readonly=0", writer.stderr[-2000:]
        second = Storm(project_path, home=home, seed=2, stop_file=stop, answer="readonly", pause=0.02)
        second_open = second.wait_opened()
        # Both windows are up: the overlap (and the command line) lasts SECONDS.
        began = time.monotonic()
        cli_refusals, cli_seconds = 0, []
        while time.monotonic() - began < SECONDS or not cli_seconds:
            t0 = time.monotonic()
            result = run_cli("import", project_path, SEEDS[2], home=home)
            cli_seconds.append(time.monotonic() - t0)
            line = assert_typed(result, "locked")
            assert HOLDER_WORDS in line and f" 在 {socket.gethostname()} 于 " in line, line  # names the holder
            cli_refusals += 1
        stop.touch()
        assert writer.finish() == 0, (writer.lines[-5:], writer.stderr[-2000:])
        second.finish()
    finally:
        stop.touch()
        writer.kill()
        if second is not None:
            second.kill()
    assert writer.lines[-2].startswith("done "), writer.lines[-5:]
    acked = {ann_id: (start, end, tag) for ann_id, start, end, tag in writer.acks()}
    assert acked, writer.lines[-5:]
    assert writer.count("refused") == 0 and writer.count("warn") == 0, (
        "the writer window was disturbed", [ln for ln in writer.lines if ln.startswith(("refused", "warn"))][:5])

    if second_open.startswith("opened"):
        assert second_open == "opened readonly=1", second_open
        assert second.acks() == [], "the read-only window added annotations"
        second_mode = "read-only"
    else:
        assert second_open.startswith("open-failed") and HOLDER_WORDS in second_open, second_open
        second_mode = "refused (no read-only window yet)"

    stored = annotations(project_path)
    lost = [i for i, span in acked.items() if stored.get(i, (None,))[1:4] != span]
    extra = sorted(set(stored) - set(acked))
    misplaced = misplaced_quotes(project_path)
    integrity = integrity_check(project_path)
    documents = rows(project_path, "SELECT count(*) FROM documents")[0][0]
    reviewers = {r[0] for r in rows(project_path, "SELECT DISTINCT reviewer FROM annotations")}
    report("two_windows_and_cli", seconds=round(time.monotonic() - began, 1), acks=len(acked),
           lost=len(lost), extra=len(extra), misplaced=len(misplaced), integrity=integrity,
           second_window=second_mode, second_window_attempts=second.count("refused"),
           cli_refusals=cli_refusals, cli_max_seconds=round(max(cli_seconds, default=0), 2))
    assert lost == [] and extra == [], (lost[:10], extra[:10])
    assert reviewers == {f"storm-{writer.proc.pid}"}, reviewers
    assert misplaced == []
    assert integrity == ["ok"]
    assert cli_refusals >= 1
    assert documents == 2


def test_second_window_is_read_only_and_its_tags_add_nothing(tmp_path, home):
    """The window side of issue 9: a second window answers the locked question
    with "read-only", shows the project and cannot change it."""
    project_path = tmp_path / "shared.rdproj"
    make_project(project_path, home=home, seeds=1)
    writer = Storm(project_path, home=home, seed=3, duration=60, pause=0.05)
    try:
        assert writer.wait_opened() == "opened readonly=0", writer.stderr[-2000:]
        second = Storm(project_path, home=home, seed=4, max_tags=10, answer="readonly")
        opened = second.wait_opened()
        second.finish()
    finally:
        writer.kill()
    if opened.startswith("open-failed"):
        assert HOLDER_WORDS in opened, opened
        pytest.skip("the window side of issue 9 (read-only mode when locked) has not landed: "
                    f"the second window was refused instead ({opened[:80]}…)")
    assert opened == "opened readonly=1", opened
    assert any(ln.startswith("asked-locked") for ln in second.lines), second.lines[:5]  # it was asked
    assert second.acks() == []
    assert second.count("refused") == 10, second.lines[-12:]
    reviewers = {r[0] for r in rows(project_path, "SELECT DISTINCT reviewer FROM annotations")}
    assert reviewers <= {f"storm-{writer.proc.pid}"}, reviewers  # nothing from the second window
