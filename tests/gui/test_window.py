"""The window as a whole: extension seam, projects, settings, start-up helpers."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from conftest import SEED
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton

from desktop.errors import ImportFailure
from desktop.ui import error_hook, workers
from desktop.ui import settings as app_settings
from desktop.ui.context import AppContext


def _tag(window, start, end, tag):
    window.document_view.select_span(start, end)
    return window.tag_selection(tag)


def test_extension_seam(qtbot, monkeypatch, fake, tmp_path):
    from desktop.ui import main_window as mw

    calls = []

    def install(window):
        calls.append(window)
        window.menu("tools").addAction("评分工具")
        window.menu("help").addAction("使用说明")
        dock = window.add_dock("scoreDock", "评分", QLabel("分数"))
        assert isinstance(dock, QDockWidget) and dock.objectName() == "scoreDock"
        index = window.add_central_tab("overviewTab", "总览", QLabel("总览"))
        assert window.tabs.widget(index).objectName() == "overviewTab"
        window.toolbar.addAction("导出")
        window.status_message("扩展已加载")
        assert window.annotation_pane.selected_annotation_ids() == []
        assert window.document_view is window.tabs.widget(0)

    broken = types.ModuleType("rd_test_broken")
    broken.install = lambda window: 1 / 0
    monkeypatch.setitem(sys.modules, "rd_test_ext", types.SimpleNamespace(install=install))
    monkeypatch.setitem(sys.modules, "rd_test_broken", broken)
    monkeypatch.setattr(mw, "EXTENSIONS", ["rd_test_ext", "rd_test_missing_module", "rd_test_broken"])
    window = mw.MainWindow(AppContext(), fake)
    qtbot.addWidget(window)
    assert calls == [window]
    assert list(window.extension_errors) == ["rd_test_broken"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "标注(&T)", "工具(&O)", "帮助(&H)"]
    view_menu = [a.text() for a in window.menu("view").actions()]
    assert "评分" in view_menu and "提纲" in view_menu and "标注" in view_menu
    assert window.tabs.tabText(0) == "文档" and window.tabs.count() == 2
    assert window.statusBar().currentMessage() == "扩展已加载"


def test_menus_and_shortcuts(window):
    acts = window.acts
    assert acts.new_project.shortcut().toString() == "Ctrl+Shift+N"
    assert acts.import_files.shortcut().toString() == "Ctrl+O"
    assert [s.toString() for s in acts.undo.shortcuts()] == ["Ctrl+Z"]
    assert [s.toString() for s in acts.redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert [acts.tags[t].shortcut().toString() for t in ("measure", "figure", "weakness")] == ["1", "2", "3"]
    file_texts = [a.text() for a in window.menu("file").actions()]
    for text in ("新建项目…", "打开项目…", "最近的项目", "打开报告/导入…", "另存副本为…", "退出"):
        assert text in file_texts


def test_reopening_the_project_restores_the_same_highlights(window, seed_doc, tmp_path):
    spans = [(100, 140, "measure"), (120, 125, "figure"), (300, 330, "weakness")]
    for s, e, t in spans:
        _tag(window, s, e, t)
    before = window.document_view.highlight_ranges()
    assert before == sorted(spans)
    path = window.context.project.path
    window.context.close_project()
    assert window.document_view.highlight_ranges() == []
    assert window.open_project(path)
    assert window.context.current_doc_id == seed_doc
    assert window.document_view.highlight_ranges() == before
    assert window.annotation_pane.model.rowCount() == 3


def test_new_open_save_copy_and_recent(window, seed_doc, fake, tmp_path):
    first = window.context.project.path
    copy = tmp_path / "副本.rdproj"
    fake.paths.append(str(copy))
    window.acts.save_copy.trigger()
    assert copy.exists()
    fake.paths.append(str(tmp_path / "新项目"))
    window.acts.new_project.trigger()
    assert window.context.project.path == tmp_path / "新项目.rdproj"
    assert window.context.project.documents() == []
    assert window.document_view.toPlainText() == ""
    fake.paths.append(str(copy))
    window.acts.open_project.trigger()
    assert len(window.context.project.documents()) == 1
    recent = app_settings.recent_projects()
    assert recent[:3] == [str(copy.resolve()), str((tmp_path / "新项目.rdproj").resolve()), str(first.resolve())]
    window._fill_recent_menu()  # noqa: SLF001
    assert [a.text() for a in window.recent_menu.actions()][:2] == ["副本.rdproj", "新项目.rdproj"]


def test_opening_a_bad_project_shows_a_message(window, fake, tmp_path):
    bad = tmp_path / "bad.rdproj"
    bad.write_bytes(b"not sqlite" * 100)
    assert not window.open_project(bad)
    assert fake.shown[-1][0] == "warning"
    assert window.context.project is not None  # the old project stays open


def test_geometry_and_dock_state_are_remembered(qtbot, fake, tmp_path):
    from desktop.ui.main_window import MainWindow

    w1 = MainWindow(AppContext(), fake)
    qtbot.addWidget(w1)
    w1.show()
    w1.annotation_dock.hide()
    w1.close()
    w2 = MainWindow(AppContext(), fake)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.annotation_dock.isHidden()
    assert w2.outline_dock.isVisible()


def test_reviewer_is_asked_once_and_recorded(qtbot, fake, tmp_path):
    from desktop.ui.app import ensure_reviewer

    fake.names.append("王芳")
    ctx = AppContext()
    ensure_reviewer(ctx, fake)
    assert ctx.reviewer == "王芳" and fake.asked == ["name"]
    ctx2 = AppContext()
    ensure_reviewer(ctx2, fake)
    assert ctx2.reviewer == "王芳" and fake.asked == ["name"]


def test_open_from_args_opens_project_then_imports_reports(qtbot, fake, tmp_path):
    from desktop.ui.app import open_from_args
    from desktop.ui.main_window import MainWindow

    ctx = AppContext()
    window = MainWindow(ctx, fake)
    qtbot.addWidget(window)
    project = tmp_path / "命令行.rdproj"
    with qtbot.waitSignal(window.importer.finished, timeout=60000):
        open_from_args(window, [str(SEED), str(project)], None)
    assert ctx.project.path == project
    assert [d.source_name for d in ctx.project.documents()] == [SEED.name]
    ctx.close_project()


def test_no_project_given_opens_the_default_project(qtbot, fake):
    from desktop.ui.app import open_from_args
    from desktop.ui.main_window import MainWindow
    from desktop.ui.paths import default_project_path

    ctx = AppContext()
    window = MainWindow(ctx, fake)
    qtbot.addWidget(window)
    open_from_args(window, [], None)
    assert ctx.project is not None and ctx.project.path == default_project_path()
    ctx.close_project()
    default_project_path().unlink()


@pytest.mark.parametrize("saved, system, expected", [
    ("auto", QLocale.Language.Chinese, "zh_CN"),
    ("auto", QLocale.Language.English, "en"),
    ("auto", QLocale.Language.French, "zh_CN"),
    ("en", QLocale.Language.Chinese, "en"),
    ("zh_CN", QLocale.Language.English, "zh_CN"),
    ("xx", QLocale.Language.English, "en"),
])
def test_choose_language(saved, system, expected):
    from desktop.ui.i18n import choose_language

    s = QSettings()
    s.setValue(app_settings.KEY_LANGUAGE, saved)
    assert choose_language(s, QLocale(system)) == expected


def test_qt_chinese_translations_load(qapp):
    from desktop.ui.i18n import install_translators, uninstall_translators

    installed = install_translators(qapp, "zh_CN")
    try:
        assert installed, "qtbase_zh_CN.qm should load so standard buttons read 确定/取消"
        assert qapp.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        uninstall_translators(qapp)


def test_font_choice_prefers_installed_chinese_families():
    from desktop.ui.fonts import UI_FAMILIES, choose_family, ui_font

    assert choose_family(["Arial", "noto sans cjk sc", "SimSun"], UI_FAMILIES) == "noto sans cjk sc"
    assert choose_family(["Arial"], UI_FAMILIES) is None
    assert ui_font().families()  # something installed was chosen here (fonts-noto-cjk)


def test_error_hook_routes_expected_and_unexpected_errors(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(error_hook, "presenter", lambda exc, details, log: seen.append((exc, details)))
    try:
        raise ImportFailure("encrypted")
    except ImportFailure as exc:
        error_hook.handle(type(exc), exc, exc.__traceback__, tmp_path / "x.log")
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        error_hook.handle(type(exc), exc, exc.__traceback__)
    assert isinstance(seen[0][0], ImportFailure)
    assert "ZeroDivisionError: boom" in seen[1][1] and "Traceback" in seen[1][1]


def test_error_dialog_copies_details(qtbot, qapp):
    dialog = error_hook.ErrorDialog("Traceback: 详细信息", Path("/tmp/x.log"))
    qtbot.addWidget(dialog)
    copy = dialog.findChild(QPushButton, "copyDetails")
    copy.click()
    assert qapp.clipboard().text() == "Traceback: 详细信息"


def test_worker_delivers_progress_result_and_errors(qtbot):
    progress = []
    task = workers.start(lambda p, c: [p(i, 3) for i in range(1, 4)] and "done")
    task.progressed.connect(lambda d, t, _s: progress.append((d, t)))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == ["done"]

    def fails(p, c):
        raise ValueError("bad")

    task2 = workers.start(fails)
    with qtbot.waitSignal(task2.failed, timeout=5000) as blocker2:
        pass
    assert isinstance(blocker2.args[0], ValueError)

    def waits(p, c):
        while not c():
            pass
        return "stopped"

    task3 = workers.start(waits)
    task3.cancel()
    with qtbot.waitSignal(task3.finished, timeout=5000):
        pass
    assert task3.is_cancelled()
    qtbot.waitUntil(lambda: workers.running() == 0, timeout=5000)


def test_none_refcount_guard_keeps_void_calls_safe():
    """PySide6 abi3 on CPython < 3.12 drops a None reference per void call (compat.py)."""
    from desktop.ui import compat

    leak = compat.none_leaks_per_void_call()
    if leak:
        assert compat._guarded  # noqa: SLF001
        for singleton in (None, True, False):
            assert sys.getrefcount(singleton) > compat.NONE_RESERVE // 2
    else:
        assert not compat.guard_none_refcount()
