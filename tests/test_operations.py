"""Every change is one operation: one transaction, one change set with the
right kinds and ids, and an inverse that restores the database exactly.

"Exactly" is a dump of the whole file (every table, every column, updated_at
included) compared before and after. The one line left out is
sqlite_sequence: ids are never handed out twice (AUTOINCREMENT, issue 9), so
an undone add leaves the counter where it was; the undone row itself is gone.
"""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import ProjectError, ProjectReadOnly
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
    return [line for line in p.db.conn.iterdump() if "sqlite_sequence" not in line]


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
