"""Exports while a window tags, and identities across processes.

- Issue 9 point 5: the command-line export read a file that was being
  written (1 in 46 failed "malformed" while a window was tagging). Now every
  export reads one consistent snapshot: RD_FAULT_EXPORTS exports (6 by
  default, 46 with RD_FAULT_FULL=1) while a real window tags all succeed,
  are readable, and each contains everything the one before it did.
- Point 2: ids are never reused across processes (add, delete, then add in
  another process gives a larger id), for annotations and documents.
- Annotation and document UUIDs survive an export to JSON and re-import.
"""

from __future__ import annotations

import csv
import io
import json
import time

from faultlib import (
    EXPORTS,
    SEEDS,
    Storm,
    integrity_check,
    make_project,
    misplaced_quotes,
    report,
    rows,
    run_cli,
    run_python,
)


def _exported_ids(path) -> set[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert data["total"] == len(items)
    for it in items:
        quote = next(s for s in it["target"]["selector"] if s["type"] == "TextQuoteSelector")["exact"]
        pos = next(s for s in it["target"]["selector"] if s["type"] == "TextPositionSelector")
        assert quote and len(quote) == pos["end"] - pos["start"], it
    return {it["id"].removeprefix("urn:uuid:") for it in items}


def test_exports_while_a_window_tags_all_succeed_and_read_one_snapshot(tmp_path, home):
    project_path = tmp_path / "busy.rdproj"
    make_project(project_path, home=home, seeds=2)
    stop = tmp_path / "stop"
    writer = Storm(project_path, home=home, seed=11, stop_file=stop)
    failures, seen, slowest = [], set(), 0.0
    try:
        assert writer.wait_opened() == "opened readonly=0", writer.stderr[-2000:]
        writer.wait_for(lambda ls: any(ln.startswith("ack ") for ln in ls))
        for i in range(EXPORTS):
            fmt = "json" if i % 3 else "csv"
            out = tmp_path / f"export-{i}.{fmt}"
            t0 = time.monotonic()
            result = run_cli("export", project_path, "--format", fmt, "--out", out, home=home)
            slowest = max(slowest, time.monotonic() - t0)
            if result.returncode != 0:
                failures.append((i, result.returncode, result.stderr.strip()[-300:]))
                continue
            if fmt == "json":
                ids = _exported_ids(out)
                assert seen <= ids, f"export {i} lacks annotations an earlier export had: {sorted(seen - ids)[:5]}"
                seen = ids
            else:
                table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
                assert table and table[0], f"export {i}: empty csv"
        stop.touch()
        assert writer.finish() == 0, writer.stderr[-2000:]
    finally:
        stop.touch()
        writer.kill()
    acked = {a[0] for a in writer.acks()}
    report("exports_while_tagging", exports=EXPORTS, failed=len(failures), writer_acks=len(acked),
           writer_disturbed=writer.count("warn"), slowest_export_s=round(slowest, 2))
    assert failures == []
    assert writer.count("warn") == 0, [ln for ln in writer.lines if ln.startswith("warn")][:3]
    final = {r[0] for r in rows(project_path, "SELECT uuid FROM annotations")}
    assert seen <= final, "an export read annotations that were never committed"
    assert acked <= {r[0] for r in rows(project_path, "SELECT id FROM annotations")}
    assert integrity_check(project_path) == ["ok"] and misplaced_quotes(project_path) == []


ADD_DELETE = """
import sys
from desktop.store import Project
from desktop.importers import import_file
p = Project(sys.argv[1])
try:
    doc = p.documents()[0].id
    a1 = p.add_annotation(doc, 0, 5, "measure").id
    a2 = p.add_annotation(doc, 5, 9, "figure").id
    p.delete_annotation(a2)
    d = p.import_document(import_file(sys.argv[2])).doc_id
    p.delete_document(d)
    print(a1, a2, d)
finally:
    p.close()
"""

ADD_AGAIN = """
import sys
from desktop.store import Project
from desktop.importers import import_file
p = Project(sys.argv[1])
try:
    doc = p.documents()[0].id
    print(p.add_annotation(doc, 5, 9, "figure").id, p.import_document(import_file(sys.argv[2])).doc_id)
finally:
    p.close()
"""


def test_ids_are_never_reused_across_processes(tmp_path, home):
    project_path = tmp_path / "ids.rdproj"
    make_project(project_path, home=home, seeds=1)
    first = run_python(ADD_DELETE, project_path, SEEDS[3], home=home)
    assert first.returncode == 0, first.stderr
    a1, a2, d = map(int, first.stdout.split())
    second = run_python(ADD_AGAIN, project_path, SEEDS[4], home=home)
    assert second.returncode == 0, second.stderr
    a3, d2 = map(int, second.stdout.split())
    assert a3 > a2 > a1, (a1, a2, a3)
    assert d2 > d, (d, d2)
    report("ids_not_reused", annotation_ids=[a1, a2, a3], document_ids=[d, d2])


UUIDS = """
import sys, json
from desktop.store import Project
p = Project(sys.argv[1])
try:
    docs = {d.content_sha256: d.uuid for d in p.documents()}
    anns = sorted((a.start, a.end, a.tag, a.uuid) for d in p.documents() for a in p.annotations(d.id))
    print(json.dumps({"docs": docs, "anns": anns}))
finally:
    p.close()
"""


def test_uuids_survive_export_and_reimport(tmp_path, home):
    one, two = tmp_path / "one.rdproj", tmp_path / "two.rdproj"
    make_project(one, home=home, seeds=1, tags=8)
    out = tmp_path / "annotations.json"
    assert run_cli("export", one, "--format", "json", "--out", out, home=home).returncode == 0
    assert run_cli("import", two, SEEDS[0], home=home).returncode == 0
    imported = run_cli("import-annotations", two, out, home=home)
    assert imported.returncode == 0, imported.stderr
    before = json.loads(run_python(UUIDS, one, home=home).stdout)
    after = json.loads(run_python(UUIDS, two, home=home).stdout)
    assert [a[:3] for a in after["anns"]] == [a[:3] for a in before["anns"]]  # the same annotations
    assert after["anns"] == before["anns"]  # ... with the same uuids
    # The document is found by its text (a new import has a uuid of its own); the file names both.
    assert set(after["docs"]) == set(before["docs"])
    listed = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert {(d["content_sha256"], d["uuid"]) for d in listed} == set(before["docs"].items())
    again = run_cli("import-annotations", two, out, home=home)  # the same file twice adds nothing
    assert again.returncode == 0 and "已导入 0 条标注" in again.stdout
    assert json.loads(run_python(UUIDS, two, home=home).stdout) == after
