"""Issue 9: a document is its text; ids are never reused; versions are explicit and undoable."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import ProjectError
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION, content_hash
from desktop.text import canonical_text, detect_sections

TITLE = "2024年度法治政府建设工作情况报告"


def report(town: str, *lines: str, name: str = "报告.docx", title: str = TITLE) -> ImportedDocument:
    text = canonical_text([title, f"{town}人民政府", "一、主要举措和成效", *lines, "二、存在的不足", "执法力量不足。"])
    return ImportedDocument(title, name, content_hash(name + text), "docx", text, detect_sections(text))


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "round.rdproj") as p:
        yield p


def dump(project: Project) -> list[str]:
    """Every row of the reviewer's tables, for exact before/after comparisons."""
    out = []
    for table in ("documents", "sections", "annotations", "document_versions", "scores", "score_evidence"):
        cols = "*" if table != "documents" else "id, uuid, title, source_name, source_sha256, content_sha256, " \
            "format, imported_at, unit, year, status, pages, warnings, version, chars, text"
        out += [f"{table}: {row}" for row in project.db.conn.execute(f"SELECT {cols} FROM {table} ORDER BY 1, 2")]
    return out


def test_two_townships_with_one_title_and_one_file_name_stay_two(project):
    a = project.import_document(report("尼山镇", "全年办理行政复议案件3件。"))
    ann = project.add_annotation(a.doc_id, 0, 4, "measure", note="尼山镇的标注")
    b = project.import_document(report("掌起镇", "开展法治讲座8场。"))
    assert (a.action, b.action) == ("new", "new") and a.doc_id != b.doc_id
    assert [d.title for d in project.documents()] == [TITLE, TITLE]
    assert "尼山镇" in project.document_text(a.doc_id) and "掌起镇" in project.document_text(b.doc_id)
    assert project.annotation(ann.id).orphaned is False and project.annotation(ann.id).doc_id == a.doc_id


def test_same_text_under_another_name_and_title_adds_nothing(project):
    first = project.import_document(report("尼山镇", "开展法治讲座8场。"))
    before = dump(project)
    again = project.import_document(report("尼山镇", "开展法治讲座8场。", name="另一个名字.pdf"))
    assert (again.action, again.doc_id) == ("duplicate", first.doc_id)
    assert dump(project) == before


def test_every_document_and_annotation_has_a_unique_uuid_and_content_hash(project):
    docs = [project.import_document(report(t, "开展法治讲座8场。")).doc_id for t in ("甲镇", "乙镇")]
    anns = [project.add_annotation(docs[i % 2], i, i + 3, "figure") for i in range(4)]
    infos = [project.document_info(d) for d in docs]
    assert len({i.uuid for i in infos}) == 2 and all(len(i.uuid) == 36 for i in infos)
    assert all(i.content_sha256 == content_hash(project.document_text(i.id)) for i in infos)
    assert len({a.uuid for a in anns}) == 4
    assert project.document_by_uuid(infos[1].uuid).id == docs[1]


def test_ids_are_never_reused_after_a_delete(project):
    doc = project.import_document(report("尼山镇", "开展法治讲座8场。")).doc_id
    first = project.add_annotation(doc, 0, 4, "measure")
    second = project.add_annotation(doc, 5, 9, "measure")
    project.delete_annotation(second.id)
    third = project.add_annotation(doc, 5, 9, "figure")
    assert third.id > second.id > first.id
    project.delete_document(doc)
    again = project.import_document(report("尼山镇", "开展法治讲座8场。")).doc_id
    assert again > doc


def test_undo_of_a_delete_brings_back_id_and_uuid(project):
    doc = project.import_document(report("尼山镇", "开展法治讲座8场。")).doc_id
    ann = project.add_annotation(doc, 0, 4, "measure")
    gone = project.delete_annotation(ann.id)
    back = project.restore_annotation(gone)
    assert (back.id, back.uuid) == (ann.id, ann.uuid)


def test_version_candidate_needs_same_unit_year_and_mostly_same_text(project):
    body = [f"第{i}项：依法开展行政执法检查{i}次，化解矛盾纠纷{i * 3}起，推进政务公开。" for i in range(1, 30)]
    title = "尼山镇2024年度法治政府建设工作情况报告"
    project.import_document(report("尼山镇", *body, title=title))
    project.import_document(report("掌起镇", *body[:3], title="掌起镇2024年度法治政府建设工作情况报告"))
    revised = report("尼山镇", *body[:-2], "新增：开展宪法宣传周活动。", title=title)
    found = project.version_candidate(revised)
    assert found is not None and found[0].unit == "尼山镇" and 0.5 <= found[1] < 1.0
    other_year = report("尼山镇", *body, title="尼山镇2023年度法治政府建设工作情况报告")
    assert project.version_candidate(other_year) is None
    unrelated = report("尼山镇", "完全不同的内容。" * 3, title=title)
    assert project.version_candidate(unrelated) is None


def test_replace_keeps_old_version_and_undo_restores_exactly(project):
    doc = project.import_document(report("尼山镇", "全年办理行政复议案件3件。", "开展法治讲座8场。")).doc_id
    text = project.document_text(doc)
    s = text.index("开展法治讲座8场")
    kept = project.add_annotation(doc, s, s + 8, "figure")
    w = text.index("全年办理行政复议案件3件")
    lost = project.add_annotation(doc, w, w + 11, "figure")
    project.set_score(doc, project.criteria()[0].id, "王审", points=1)
    before = dump(project)
    new = report("尼山镇", "前言新增一段。", "开展法治讲座8场。", name="报告(修订).docx")
    result = project.replace_document(doc, new)
    assert (result.action, result.moved, result.orphans) == ("updated", 1, 1)
    assert project.document_text(doc) == new.text and project.document_info(doc).version == 2
    moved = project.annotation(kept.id)
    assert new.text[moved.start:moved.end] == "开展法治讲座8场" and project.annotation(lost.id).orphaned
    (v,) = project.versions(doc)
    assert (v.id, v.version, v.source_name, v.chars) == (result.version_id, 1, "报告.docx", len(text))
    project.undo_replace(doc, result.version_id)
    after = dump(project)
    changed = [a for a, b in zip(before, after) if a != b]
    # Only the documents row's updated_at moves; everything else is as it was.
    assert len(before) == len(after) and all(line.startswith("documents:") for line in changed)
    assert project.document(doc).text == text and project.versions(doc) == []
    assert project.annotation(lost.id).orphaned is False


def test_revert_to_a_stored_version_and_back(project):
    doc = project.import_document(report("尼山镇", "开展法治讲座8场。")).doc_id
    old_text = project.document_text(doc)
    first = project.replace_document(doc, report("尼山镇", "开展法治讲座9场。"))
    back = project.revert_to_version(doc, first.version_id)
    assert project.document_text(doc) == old_text and project.document_info(doc).version == 3
    assert [v.version for v in project.versions(doc)] == [2, 1]
    project.undo_replace(doc, back.version_id)
    assert "9场" in project.document_text(doc) and [v.version for v in project.versions(doc)] == [1]
    with pytest.raises(ProjectError):
        project.revert_to_version(doc, 999)


def test_replace_refuses_text_of_another_report(project):
    a = project.import_document(report("甲镇", "开展法治讲座8场。")).doc_id
    project.import_document(report("乙镇", "开展法治讲座8场。"))
    with pytest.raises(ProjectError, match="完全相同"):
        project.replace_document(a, report("乙镇", "开展法治讲座8场。"))
    assert project.replace_document(a, report("甲镇", "开展法治讲座8场。")).action == "duplicate"


def _v1_project(path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO round (id, created_at, updated_at) VALUES (1, 't', 't')")
    for i, text in ((1, "甲镇的报告全文"), (2, "乙镇的报告全文")):
        conn.execute("INSERT INTO documents (id, title, source_name, source_sha256, format, text, imported_at, "
                     "updated_at) VALUES (?, '同一标题', '报告.txt', 's', 'txt', ?, 't', 't')", (i, text))
    for i in (1, 2, 7):
        conn.execute("INSERT INTO annotations (id, doc_id, start, \"end\", quote, tag, created_at, updated_at) "
                     "VALUES (?, 1, 0, 2, '甲镇', 'measure', 't', 't')", (i,))
    conn.execute("INSERT INTO scores (doc_id, criterion_id, points, updated_at) VALUES (2, 'c', 3, 't')")
    conn.execute("INSERT INTO score_evidence (doc_id, criterion_id, annotation_id, created_at) VALUES (1, 'c', 7, 't')")
    conn.execute("COMMIT")
    conn.close()


def test_a_version_1_project_is_migrated_with_ids_kept(tmp_path):
    path = tmp_path / "old.rdproj"
    _v1_project(path)
    with Project(path) as p:
        assert p.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert p.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [(d.id, d.chars, d.content_sha256) for d in p.documents()] == [
            (1, 7, content_hash("甲镇的报告全文")), (2, 7, content_hash("乙镇的报告全文"))]
        assert [a.id for a in p.annotations(1)] == [1, 2, 7] and all(a.uuid for a in p.annotations(1))
        assert p.db.conn.execute("SELECT count(*) FROM score_evidence WHERE annotation_id = 7").fetchone()[0] == 1
        p.delete_annotation(7)
        assert p.add_annotation(1, 0, 2, "figure").id == 8  # the deleted top id is not handed out again
        assert p.db.conn.execute("SELECT count(*) FROM scores").fetchone()[0] == 1


def test_stored_names_drop_control_and_bidi_characters(project):
    doc = report("尼山镇", "开展法治讲座8场。", name="报告\u202egpj.exe\n.docx")
    result = project.import_document(doc)
    assert project.document_info(result.doc_id).source_name == "报告gpj.exe.docx"


def test_text_already_here_is_a_duplicate_not_a_version(project):
    body = [f"第{i}项：依法开展行政执法检查{i}次。" for i in range(1, 20)]
    title = "尼山镇2024年度法治政府建设工作情况报告"
    project.import_document(report("尼山镇", *body, title=title))
    assert project.version_candidate(report("尼山镇", *body, title=title, name="另一个.pdf")) is None
