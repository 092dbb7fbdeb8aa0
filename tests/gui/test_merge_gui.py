"""File ▸ 合并评阅人项目… in the real window (issue 14): one undo step, a
summary, refusals that change nothing, and the reviewer recorded with this
installation so a namesake from another PC stays apart."""

from __future__ import annotations

import sqlite3

from conftest import REPO

from desktop.importers.base import ImportedDocument
from desktop.rubric import Rubric, default_rubric
from desktop.store import Project
from desktop.store.merge import RegisterReviewer
from desktop.text import detect_sections

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def _imported(i: int, name: str, title: str) -> ImportedDocument:
    text = SEEDS[i].read_text(encoding="utf-8")
    return ImportedDocument(title, name, f"s-{name}", "txt", text, detect_sections(text))


def _source(path, reviewer: str, installation: str, seeds=(0, 1), title="年度报告") -> None:
    with Project(path) as p:
        key = p.run(RegisterReviewer(reviewer, installation)).result
        for i in seeds:
            doc = p.import_document(_imported(i, f"{i}.txt", title)).doc_id
            p.add_annotation(doc, 10, 20, "measure", reviewer=key)
            p.set_score(doc, "measures", key, points=8)


def _window_with_reports(window) -> list[int]:
    project = window.context.project
    return [project.import_document(_imported(i, "报告.txt", f"本地标题{i}")).doc_id for i in (0, 1)]


def test_merge_is_one_undo_step_with_a_summary(window, fake, tmp_path):
    window.context.register_reviewer("测试员")  # as the app does at start
    ids = _window_with_reports(window)
    src = tmp_path / "评阅人乙.rdproj"
    _source(src, "测试员", "another-pc", seeds=(0, 1, 2))
    project = window.context.project
    before = project.tag_counts()
    summary = window.merge_controller.merge([str(src)])
    assert summary is not None and summary.sources[0].documents_added == 1
    assert len(project.documents()) == 3
    assert {a.reviewer for a in project.annotations(ids[0])} == {"测试员（2）"}  # their 测试员, not ours
    kind, title, text, details = fake.shown[-1]
    assert kind == "info" and "新增报告 1 份" in text and "测试员（2）" in details
    assert window.context.undo_stack.undoText().startswith("合并")
    window.context.undo_stack.undo()
    assert len(project.documents()) == 2 and project.tag_counts() == before
    window.context.undo_stack.redo()
    assert len(project.documents()) == 3


def test_a_different_rubric_is_refused_and_nothing_changes(window, fake, tmp_path):
    _window_with_reports(window)
    src = tmp_path / "其他细则.rdproj"
    _source(src, "乙", "pc-b")
    with Project(src) as p:
        p.set_rubric(Rubric("另一细则", default_rubric().criteria[:2]))
    project = window.context.project
    assert window.merge_controller.merge([str(src)]) is None
    assert fake.shown[-1][0] == "warning" and "评分细则" in fake.shown[-1][2]
    assert len(project.documents()) == 2 and not window.context.undo_stack.canUndo()


def test_the_reviewer_is_recorded_with_this_installation(window, tmp_path):
    project = window.context.project
    window.context.register_reviewer("测试员")
    rows = sqlite3.connect(project.path).execute("SELECT key, name, installation FROM reviewers").fetchall()
    assert rows == [("测试员", "测试员", "test-installation")]
    # a namesake of another installation already wrote here: we get our own key
    project.run(RegisterReviewer("王五", "someone-else"))
    assert window.context.register_reviewer("王五") == "王五（2）"
    assert window.context.reviewer == "王五（2）" and window.context.reviewer_name == "王五"


def test_the_action_is_in_the_file_menu_and_off_when_read_only(window):
    action = window.merge_controller.action
    assert action in window.menu("file").actions()
    assert action.isEnabled()
    window.context.project.readonly = True
    window.context.readonlyChanged.emit(True)
    assert not action.isEnabled()


def test_conflicts_are_listed_settled_in_the_dialog_and_undone(window, fake, tmp_path):

    window.context.register_reviewer("测试员")
    project = window.context.project
    doc = project.import_document(_imported(0, "报告.txt", "本地")).doc_id
    ann = project.add_annotation(doc, 30, 40, "measure", reviewer="测试员", note="原来的")
    copy = tmp_path / "副本.rdproj"
    project.save_copy(copy)
    with Project(copy) as p:
        p.update_annotation(ann.id, note="副本里改的")
    project.update_annotation(ann.id, note="这里改的")
    window.merge_controller.merge([str(copy)])
    dialog = window.conflicts_controller.show()
    assert dialog.model.rowCount() == 1 and "1 处冲突" in dialog.label.text()
    assert dialog.model.index(0, 3).data() == "举措：这里改的"
    assert dialog.model.index(0, 4).data() == "举措：副本里改的"
    dialog.table.selectRow(0)
    dialog.jump(dialog.model.index(0, 0))
    assert window.context.current_doc_id == doc
    dialog.take_theirs.click()
    assert dialog.model.rowCount() == 0 and project.annotation(ann.id).note == "副本里改的"
    assert len(project.annotations(doc)) == 1
    window.context.undo_stack.undo()
    dialog.reload()
    assert dialog.model.rowCount() == 1 and len(project.annotations(doc)) == 2
    assert project.annotation(ann.id).note == "这里改的"
    dialog.close()
