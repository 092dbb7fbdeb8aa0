"""Accepting and rejecting suggestions in the store (issue 13): an accepted
suggestion is an ordinary annotation recorded as coming from a suggestion,
undone exactly by its inverse; a rejection holds for the report's text
version; the v4 → v5 migration keeps every row."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import ProjectError
from desktop.importers.base import ImportedDocument
from desktop.store import ChangeKind, Project
from desktop.store import operations as ops
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION
from desktop.text import canonical_text, detect_sections

TEXT = canonical_text(["甲镇2024年度法治政府建设情况报告", "一、主要举措和成效", "全年办理行政复议案件12件，调解纠纷3起。",
                       "二、存在的不足", "执法人员培训不够。"])
NEW_TEXT = TEXT + "\n三、下一步工作\n继续推进依法行政。"


def doc(text: str, name: str = "a.txt") -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, "sha-" + name, "txt", text, detect_sections(text))


def dump(p: Project) -> list[str]:
    return [line for line in p.db.conn.iterdump() if "sqlite_sequence" not in line
            # the search index's FTS5 pages depend on the order of writes; search_text itself is compared
            and not line.startswith('INSERT INTO "search_text_fts_')]


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "s.rdproj") as p:
        yield p


def _span(doc_id: int, text: str, quote: str, tag: str) -> ops.SuggestedSpan:
    s = text.index(quote)
    return ops.SuggestedSpan(doc_id, s, s + len(quote), tag)


def test_accept_makes_an_annotation_from_a_suggestion_and_the_inverse_undoes_it(project):
    d = project.import_document(doc(TEXT)).doc_id
    hand = project.add_annotation(d, 0, 2, "measure")
    before = dump(project)
    applied = project.run(ops.AcceptSuggestions((_span(d, TEXT, "案件12件", "figure"),
                                                 _span(d, TEXT, "培训不够", "weakness")), reviewer="张三"))
    a, b = applied.result
    assert [(x.quote, x.tag, x.reviewer) for x in project.annotations_by_id([a, b]).values()] == [
        ("案件12件", "figure", "张三"), ("培训不够", "weakness", "张三")]
    assert project.annotation_origins(d) == {a: "suggestion", b: "suggestion"}
    assert hand.id not in project.annotation_origins(d)
    (change,) = [c for c in applied.changes if c.what == ChangeKind.ANNOTATIONS]
    assert set(change.added) == {a, b} and change.doc_id == d
    redo = project.run(applied.inverse)
    assert dump(project) == before
    again = project.run(redo.inverse)
    assert again.result is None and project.annotation_origins(d) == {a: "suggestion", b: "suggestion"}


def test_accept_refuses_a_bad_tag_or_span_and_writes_nothing(project):
    d = project.import_document(doc(TEXT)).doc_id
    before = dump(project)
    for bad in (ops.SuggestedSpan(d, 0, 2, "slogan"), ops.SuggestedSpan(d, 5, len(TEXT) + 5, "measure")):
        with pytest.raises(ProjectError):
            project.run(ops.AcceptSuggestions((ops.SuggestedSpan(d, 0, 2, "measure"), bad)))
    assert dump(project) == before


def test_reject_persists_is_undone_and_is_not_written_twice(project, tmp_path):
    d = project.import_document(doc(TEXT)).doc_id
    item = _span(d, TEXT, "调解纠纷3起", "figure")
    before = dump(project)
    applied = project.run(ops.RejectSuggestions((item,), reviewer="李四"))
    assert project.rejected_suggestions(d) == {(item.start, item.end, "figure")}
    assert [c.what for c in applied.changes] == [ChangeKind.ANNOTATIONS]
    assert not project.run(ops.RejectSuggestions((item,))).changes  # already rejected: nothing written
    path = project.path
    project.close()
    with Project(path) as p:
        assert p.rejected_suggestions(d) == {(item.start, item.end, "figure")}
        row = p.db.conn.execute("SELECT decision, reviewer FROM suggestion_decisions").fetchone()
        assert row == ("rejected", "李四")
        p.run(applied.inverse)
        assert p.rejected_suggestions(d) == set()
        assert dump(p) == before


def test_a_new_version_forgets_rejections_and_the_old_version_brings_them_back(project):
    d = project.import_document(doc(TEXT)).doc_id
    item = _span(d, TEXT, "培训不够", "weakness")
    project.run(ops.RejectSuggestions((item,)))
    result = project.replace_document(d, doc(NEW_TEXT, "b.txt"))
    assert project.rejected_suggestions(d) == set()
    project.revert_to_version(d, result.version_id)
    assert project.rejected_suggestions(d) == {(item.start, item.end, "weakness")}


def test_a_removed_report_gets_its_rejections_back_on_undo(project):
    d = project.import_document(doc(TEXT)).doc_id
    item = _span(d, TEXT, "培训不够", "weakness")
    project.run(ops.RejectSuggestions((item,)))
    removed = project.run(ops.RemoveDocuments((d,)))
    project.run(removed.inverse)
    assert project.rejected_suggestions(d) == {(item.start, item.end, "weakness")}


def _v4_file(path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in range(4):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO round (id, created_at, updated_at) VALUES (1, 't', 't')")
    conn.execute("INSERT INTO documents (id, uuid, title, source_name, source_sha256, content_sha256, format, "
                 "text, imported_at, updated_at, chars) VALUES (4, 'u-d', '旧报告', 'a.txt', 's', 'h', 'txt', "
                 "'甲镇的报告全文', 't', 't', 7)")
    conn.execute("INSERT INTO annotations (id, uuid, doc_id, start, \"end\", quote, tag, note, created_at, "
                 "updated_at) VALUES (9, 'u-a', 4, 0, 2, '甲镇', 'measure', '批注', 't', 't')")
    conn.execute("COMMIT")
    conn.close()


def test_migration_from_v4_keeps_the_data(tmp_path):
    assert SCHEMA_VERSION >= 5
    path = tmp_path / "v4.rdproj"
    _v4_file(path)
    with Project(path, readonly=True) as p:  # read-only: an upgraded copy in memory
        assert p.rejected_suggestions(4) == set() and p.annotation_origins(4) == {}
    with Project(path) as p:
        assert p.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (ann,) = p.annotations(4)
        assert (ann.id, ann.uuid, ann.quote, ann.note) == (9, "u-a", "甲镇", "批注")
        assert p.db.conn.execute("SELECT origin FROM annotations").fetchall() == [("",)]
        info = p.document_info(4)
        assert (info.title, info.chars) == ("旧报告", 7)
        assert p.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
