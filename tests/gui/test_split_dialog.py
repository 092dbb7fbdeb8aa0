"""拆分汇编: a compilation's reports listed for the reviewer, adjusted, and imported.

The compilation is typeset at test time (tests/fixtures/compilation_pdf.py): a
cover, a table of contents, then three townships' reports, each from a new
page with its page numbers starting again at 1:

    坡头镇 (2023) pages 3–4, 天龙镇 (2024) pages 5–6, 棣棠乡 (2024) page 7.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from compilation_pdf import TOWNSHIPS, report_paragraphs, township_compilation  # noqa: E402

from desktop.analysis.compilation import find_parts, split  # noqa: E402
from desktop.importers import import_file  # noqa: E402
from desktop.ui import commands  # noqa: E402
from desktop.ui.split_dialog import CHECK, PAGES, PREVIEW, TITLE, UNIT, SplitDialog  # noqa: E402

TITLES = ["坡头镇人民政府关于2023年度法治政府建设情况的报告",
          "天龙镇2024年度法治政府建设工作报告",
          "棣棠乡人民政府关于2024年度法治工作的报告"]


@pytest.fixture(scope="module")
def compilation_bytes() -> bytes:
    return township_compilation()


@pytest.fixture
def compilation(tmp_path, compilation_bytes) -> Path:
    path = tmp_path / "2024年度报告汇编.pdf"
    path.write_bytes(compilation_bytes)
    return path


@pytest.fixture
def dialog(qtbot, compilation):
    doc = import_file(compilation)
    parts = find_parts(doc)
    assert [p.title for p in parts] == TITLES  # the fixture is a compilation
    box = SplitDialog(compilation.name, doc, parts)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    return box


def _texts(box, column):
    return [box.table.item(r, column).text() for r in range(box.table.rowCount())]


def _type(spin, text: str) -> None:
    """Clicks into a box, types over what it shows and presses Enter."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, text)
    QTest.keyClick(spin, Qt.Key.Key_Return)


def _wheel(widget, dy: int) -> None:
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, dy),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


# --- the dialog ------------------------------------------------------------------------------

def test_dialog_lists_the_reports_found(dialog):
    assert dialog.windowTitle() == "拆分汇编"
    assert "《2024年度报告汇编.pdf》里发现 3 篇报告" in dialog.intro.text()
    assert _texts(dialog, TITLE) == TITLES
    assert _texts(dialog, UNIT) == ["坡头镇", "天龙镇", "棣棠乡"]
    assert [b.text() for b in dialog.year_boxes] == ["2023", "2024", "2024"]
    assert [b.value() for b in dialog.page_boxes] == [3, 5, 7]
    assert _texts(dialog, PAGES) == ["第 3–4 页", "第 5–6 页", "第 7 页"]
    assert all(dialog.table.item(r, CHECK).checkState() == Qt.CheckState.Checked for r in range(3))
    previews = _texts(dialog, PREVIEW)
    assert "坡头镇深入贯彻落实" in previews[0] and "天龙镇深入贯彻落实" in previews[1]
    assert not any(p.startswith(t[:8]) for p, t in zip(previews, TITLES))  # the opening, not the title
    assert dialog.split_button.isDefault()
    assert [b.text() for b in (dialog.split_button, dialog.whole_button, dialog.cancel_button)] == \
        ["拆分导入", "整体导入（作为一篇）", "取消"]
    # Wide enough to read: every title shown whole.
    metrics = dialog.table.fontMetrics()
    assert all(metrics.horizontalAdvance(t) < dialog.table.columnWidth(TITLE) for t in TITLES)


def test_edits_and_unchecked_rows_are_what_the_dialog_answers(dialog):
    dialog.table.item(0, TITLE).setText("坡头镇2023年度法治政府建设报告（修订）")
    dialog.table.item(1, UNIT).setText("天龙镇人民政府")
    _type(dialog.year_boxes[1], "2022")
    dialog.set_checked(2, False)
    grey, black = (dialog.table.item(r, TITLE).foreground().color() for r in (2, 1))
    assert grey != black  # the row left out reads greyed
    dialog.split_button.click()
    answer = dialog.answer()
    assert [(p.title, p.unit, p.year, p.first_page) for p in answer] == [
        ("坡头镇2023年度法治政府建设报告（修订）", "坡头镇", 2023, 3),
        (TITLES[1], "天龙镇人民政府", 2022, 5)]


def test_nothing_checked_cannot_be_split(dialog):
    for row in range(3):
        dialog.set_checked(row, False)
    assert not dialog.split_button.isEnabled()
    dialog.set_checked(1, True)
    assert dialog.split_button.isEnabled()


def test_other_answers(dialog, qtbot, compilation):
    dialog.whole_button.click()
    assert dialog.answer() == "whole"
    doc = import_file(compilation)
    other = SplitDialog(compilation.name, doc, find_parts(doc))
    qtbot.addWidget(other)
    other.cancel_button.click()
    assert other.answer() == "cancel"


def test_changing_a_first_page_moves_the_boundary(dialog):
    _type(dialog.page_boxes[1], "6")  # 天龙镇 starts a page later: 坡头镇 takes page 5
    assert [p.first_page for p in dialog.parts] == [3, 6, 7]
    assert dialog.isVisible() and dialog.answer() == "cancel"  # Enter applied the page, imported nothing
    assert _texts(dialog, PAGES) == ["第 3–5 页", "第 6 页", "第 7 页"]
    assert dialog.message.text() == ""
    dialog.split_button.click()
    docs = split(dialog.doc, dialog.answer())
    assert TITLES[1] in docs[0].text and TITLES[1] not in docs[1].text
    assert docs[2].text.startswith(TITLES[2])  # the neighbour after is untouched


@pytest.mark.parametrize("page", [3, 7, 2])
def test_a_page_not_between_the_neighbours_is_refused_aloud(dialog, page):
    before = list(dialog.parts)
    _type(dialog.page_boxes[1], str(page))
    assert dialog.message.isVisible()
    assert f"第 {page} 页不在前后两篇报告之间" in dialog.message.text()
    assert dialog.parts == before
    assert dialog.page_boxes[1].value() == 5  # the box shows the start that still holds
    assert _texts(dialog, PAGES) == ["第 3–4 页", "第 5–6 页", "第 7 页"]
    _type(dialog.page_boxes[1], "6")  # a good page clears the message
    assert dialog.message.text() == ""


def test_the_wheel_over_an_unfocused_year_or_page_box_changes_nothing(dialog, qtbot):
    dialog.table.setFocus()
    year, page = dialog.year_boxes[0], dialog.page_boxes[1]
    for box in (year, page):
        assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus
    _wheel(year, 120)
    _wheel(page, 120)
    assert year.value() == 2023 and page.value() == 5 and not year.hasFocus() and not page.hasFocus()
    assert [p.first_page for p in dialog.parts] == [3, 5, 7]
    # Once the reviewer has clicked into a box, the wheel steps it as usual.
    page.setFocus()
    qtbot.waitUntil(page.hasFocus)
    _wheel(page, 120)
    assert page.value() == 6 and [p.first_page for p in dialog.parts] == [3, 6, 7]


# --- importing through the window ----------------------------------------------------------

@pytest.fixture
def runs(monkeypatch):
    """The operations the window runs outside the undo stack, in order."""
    seen: list = []
    real = commands.run_unrecorded

    def spy(context, op):
        seen.append(op)
        return real(context, op)

    monkeypatch.setattr(commands, "run_unrecorded", spy)
    return seen


def _docs(window):
    project = window.context.project
    return [(project.document_info(d.id).title, d.unit, d.year) for d in project.documents()]


def test_split_imports_each_report_in_one_step_not_undoable(window, import_files, fake, compilation, runs):
    fake.splits.append("split")
    summary = import_files([compilation])
    assert fake.asked.count("split") == 1
    assert fake.offered[-1][1] == compilation.name and [p.title for p in fake.offered[-1][2]] == TITLES
    assert sorted(_docs(window)) == sorted(zip(TITLES, ["坡头镇", "天龙镇", "棣棠乡"], [2023, 2024, 2024]))
    assert [type(op).__name__ for op in runs] == ["ImportDocuments"]  # one transaction
    assert window.context.undo_stack.count() == 0  # a new report is not an undo step
    assert [(o.ok, o.action, o.part) for o in summary.outcomes] == [
        (True, "new", "第 3–4 页"), (True, "new", "第 5–6 页"), (True, "new", "第 7 页")]
    assert all(o.path == str(compilation) for o in summary.outcomes)
    assert "第 5–6 页「天龙镇2024年度法治政府建设工作报告」已导入（单位：天龙镇；年度：2024）" \
        == summary.outcomes[1].message
    project = window.context.project
    names = sorted(project.document_info(o.doc_id).source_name for o in summary.outcomes)
    assert names == ["2024年度报告汇编（第3-4页）.pdf", "2024年度报告汇编（第5-6页）.pdf",
                     "2024年度报告汇编（第7页）.pdf"]
    assert window.documents_pane.model().rowCount() == 3
    # The same compilation split again: every report is already there, and says so.
    fake.splits.append("split")
    again = import_files([compilation])
    assert [o.action for o in again.outcomes] == ["duplicate"] * 3
    assert all("已在项目中" in o.message and o.part in o.message for o in again.outcomes)
    assert len(project.documents()) == 3


def test_split_with_the_reviewers_edits(window, import_files, fake, compilation):
    def adjust(parent, file_name, doc, parts):
        box = SplitDialog(file_name, doc, parts, parent)
        box.table.item(0, UNIT).setText("坡头镇人民政府")
        box.year_boxes[0].setValue(2022)
        box.set_checked(1, False)
        box.move(2, 6)  # 棣棠乡 claimed to start on page 6: 天龙镇 is cut, 棣棠乡 gets page 6
        box.split_button.click()
        answer = box.answer()
        box.deleteLater()
        return answer

    def adjust_and_warn(parent, file_name, doc, parts):
        doc.warnings.append("第 2 页没有文字层")  # as the reader says of a scanned page
        return adjust(parent, file_name, doc, parts)

    fake.splits.append(adjust_and_warn)
    summary = import_files([compilation])
    assert [o.warnings for o in summary.outcomes] == [("第 2 页没有文字层",), ()]  # said once
    assert [(o.action, o.part) for o in summary.outcomes] == [("new", "第 3–4 页"), ("new", "第 6–7 页")]
    assert sorted(_docs(window)) == sorted([(TITLES[0], "坡头镇人民政府", 2022), (TITLES[2], "棣棠乡", 2024)])
    texts = [window.context.project.document(o.doc_id).text for o in summary.outcomes]
    assert "天龙镇" not in texts[0]
    # Page 6 (the end of 天龙镇's report) now opens 棣棠乡's: its title comes after it.
    assert TITLES[2] in texts[1] and not texts[1].startswith(TITLES[2])
    assert texts[1].startswith("组织执法人员参加培训")


def test_whole_imports_one_report(window, import_files, fake, compilation, runs):
    fake.splits.append("whole")
    summary = import_files([compilation])
    assert fake.asked.count("split") == 1
    assert [(o.ok, o.action, o.part) for o in summary.outcomes] == [(True, "new", "")]
    assert len(window.context.project.documents()) == 1
    assert [type(op).__name__ for op in runs] == ["ImportDocument"]


def test_cancel_imports_nothing(window, import_files, fake, compilation, runs):
    fake.splits.append("cancel")
    summary = import_files([compilation])
    assert [(o.ok, o.action) for o in summary.outcomes] == [(True, "skipped")]
    assert window.context.project.documents() == [] and runs == []


def test_an_ordinary_report_is_not_offered_for_splitting(window, import_files, fake, tmp_path):
    from files import write_pdf

    summary = import_files([write_pdf(tmp_path / "报告.pdf")])
    assert [o.action for o in summary.outcomes] == ["new"] and "split" not in fake.asked


# --- a compilation without pages, and the real modal dialog ----------------------------------

def _text_compilation(path: Path) -> Path:
    """The three reports as one .txt, each signed and dated (no pages to move)."""
    lines: list[str] = []
    for title, unit, year, repeat in TOWNSHIPS:
        lines += [title, *report_paragraphs(unit, year, repeat), f"{unit}人民政府", f"{year + 1}年1月10日"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_file_without_pages_is_split_by_report_number(window, import_files, fake, tmp_path, qtbot):
    path = _text_compilation(tmp_path / "汇编.txt")
    doc = import_file(path)
    box = SplitDialog(path.name, doc, find_parts(doc))
    qtbot.addWidget(box)
    assert _texts(box, TITLE) == TITLES and _texts(box, PAGES) == ["—"] * 3
    assert not any(b.isEnabled() for b in box.page_boxes)
    fake.splits.append("split")
    summary = import_files([path])
    assert [(o.action, o.part) for o in summary.outcomes] == [("new", "第 1 篇"), ("new", "第 2 篇"), ("new", "第 3 篇")]
    assert len(window.context.project.documents()) == 3


@pytest.mark.parametrize("button, expected", [("split_button", "parts"), ("whole_button", "whole"),
                                              ("cancel_button", "cancel")])
def test_the_real_question_is_a_modal_dialog(qtbot, compilation, button, expected):
    from PySide6.QtCore import QTimer

    from desktop.ui.interaction import Interaction

    doc = import_file(compilation)
    parts = find_parts(doc)
    clicked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, SplitDialog):
            QTimer.singleShot(20, answer)
            return
        clicked.append(box.windowTitle())
        getattr(box, button).click()

    QTimer.singleShot(0, answer)
    result = Interaction().ask_split(None, compilation.name, doc, parts)
    assert clicked == ["拆分汇编"]
    assert result == (parts if expected == "parts" else expected)
