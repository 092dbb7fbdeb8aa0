"""kill -9 at random moments while a real window tags as fast as it can.

Each trial starts tests/fault/storm_window.py (a MainWindow, offscreen) on the
same project, lets it tag spans with the 1/2/3 keys, and kills it with
SIGKILL at a random moment: mostly in the middle of the storm (after a
random number of acknowledged tags plus a random few milliseconds, so the
kill lands anywhere in a commit), sometimes while the window is still
starting (opening, checking the file, making its backup). After every trial:

- the project opens again: the dead window's lock is taken over silently;
- PRAGMA integrity_check is ok;
- every tag the window acknowledged (its key press returned, and it printed
  ``ack``) is in the file with its span and tag: acknowledged changes lost 0;
- every stored quote is the document's text at its span.

RD_FAULT_TRIALS trials (8 by default, 100 with RD_FAULT_FULL=1).
"""

from __future__ import annotations

import random
import time

from faultlib import TRIALS, Storm, make_project, misplaced_quotes, report

from desktop.store import Project
from desktop.store.integrity import journal_path
from desktop.store.lock import lock_path


def test_kill9_during_window_tagging_storm_loses_nothing_acknowledged(tmp_path, home):
    project_path = tmp_path / "storm.rdproj"
    make_project(project_path, home=home, seeds=2)
    rng = random.Random(20260902)
    acknowledged: dict[int, tuple[int, int, str]] = {}
    lost: list[tuple[int, int, int, int, str]] = []
    stats = {"trials": 0, "killed_while_starting": 0, "stale_locks_taken_over": 0,
             "hot_journals_after_kill": 0, "journals_rolled_back": 0, "acks": 0, "integrity_ok": 0, "misplaced": 0}
    start_estimate = 3.0
    began = time.monotonic()
    for trial in range(TRIALS):
        storm = Storm(project_path, home=home, seed=trial)
        if rng.random() < 0.12:
            time.sleep(rng.uniform(0.0, start_estimate))  # while opening / backing up / drawing
            stats["killed_while_starting"] += 1
        else:
            opened = storm.wait_opened()
            assert opened == "opened readonly=0", (trial, opened, storm.stderr[-2000:])
            start_estimate = time.monotonic() - storm.started
            wanted = rng.randint(1, 25)
            assert storm.wait_for(lambda ls, n=wanted: sum(ln.startswith("ack ") for ln in ls) >= n), (
                trial, storm.lines[-5:], storm.stderr[-2000:])
            time.sleep(rng.uniform(0.0, 0.08))
        storm.kill()
        stats["trials"] += 1
        assert storm.count("refused") == 0 and storm.count("warn") == 0, (trial, storm.lines)
        for ann_id, start, end, tag in storm.acks():
            acknowledged[ann_id] = (start, end, tag)
        stats["acks"] = len(acknowledged)
        if lock_path(project_path).exists():
            stats["stale_locks_taken_over"] += 1
        if journal_path(project_path).exists():
            stats["hot_journals_after_kill"] += 1  # killed inside a commit

        # The next opener: the dead window's lock is taken over without a word.
        project = Project(project_path)
        try:
            stats["journals_rolled_back"] += sum("日志" in w for w in project.open_warnings)
            result = [r[0] for r in project.db.conn.execute("PRAGMA integrity_check")]
            assert result == ["ok"], (trial, result)
            stats["integrity_ok"] += 1
            stored = {a.id: (a.start, a.end, a.tag)
                      for d in project.documents() for a in project.annotations(d.id, include_orphans=True)}
        finally:
            project.close()
        lost += [(trial, i, *span) for i, span in acknowledged.items() if stored.get(i) != span]
        assert not lost, f"acknowledged tags lost or changed after trial {trial}: {lost[:10]}"
        bad = misplaced_quotes(project_path)
        stats["misplaced"] += len(bad)
        assert not bad, (trial, bad)
    stats["lost"] = len(lost)
    stats["seconds"] = round(time.monotonic() - began, 1)
    report("kill9_window_storm", **stats)
    assert stats["acks"] > 0
