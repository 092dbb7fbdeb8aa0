"""Issue 9 in the window: a document is its text. Same-title reports stay two,
the same text is not imported twice, a new version replaces a report only when
the reviewer says so (one undoable step), and an earlier version can be brought
back from the documents list (undoable too)."""

from __future__ import annotations

from files import PARAGRAPHS, write_docx, write_txt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from desktop.ui.versions_dialog import VersionsDialog

TITLE = "2024年度法治政府建设工作情况报告"


def _township(name: str, figures: tuple[int, int]) -> list[str]:
    return [
        TITLE,
        f"{name}人民政府",
        "一、主要举措和成效",
        f"（一）{name}健全依法决策机制，全年召开党委会议{figures[0]}次，逐项审议重大行政决策事项。",
        f"（二）{name}深入开展“八五”普法，组织法治讲座{figures[1]}场，群众参与踊跃。",
        "二、存在的不足和原因",
        f"{name}基层执法力量仍显薄弱，专业人员缺乏。",
    ]


def _tag(window, quote: str, tag: str) -> int:
    text = window.context.project.document(window.context.current_doc_id).text
    start = text.index(quote)
    window.document_view.select_span(start, start + len(quote))
    return window.tag_selection(tag)


def _state(window, doc_id):
    project = window.context.project
    doc = project.document(doc_id)
    anns = sorted((a.id, a.start, a.end, a.quote, a.orphaned) for a in
                  project.annotations(doc_id, include_orphans=True))
    return doc.text, doc.source_name, anns


def test_same_title_and_file_name_from_two_townships_stay_two_reports(window, import_files, tmp_path, fake):
    a, b = tmp_path / "甲", tmp_path / "乙"
    a.mkdir()
    b.mkdir()
    first = import_files([write_docx(a / "报告.docx", _township("东坡镇", (12, 8)))])
    ann = _tag(window, "东坡镇基层执法力量仍显薄弱", "weakness")
    second = import_files([write_docx(b / "报告.docx", _township("西湖乡", (9, 15)))])
    assert [o.action for o in first.outcomes + second.outcomes] == ["new", "new"]
    assert "new_version" not in fake.asked  # another unit: not even a question
    project = window.context.project
    docs = project.documents()
    assert len(docs) == 2 and {d.title for d in docs} == {TITLE}
    assert window.documents_pane.model().rowCount() == 2
    # The first township's text and tag are untouched.
    first_doc = first.outcomes[0].doc_id
    assert "东坡镇" in project.document(first_doc).text
    assert project.annotation(ann).quote == "东坡镇基层执法力量仍显薄弱" and not project.annotation(ann).orphaned


def test_same_text_again_is_already_in_the_project(window, import_files, tmp_path, fake):
    import_files([write_txt(tmp_path / "原件.txt")])
    summary = import_files([write_docx(tmp_path / "另存为.docx")])  # other file, other format, same text
    outcome = summary.outcomes[0]
    assert outcome.ok and outcome.action == "duplicate"
    assert outcome.message.startswith("已在项目中：")
    assert len(window.context.project.documents()) == 1
    kind, _title, text, _details = fake.shown[-1]
    assert kind == "info" and "已在项目中" in text and "另存为.docx" in text


def test_new_version_asks_and_separate_or_cancel_keep_the_report(window, import_files, tmp_path, fake):
    path = write_txt(tmp_path / "v.txt")
    doc_id = import_files([path]).imported[0].doc_id
    before = _state(window, doc_id)
    v2 = write_txt(tmp_path / "v2.txt", [*PARAGRAPHS, "四、其他事项：补充说明一段文字。"])
    fake.new_versions.append("cancel")
    summary = import_files([v2])
    assert summary.outcomes[0].action == "skipped" and summary.imported == []
    kind, file_name, title, similarity = fake.offered[-1]
    assert (kind, file_name) == ("new_version", "v2.txt") and title.startswith("测试镇") and similarity > 0.5
    assert len(window.context.project.documents()) == 1 and _state(window, doc_id) == before
    fake.new_versions.append("separate")
    summary = import_files([v2])
    assert summary.outcomes[0].action == "new"
    assert len(window.context.project.documents()) == 2 and _state(window, doc_id) == before
    assert window.context.undo_stack.count() == 0  # importing a new report is not an undo step


def test_replace_is_one_undo_step_that_restores_text_and_highlights_exactly(window, import_files, tmp_path, fake):
    path = write_txt(tmp_path / "报告.txt")
    doc_id = import_files([path]).imported[0].doc_id
    _tag(window, "开展法治讲座8场", "figure")
    _tag(window, "执法人员仅有3名", "weakness")
    before, highlights = _state(window, doc_id), window.document_view.highlight_ranges()
    stack = window.context.undo_stack
    steps = stack.count()
    fake.new_versions.append("replace")
    new = ["前言：本报告为修订稿。", *[p for p in PARAGRAPHS if "执法人员" not in p]]
    summary = import_files([write_txt(tmp_path / "报告（修订）.txt", new)])
    assert summary.outcomes[0].action == "updated" and summary.outcomes[0].doc_id == doc_id
    assert stack.count() == steps + 1
    project = window.context.project
    assert project.document(doc_id).text.startswith("前言")
    assert len(project.versions(doc_id)) == 1
    assert len(project.orphans(doc_id)) == 1
    after, after_highlights = _state(window, doc_id), window.document_view.highlight_ranges()
    assert after_highlights != highlights

    QTest.keySequence(window.document_view, QKeySequence("Ctrl+Z"))
    assert _state(window, doc_id) == before
    assert window.document_view.toPlainText() == before[0]
    assert window.document_view.highlight_ranges() == highlights
    assert project.versions(doc_id) == []
    assert window.annotation_pane.orphan_model.rowCount() == 0

    QTest.keySequence(window.document_view, QKeySequence("Ctrl+Shift+Z"))
    assert _state(window, doc_id) == after
    assert window.document_view.highlight_ranges() == after_highlights
    assert window.annotation_pane.orphan_model.rowCount() == 1


def _versions_action(window, doc_id):
    pane = window.documents_pane
    row = pane.list_model.row_of(doc_id)
    menu = pane.build_context_menu(pane.model().index(row, 0))
    return next(a for a in menu.actions() if a.objectName() == "documentVersionsAction")


def test_revert_from_the_context_menu_and_undo_it(window, import_files, tmp_path, fake):
    path = write_txt(tmp_path / "报告.txt")
    doc_id = import_files([path]).imported[0].doc_id
    assert not _versions_action(window, doc_id).isEnabled()  # nothing replaced yet
    _tag(window, "全年召开党委会议12次", "figure")
    old_state = _state(window, doc_id)
    fake.new_versions.append("replace")
    import_files([write_txt(tmp_path / "报告2.txt", [*PARAGRAPHS, "四、补充：新增一段文字说明情况。"])])
    new_state = _state(window, doc_id)
    assert new_state[0] != old_state[0]
    window.context.undo_stack.clear()  # the revert must stand on its own

    fake.versions.append("#0")
    action = _versions_action(window, doc_id)
    assert action.isEnabled()
    action.trigger()
    kind, listed, title = fake.offered[-1]
    assert kind == "versions" and [v.source_name for v in listed] == ["报告.txt"]
    assert listed[0].chars == len(old_state[0]) and title.startswith("测试镇")
    project = window.context.project
    text = project.document(doc_id).text
    assert text == old_state[0]
    assert window.document_view.toPlainText() == text
    ann = project.annotations(doc_id)[0]
    assert text[ann.start:ann.end] == "全年召开党委会议12次"
    assert len(project.versions(doc_id)) == 2  # the replaced text is kept in turn
    assert window.context.undo_stack.count() == 1

    window.context.undo_stack.undo()
    assert _state(window, doc_id) == new_state
    assert len(project.versions(doc_id)) == 1
    window.context.undo_stack.redo()
    assert project.document(doc_id).text == old_state[0]


def test_versions_dialog_lists_date_file_and_chars(window, import_files, tmp_path, fake, qtbot):
    doc_id = import_files([write_txt(tmp_path / "甲.txt")]).imported[0].doc_id
    fake.new_versions.append("replace")
    import_files([write_txt(tmp_path / "乙.txt", [*PARAGRAPHS, "四、补充：新增一段文字。"])])
    versions = window.context.project.versions(doc_id)
    dialog = VersionsDialog("测试报告", versions, True, window)
    qtbot.addWidget(dialog)
    row = [dialog.model.item(0, c).text() for c in range(4)]
    assert row[1] == "甲.txt" and row[2] == str(versions[0].chars) and row[0][:4].isdigit()
    assert dialog.restore_button.isEnabled() and dialog.chosen() == versions[0].id
    readonly = VersionsDialog("测试报告", versions, False, window)
    qtbot.addWidget(readonly)
    assert not readonly.restore_button.isEnabled()
