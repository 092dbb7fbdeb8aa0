"""Suggestions in the real window (issue 13): the 建议 list under the
annotations; Enter accepts, 1/2/3 accept retagged, Delete rejects, the menu
accepts a section's worth of one tag as one undo step; accepting is an
ordinary annotation recorded as coming from a suggestion, and Ctrl+Z / redo
go through the same undo stack as tagging by hand."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import db_rows


def _list(window):
    return window.annotation_pane.suggestions


def _ready(window, qtbot, doc_id):
    sl = _list(window)
    sl.source.wait()
    qtbot.waitUntil(lambda: sl.source.doc_id == doc_id and bool(sl.model.rows), timeout=20000)
    return sl


def _press(qtbot, sl, row, key, text=""):
    sl.select_row(row)
    sl.table.setFocus()
    qtbot.keyClick(sl.table, key) if not text else qtbot.keyClicks(sl.table, text)


def test_enter_accepts_and_undo_redo_bring_it_back(window, seed_doc, qtbot):
    sl = _ready(window, qtbot, seed_doc)
    assert sl.isVisible() and sl.label.text().startswith("建议（")
    n, sug = len(sl.model.rows), sl.model.rows[0]
    steps = window.context.undo_stack.count()
    _press(qtbot, sl, 0, Qt.Key.Key_Return)
    rows = db_rows(window, 'SELECT start, "end", tag, origin, reviewer FROM annotations')
    assert rows == [(sug.start, sug.end, sug.tag, "suggestion", "测试员")]
    assert sug not in sl.model.rows and len(sl.model.rows) == n - 1
    assert window.annotation_pane.model.rowCount() == 1
    assert window.context.undo_stack.count() == steps + 1
    assert sl.table.currentIndex().row() == 0  # the next one is ready for the next key
    window.context.undo_stack.undo()
    assert db_rows(window, "SELECT count(*) FROM annotations") == [(0,)]
    assert sl.model.rows[0] == sug and window.annotation_pane.model.rowCount() == 0
    window.context.undo_stack.redo()
    assert db_rows(window, "SELECT origin FROM annotations") == [("suggestion",)]
    assert sug not in sl.model.rows


def test_a_digit_accepts_with_that_tag_and_does_not_tag_the_text(window, seed_doc, qtbot):
    sl = _ready(window, qtbot, seed_doc)
    sug = next(s for s in sl.model.rows if s.tag != "weakness")
    _press(qtbot, sl, sl.model.rows.index(sug), None, "3")
    assert db_rows(window, 'SELECT start, "end", tag, origin FROM annotations') == [
        (sug.start, sug.end, "weakness", "suggestion")]
    assert all((s.start, s.end) != (sug.start, sug.end) for s in sl.model.rows)


def test_delete_rejects_for_this_version_and_undo_takes_it_back(window, seed_doc, qtbot):
    sl = _ready(window, qtbot, seed_doc)
    sug = sl.model.rows[1]
    _press(qtbot, sl, 1, Qt.Key.Key_Delete)
    assert db_rows(window, 'SELECT start, "end", tag, decision FROM suggestion_decisions') == [
        (sug.start, sug.end, sug.tag, "rejected")]
    assert db_rows(window, "SELECT count(*) FROM annotations") == [(0,)]  # the window's Delete did nothing
    assert sug not in sl.model.rows
    window.context.set_current_document(0)
    window.context.set_current_document(seed_doc)
    sl.source.wait()
    assert sug not in sl.model.rows  # still rejected when the report is shown again
    window.context.undo_stack.undo()
    assert sug in sl.model.rows
    assert db_rows(window, "SELECT count(*) FROM suggestion_decisions") == [(0,)]


def test_accept_all_of_a_tag_in_a_section_is_one_undo_step(window, seed_doc, qtbot):
    sl = _ready(window, qtbot, seed_doc)
    sug = max(sl.model.rows, key=lambda s: len(sl.source.same_section(s)))
    group = sl.source.same_section(sug)
    assert len(group) >= 2
    sl.select_row(sl.model.rows.index(sug))
    menu = sl.build_context_menu()
    (action,) = [a for a in menu.actions() if a.objectName() == "acceptSectionAction"]
    assert "接受本节全部『" in action.text()
    steps = window.context.undo_stack.count()
    action.trigger()
    rows = db_rows(window, 'SELECT start, "end", tag, origin FROM annotations ORDER BY start')
    assert rows == [(s.start, s.end, s.tag, "suggestion") for s in sorted(group, key=lambda s: s.start)]
    assert window.context.undo_stack.count() == steps + 1
    assert not any(s in sl.model.rows for s in group)
    window.context.undo_stack.undo()
    assert db_rows(window, "SELECT count(*) FROM annotations") == [(0,)]
    assert all(s in sl.model.rows for s in group)


def test_a_hand_made_annotation_hides_the_suggestion_it_covers(window, seed_doc, qtbot):
    sl = _ready(window, qtbot, seed_doc)
    sug = sl.model.rows[0]
    window.ops.add(seed_doc, sug.start, sug.end, sug.tag)
    assert sug not in sl.model.rows
    assert db_rows(window, "SELECT origin FROM annotations") == [("",)]


def test_the_text_underlines_open_suggestions_in_the_visible_window_only(window, seed_doc, qtbot):
    sl = _ready(window, qtbot, seed_doc)
    view = window.document_view
    shown = view.suggested_ranges()
    assert shown and set(shown) <= {(s.start, s.end, s.tag) for s in sl.model.rows}
    lo, hi = (view.layer.offsets.to_codepoint(p) for p in view.visible_range16())
    assert all(e > lo and s < hi for s, e, _t in shown)
    view.viewport().repaint()
    assert view.drawn_suggestions and set(view.drawn_suggestions) <= set(shown)
    # No fill: the highlight layer (and Qt's extra selections) hold annotations only.
    assert view.extraSelections() == [] and view.painted_ranges() == []
    sug = next(s for s in sl.model.rows if (s.start, s.end, s.tag) in shown)
    sl.select_row(sl.model.rows.index(sug))
    sl.accept()
    assert (sug.start, sug.end, sug.tag) not in view.suggested_ranges()
    assert view.painted_ranges() == [(sug.start, sug.end, sug.tag)]


def test_the_setting_turns_suggestions_off_and_on(window, seed_doc, qtbot):
    from desktop.ui import settings as app_settings

    sl = _ready(window, qtbot, seed_doc)
    dialog = window.settings_action.make_dialog()
    assert dialog.suggestions_box.isChecked() and dialog.suggestions_box.text() == "显示标注建议"
    dialog.suggestions_box.setChecked(False)
    window.settings_action.accept_dialog(dialog)
    assert not app_settings.show_suggestions()
    assert sl.model.rows == [] and not sl.isVisible()
    assert window.document_view.suggested_ranges() == []
    dialog = window.settings_action.make_dialog()
    assert not dialog.suggestions_box.isChecked()
    dialog.suggestions_box.setChecked(True)
    window.settings_action.accept_dialog(dialog)
    sl.source.wait()
    assert sl.model.rows and sl.isVisible() and window.document_view.suggested_ranges()


def test_the_whole_round_is_looked_at_in_a_worker_and_switching_reads_nothing_again(
        window, seed_doc, import_files, qtbot):
    from tests.gui.conftest import REPO

    others = [d.doc_id for d in import_files([REPO / "seeds" / "001_32e1b51370f8cf47.txt",
                                              REPO / "seeds" / "002_9f1c9de503a19370.txt"]).imported]
    window.context.set_current_document(seed_doc)
    sl = _ready(window, qtbot, seed_doc)
    action = window.round_suggestions_action
    assert action in window.menu("tools").actions()
    action.trigger()
    qtbot.waitUntil(lambda: action.task is not None and action.task.done, timeout=30000)
    assert set(action.counts) == {seed_doc, *others}
    assert action.counts[seed_doc] == len(sl.model.rows)
    assert "已分析 3 份报告" in window.statusBar().currentMessage()
    runs = sl.source.runs
    for doc_id in others:
        window.context.set_current_document(doc_id)
        assert not sl.source.computing and len(sl.model.rows) == action.counts[doc_id]
    assert sl.source.runs == runs  # every report's suggestions came from the round's run


def test_a_long_report_is_looked_at_in_a_worker(window, import_files, qtbot, monkeypatch):
    from desktop.ui import suggestions
    from tests.gui.conftest import SEED

    monkeypatch.setattr(suggestions, "WORKER_CHARS", 100)  # the seed counts as long
    started = []
    real_start = suggestions.workers.start
    monkeypatch.setattr(suggestions.workers, "start",
                        lambda fn, parent=None, pool=None: started.append(type(parent).__name__)
                        or real_start(fn, parent, pool))
    doc_id = import_files([SEED]).imported[0].doc_id
    window.context.set_current_document(doc_id)
    sl = _list(window)
    qtbot.waitUntil(lambda: not sl.source.computing and bool(sl.model.rows), timeout=20000)
    assert "SuggestionSource" in started and sl.label.text() == f"建议（{len(sl.model.rows)}）"
    assert window.document_view.suggested_ranges()


def test_hovering_an_underline_names_the_suggestion_and_its_reason(window, seed_doc, qtbot):
    from desktop.ui.labels import tag_label

    sl = _ready(window, qtbot, seed_doc)
    view = window.document_view
    sug = sl.model.rows[0]
    to16 = view.layer.offsets.to_utf16
    assert f"建议：{tag_label(sug.tag)} — {sug.reason}" in view.suggestions_at(to16(sug.start))
    assert view.suggestions_at(to16(sug.start) - 1) == [
        f"建议：{tag_label(s.tag)} — {s.reason}" for s in sl.model.rows if s.start < sug.start < s.end]
