"""The project file: schema, documents, annotations, atomicity and announcements."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import ProjectError
from desktop.importers.base import ImportedDocument
from desktop.store import Change, ChangeSet, Project
from desktop.store.schema import SCHEMA_VERSION
from desktop.text import canonical_text, detect_sections

TEXT = canonical_text(["某镇2024年度法治政府建设情况报告", "一、主要举措和成效", "全年共办理案件12件，𠀀村调解纠纷3起。", "二、存在的不足"])


def imported(text: str = TEXT, name: str = "a.txt", sha: str = "s1", title: str = "报告") -> ImportedDocument:
    return ImportedDocument(title, name, sha, "txt", text, detect_sections(text))


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "round.rdproj") as p:
        yield p


def test_new_file_has_documented_tables_and_version(tmp_path):
    path = tmp_path / "x.rdproj"
    Project(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    cols = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    assert {"id", "title", "source_name", "source_sha256", "format", "text", "imported_at"} <= cols
    cols = {r[1] for r in conn.execute("PRAGMA table_info(annotations)")}
    assert {"id", "doc_id", "start", "end", "quote", "prefix", "suffix", "tag", "note", "reviewer",
            "created_at", "updated_at"} <= cols
    cols = {r[1] for r in conn.execute("PRAGMA table_info(scores)")}
    assert {"doc_id", "criterion_id", "reviewer", "points", "comment", "updated_at"} <= cols


def test_foreign_keys_are_on(project):
    assert project.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_annotation_row_has_offsets_quote_and_context(project):
    doc = project.import_document(imported()).doc_id
    start = TEXT.index("𠀀村")
    ann = project.add_annotation(doc, start, start + 7, "figure", note="核实", reviewer="王审")
    row = sqlite3.connect(project.path).execute(
        'SELECT start, "end", quote, prefix, suffix, tag, note, reviewer FROM annotations'
    ).fetchone()
    assert row == (start, start + 7, TEXT[start:start + 7], TEXT[max(0, start - 32):start],
                   TEXT[start + 7:start + 39], "figure", "核实", "王审")
    assert ann.quote == "𠀀村调解纠纷3"


def test_every_change_is_committed_before_returning(project):
    doc = project.import_document(imported()).doc_id
    ann = project.add_annotation(doc, 0, 4, "measure")
    other = sqlite3.connect(project.path)  # a second reader sees it: it is on disk
    assert other.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1
    project.update_annotation(ann.id, tag="weakness", note="改")
    assert other.execute("SELECT tag, note FROM annotations").fetchone() == ("weakness", "改")
    project.delete_annotation(ann.id)
    assert other.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0


def test_restore_brings_back_same_id(project):
    doc = project.import_document(imported()).doc_id
    ann = project.add_annotation(doc, 5, 9, "measure", note="n")
    gone = project.delete_annotation(ann.id)
    assert project.annotations(doc) == []
    assert project.restore_annotation(gone) == ann


def test_bad_spans_and_tags_are_refused_and_change_nothing(project):
    doc = project.import_document(imported()).doc_id
    for start, end in [(-1, 3), (5, 5), (0, len(TEXT) + 1)]:
        with pytest.raises(ProjectError):
            project.add_annotation(doc, start, end, "measure")
    with pytest.raises(ProjectError):
        project.add_annotation(doc, 0, 3, "praise")
    assert project.annotations(doc) == []


def test_announces_changes(project):
    seen: list[Change] = []
    unsubscribe = project.subscribe(seen.append)
    doc = project.import_document(imported()).doc_id
    ann = project.add_annotation(doc, 0, 4, "measure")
    project.update_annotation(ann.id, note="x")
    # One change set per operation: the import's row and outline, then one annotation each.
    assert [cs.kinds() for cs in seen] == [{"documents", "sections"}, {"annotations"}, {"annotations"}]
    assert seen[0].of("documents") == [Change("documents", doc, (doc,), (doc,))]
    assert seen[1] == ChangeSet((Change("annotations", doc, (ann.id,), (ann.id,)),), "add_annotations")
    assert seen[2] == ChangeSet((Change("annotations", doc, (ann.id,)),), "update_annotations")
    unsubscribe()
    project.delete_annotation(ann.id)
    assert len(seen) == 3


def test_failed_transaction_leaves_nothing(project):
    with pytest.raises(RuntimeError):
        with project.transaction() as conn:
            conn.execute(
                "INSERT INTO documents (uuid, title, source_name, source_sha256, content_sha256, format, text, "
                "imported_at, updated_at) VALUES ('u', 't', 'n', 's', 'c', 'txt', 'x', 'now', 'now')"
            )
            raise RuntimeError("boom")
    assert project.documents() == []


def test_reimport_same_content_is_a_duplicate(project):
    first = project.import_document(imported())
    again = project.import_document(imported(name="other name.txt", sha="other bytes", title="另一个标题"))
    assert (first.action, again.action, again.doc_id) == ("new", "duplicate", first.doc_id)
    assert len(project.documents()) == 1


def test_new_version_moves_annotations_and_keeps_orphans(project):
    doc = project.import_document(imported()).doc_id
    s = TEXT.index("全年共办理案件12件")
    kept = project.add_annotation(doc, s, s + 10, "figure")
    w = TEXT.index("二、存在的不足")
    lost = project.add_annotation(doc, w, w + 7, "weakness", note="保留")
    new_text = canonical_text(["前言一段新增文字。", *TEXT.split("\n")[:3]])
    result = project.replace_document(doc, imported(new_text, sha="s2"))
    assert (result.action, result.moved, result.orphans) == ("updated", 1, 1)
    moved = project.annotation(kept.id)
    assert new_text[moved.start:moved.end] == "全年共办理案件12件" and not moved.orphaned
    orphan = project.orphans(doc)
    assert [(o.id, o.quote, o.note) for o in orphan] == [(lost.id, "二、存在的不足", "保留")]
    assert project.document(doc).version == 2
    assert [a.id for a in project.annotations(doc)] == [kept.id]


def test_update_document_fields(project):
    doc = project.import_document(imported()).doc_id
    info = project.update_document(doc, unit="某镇", year=2024, status="in_review")
    assert (info.unit, info.year, info.status) == ("某镇", 2024, "in_review")
    with pytest.raises(ProjectError):
        project.update_document(doc, status="finished")


def test_counts_and_sections_round_trip(project, tmp_path):
    doc = project.import_document(imported()).doc_id
    project.add_annotation(doc, 0, 3, "measure")
    project.add_annotation(doc, 0, 5, "measure")
    project.add_annotation(doc, 2, 6, "weakness")
    assert project.tag_counts(doc) == {"measure": 2, "figure": 0, "weakness": 1}
    assert project.sections(doc) == detect_sections(TEXT)
    copy = tmp_path / "copy.rdproj"
    project.save_copy(copy)
    with Project(copy, create=False) as p2:
        assert p2.annotations(doc) == project.annotations(doc)


def test_not_a_project_file_is_refused(tmp_path):
    junk = tmp_path / "junk.rdproj"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ProjectError):
        Project(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE foo (x)")
    with pytest.raises(ProjectError):
        Project(other)
    with pytest.raises(ProjectError):
        Project(tmp_path / "missing.rdproj", create=False)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.rdproj"
    Project(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError, match="更新版本"):
        Project(path)


def test_reading_a_project_never_writes_to_it(tmp_path):
    path = tmp_path / "r.rdproj"
    with Project(path) as p:
        doc = p.import_document(imported()).doc_id
        assert p.criteria(), "a new project stores the default rubric at creation"
    before = path.read_bytes()
    with Project(path) as p:
        p.rubric(), p.criteria(), p.scores(doc), p.total(doc), p.evidence(doc), p.round_summary()
        p.documents(), p.annotations(doc), p.completeness(doc)
    assert path.read_bytes() == before
