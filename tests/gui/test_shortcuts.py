"""No two actions of the main window fire on one key sequence (Qt then fires neither).

Every key is declared in desktop.ui.actions.specs(): the registry itself has
no sequence twice, and the real window, with every extension installed, has
no key its registry does not declare and no two actions or shortcuts that can
both hear one sequence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.ui import actions
from desktop.ui.actions import ActionSpec, Binding, clashes, shortcut_clashes, specs

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _covers(outer: QWidget, context: Qt.ShortcutContext, inner: QWidget) -> bool:
    """Whether a shortcut with ``context`` on ``outer`` hears keys while ``inner`` has focus."""
    if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return outer is inner or outer.isAncestorOf(inner)
    return outer is inner


def overlap(a, b) -> bool:
    """Scopes are (context, widgets): can one focus widget make both listen?"""
    (ca, wa), (cb, wb) = a, b
    if ca in WINDOW_WIDE or cb in WINDOW_WIDE:
        return True
    return any(_covers(x, ca, y) or _covers(y, cb, x) for x in wa for y in wb)


def name_of(obj) -> str:
    text = obj.text() if isinstance(obj, QAction) else ""
    return obj.objectName() or text or type(obj).__name__


def window_bindings(window) -> list[Binding]:
    """Every QAction and QShortcut of the window that can fire: an action in no
    widget or menu cannot (one shown only in a context menu, say)."""
    out = []
    for action in window.findChildren(QAction):
        widgets = tuple(o for o in action.associatedObjects() if isinstance(o, QWidget))
        if widgets and action.shortcuts():
            out.append(Binding(name_of(action), tuple(action.shortcuts()), (action.shortcutContext(), widgets)))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.keys():
            out.append(Binding(name_of(shortcut), tuple(shortcut.keys()),
                               (shortcut.context(), (shortcut.parent(),))))
    return out


def described(found) -> list[str]:
    return [f"{seq}: {a} and {b}" for seq, a, b in found]


# --- the checking function -------------------------------------------------------------------

def test_the_historic_clashes_are_caught(qapp):
    overview_on_o = [ActionSpec("open_project", "打开项目…", "open_project_dialog", ("Ctrl+Shift+O",)),
                     ActionSpec("overview", shortcuts=("Ctrl+Shift+O",), owner="desktop.ui.assessment")]
    assert described(shortcut_clashes(overview_on_o)) == ["Ctrl+Shift+O: open_project and overview"]
    quit_twice = [ActionSpec("quit", "退出", "close", ("Ctrl+Q", "Ctrl+Q"))]
    assert described(shortcut_clashes(quit_twice)) == ["Ctrl+Q: quit and quit"]
    other_quit = [ActionSpec("quit", "退出", "close", ("Ctrl+Q",)), ActionSpec("close_all", shortcuts=("ctrl+q",))]
    assert described(shortcut_clashes(other_quit)) == ["Ctrl+Q: quit and close_all"]


def test_standard_keys_are_expanded_before_comparing(qapp, monkeypatch):
    # StandardKey.Quit is Ctrl+Q on Linux desktops (it has no binding offscreen).
    real = actions.key_sequences
    monkeypatch.setattr(actions, "key_sequences", lambda key: (
        [QKeySequence("Ctrl+Q")] if key == QKeySequence.StandardKey.Quit else real(key)))
    quit_spec = [ActionSpec("quit", "退出", "close", (QKeySequence.StandardKey.Quit, "Ctrl+Q"))]
    assert described(shortcut_clashes(quit_spec)) == ["Ctrl+Q: quit and quit"]
    help_twice = [ActionSpec("help", shortcuts=(QKeySequence.StandardKey.HelpContents,)),
                  ActionSpec("find", shortcuts=(real(QKeySequence.StandardKey.HelpContents)[0].toString(),))]
    assert [a for _seq, a, _b in shortcut_clashes(help_twice)] == ["help"]


def test_clashes_respect_scopes():
    seq = (QKeySequence("1"),)
    assert clashes([Binding("a", seq, "pane"), Binding("b", seq, "list")], lambda x, y: x == y) == []
    assert clashes([Binding("a", seq, "pane"), Binding("b", seq, "pane")], lambda x, y: x == y) == [("1", "a", "b")]
    assert clashes([Binding("a", (QKeySequence(),)), Binding("b", (QKeySequence(),))]) == []


def test_scopes_overlap_like_qt_decides(qtbot):
    parent, other = QWidget(), QWidget()
    child = QLineEdit(parent)
    for w in (parent, other):
        qtbot.addWidget(w)
    W, WC, WIN = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut,
                  Qt.ShortcutContext.WindowShortcut)
    assert overlap((WIN, (other,)), (W, (child,)))
    assert overlap((W, (child,)), (W, (child,)))
    assert not overlap((W, (parent,)), (W, (child,)))
    assert overlap((WC, (parent,)), (W, (child,))) and overlap((W, (child,)), (WC, (parent,)))
    assert not overlap((WC, (parent,)), (WC, (other,)))


# --- the registry --------------------------------------------------------------------------

def test_registry_has_no_sequence_twice(qapp):
    assert described(shortcut_clashes(specs())) == []


def test_registry_names_and_object_names_are_unique(qapp):
    names = [s.name for s in specs()]
    assert len(names) == len(set(names))
    object_names = [s.object_id for s in specs()]
    assert len(object_names) == len(set(object_names))


def test_bind_gives_an_action_its_registry_keys(qapp):
    action = actions.bind(QAction("导出…"), "export")
    assert action.objectName() == "actionExport"
    assert [actions.portable(s) for s in action.shortcuts()] == ["Ctrl+Shift+E"]
    help_action = actions.bind(QAction(), "help_user_guide")
    assert help_action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
    tag = actions.bind(QAction(), "tag_measure")
    assert tag.shortcutContext() == Qt.ShortcutContext.WidgetShortcut


# --- the real window ---------------------------------------------------------------------------

def test_no_two_actions_share_a_key_sequence(window):
    bindings = window_bindings(window)
    assert len(bindings) >= 15  # the window's own, undo/redo, three tags, export, help, overview
    assert described(clashes(bindings, overlap)) == []


def test_every_key_in_the_window_is_declared_in_the_registry(window):
    declared = {s.object_id: s for s in specs()}
    stray, wrong = [], []
    for action in window.findChildren(QAction):
        if not action.shortcuts() or not action.associatedObjects():
            continue
        spec = declared.get(action.objectName())
        if spec is None:
            stray.append(name_of(action))
        elif (action.shortcuts(), action.shortcutContext()) != (actions.sequences(spec), spec.context):
            wrong.append(f"{spec.name}: {[actions.portable(s) for s in action.shortcuts()]}")
    stray += [name_of(s) for s in window.findChildren(QShortcut) if s.keys()]
    assert stray == [], "give these keys an ActionSpec in desktop.ui.actions and bind() them"
    assert wrong == [], "these actions have keys other than their ActionSpec's"


def test_every_key_of_the_registry_is_in_the_window(window):
    present = {a.objectName() for a in window.findChildren(QAction) if a.shortcuts() and a.associatedObjects()}
    assert [s.name for s in specs() if s.shortcuts and s.object_id not in present] == []


def test_open_project_and_overview_each_have_their_own_key(window):
    owners = {}
    for b in window_bindings(window):
        for seq in b.sequences:
            owners.setdefault(actions.portable(seq), []).append(b.name)
    assert owners["Ctrl+Shift+O"] == ["action_open_project"]
    assert owners["Ctrl+Shift+R"] == ["showOverviewAction"]
    assert owners["Ctrl+Q"] == ["action_quit"]


def test_a_stray_key_in_the_window_is_reported_with_both_names(window):
    clash = QAction("显示总览（重复）", window)
    clash.setObjectName("strayOverview")
    clash.setShortcut(QKeySequence("Ctrl+Shift+O"))
    window.menu("tools").addAction(clash)
    assert described(clashes(window_bindings(window), overlap)) == [
        "Ctrl+Shift+O: action_open_project and strayOverview"]
    shortcut = QShortcut(QKeySequence("F2"), window.annotation_pane.table)
    shortcut.setObjectName("strayNote")
    assert "F2: action_edit_note and strayNote" in described(clashes(window_bindings(window), overlap))
