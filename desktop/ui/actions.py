"""Every action of the main window, with its text and shortcuts, in one table.

The window only connects slots by name; changing a shortcut or a label is a
one-line edit here, and the (issue 6) translation check finds every string.
Tag shortcuts (1/2/3) are bound to the document pane only, so typing a digit
in a filter box never tags text, and the actions are disabled while nothing
is selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.tags import TAGS
from desktop.ui.icons import standard, tag_icon
from desktop.ui.labels import tag_label


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    slot: str  # method name on the window
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    icon: str = ""


def specs() -> list[ActionSpec]:
    return [
        ActionSpec("new_project", QCoreApplication.translate("Actions", "新建项目…"), "new_project", ("Ctrl+Shift+N",),
                   QCoreApplication.translate("Actions", "新建一个评审轮次的项目文件")),
        ActionSpec("open_project", QCoreApplication.translate("Actions", "打开项目…"), "open_project_dialog", ("Ctrl+Shift+O",),
                   QCoreApplication.translate("Actions", "打开已有的项目文件"), "SP_DirOpenIcon"),
        ActionSpec("import_files", QCoreApplication.translate("Actions", "打开报告/导入…"), "import_dialog", ("Ctrl+O",),
                   QCoreApplication.translate("Actions", "把 .docx、.pdf、.txt 报告导入当前项目"), "SP_DialogOpenButton"),
        ActionSpec("save_copy", QCoreApplication.translate("Actions", "另存副本为…"), "save_copy", ("Ctrl+Shift+S",),
                   QCoreApplication.translate("Actions", "把整个项目另存一份副本（当前项目随时自动保存）")),
        ActionSpec("restore_backup", QCoreApplication.translate("Actions", "从备份恢复…"), "restore_backup_dialog", (),
                   QCoreApplication.translate("Actions", "列出项目的自动备份，用其中一个替换当前项目（恢复前先备份当前文件）")),
        ActionSpec("quit", QCoreApplication.translate("Actions", "退出"), "close", ("Ctrl+Q",)),
        ActionSpec("delete_annotation", QCoreApplication.translate("Actions", "删除标注"), "delete_annotation", (),
                   QCoreApplication.translate("Actions", "删除标注列表中选中的标注（可撤销）"), "SP_TrashIcon"),
        ActionSpec("edit_note", QCoreApplication.translate("Actions", "编辑批注…"), "edit_note_selected", ("F2",),
                   QCoreApplication.translate("Actions", "为选中的标注添加或修改批注")),
        ActionSpec("reviewer", QCoreApplication.translate("Actions", "评阅人姓名…"), "change_reviewer", (), QCoreApplication.translate("Actions", "修改记录在标注上的评阅人姓名")),
        ActionSpec("about", QCoreApplication.translate("Actions", "关于评阅台"), "about"),
    ]


class Actions(QObject):
    """Holds the window's QActions as attributes (``actions.import_files``…)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.by_name: dict[str, QAction] = {}
        for spec in specs():
            action = QAction(spec.text, window)
            action.setObjectName(f"action_{spec.name}")
            if spec.shortcuts:
                action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            if spec.tip:
                action.setStatusTip(spec.tip)
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(QCoreApplication.translate("Actions", "%1（%2）")
                                  .replace("%1", spec.text.rstrip("…")).replace("%2", keys)
                                  if spec.shortcuts else spec.tip)
            if spec.icon:
                action.setIcon(standard(spec.icon))
            action.triggered.connect(getattr(window, spec.slot))
            self.by_name[spec.name] = action
            setattr(self, spec.name, action)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

        # Undo/redo come from the stack so their text names the operation.
        stack = window.context.undo_stack
        self.undo = stack.createUndoAction(window, QCoreApplication.translate("Actions", "撤销"))
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo.setIcon(standard("SP_ArrowBack"))
        self.undo.setObjectName("action_undo")
        self.redo = stack.createRedoAction(window, QCoreApplication.translate("Actions", "重做"))
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.setIcon(standard("SP_ArrowForward"))
        self.redo.setObjectName("action_redo")

        # One action per tag; the key works only while the document pane has focus.
        self.tags: dict[str, QAction] = {}
        for tag in TAGS:
            action = QAction(tag_icon(tag.value), QCoreApplication.translate("Actions", "标为“%1”").replace("%1", tag_label(tag.value)), window)
            action.setObjectName(f"action_tag_{tag.value}")
            action.setShortcut(QKeySequence(tag.key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setIconText(f"{tag_label(tag.value)}")
            action.setToolTip(QCoreApplication.translate("Actions", "把选中的文字标为“%1”（按 %2）").replace("%1", tag_label(tag.value)).replace("%2", tag.key))
            action.setEnabled(False)
            action.triggered.connect(lambda _=False, t=tag.value: window.tag_selection(t))
            self.tags[tag.value] = action
