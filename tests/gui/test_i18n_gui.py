"""The English UI shows no Chinese: every widget, action, menu, tooltip and
header of a real MainWindow with a report open, annotations of each tag, a
score, every dock and tab shown, and its dialogs (settings, help, export,
assessment round, about).

Document content and user data are excluded by name, not by guessing: the
document pane's text, the outline's and annotation table's cells that come
from the report (quote, section, note), and every occurrence of a data string
(report title, unit, file names, section titles, rubric texts, reviewer name)
is cut out of a text before it is checked. The rubric is the county's own
document, stored in the project, so it stays Chinese like the reports.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop.ui import i18n

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff]")
SEED_CLAIMS = [("大型普法宣传活动16场", "figure"), ("建立健全法律顾问机制", "measure"),
               ("普法教育工作做得不够细", "weakness")]


@pytest.fixture
def english(qapp):
    """English translators for the test, none afterwards (other tests read Chinese sources)."""
    installed = i18n.install_translators(qapp, "en")
    assert installed, "no English translation loaded from resources/i18n"
    assert QCoreApplication.translate("Labels", "举措") == "Measure"
    yield
    i18n.uninstall_translators(qapp)


@pytest.fixture
def english_window(english, qtbot, tmp_path, fake):
    from desktop.ui.context import AppContext
    from desktop.ui.main_window import MainWindow

    context = AppContext()
    context.reviewer = "测试员"
    win = MainWindow(context, fake)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_project(tmp_path / "round.rdproj")
    from tests.gui.conftest import SEED

    with qtbot.waitSignal(win.importer.finished, timeout=60000) as blocker:
        win.import_files([str(SEED)])
    doc_id = blocker.args[0].imported[0].doc_id
    text = context.project.document(doc_id).text
    view = win.document_view
    for quote, tag in SEED_CLAIMS:
        start = text.index(quote)
        view.setFocus()
        view.select_span(start, start + len(quote))
        win.acts.tags[tag].trigger()
    assert len(context.project.annotations(doc_id)) == 3
    pane = win.assessment.pane
    next(iter(pane.cards.values())).spin.setValue(5)
    qtbot.wait(50)
    yield win
    win.close()
    context.close_project()


def data_strings(win) -> list[str]:
    """User data and report content shown in the UI, longest first."""
    project = win.context.project
    # "简体中文" names the language in its own script in the language menu, on purpose.
    out = {win.context.reviewer, project.path.name, project.path.stem, "简体中文"}
    for info in project.documents():
        out.update({info.title, info.unit or "", info.source_name})
        out.update(s.title for s in project.sections(info.id))
        out.update(a.quote for a in project.annotations(info.id))
        out.update(a.note for a in project.annotations(info.id))
    for c in project.criteria():
        out.update({c.title, c.description, getattr(c, "deduction", "") or "", c.group or ""})
    rubric = project.rubric()
    out.add(getattr(rubric, "name", "") or "")
    return sorted({str(s) for s in out if s}, key=len, reverse=True)


class Walker:
    def __init__(self, win) -> None:
        self.win = win
        self.data = data_strings(win)
        self.found: list[str] = []
        self.checked = 0
        # the report's own words: its text, its outline, and the quotes and reasons of the
        # suggestions found in it (the core's reasons quote the report: 动词『印发』+文件名)
        # … and the hits of 在全部报告中搜索 (report titles, the report's words around each hit)
        self.data_views = {win.document_view, win.outline, win.annotation_pane.suggestions.table,
                           win.search_pane.list}
        # … and 与上年对比: the report's paragraphs, the earlier report's, and the reports to pick
        self.data_views |= {win.compare_view.list, win.compare_view.later_box, win.compare_view.earlier_box,
                            win.compare_view.combo}
        agreement = getattr(getattr(win, "agreement_action", None), "dialog", None)
        if agreement is not None:  # 评阅人一致性: report titles, quotes and criteria in its tables
            self.data_views.update(agreement.data_views())

    def check(self, where: str, text: str | None) -> None:
        if not isinstance(text, str) or not text:
            return
        self.checked += 1
        # A quote or heading shortened for a list cell ("…" at the end) is data too.
        lines = [line for line in text.split("\n") if not self.shortened_data(line)]
        rest = "\n".join(lines)
        for piece in self.data:
            rest = rest.replace(piece, "")
        if CJK.search(rest):
            self.found.append(f"{where}: {text[:80]!r}")

    def shortened_data(self, line: str) -> bool:
        head = line.strip().rstrip("…").rstrip(".")
        return line.strip().endswith("…") and len(head) >= 4 and any(d.startswith(head) for d in self.data)

    def widget(self, w: QWidget, where: str) -> None:
        name = f"{where}/{type(w).__name__}:{w.objectName()}"
        if w in self.data_views:
            return
        self.check(name + ".toolTip", w.toolTip())
        self.check(name + ".statusTip", w.statusTip())
        self.check(name + ".whatsThis", w.whatsThis())
        self.check(name + ".accessibleName", w.accessibleName())
        if w.isWindow():
            self.check(name + ".windowTitle", w.windowTitle())
        if isinstance(w, QLabel):
            self.check(name + ".text", w.text())
        elif isinstance(w, QAbstractButton):
            self.check(name + ".text", w.text())
        elif isinstance(w, QLineEdit):
            self.check(name + ".placeholder", w.placeholderText())
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            self.check(name + ".placeholder", w.placeholderText())
            if w.isReadOnly() and w.objectName() not in ("helpBrowser",):
                self.check(name + ".text", w.toPlainText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                self.check(f"{name}.item{i}", w.itemText(i))
        elif isinstance(w, QGroupBox):
            self.check(name + ".title", w.title())
        elif isinstance(w, QAbstractSpinBox):
            self.check(name + ".specialValueText", w.specialValueText())
            self.check(name + ".suffix", getattr(w, "suffix", lambda: "")())
            self.check(name + ".prefix", getattr(w, "prefix", lambda: "")())
        elif isinstance(w, QDockWidget):
            self.check(name + ".title", w.windowTitle())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                self.check(f"{name}.tab{i}", w.tabText(i))
                self.check(f"{name}.tabTip{i}", w.tabToolTip(i))
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            self.model(w, name)
        for action in w.actions():
            self.action(action, name)

    def model(self, view: QAbstractItemView, name: str) -> None:
        model = view.model()
        for section in range(_columns(model)):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                self.check(f"{name}.header{section}", model.headerData(section, Qt.Orientation.Horizontal, role))
        # Cells: report content is cut out by data_strings(); what remains is UI text
        # (tag names, statuses, counts, completeness).
        for row in range(min(model.rowCount(QModelIndex()), 50)):
            for col in range(_columns(model)):
                index = model.index(row, col, QModelIndex())
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        self.check(f"{name}.cell({row},{col})", value)

    def action(self, action, where: str) -> None:
        name = f"{where}/action:{action.objectName() or action.text()}"
        for prop in ("text", "iconText", "toolTip", "statusTip", "whatsThis"):
            self.check(f"{name}.{prop}", getattr(action, prop)())
        menu = action.menu()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()
            self.check(f"{name}.menuTitle", menu.title())
            for sub in menu.actions():
                self.action(sub, name)

    def tree(self, root: QWidget, where: str) -> None:
        self.widget(root, where)
        for child in root.findChildren(QWidget):
            if any(p in self.data_views for p in _parents(child)):
                continue
            self.widget(child, where)


def _columns(model) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # list models keep columnCount private in PySide6
        return 1


def _parents(w: QWidget):
    p = w.parentWidget()
    while p is not None:
        yield p
        p = p.parentWidget()


def test_english_main_window_has_no_chinese_ui_text(english_window, qtbot):
    win = english_window
    for dock in win.findChildren(QDockWidget):
        dock.show()
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        qtbot.wait(20)
    win.tabs.setCurrentIndex(0)
    walker = Walker(win)
    walker.tree(win, "main")
    for action in win.menuBar().actions():
        walker.action(action, "menubar")
    walker.check("windowTitle", win.windowTitle())
    for label in win.statusBar().findChildren(QLabel):
        walker.check("status", label.text())
    # Menus the document pane and the annotation list build on demand.
    ann = win.context.project.annotations(win.document_view.doc_id)[0]
    win.annotation_pane.select_annotation(ann.id)
    menu = win.annotation_pane.build_context_menu()
    if menu is not None:
        for action in menu.actions():
            walker.action(action, "annotationContextMenu")
    pos = win.document_view.cursorRect().center()
    for action in win.document_view.build_context_menu(pos).actions():
        walker.action(action, "documentContextMenu")
    assert walker.checked > 200
    assert walker.found == [], "\n".join(sorted(set(walker.found)))


def test_english_dialogs_have_no_chinese_ui_text(english_window, qtbot, fake):
    win = english_window
    agreement = win.agreement_action.open()  # 工具 ▸ 评阅人一致性… (its tables are data views)
    agreement.tabs.setCurrentIndex(1)
    walker = Walker(win)
    from desktop.ui.round_dialog import RoundDialog

    dialogs = [win.settings_action.make_dialog(), win.export_controller.open_dialog(),
               RoundDialog(win.context, win.assessment.questions, win), agreement]
    for name in ("user-guide", "annotation-guide"):
        guide = win.help_actions.show_guide(name)
        walker.check(f"{name}.title", guide.windowTitle())
        body = guide.browser.toPlainText()
        if name == "user-guide":  # the language menu names Chinese in Chinese, as the app does
            assert body and not CJK.search(body.replace("简体中文", "")), name
        guide.close()
    for dialog in dialogs:
        dialog.show()
        walker.tree(dialog, dialog.objectName() or type(dialog).__name__)
        dialog.reject()
    win.acts.about.trigger()
    kind, title, text, _details = fake.shown[-1]
    walker.check("about.title", title)
    walker.check("about.text", text)
    assert "Qt " in text
    assert walker.found == [], "\n".join(sorted(set(walker.found)))


def test_chinese_is_the_default_and_shows_chinese(window):
    """Without translators (the shipped default) the same walk sees Chinese labels."""
    assert window.acts.tags["measure"].iconText() == "举措"
    assert window.menu("file").title() == "文件(&F)"


def test_language_choice(fresh_settings):
    from PySide6.QtCore import QLocale, QSettings

    s = QSettings()
    assert i18n.choose_language(s, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "en"
    assert i18n.choose_language(s, QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "zh_CN"
    assert i18n.choose_language(s, QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "zh_CN"
    s.setValue("ui/language", "zh_CN")
    assert i18n.choose_language(s, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "zh_CN"


def test_settings_dialog_stores_language_and_name(window, fresh_settings):
    from PySide6.QtCore import QSettings

    dialog = window.settings_action.make_dialog()
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    dialog.reviewer_edit.setText("王芳")
    window.settings_action.accept_dialog(dialog)
    s = QSettings()
    assert s.value("ui/language") == "en" and s.value("reviewer/name") == "王芳"
    assert window.context.reviewer == "王芳"
    assert "restart" in window.statusBar().currentMessage() or "重新启动" in window.statusBar().currentMessage()
    dialog = window.settings_action.make_dialog()
    assert dialog.language_box.currentData() == "en" and dialog.reviewer_edit.text() == "王芳"
    dialog.reject()
    QApplication.processEvents()
