"""Issue 9 in the window: a write the store refuses (disk full: rolled back)
is told to the reviewer and never lands on the undo stack; an undo that
fails leaves no history that no longer matches the project."""

from __future__ import annotations

from desktop.errors import DiskFull

MESSAGE = "磁盘已满，刚才的修改没有保存（已撤回），之前保存的内容都还在。"


def _full(*_args, **_kwargs):
    raise DiskFull(MESSAGE)


def test_disk_full_on_tagging_is_told_and_not_pushed(window, seed_doc, fake, monkeypatch):
    stack = window.context.undo_stack
    window.document_view.select_span(10, 20)
    assert window.tag_selection("measure")
    monkeypatch.setattr(window.context.project, "run", _full)  # every write is one operation run
    window.document_view.select_span(30, 40)
    assert window.tag_selection("figure") == 0
    assert fake.shown[-1][0] == "warning" and fake.shown[-1][2] == MESSAGE
    assert stack.count() == 1 and stack.undoText().startswith("标注“举措”")
    assert not window.context.readonly  # a full disk is not a lost lock
    monkeypatch.undo()
    assert [a.tag for a in window.context.project.annotations(seed_doc)] == ["measure"]
    assert window.document_view.highlight_ranges() == [(10, 20, "measure")]


def test_disk_full_on_undo_is_told_and_the_history_dropped(window, seed_doc, fake, monkeypatch, qtbot):
    stack = window.context.undo_stack
    window.document_view.select_span(10, 20)
    ann_id = window.tag_selection("measure")
    monkeypatch.setattr(window.context.project, "run", _full)
    stack.undo()
    qtbot.waitUntil(lambda: stack.count() == 0, timeout=3000)
    assert fake.shown[-1][0] == "warning" and fake.shown[-1][2] == MESSAGE
    assert window.context.project.annotation(ann_id).tag == "measure"  # still there, as the store says


def test_read_only_project_refuses_edits_from_every_pane(window, seed_doc, fake, qtbot):
    window.document_view.select_span(10, 20)
    ann_id = window.tag_selection("measure")
    path = window.context.project.path
    window.context.close_project()
    assert window.open_project(path, readonly=True)
    ctx = window.context
    assert ctx.readonly and ctx.readonly_reason
    fake.notes.append("不该保存")
    window.ops.edit_note(ann_id)
    window.ops.delete([ann_id])
    window.ops.retag([ann_id], "figure")
    window.delete_document(seed_doc)
    assert "note" not in fake.asked and "confirm" not in fake.asked
    assert window.statusBar().currentMessage().startswith("只读：")
    ann = ctx.project.annotation(ann_id)
    assert (ann.tag, ann.note) == ("measure", "")
    assert len(ctx.project.documents()) == 1
    pane = window.documents_pane
    menu = pane.build_context_menu(pane.model().index(0, 0))
    delete = next(a for a in menu.actions() if a.objectName() == "deleteDocumentAction")
    assert not delete.isEnabled()
    from PySide6.QtWidgets import QAbstractItemView

    overview = getattr(window, "overview", None)
    if overview is not None:
        assert overview.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    fake.files.append(["/nonexistent/x.txt"])
    window.import_files(["/nonexistent/x.txt"])
    assert not window.importer.busy and "只读" in fake.shown[-1][2]
