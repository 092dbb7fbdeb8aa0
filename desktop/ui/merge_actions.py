"""File ▸ 合并评阅人项目… (issue 14), an extension of the main window.

The panel's projects come back on a USB stick; the reviewer picks them and
they are merged into the open project (desktop.store.merge): every source is
read and checked first (a missing or damaged file, the project itself, or
another rubric is refused with the reason and nothing is written), then the
project is backed up, then the merge runs as one operation, so Ctrl+Z undoes
it. A summary says what came in from each file, the conflicts included.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.errors import ReviewDeskError
from desktop.store.merge import MergeSummary, backup_before_merge, prepare_merge
from desktop.ui import commands
from desktop.ui import settings as app_settings
from desktop.ui.context import AppContext


class MergeController(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext = window.context
        #: What the last merge brought (for the summary and for tests).
        self.last_summary: MergeSummary | None = None
        self.action = QAction(self.tr("合并评阅人项目…"), window)
        self.action.setObjectName("actionMergeProjects")
        self.action.setStatusTip(self.tr("把其他评阅人的项目文件合并进当前项目：同一报告按内容对应，"
                                          "标注和评分按评阅人分别保留，可撤销"))
        self.action.triggered.connect(lambda: self.merge())
        menu = window.menu("file")
        controller = getattr(window, "export_controller", None)
        after = getattr(controller, "import_action", None)
        actions = menu.actions()
        if after is not None and after in actions and actions.index(after) + 1 < len(actions):
            menu.insertAction(actions[actions.index(after) + 1], self.action)
        else:
            menu.addAction(self.action)
        self.context.projectChanged.connect(self._update)
        self.context.readonlyChanged.connect(lambda _ro: self._update())
        self._update()

    def _update(self) -> None:
        self.action.setEnabled(self.context.project is not None and not self.context.readonly)

    def ask_files(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("选择要合并的评阅人项目"), app_settings.last_dir(),
            self.tr("评阅台项目 (*.rdproj *.sqlite);;所有文件 (*)"))
        return files

    def merge(self, paths: list[str] | None = None) -> MergeSummary | None:
        """Merges ``paths`` (asked when None); the summary, or None when nothing was merged."""
        project = self.context.project
        if project is None or self.context.readonly:
            return None
        paths = self.ask_files() if paths is None else paths
        if not paths:
            return None
        interaction = self.window.interaction
        try:
            op = prepare_merge(project, paths)
        except ReviewDeskError as exc:
            interaction.warning(self.window, self.tr("无法合并"), exc.message)
            return None
        try:
            backup = backup_before_merge(project)
        except ReviewDeskError as exc:
            interaction.warning(self.window, self.tr("无法合并"), exc.message)
            return None
        text = self.tr("合并 %1 个评阅人项目").replace("%1", str(len(paths)))
        cmd = self.window.ops.run(commands.OperationCommand(self.context, op, text))
        if not isinstance(cmd, commands.OperationCommand) or cmd.result is None:
            return None
        summary = MergeSummary(cmd.result, str(backup) if backup else None)
        self.last_summary = summary
        n_conflicts = sum(len(s.conflicts) for s in summary.sources)
        added_docs = sum(s.documents_added for s in summary.sources)
        added_anns = sum(s.annotations_added for s in summary.sources)
        head = self.tr("已合并 %1 个项目：新增报告 %2 份、标注 %3 条。").replace("%1", str(len(paths))) \
            .replace("%2", str(added_docs)).replace("%3", str(added_anns))
        if n_conflicts:
            head += self.tr("有 %1 处冲突，两个版本都已保留，详见下方。").replace("%1", str(n_conflicts))
        head += self.tr("可用“撤销”取消这次合并。")
        interaction.info(self.window, self.tr("合并完成"), head, "\n".join(summary.lines()))
        return summary


def install(window: QWidget) -> MergeController:
    controller = MergeController(window)
    window.merge_controller = controller
    return controller
