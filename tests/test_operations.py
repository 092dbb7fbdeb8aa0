"""Every change is one operation: one transaction, one change set with the
right kinds and ids, and an inverse that restores the database exactly.

"Exactly" is a dump of the whole file (every table, every column, updated_at
included) compared before and after. The one line left out is
sqlite_sequence: ids are never handed out twice (AUTOINCREMENT, issue 9), so
an undone add leaves the counter where it was; the undone row itself is gone.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.errors import ProjectError, ProjectReadOnly, clean_name
from desktop.importers.base import ImportedDocument
from desktop.rubric import Criterion, Rubric
from desktop.store import Change, ChangeKind, ChangeSet, Project
from desktop.store import operations as ops
from desktop.text import canonical_text, detect_sections

A_TEXT = canonical_text(["甲镇2024年度法治政府建设情况报告", "一、主要举措和成效", "全年办理行政复议案件12件，调解纠纷3起。",
                         "二、存在的不足", "执法人员培训不够。", "三、下一步工作", "继续推进依法行政。"])
B_TEXT = canonical_text(["乙乡2023年度法治政府建设情况报告", "一、主要举措", "建立法律顾问制度，覆盖率100%。",
                         "二、存在问题", "基层力量薄弱。"])


def doc(text: str, name: str = "a.txt") -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, "sha-" + name, "txt", text, detect_sections(text))


def dump(p: Project) -> list[str]:
    return [line for line in p.db.conn.iterdump() if "sqlite_sequence" not in line
            # the search index's FTS5 pages depend on the order of writes; search_text itself is compared
            and not line.startswith('INSERT INTO "search_text_fts_')]


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "ops.rdproj") as p:
        a = p.import_document(doc(A_TEXT, "a.txt")).doc_id
        b = p.import_document(doc(B_TEXT, "b.txt")).doc_id
        s = A_TEXT.index("办理行政复议")
        p.add_annotation(a, s, s + 6, "measure", reviewer="张三")
        s = A_TEXT.index("12件")
        p.add_annotation(a, s, s + 3, "figure", note="数字", reviewer="张三")
        s = A_TEXT.index("培训不够")
        p.add_annotation(a, s, s + 4, "weakness", reviewer="李四")
        s = B_TEXT.index("法律顾问")
        p.add_annotation(b, s, s + 4, "measure", reviewer="张三")
        p.set_score(a, "measures", "张三", points=10, comment="具体")
        p.add_evidence(a, "measures", 1, "张三")
        p.add_evidence(a, "measures", 2, "张三")
        yield p


def _ids(p: Project, doc_id: int) -> list[int]:
    return [a.id for a in p.annotations(doc_id, include_orphans=True)]


def _run_and_check_inverse(p: Project, op: ops.Operation) -> ops.Applied:
    """Runs op; its inverse restores the dump; the inverse's inverse (redo) gives
    the after-state again; undoing that once more restores the start."""
    before = dump(p)
    applied = p.run(op)
    after = dump(p)
    undone = p.run(applied.inverse)
    assert dump(p) == before, f"undo of {op.name} did not restore the database"
    redone = p.run(undone.inverse)
    assert dump(p) == after, f"redo of {op.name} differs from its first run"
    undone_again = p.run(redone.inverse)
    assert dump(p) == before
    p.run(undone_again.inverse)  # redo again: the caller checks the after-state
    assert dump(p) == after
    return applied


def _seen(p: Project) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    p.subscribe(seen.append)
    return seen


# --- change sets ----------------------------------------------------------------------------


def test_add_batch_is_one_change_set_across_documents(project):
    seen = _seen(project)
    items = (ops.NewAnnotation(1, 0, 4, "measure"), ops.NewAnnotation(1, 5, 9, "figure"),
             ops.NewAnnotation(2, 0, 3, "weakness", note="n", reviewer="王五"))
    applied = project.run(ops.AddAnnotations(items))
    new = applied.result
    assert len(new) == 3 and len(set(new)) == 3
    assert seen == [applied.changes]
    assert applied.changes == ChangeSet((
        Change("annotations", 1, tuple(new[:2]), tuple(new[:2])),
        Change("annotations", 2, (new[2],), (new[2],))), "add_annotations")
    assert project.annotation(new[2]).reviewer == "王五" and project.annotation(new[2]).note == "n"


def test_delete_batch_removes_evidence_in_one_set_and_undo_brings_it_back(project):
    seen = _seen(project)
    applied = project.run(ops.DeleteAnnotations((1, 2, 4)))
    assert [a.id for a in applied.result] == [1, 2, 4]
    assert len(seen) == 1
    cs = seen[0]
    assert cs.of("annotations", 1) == [Change("annotations", 1, (1, 2), (), (1, 2))]
    assert cs.of("annotations", 2) == [Change("annotations", 2, (4,), (), (4,))]
    assert cs.ids("scores", 1) == {"measures"}  # the evidence links went with them
    assert project.evidence(1) == []
    project.run(applied.inverse)
    assert [e.annotation_id for e in project.evidence(1)] == [1, 2]
    assert _ids(project, 1) == [1, 2, 3] and _ids(project, 2) == [4]


def test_delete_refuses_a_missing_id_and_leaves_everything(project):
    before = dump(project)
    seen = _seen(project)
    with pytest.raises(ProjectError, match="没有编号为 99"):
        project.run(ops.DeleteAnnotations((1, 99)))
    assert dump(project) == before and seen == []


def test_retag_batch_skips_rows_already_so(project):
    seen = _seen(project)
    applied = project.run(ops.UpdateAnnotations((1, 2, 3), tag="figure"))
    assert applied.result == [1, 3]  # 2 is a figure already
    assert seen[0] == ChangeSet((Change("annotations", 1, (1, 3)),), "update_annotations")
    assert [project.annotation(i).tag for i in (1, 2, 3)] == ["figure"] * 3


def test_an_operation_that_changes_nothing_announces_nothing(project):
    seen = _seen(project)
    applied = project.run(ops.UpdateAnnotations((2,), tag="figure"))
    assert applied.result == [] and not applied.changes and seen == []


def test_remove_document_takes_everything_of_it_and_undo_restores_all(project):
    project.replace_document(2, doc(B_TEXT + "\n补充一段。", "b2.txt"))
    seen = _seen(project)
    applied = _run_and_check_inverse(project, ops.RemoveDocuments((2,)))
    assert applied.result == [2]
    assert applied.changes.kinds() == {"documents", "annotations", "sections", "versions"}
    assert applied.changes.of("documents") == [Change("documents", 2, (2,), (), (2,))]
    assert applied.changes.ids("annotations", 2) == {4}
    assert len(seen) == 5  # run, undo, redo, undo, redo: one set each
    assert project.document_info(2) is None


def test_score_row_and_status_are_one_set(project):
    applied = _run_and_check_inverse(project, ops.SetScores((
        ops.ScoreItem(2, "measures", "张三", 8), ops.ScoreItem(2, "weaknesses", "张三", comment="少"))))
    cs = applied.changes
    assert cs.ids("scores", 2) == {"measures", "weaknesses"}
    assert cs.of("documents") == [Change("documents", 2, (2,))]
    assert project.document_info(2).status == "in_review"


# --- inverses restore the database exactly -----------------------------------------------------


OPERATIONS = {
    "add": lambda p: ops.AddAnnotations((ops.NewAnnotation(1, 0, 4, "measure", "批注"),
                                         ops.NewAnnotation(2, 2, 6, "weakness"))),
    "delete": lambda p: ops.DeleteAnnotations((1, 3, 4)),
    "retag": lambda p: ops.UpdateAnnotations((1, 2, 4), tag="weakness"),
    "note": lambda p: ops.UpdateAnnotations((2, 3), note="新的批注"),
    "status": lambda p: ops.UpdateDocuments((1, 2), {"status": "done"}),
    "unit_year_title": lambda p: ops.UpdateDocuments((2,), {"unit": "丙镇", "year": 2022, "title": "改名"}),
    "remove_document": lambda p: ops.RemoveDocuments((1,)),
    "import": lambda p: ops.ImportDocument(doc(A_TEXT + "\n附件。", "c.txt")),
    "replace": lambda p: p.replace_operation(1, doc(A_TEXT.replace("12件", "15件") + "\n新增一段。", "a2.txt")),
    "round": lambda p: ops.SetRound("2024年度评审", 2024),
    "rubric_keep": lambda p: ops.SetRubric(Rubric("简表", (Criterion("measures", "举措", 20.0),
                                                            Criterion("new", "新项", 5.0))), True, "x"),
    "rubric_archive": lambda p: ops.SetRubric(Rubric("简表", (Criterion("only", "唯一", 10.0),)), False,
                                              "20260101000000"),
    "scores": lambda p: ops.SetScores((ops.ScoreItem(1, "measures", "张三", 12),
                                       ops.ScoreItem(2, "measures", "李四", 3, "评语"))),
    "clear_scores": lambda p: ops.ClearScores(((1, "measures", "张三"),)),
    "link": lambda p: ops.LinkEvidence(1, "weaknesses", (3, 2), "李四"),
    "unlink": lambda p: ops.UnlinkEvidence(1, "measures", (1, 2)),
    "detect": lambda p: ops.DetectMetadata(),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_inverse_restores_the_database_exactly(project, name):
    if name == "detect":  # two reports never looked at
        project.db.conn.execute("UPDATE documents SET detected = 0, unit = '', year = NULL")
    op = OPERATIONS[name](project)
    applied = _run_and_check_inverse(project, op)
    assert applied.changes, f"{name} changed nothing"


def test_revert_and_undo_replace_are_exact_inverses_too(project):
    result = project.replace_document(1, doc(A_TEXT.replace("一、", "（一）") + "\n尾。", "a3.txt"))
    _run_and_check_inverse(project, project.revert_operation(1, result.version_id))
    before = dump(project)
    applied = project.run(ops.UndoReplace(1, project.versions(1)[0].id))
    project.run(applied.inverse)
    assert dump(project) == before


def test_detect_fills_only_reports_with_neither_unit_nor_year_and_marks_all(project):
    project.db.conn.execute("UPDATE documents SET detected = 0, unit = '', year = NULL WHERE id = 1")
    project.db.conn.execute("UPDATE documents SET detected = 0, unit = '手填', year = NULL WHERE id = 2")
    applied = project.run(ops.DetectMetadata())
    assert applied.result == [1]
    assert (project.document_info(1).unit, project.document_info(1).year) == ("甲镇", 2024)
    assert (project.document_info(2).unit, project.document_info(2).year) == ("手填", None)
    assert project.db.conn.execute("SELECT count(*) FROM documents WHERE detected = 0").fetchone()[0] == 0
    assert project.apply_detected_metadata_to_all() == []  # looked at once: never again


def test_a_reviewer_typing_a_unit_counts_as_looked_at(project):
    project.db.conn.execute("UPDATE documents SET detected = 0, unit = '', year = NULL")
    project.update_document(2, year=2021)
    assert project.apply_detected_metadata_to_all() == [1]
    assert project.document_info(2).unit == ""


# --- the rules around operations ---------------------------------------------------------------


def test_a_listener_may_not_write(project):
    def writer(_changes):
        project.add_annotation(1, 0, 2, "measure")

    project.subscribe(writer)
    with pytest.raises(RuntimeError, match="listener"):
        project.update_annotation(1, note="x")
    assert project.annotation(1).note == "x"  # the operation itself committed
    assert len(_ids(project, 1)) == 3


def test_a_failing_operation_rolls_back_every_write(project):
    before = dump(project)

    class Half(ops.Operation):
        name = "half"

        def apply(self, p, w):
            w.update("annotations", (1,), {"note": "written"})
            raise ProjectError("半途失败")

    with pytest.raises(ProjectError):
        project.run(Half())
    assert dump(project) == before


def test_read_only_project_refuses_operations(project, tmp_path):
    path = project.path
    project.close()
    with Project(path, readonly=True) as ro:
        with pytest.raises(ProjectReadOnly):
            ro.run(ops.UpdateAnnotations((1,), note="x"))


def test_writer_images_follow_the_rows(project):
    conn = project.db.conn
    conn.execute("BEGIN")
    try:
        w = ops.Writer(conn)
        assert w.update("annotations", (999,), {"note": "x"}) is False  # no such row: nothing recorded
        assert w.images == []
        assert w.update_many("annotations", [((1,), {"note": "a"}), ((999,), {"note": "b"}),
                                             ((2,), {"note": "c"})]) == 2
        assert [(i.key, i.op, i.before, i.doc_id) for i in w.images] == [
            ((1,), "update", (("note", ""),), 1), ((2,), "update", (("note", "数字"),), 1)]
        rows = w.delete_keys("score_evidence", [(1, "measures", 1), (1, "measures", 2)])
        assert [r["annotation_id"] for r in rows] == [1, 2]
        assert w.images[-1].op == "delete" and dict(w.images[-1].before)["reviewer"] == "张三"
        cs = w.change_set("t")
        assert cs.of("annotations") == [Change("annotations", 1, (1, 2))]
        assert cs.of("scores") == [Change("scores", 1, ("measures",))]
    finally:
        conn.execute("ROLLBACK")


def test_change_set_merging_rules():
    add = Change("annotations", 1, (5,), (5,))
    gone = Change("annotations", 1, (5,), (), (5,))
    assert ChangeSet.of_changes([add, gone]) == ChangeSet(())  # added then removed: nothing
    assert ChangeSet.of_changes([gone, add]).changes == (Change("annotations", 1, (5,)),)  # back: an update
    two = ChangeSet.of_changes([Change("annotations", 1, (1,)), Change("annotations", 2, (2,)),
                                Change("annotations", 1, (3,), (3,))])
    assert two.changes == (Change("annotations", 1, (1, 3), (3,)), Change("annotations", 2, (2,)))
    whole = ChangeSet.of_changes([Change("annotations", 1, (1,)), Change("annotations", 1)])
    assert whole.changes == (Change("annotations", 1),) and whole.whole("annotations", 1)
    assert ChangeSet((Change("scores", None),)).whole("scores", 7)  # round-wide reaches every report
    assert not two.whole("annotations", 1) and two.touches("annotations", 2) and not two.touches("scores")
    assert two.doc_ids() == {1, 2} and two.ids("annotations", 1) == {1, 3}
    merged = ChangeSet((add,), "a").merged(ChangeSet((gone,), "b"))
    assert not merged and merged.operation == "a"
    assert Change("annotations", 1, (1, 2, 3), (1,), (3,)).updated == (2,)
    assert ChangeKind("scores") is ChangeKind.SCORES and "scores" in {ChangeKind.SCORES}


def test_version_3_file_keeps_text_last_and_the_id_counter(tmp_path):
    path = tmp_path / "v.rdproj"
    with Project(path) as p:
        a = p.import_document(doc(A_TEXT)).doc_id
        b = p.import_document(doc(B_TEXT, "b.txt")).doc_id
        p.delete_document(b)
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    assert cols[-2:] == ["detected", "text"]
    assert conn.execute("SELECT detected FROM documents WHERE id = ?", (a,)).fetchone() == (1,)
    conn.close()
    with Project(path) as p:
        assert p.import_document(doc(B_TEXT + "。", "c.txt")).doc_id == b + 1  # never id b again


# --- what each operation writes, field by field ------------------------------------------------


def _row(p: Project, table: str, where: str, args=()) -> dict:
    cur = p.db.conn.execute(f"SELECT * FROM {table} WHERE {where}", args)
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row)) if row else {}


def test_import_writes_every_field_and_detects_once(project):
    imported = ImportedDocument("丙镇2022年度报告", "dir/丙镇\u202e.txt", "feed", "docx",
                                A_TEXT.replace("甲镇2024", "丙镇2022"), detect_sections(A_TEXT), pages=7,
                                warnings=["第 3 页没有文字层"])
    seen = _seen(project)
    applied = project.run(ops.ImportDocument(imported))
    result = applied.result
    assert (result.action, result.title, result.warnings) == ("new", "丙镇2022年度报告", ("第 3 页没有文字层",))
    assert result.sections == tuple(imported.sections)
    row = _row(project, "documents", "id = ?", (result.doc_id,))
    assert row["source_name"] == project.document_info(result.doc_id).source_name and "\u202e" not in row["source_name"]
    assert (row["source_sha256"], row["format"], row["pages"], row["chars"]) == ("feed", "docx", 7, len(imported.text))
    assert row["warnings"] == '["第 3 页没有文字层"]'  # Chinese kept as it is in the file
    assert (row["unit"], row["year"], row["detected"], row["status"]) == ("丙镇", 2022, 1, "not_started")
    assert row["text"] == imported.text and row["imported_at"] == row["updated_at"] and len(row["uuid"]) == 36
    assert row["content_sha256"] == project.document_with_content(imported.text).content_sha256
    assert [s.title for s in project.sections(result.doc_id)] == [s.title for s in imported.sections]
    assert seen[0].of("documents") == [Change("documents", result.doc_id, (result.doc_id,), (result.doc_id,))]
    again = project.run(ops.ImportDocument(imported))
    assert (again.result.action, again.result.doc_id, again.result.title) == (
        "duplicate", result.doc_id, "丙镇2022年度报告")
    assert not again.changes and len(seen) == 1


def test_import_with_a_given_unit_still_detects_the_year_and_without_detection_marks_it(project):
    text = B_TEXT.replace("乙乡2023", "丁乡2021")
    a = project.run(ops.ImportDocument(doc(text, "d.txt"), unit="手填单位")).result.doc_id
    assert (project.document_info(a).unit, project.document_info(a).year) == ("手填单位", 2021)
    b = project.run(ops.ImportDocument(doc(text + "。", "e.txt"), detect=False)).result.doc_id
    info = project.document_info(b)
    assert (info.unit, info.year) == ("", None)
    assert _row(project, "documents", "id = ?", (b,))["detected"] == 0
    assert project.apply_detected_metadata_to_all() == [b]
    assert (project.document_info(b).unit, project.document_info(b).year) == ("丁乡", 2021)


def test_replace_keeps_the_old_text_as_a_version_field_by_field(project):
    old = _row(project, "documents", "id = 1")
    old_sections = [[s.level, s.start, s.end, s.title] for s in project.sections(1)]
    new_text = "前言一段。\n" + A_TEXT.replace("培训不够", "培训还不够").replace("12件", "十二件")
    imported = ImportedDocument("不用的标题", "新/a2.txt", "sha2", "pdf", new_text, detect_sections(new_text),
                                pages=3, warnings=["页眉已去除"])
    op = project.replace_operation(1, imported)
    seen = _seen(project)
    result = project.run(op).result
    assert (result.action, result.doc_id, result.title) == ("updated", 1, old["title"])
    # Both placed ones moved (the new first line; one found again by its context), the figure is gone.
    assert (result.moved, result.orphans) == (2, 1)
    assert result.warnings == ("页眉已去除",) and result.sections == tuple(imported.sections)
    version = _row(project, "document_versions", "id = ?", (result.version_id,))
    for column in ("title", "source_name", "source_sha256", "content_sha256", "format", "pages", "text",
                   "imported_at", "warnings"):
        assert version[column] == old[column], column
    assert version["doc_id"] == 1 and version["version"] == old["version"]
    assert version["sections_json"] == json.dumps(old_sections, ensure_ascii=False)
    anchors = json.loads(version["anchors_json"])
    assert [a[:3] for a in anchors] == [[1, 31, 37], [2, 39, 42], [3, 63, 67]]
    assert "办理行政复议" in version["anchors_json"]  # not escaped
    now = _row(project, "documents", "id = 1")
    assert (now["text"], now["chars"], now["source_sha256"], now["format"], now["pages"], now["title"]) == (
        new_text, len(new_text), "sha2", "pdf", 3, old["title"])
    assert now["source_name"] == clean_name("新/a2.txt") and now["warnings"] == '["页眉已去除"]' and now["version"] == old["version"] + 1
    assert now["content_sha256"] != old["content_sha256"] and now["imported_at"] == op.imported_at
    moved = project.annotation(1)
    assert new_text[moved.start:moved.end] == "办理行政复议" and not moved.orphaned
    assert [project.annotation(i).orphaned for i in (2, 3)] == [True, False]
    assert project.annotation(3).quote == "培训还不够"
    assert project.annotation(2).start == 39  # an orphan keeps its last place and quote
    assert seen[0] == ChangeSet((
        Change("versions", 1, (result.version_id,), (result.version_id,)),
        Change("documents", 1, (1,)),
        Change("sections", 1),
        Change("annotations", 1)), "replace_text")


def test_replace_re_anchors_again_when_the_annotations_changed_meanwhile(project):
    new_text = "前言。\n" + A_TEXT
    op = project.replace_operation(1, doc(new_text, "a2.txt"))
    project.add_annotation(1, 0, 3, "figure")  # one more than the operation was planned with
    project.run(op)
    placed = [(a.start, a.quote) for a in project.annotations(1)]
    assert placed[0] == (4, "甲镇2")


def test_undo_replace_refuses_an_unknown_version(project):
    with pytest.raises(ProjectError, match="没有编号为 77 的历史版本"):
        project.run(ops.UndoReplace(1, 77))


def test_detect_stamps_only_the_reports_it_filled(project):
    project.db.conn.execute("UPDATE documents SET detected = 0, unit = '', year = NULL, updated_at = 'old'")
    project.db.conn.execute("UPDATE documents SET title = '无名', text = '无' WHERE id = 2")
    applied = project.run(ops.DetectMetadata())
    assert applied.result == [1]
    assert _row(project, "documents", "id = 1")["updated_at"] != "old"
    two = _row(project, "documents", "id = 2")
    assert (two["updated_at"], two["detected"], two["unit"], two["year"]) == ("old", 1, "", None)
    assert applied.changes.ids("documents") == {1, 2}


@pytest.mark.parametrize("name,year,ok", [("轮" * 200, 1990, True), ("轮" * 201, None, False), ("x", 2100, True),
                                          ("x", 1989, False), ("x", 2101, False), ("x", "2024", False)])
def test_round_name_and_year_bounds(project, name, year, ok):
    if ok:
        project.run(ops.SetRound(name, year))
        assert (project.round_info().name, project.round_info().year) == (name, year)
    else:
        with pytest.raises(ProjectError):
            project.run(ops.SetRound(name, year))


def test_rubric_rows_and_archiving(project):
    rubric = Rubric("新细则", (Criterion("a", "甲项", 6.0, "说明", "组一", "每缺一项扣1分"), Criterion("b", "乙项", 4.0)))
    project.run(ops.SetRubric(rubric, False, "20260102030405"))
    rows = project.db.conn.execute(
        "SELECT id, position, title, description, max_points, grp, deduction FROM criteria ORDER BY position").fetchall()
    assert rows == [("a", 0, "甲项", "说明", 6.0, "组一", "每缺一项扣1分"), ("b", 1, "乙项", "", 4.0, "", "")]
    info = _row(project, "round", "id = 1")
    assert info["rubric_name"] == "新细则" and json.loads(info["rubric_json"])["name"] == "新细则"
    archived = project.db.conn.execute("SELECT criterion_id FROM scores UNION ALL "
                                       "SELECT criterion_id FROM score_evidence").fetchall()
    assert archived == [("archived/20260102030405/measures",)] * 3
    project.run(ops.SetRubric(Rubric("再换", (Criterion("c", "丙", 1.0),)), False, "20270101000000"))
    again = {r[0] for r in project.db.conn.execute("SELECT criterion_id FROM scores")}
    assert again == {"archived/20260102030405/measures"}  # archived once, never archived/…/archived/…
    with pytest.raises(ProjectError, match="没有评分项"):
        project.run(ops.SetRubric(Rubric("空", ()), True, "x"))


def test_scores_insert_then_update_and_status_moves_only_from_not_started(project):
    project.update_document(2, status="done")
    project.run(ops.SetScores((ops.ScoreItem(2, "measures", "王五", 5, "好"),)))
    assert project.document_info(2).status == "done"  # never moved back to 评阅中
    row = _row(project, "scores", "doc_id = 2")
    assert (row["points"], row["comment"], row["reviewer"]) == (5.0, "好", "王五")
    project.run(ops.SetScores((ops.ScoreItem(2, "measures", "王五", comment="改"),)))
    assert _row(project, "scores", "doc_id = 2")["points"] == 5.0 and _row(project, "scores", "doc_id = 2")["comment"] == "改"
    project.run(ops.SetScores((ops.ScoreItem(2, "measures", "王五", None, ""),)))
    assert _row(project, "scores", "doc_id = 2")["points"] is None
    fresh = project.import_document(doc(B_TEXT + "另。", "f.txt")).doc_id
    project.run(ops.SetScores((ops.ScoreItem(fresh, "measures", "王五", None, ""),)))
    assert project.document_info(fresh).status == "not_started"  # nothing said yet: not started
    project.run(ops.SetScores((ops.ScoreItem(fresh, "measures", "王五", None, "评语"),)))
    assert project.document_info(fresh).status == "in_review"


def test_added_annotations_hold_their_anchor_note_and_times(project):
    ids = project.run(ops.AddAnnotations((ops.NewAnnotation(2, 3, 8, "weakness", "注", "赵六", "u-1"),))).result
    row = _row(project, "annotations", "id = ?", (ids[0],))
    assert (row["doc_id"], row["start"], row["end"], row["tag"], row["note"], row["reviewer"], row["uuid"]) == (
        2, 3, 8, "weakness", "注", "赵六", "u-1")
    assert (row["quote"], row["prefix"], row["suffix"]) == (B_TEXT[3:8], B_TEXT[:3], B_TEXT[8:40])
    assert row["created_at"] == row["updated_at"] and row["orphaned"] == 0
    with pytest.raises(ProjectError, match="未知的标注类型"):
        project.run(ops.AddAnnotations((ops.NewAnnotation(2, 0, 1, "opinion"),)))


def test_document_updates_check_fields_and_mark_looked_at(project):
    with pytest.raises(ValueError, match="text"):
        project.run(ops.UpdateDocuments((1,), {"text": "x"}))
    with pytest.raises(ProjectError, match="未知的评阅状态"):
        project.run(ops.UpdateDocuments((1,), {"status": "finished"}))
    with pytest.raises(ProjectError, match="没有编号为 9"):
        project.run(ops.UpdateDocuments((1, 9), {"status": "done"}))
    project.db.conn.execute("UPDATE documents SET detected = 0, updated_at = 'old'")
    project.run(ops.UpdateDocuments((1,), {"title": "新题"}))
    assert _row(project, "documents", "id = 1")["detected"] == 0  # a title says nothing of unit or year
    assert _row(project, "documents", "id = 1")["updated_at"] != "old"
    project.run(ops.UpdateDocuments((2,), {"year": 2020}))
    assert _row(project, "documents", "id = 2")["detected"] == 1
    assert project.run(ops.UpdateDocuments((1,), {})).result == []


def test_writer_refuses_a_column_the_schema_does_not_spell_so(project):
    conn = project.db.conn
    conn.execute("BEGIN")
    try:
        w = ops.Writer(conn)
        with pytest.raises(ValueError, match="DOC_ID"):
            w.insert("annotations", {"DOC_ID": 1})
        with pytest.raises(ValueError, match="Note"):
            w.update("annotations", (1,), {"Note": "x"})
        with pytest.raises(ValueError, match="no table"):
            w.update("nope", (1,), {"x": 1})
    finally:
        conn.execute("ROLLBACK")


def test_counting_a_reports_tags_reads_only_an_index(project):
    plan = project.db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT tag, count(*) FROM annotations WHERE orphaned = 0 AND doc_id = ? GROUP BY tag",
        (1,)).fetchall()
    assert any("COVERING INDEX annotations_counts" in row[-1] for row in plan), plan
    assert project.placed_tags(1) == {1: "measure", 2: "figure", 3: "weakness"}
    project.run(ops.UpdateAnnotations((3,), tag="measure"))
    project.db.conn.execute("UPDATE annotations SET orphaned = 1 WHERE id = 2")
    assert project.placed_tags_of([1, 2, 3, 4, 99]) == {1: (1, "measure"), 3: (1, "measure"), 4: (2, "measure")}


def test_joined_inverses_undo_two_operations_in_one(project):
    before = dump(project)
    first = project.run(ops.SetScores((ops.ScoreItem(2, "measures", "张三", 3),)))
    second = project.run(ops.SetScores((ops.ScoreItem(2, "measures", "张三", 5),)))
    after = dump(project)
    both = ops.joined(first.inverse, second.inverse)
    assert both.of == "set_scores" and len(both.images) == len(first.inverse.images) + len(second.inverse.images)
    redo = project.run(both)
    assert dump(project) == before  # the later one undone first, then the earlier
    project.run(redo.inverse)
    assert dump(project) == after


# --- the read helpers the panes use, and schema version 3 ------------------------------------------


def test_totals_and_reviewers_for_some_reports_match_the_whole_round(project):
    c = project.import_document(doc(B_TEXT + "另一份。", "c.txt")).doc_id
    project.set_score(c, "measures", "王五", points=4)
    project.set_score(c, "weaknesses", "赵六", points=2)
    everything, people = project.score_totals(), project.reviewers_by_document()
    assert everything == {1: (10.0, 1), c: (6.0, 2)}
    assert people == {1: ("张三", "李四"), 2: ("张三",), c: ("王五", "赵六")}
    many = [c, 1, *range(1000, 1600)]  # over one chunk of 500, unknown ids among them, one twice
    assert project.score_totals(many + [c]) == everything
    assert project.reviewers_by_document(many) == {1: people[1], c: people[c]}
    assert project.score_totals([2]) == {} and project.reviewers_by_document([]) == {}


@pytest.mark.parametrize("points,ok", [(0, True), (15, True), (15.0000000001, True), (15.01, False), (-0.01, False),
                                       (float("nan"), False), ("7.5", True), ("七", False)])
def test_score_bounds(project, points, ok):
    if ok:
        project.set_score(2, "measures", "王五", points=points)
        assert project.score(2, "measures", "王五").points == min(float(points), 15.0)
    else:
        with pytest.raises(ProjectError):
            project.set_score(2, "measures", "王五", points=points)
        assert project.score(2, "measures", "王五") is None


def test_a_comment_alone_keeps_the_points_and_restoring_a_link_twice_adds_it_once(project):
    project.set_score(1, "measures", "张三", comment="新评语")
    assert (project.score(1, "measures", "张三").points, project.score(1, "measures", "张三").comment) == (10.0, "新评语")
    removed = project.remove_evidence(1, "measures", 2)
    assert project.remove_evidence(1, "measures", 2) is None
    seen = _seen(project)
    project.restore_evidence(removed)
    project.restore_evidence(removed)  # already there: nothing written, nothing said
    assert [e.annotation_id for e in project.evidence(1, "measures")] == [1, 2]
    assert len(seen) == 1 and seen[0].ids("scores", 1) == {"measures"}
    assert project.evidence(1, "measures")[1] == removed  # its reviewer and time came back


def test_a_version_2_file_gets_detected_flags_and_keeps_its_id_counter(tmp_path):
    from desktop.store.schema import MIGRATIONS

    path = tmp_path / "v2.rdproj"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in range(2):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO round (id, created_at, updated_at) VALUES (1, 't', 't')")
    for i, unit, year in ((1, "甲镇", None), (2, "", 2023), (3, "", None), (9, "", None)):
        conn.execute("INSERT INTO documents (id, uuid, title, source_name, source_sha256, content_sha256, format, "
                     "imported_at, unit, year, updated_at, chars, text) VALUES (?, ?, 't', 's', 's', ?, 'txt', 't', ?, ?,"
                     " 't', 1, ?)", (i, f"u{i}", f"c{i}", unit, year, f"文{i}"))
    conn.execute("DELETE FROM documents WHERE id = 9")  # the counter stays at 9
    conn.execute("COMMIT")
    conn.close()
    with Project(path) as p:
        rows = p.db.conn.execute("SELECT id, detected FROM documents ORDER BY id").fetchall()
        assert rows == [(1, 1), (2, 1), (3, 0)]
        cols = [r[1] for r in p.db.conn.execute("PRAGMA table_info(documents)")]
        assert cols[-2:] == ["detected", "text"] and "uuid" in cols
        indexes = {r[1] for r in p.db.conn.execute("PRAGMA index_list(documents)")}
        assert "documents_content" in indexes
        assert p.import_document(doc(A_TEXT, "n.txt")).doc_id == 10
        assert p.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
