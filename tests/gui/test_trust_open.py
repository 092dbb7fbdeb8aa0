"""Issue 9 in the window: one writer at a time (a second window is offered the
project read-only and follows the writer's changes), read-only files and
folders, damaged and zero-byte projects refused with their backups offered,
and File ▸ 从备份恢复…."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FakeInteraction
from files import write_txt
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.errors import ProjectReadOnly
from desktop.importers import import_file
from desktop.store import Project
from desktop.store.backups import list_backups
from desktop.store.lock import lock_path
from desktop.ui.backups_dialog import BackupsDialog


def _second_window(qtbot, reviewer="第二人"):
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    fake = FakeInteraction()
    context = AppContext()
    context.reviewer = reviewer
    win = MainWindow(context, fake)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    return win, fake


def _banner(win) -> QWidget:
    return win.findChild(QWidget, "readonlyBanner")


def _make_project(path: Path, tmp_path: Path, tags: int = 1) -> int:
    """A project with one report and ``tags`` annotations, made by the core; returns the doc id."""
    with Project(path) as project:
        doc_id = project.import_document(import_file(write_txt(tmp_path / "r.txt"))).doc_id
        for i in range(tags):
            project.add_annotation(doc_id, 10 + i * 5, 14 + i * 5, "measure")
    return doc_id


def test_second_window_is_offered_read_only_and_follows_the_writer(window, seed_doc, qtbot, tmp_path):
    path = window.context.project.path
    win2, fake2 = _second_window(qtbot)
    try:
        fake2.locked.append("readonly")
        assert win2.open_project(path)
        assert fake2.asked == ["locked"]
        _kind, holder, other_host = fake2.offered[0]
        assert "测试员" in holder and "打开了此项目" in holder and other_host is False
        ctx2 = win2.context
        assert ctx2.readonly and ctx2.current_doc_id == seed_doc
        banner = _banner(win2)
        assert banner is not None and banner.isVisible()
        assert banner.text().startswith("只读：") and "测试员" in banner.text()
        assert "只读" in win2.windowTitle()
        assert not _banner(window).isVisible() and not window.context.readonly

        # Nothing can be edited there: 1 with a selection adds nothing, actions are off.
        view2 = win2.document_view
        view2.setFocus()
        view2.select_span(20, 30)
        QTest.keyClick(view2, Qt.Key.Key_1)
        assert win2.tag_selection("measure") == 0
        assert ctx2.project.annotations(seed_doc) == []
        for action in [*win2.acts.tags.values(), win2.acts.import_files, win2.acts.delete_annotation,
                       win2.acts.edit_note, win2.acts.undo, win2.acts.redo, win2.acts.restore_backup]:
            assert not action.isEnabled(), action.objectName()
        assert not win2.assessment.round_action.isEnabled()
        assert not win2.assessment.pane.scroll.viewport().isEnabled()
        assert win2.acts.save_copy.isEnabled()  # reading is fine
        with pytest.raises(ProjectReadOnly):
            ctx2.project.add_annotation(seed_doc, 20, 30, "measure")
        assert ctx2.undo_stack.count() == 0

        # The writer tags; the reader shows it after its poll.
        text = window.context.project.document(seed_doc).text
        window.document_view.select_span(40, 52)
        ann_id = window.tag_selection("figure")
        assert ann_id
        qtbot.waitUntil(lambda: view2.highlight_ranges() == [(40, 52, "figure")], timeout=6000)
        assert win2.annotation_pane.model.rowCount() == 1
        assert win2.annotation_pane.model.rows[0].quote == text[40:52]
    finally:
        win2.context.close_project()


def test_read_only_window_becomes_writable_when_the_writer_has_gone(window, qtbot):
    path = window.context.project.path
    win2, fake2 = _second_window(qtbot)
    try:
        fake2.locked.append("readonly")
        assert win2.open_project(path) and win2.context.readonly
        window.context.close_project()
        win2.readonly_mode.banner.retry.click()
        assert not win2.context.readonly and not _banner(win2).isVisible()
        assert win2.acts.import_files.isEnabled() and win2.acts.restore_backup.isEnabled()
        assert win2.assessment.pane.scroll.viewport().isEnabled()
    finally:
        win2.context.close_project()


def test_cancel_on_a_locked_project_keeps_the_window_as_it_was(window, qtbot, tmp_path):
    win2, fake2 = _second_window(qtbot)
    other = tmp_path / "other.rdproj"
    _make_project(other, tmp_path)
    assert win2.open_project(other)
    fake2.locked.append("cancel")
    assert not win2.open_project(window.context.project.path)
    assert win2.context.project.path == other and not win2.context.readonly
    win2.context.close_project()


def test_lock_from_another_pc_can_be_taken_over(window, qtbot, tmp_path):
    path = tmp_path / "shared.rdproj"
    _make_project(path, tmp_path)
    lock_path(path).write_text(json.dumps(
        {"user": "王五", "host": "another-pc", "pid": 4242, "time": "2026-12-01 09:30"}), encoding="utf-8")
    fake = window.interaction
    fake.locked.append("take_over")
    assert window.open_project(path)
    assert fake.offered[-1] == ("locked", "王五 在 another-pc 于 2026-12-01 09:30 打开了此项目", True)
    assert not window.context.readonly
    assert json.loads(lock_path(path).read_text(encoding="utf-8"))["user"] == "测试员"


def test_lock_taken_over_by_another_pc_while_writing_makes_the_window_read_only(window, seed_doc, fake):
    window.document_view.select_span(10, 20)
    assert window.tag_selection("measure")
    path = window.context.project.path
    steps = window.context.undo_stack.count()
    # Another PC confirmed and took the project over: its lock replaces ours.
    lock_path(path).write_text(json.dumps(
        {"user": "王五", "host": "another-pc", "pid": 4242, "time": "2026-12-02 10:00"}), encoding="utf-8")
    window.document_view.select_span(30, 40)
    assert window.tag_selection("figure") == 0
    assert window.context.readonly
    assert _banner(window).isVisible() and "王五" in _banner(window).text()
    assert fake.shown[-1][0] == "warning" and "王五" in fake.shown[-1][2]
    assert window.context.current_doc_id == seed_doc
    assert [a.tag for a in window.context.project.annotations(seed_doc)] == ["measure"]
    assert window.context.undo_stack.count() == 0 <= steps  # the history no longer applies
    assert not window.acts.tags["measure"].isEnabled()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder_opens_read_only_with_the_reason(window, tmp_path, monkeypatch, what):
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "p.rdproj"
    doc_id = _make_project(path, tmp_path)
    denied = path if what == "file" else folder
    real_access = os.access

    def access(p, mode, *args, **kwargs):  # root ignores permissions: pretend, as a read-only mount would
        if mode & os.W_OK and Path(p).resolve() == denied.resolve():
            return False
        return real_access(p, mode, *args, **kwargs)

    monkeypatch.setattr("desktop.store.project.os.access", access)
    fake = window.interaction
    assert window.open_project(path)
    assert "locked" not in fake.asked  # nothing to ask: read-only at once
    ctx = window.context
    assert ctx.readonly and ctx.current_doc_id == doc_id
    reason = "项目文件是只读的" if what == "file" else "项目所在的文件夹是只读的"
    assert reason in ctx.readonly_reason
    assert _banner(window).isVisible() and reason in _banner(window).text()
    assert not window.acts.import_files.isEnabled()
    assert not lock_path(path).exists()


def test_zero_byte_project_is_refused_and_its_backups_offered(window, tmp_path, fake):
    path = tmp_path / "zero.rdproj"
    doc_id = _make_project(path, tmp_path, tags=2)
    Project(path).close()  # opening for writing makes the first backup
    assert len(list_backups(path)) == 1
    path.write_bytes(b"")  # a copy that was interrupted
    fake.backups.append(0)
    assert window.open_project(path)
    kind, offered, reason = next(o for o in fake.offered if o[0] == "backups")
    assert "0 字节" in reason and [(b.documents, b.annotations) for b in offered] == [(1, 2)]
    assert window.context.project.path == path and not window.context.readonly
    assert len(window.context.project.annotations(doc_id)) == 2
    assert window.context.current_doc_id == doc_id
    kind, _title, text, _ = fake.shown[-1]
    assert kind == "info" and "恢复前的项目文件已另存为" in text
    damaged = [b for b in list_backups(path) if b.note == "damaged"]
    assert len(damaged) == 1 and damaged[0].size == 0 and str(damaged[0].path) in text


def test_zero_byte_project_without_backups_is_refused_not_emptied(window, tmp_path, fake):
    path = tmp_path / "empty.rdproj"
    path.write_bytes(b"")
    current = window.context.project.path
    assert not window.open_project(path)
    kind, _title, text, _ = fake.shown[-1]
    assert kind == "warning" and "0 字节" in text and "没有找到这个项目的备份" in text
    assert path.stat().st_size == 0
    assert window.context.project.path == current


def test_restore_from_backup_menu(window, seed_doc, fake, tmp_path):
    path = window.context.project.path
    window.document_view.select_span(10, 20)
    window.tag_selection("measure")
    assert window.open_project(tmp_path / "elsewhere.rdproj")
    assert window.open_project(path)  # opening again makes a backup: 1 report, 1 annotation
    window.document_view.select_span(30, 40)
    window.tag_selection("figure")
    assert len(window.context.project.annotations(seed_doc)) == 2

    fake.backups.append(0)
    fake.confirms.append(True)
    window.acts.restore_backup.trigger()
    kind, offered, _reason = next(o for o in fake.offered if o[0] == "backups")
    assert [(b.documents, b.annotations) for b in offered] == [(1, 1)]
    assert "confirm" in fake.asked
    assert window.context.project is not None and window.context.project.path == path
    assert [a.tag for a in window.context.project.annotations(seed_doc)] == ["measure"]
    assert window.document_view.highlight_ranges() == [(10, 20, "measure")]
    kind, _title, text, _ = fake.shown[-1]
    assert kind == "info" and "恢复前的项目文件已另存为" in text
    safety = [b for b in list_backups(path) if b.note == "before-restore"]
    assert len(safety) == 1 and safety[0].annotations == 2 and str(safety[0].path) in text


def test_restore_cancelled_at_the_question_changes_nothing(window, seed_doc, fake, tmp_path):
    path = window.context.project.path
    assert window.open_project(tmp_path / "elsewhere.rdproj") and window.open_project(path)
    window.document_view.select_span(10, 20)
    window.tag_selection("measure")
    fake.backups.append(0)
    fake.confirms.append(False)
    window.acts.restore_backup.trigger()
    assert len(window.context.project.annotations(seed_doc)) == 1
    assert [b.note for b in list_backups(path)] == [""]


def test_backups_dialog_lists_date_counts_and_note(window, tmp_path, qtbot):
    path = tmp_path / "b.rdproj"
    _make_project(path, tmp_path, tags=3)
    Project(path).close()
    backups = list_backups(path)
    dialog = BackupsDialog(backups, "项目文件已损坏", window)
    qtbot.addWidget(dialog)
    row = [dialog.model.item(0, c).text() for c in range(4)]
    assert row[0].startswith(backups[0].created.strftime("%Y-%m-%d")) and row[1:3] == ["1", "3"]
    assert row[3].startswith("自动备份")
    assert dialog.chosen() == backups[0].path and dialog.restore_button.isEnabled()
    empty = BackupsDialog([], "", window)
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and empty.chosen() is None


def test_open_warnings_are_shown(window, tmp_path, fake, monkeypatch):
    path = tmp_path / "w.rdproj"
    _make_project(path, tmp_path)
    monkeypatch.setattr("desktop.store.integrity.handle_leftover_journal",
                        lambda p: "发现一个不属于此项目的日志文件，已移到一旁。")
    assert window.open_project(path)
    kind, _title, text, _ = fake.shown[-1]
    assert kind == "warning" and "日志文件" in text
