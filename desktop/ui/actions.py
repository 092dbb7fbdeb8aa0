"""Every action of the main window that has a key, and every key, in one table.

The window only connects slots by name; changing a shortcut or a label is a
one-line edit here, and the (issue 6) translation check finds every string.
Actions made by the window's extensions (export, help, the overview) are
declared here too, by object name and keys; their module keeps the text and
takes the keys with :func:`bind`, so no key sequence is written anywhere else
and :func:`shortcut_clashes` sees them all. Tag shortcuts (1/2/3, from
desktop.tags) are bound to the document pane only, so typing a digit in a
filter box never tags text, and the actions are disabled while nothing is
selected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.importers import suffixes
from desktop.tags import TAGS
from desktop.ui.icons import standard, tag_icon
from desktop.ui.labels import tag_label

Key = str | QKeySequence.StandardKey
WINDOW = Qt.ShortcutContext.WindowShortcut
# Only while the widget the action was added to has focus (the document pane).
WIDGET = Qt.ShortcutContext.WidgetShortcut
# While focus is in the widget the action was added to or inside it (the annotation list).
PANE = Qt.ShortcutContext.WidgetWithChildrenShortcut


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str = ""  # "" for actions made elsewhere (their module names them)
    slot: str = ""  # method name on the window; "" when the action is made elsewhere
    shortcuts: tuple[Key, ...] = ()
    tip: str = ""
    icon: str = ""
    # who makes the QAction: "window" (Actions below) or the module that does.
    owner: str = "window"
    object_name: str = ""  # default action_<name>
    context: Qt.ShortcutContext = WINDOW

    @property
    def object_id(self) -> str:
        return self.object_name or f"action_{self.name}"


def specs() -> list[ActionSpec]:
    return [
        ActionSpec("new_project", QCoreApplication.translate("Actions", "新建项目…"), "new_project", ("Ctrl+Shift+N",),
                   QCoreApplication.translate("Actions", "新建一个评审轮次的项目文件")),
        ActionSpec("open_project", QCoreApplication.translate("Actions", "打开项目…"), "open_project_dialog", ("Ctrl+Shift+O",),
                   QCoreApplication.translate("Actions", "打开已有的项目文件"), "SP_DirOpenIcon"),
        ActionSpec("import_files", QCoreApplication.translate("Actions", "打开报告/导入…"), "import_dialog", ("Ctrl+O",),
                   QCoreApplication.translate("Actions", "把 %1 报告导入当前项目").replace(
                       "%1", QCoreApplication.translate("Actions", "、").join(suffixes())),
                   "SP_DialogOpenButton"),
        ActionSpec("save_copy", QCoreApplication.translate("Actions", "另存副本为…"), "save_copy", ("Ctrl+Shift+S",),
                   QCoreApplication.translate("Actions", "把整个项目另存一份副本（当前项目随时自动保存）")),
        ActionSpec("restore_backup", QCoreApplication.translate("Actions", "从备份恢复…"), "restore_backup_dialog", (),
                   QCoreApplication.translate("Actions", "列出项目的自动备份，用其中一个替换当前项目（恢复前先备份当前文件）")),
        ActionSpec("quit", QCoreApplication.translate("Actions", "退出"), "close", ("Ctrl+Q",)),
        # Undo and redo are made by the undo stack (their text names the operation).
        ActionSpec("undo", QCoreApplication.translate("Actions", "撤销"), shortcuts=("Ctrl+Z",), icon="SP_ArrowBack"),
        ActionSpec("redo", QCoreApplication.translate("Actions", "重做"), shortcuts=("Ctrl+Shift+Z", "Ctrl+Y"),
                   icon="SP_ArrowForward"),
        ActionSpec("delete_annotation", QCoreApplication.translate("Actions", "删除标注"), "delete_annotation",
                   ("Del", "Backspace"), QCoreApplication.translate("Actions", "删除标注列表中选中的标注（可撤销）"),
                   "SP_TrashIcon", context=PANE),
        ActionSpec("edit_note", QCoreApplication.translate("Actions", "编辑批注…"), "edit_note_selected", ("F2",),
                   QCoreApplication.translate("Actions", "为选中的标注添加或修改批注"), context=PANE),
        ActionSpec("reviewer", QCoreApplication.translate("Actions", "评阅人姓名…"), "change_reviewer", (), QCoreApplication.translate("Actions", "修改记录在标注上的评阅人姓名")),
        ActionSpec("about", QCoreApplication.translate("Actions", "关于评阅台"), "about"),
        # One per tag (desktop.tags), made below; the key works only in the document pane.
        *(ActionSpec(f"tag_{tag.value}", shortcuts=(tag.key,), context=WIDGET) for tag in TAGS),
        # Made by the window's extensions, which take these keys with bind().
        ActionSpec("export", shortcuts=("Ctrl+Shift+E",), owner="desktop.ui.export_actions",
                   object_name="actionExport"),
        # The shown report on paper or as a PDF (desktop.ui.print_report makes them).
        ActionSpec("print_report", shortcuts=("Ctrl+P",), owner="desktop.ui.print_report"),
        ActionSpec("export_pdf", owner="desktop.ui.print_report"),
        ActionSpec("help_user_guide", shortcuts=(QKeySequence.StandardKey.HelpContents,),
                   owner="desktop.ui.help_actions"),
        # R: the round (Ctrl+Shift+O opens a project).
        ActionSpec("overview", shortcuts=("Ctrl+Shift+R",), owner="desktop.ui.assessment",
                   object_name="showOverviewAction"),
        # Find in the shown report and the reading size (desktop.ui.find_bar makes them).
        ActionSpec("find", shortcuts=("Ctrl+F",), owner="desktop.ui.find_bar"),
        # Find in every report of the round (desktop.ui.search_pane makes it).
        ActionSpec("search_round", shortcuts=("Ctrl+Shift+F",), owner="desktop.ui.search_pane"),
        ActionSpec("find_next", shortcuts=("F3",), owner="desktop.ui.find_bar"),
        ActionSpec("find_previous", shortcuts=("Shift+F3",), owner="desktop.ui.find_bar"),
        ActionSpec("zoom_in", shortcuts=("Ctrl+=", "Ctrl++"), owner="desktop.ui.find_bar"),
        ActionSpec("zoom_out", shortcuts=("Ctrl+-",), owner="desktop.ui.find_bar"),
        ActionSpec("zoom_reset", shortcuts=("Ctrl+0",), owner="desktop.ui.find_bar"),
        # Sections of the shown report (desktop.ui.outline makes them). Ctrl+Up/Down move
        # nothing in the read-only text; Ctrl+G is no other action's (find next is F3).
        ActionSpec("next_section", shortcuts=("Ctrl+Down",), owner="desktop.ui.outline"),
        ActionSpec("previous_section", shortcuts=("Ctrl+Up",), owner="desktop.ui.outline"),
        ActionSpec("go_to_section", shortcuts=("Ctrl+G",), owner="desktop.ui.outline"),
        # The shown report against the same unit's earlier report (desktop.ui.compare_view makes it);
        # Y for year: Ctrl+Shift+Y is no other action's.
        ActionSpec("compare_years", shortcuts=("Ctrl+Shift+Y",), owner="desktop.ui.compare_view"),
    ]


def spec(name: str) -> ActionSpec:
    """The registry's entry called ``name``; KeyError for anything else."""
    for s in specs():
        if s.name == name:
            return s
    raise KeyError(name)


def key_sequences(key: Key) -> list[QKeySequence]:
    """One key as sequences: a StandardKey is every binding it has on this platform."""
    if isinstance(key, QKeySequence.StandardKey):
        return list(QKeySequence.keyBindings(key))
    return [QKeySequence(key)]


def sequences(s: ActionSpec) -> list[QKeySequence]:
    return [seq for key in s.shortcuts for seq in key_sequences(key)]


def bind(action: QAction, name: str) -> QAction:
    """Gives ``action`` the object name, keys and shortcut context its registry entry declares
    (for actions made by :class:`Actions` and by the window's extensions alike)."""
    s = spec(name)
    action.setObjectName(s.object_id)
    action.setShortcuts(sequences(s))
    action.setShortcutContext(s.context)
    return action


def portable(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


@dataclass(frozen=True)
class Binding:
    """Who listens for which sequences where (``scope`` is compared by ``overlap``)."""

    name: str
    sequences: tuple[QKeySequence, ...]
    scope: object = None


def clashes(bindings: Iterable[Binding], overlap=lambda a, b: True) -> list[tuple[str, str, str]]:
    """(sequence, first name, second name) for every sequence two bindings whose
    scopes overlap both listen for, or one binding lists twice: Qt then finds the
    key ambiguous and fires neither (Ctrl+Shift+O once meant both 打开项目 and 显示总览;
    Ctrl+Q was listed twice, once as StandardKey.Quit)."""
    seen: dict[str, list[Binding]] = {}
    out = []
    for b in bindings:
        for seq in b.sequences:
            if seq.isEmpty():
                continue
            key = portable(seq)
            for other in seen.get(key, []):
                if other is b or overlap(other.scope, b.scope):
                    out.append((key, other.name, b.name))
            seen.setdefault(key, []).append(b)
    return out


def shortcut_clashes(spec_list: Iterable[ActionSpec]) -> list[tuple[str, str, str]]:
    """Clashes in a registry: any sequence listed twice, whatever the context."""
    return clashes(Binding(s.name, tuple(sequences(s))) for s in spec_list)


class Actions(QObject):
    """Holds the window's QActions as attributes (``actions.import_files``…)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.by_name: dict[str, QAction] = {}
        for entry in specs():
            if entry.owner != "window" or not entry.slot:
                continue
            action = QAction(entry.text, window)
            bind(action, entry.name)
            if entry.tip:
                action.setStatusTip(entry.tip)
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(QCoreApplication.translate("Actions", "%1（%2）")
                                  .replace("%1", entry.text.rstrip("…")).replace("%2", keys)
                                  if entry.shortcuts else entry.tip)
            if entry.icon:
                action.setIcon(standard(entry.icon))
            action.triggered.connect(getattr(window, entry.slot))
            self.by_name[entry.name] = action
            setattr(self, entry.name, action)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

        # Undo/redo come from the stack so their text names the operation.
        stack = window.context.undo_stack
        for name, make in (("undo", stack.createUndoAction), ("redo", stack.createRedoAction)):
            s = spec(name)
            action = bind(make(window, s.text), name)
            action.setIcon(standard(s.icon))
            setattr(self, name, action)

        # One action per tag; the key works only while the document pane has focus.
        self.tags: dict[str, QAction] = {}
        for tag in TAGS:
            action = QAction(tag_icon(tag.value), QCoreApplication.translate("Actions", "标为“%1”").replace("%1", tag_label(tag.value)), window)
            bind(action, f"tag_{tag.value}")
            action.setIconText(f"{tag_label(tag.value)}")
            action.setToolTip(QCoreApplication.translate("Actions", "把选中的文字标为“%1”（按 %2）").replace("%1", tag_label(tag.value)).replace("%2", tag.key))
            action.setEnabled(False)
            action.triggered.connect(lambda _=False, t=tag.value: window.tag_selection(t))
            self.tags[tag.value] = action
