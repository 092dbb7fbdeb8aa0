"""Delete, re-tag, note edits and undo/redo: each checked in the database and in
the document pane's highlights."""

from __future__ import annotations

from files import PARAGRAPHS, write_txt
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest


def _state(window, doc_id):
    rows = sorted((a.start, a.end, a.tag) for a in window.context.project.annotations(doc_id))
    return rows, window.document_view.highlight_ranges()


def _tag(window, start, end, tag):
    window.document_view.select_span(start, end)
    return window.tag_selection(tag)


def _select_row(window, ann_id):
    assert window.annotation_pane.select_annotation(ann_id)


def test_delete_retag_note_with_undo_redo(window, seed_doc, fake):
    project = window.context.project
    stack = window.context.undo_stack
    a = _tag(window, 100, 120, "measure")
    b = _tag(window, 110, 115, "figure")
    both = [(100, 120, "measure"), (110, 115, "figure")]
    assert _state(window, seed_doc) == (both, both)

    # Delete with the Delete key in the annotation list.
    _select_row(window, b)
    table = window.annotation_pane.table
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Delete)
    only_a = [(100, 120, "measure")]
    assert _state(window, seed_doc) == (only_a, only_a)
    stack.undo()
    assert _state(window, seed_doc) == (both, both)
    assert project.annotation(b).id == b  # the same id is back
    stack.redo()
    assert _state(window, seed_doc) == (only_a, only_a)
    stack.undo()

    # Re-tag from the list's context menu.
    _select_row(window, a)
    menu = window.annotation_pane.build_context_menu()
    [weak] = [act for act in menu.actions() if "不足" in act.text()]
    weak.trigger()
    retagged = [(100, 120, "weakness"), (110, 115, "figure")]
    assert _state(window, seed_doc) == (retagged, retagged)
    stack.undo()
    assert _state(window, seed_doc) == (both, both)
    stack.redo()
    assert _state(window, seed_doc) == (retagged, retagged)

    # Double-click edits the note through the dialog seam.
    fake.notes.append("数据可信，建议引用")
    row = [r for r in range(window.annotation_pane.proxy.rowCount())
           if window.annotation_pane.annotation_at(window.annotation_pane.proxy.index(r, 0)).id == a][0]
    index = window.annotation_pane.proxy.index(row, 3)
    window.annotation_pane.table.doubleClicked.emit(index)
    assert project.annotation(a).note == "数据可信，建议引用"
    assert window.annotation_pane.proxy.data(index) == "数据可信，建议引用"
    stack.undo()
    assert project.annotation(a).note == ""
    stack.redo()
    assert project.annotation(a).note == "数据可信，建议引用"

    # Undo everything back to an empty document, then redo it all: same ids, same spans.
    while stack.canUndo():
        stack.undo()
    assert _state(window, seed_doc) == ([], [])
    while stack.canRedo():
        stack.redo()
    assert _state(window, seed_doc) == (retagged, retagged)
    assert project.annotation(a).note == "数据可信，建议引用"


def test_keyboard_undo_redo_shortcuts(window, seed_doc, qtbot):
    _tag(window, 10, 20, "figure")
    window.document_view.setFocus()
    QTest.keySequence(window.document_view, QKeySequence("Ctrl+Z"))
    assert _state(window, seed_doc) == ([], [])
    QTest.keySequence(window.document_view, QKeySequence("Ctrl+Y"))
    assert _state(window, seed_doc)[0] == [(10, 20, "figure")]
    QTest.keySequence(window.document_view, QKeySequence("Ctrl+Z"))
    QTest.keySequence(window.document_view, QKeySequence("Ctrl+Shift+Z"))
    assert _state(window, seed_doc)[1] == [(10, 20, "figure")]


def test_undo_survives_switching_documents(window, seed_doc, import_files, tmp_path):
    other = import_files([write_txt(tmp_path / "other.txt", PARAGRAPHS)]).imported[0].doc_id
    window.context.set_current_document(seed_doc)
    _tag(window, 5, 9, "measure")
    window.context.set_current_document(other)
    _tag(window, 3, 6, "weakness")
    stack = window.context.undo_stack
    stack.undo()
    stack.undo()  # belongs to the seed document: the window shows it again
    assert window.context.current_doc_id == seed_doc
    assert window.context.project.annotations(seed_doc) == []
    stack.redo()
    assert window.document_view.highlight_ranges() == [(5, 9, "measure")]


def test_multi_row_delete_is_one_undo_step(window, seed_doc):
    ids = [_tag(window, s, s + 3, "measure") for s in (10, 20, 30)]
    pane = window.annotation_pane
    selection = pane.table.selectionModel()
    for row in range(3):
        selection.select(pane.proxy.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(pane.selected_annotation_ids()) == sorted(ids)
    window.acts.delete_annotation.trigger()
    assert window.context.project.annotations(seed_doc) == []
    window.context.undo_stack.undo()
    assert len(window.document_view.highlight_ranges()) == 3


def test_annotation_deleted_outside_the_pane_updates_views(window, seed_doc):
    """Views follow store announcements, whoever made the change."""
    ann_id = _tag(window, 40, 50, "figure")
    window.context.project.delete_annotation(ann_id)
    assert window.document_view.highlight_ranges() == []
    assert window.annotation_pane.model.rowCount() == 0
    assert window.annotation_pane.counts()["figure"] == 0


def _dump(window) -> list[str]:
    return [line for line in window.context.project.db.conn.iterdump() if "sqlite_sequence" not in line
            # the search index's FTS5 pages depend on the order of writes; search_text itself is compared
            and not line.startswith('INSERT INTO "search_text_fts_')]


def test_each_batch_and_removal_is_one_step_that_restores_the_file_exactly(window, seed_doc, fake):
    ids = [_tag(window, start, start + 6, "measure") for start in (10, 40, 70, 100)]
    stack = window.context.undo_stack
    steps, before = stack.count(), _dump(window)
    window.ops.retag(ids, "figure")
    assert stack.count() == steps + 1 and stack.undoText() == "改为“数据”"
    window.ops.retag(ids, "figure")  # already so: nothing written, no empty step
    assert stack.count() == steps + 1
    after = _dump(window)
    stack.undo()
    assert _dump(window) == before
    stack.redo()
    assert _dump(window) == after
    fake.confirms.append(True)
    window.delete_document(seed_doc)  # a report with its annotations: one step, undoable
    assert window.context.project.document_info(seed_doc) is None and stack.undoText().startswith("删除报告")
    stack.undo()
    assert _dump(window) == after
    assert [a.id for a in window.context.project.annotations(seed_doc)] == ids
