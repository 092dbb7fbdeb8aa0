"""The assessment extension: installs the scoring pane, the round menu entries,
unit/year detection for reports imported before it happened at import, and dragging annotation rows onto criteria.

Installed by MainWindow through EXTENSIONS (``install(window)``); it uses only
the window's public seam. The overview tab installs itself (desktop.ui.overview).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QDrag
from PySide6.QtWidgets import QApplication, QDialog

from desktop.errors import ReviewDeskError
from desktop.rubric import load_rubric
from desktop.store import operations as ops
from desktop.ui import actions, commands
from desktop.ui.round_dialog import AssessmentQuestions, RoundDialog, change_rubric
from desktop.ui.scoring_pane import ScoringPane, annotation_mime


class AnnotationDragSource(QObject):
    """Lets the annotation list's rows be dragged onto a criterion.

    The annotation pane's model offers no mime data of its own, so this filter
    on the table's viewport starts the drag with the selected ids.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.table = window.annotation_pane.table
        self._press: QPoint | None = None
        self.table.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._press = None
        elif kind == QEvent.Type.MouseMove and self._press is not None \
                and event.buttons() & Qt.MouseButton.LeftButton \
                and (event.position().toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance():
            self._press = None
            self.start_drag()
            return True
        return False

    def start_drag(self) -> Qt.DropAction:
        ids = self.window.annotation_pane.selected_annotation_ids()
        doc_id = self.window.context.current_doc_id
        if not ids or not doc_id:
            return Qt.DropAction.IgnoreAction
        drag = QDrag(self.table)
        drag.setMimeData(annotation_mime(doc_id, ids))
        return drag.exec(Qt.DropAction.LinkAction | Qt.DropAction.CopyAction)


class Assessment(QObject):
    """What install() adds to one window; kept as ``window.assessment``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.context = context = window.context
        self.questions = AssessmentQuestions(self)
        pane_owner = getattr(window, "annotation_pane", None)
        selected = (lambda: pane_owner.selected_annotation_ids()) if pane_owner is not None else None
        self.pane = ScoringPane(context, selected, window, mark_done=getattr(window, "mark_report_done", None))
        self.pane.message.connect(window.status_message)
        self.dock = window.add_dock("scoringDock", self.tr("评分"), self.pane,
                                    Qt.DockWidgetArea.RightDockWidgetArea)
        self.drag_source = AnnotationDragSource(window) if pane_owner is not None and hasattr(
            pane_owner, "table") else None
        self._build_menu()
        context.projectChanged.connect(self._project_changed)
        context.readonlyChanged.connect(lambda _ro: self._update_enabled())
        self._project_changed()

    def _build_menu(self) -> None:
        menu = self.window.menu("tools")
        self.round_action = QAction(self.tr("评审轮次设置…"), self)
        self.round_action.setObjectName("roundSettingsAction")
        self.round_action.triggered.connect(self.edit_round)
        self.rubric_action = QAction(self.tr("载入评分细则…"), self)
        self.rubric_action.setObjectName("loadRubricAction")
        self.rubric_action.triggered.connect(self.load_rubric)
        self.overview_action = QAction(self.tr("显示总览"), self)
        actions.bind(self.overview_action, "overview")  # Ctrl+Shift+R: R for the round (the registry)
        self.overview_action.triggered.connect(self.show_overview)
        self.scoring_action = QAction(self.tr("显示评分面板"), self)
        self.scoring_action.setObjectName("showScoringAction")
        self.scoring_action.triggered.connect(self.show_scoring)
        menu.addSection(self.tr("评阅"))
        for action in (self.round_action, self.rubric_action, self.overview_action, self.scoring_action):
            menu.addAction(action)
        self._update_enabled()

    def _update_enabled(self) -> None:
        writable = self.context.project is not None and not self.context.readonly
        for action in (self.round_action, self.rubric_action):
            action.setEnabled(writable)

    # --- actions -------------------------------------------------------------------------

    def edit_round(self) -> QDialog | None:
        if self.context.project is None:
            return None
        dialog = RoundDialog(self.context, self.questions, self.window)
        dialog.open()
        return dialog

    def load_rubric(self) -> bool:
        if self.context.project is None:
            return False
        path = self.questions.ask_rubric_file(self.window)
        if not path:
            return False
        try:
            rubric = load_rubric(path)
            changed = change_rubric(self.context, rubric, self.questions, self.window)
        except ReviewDeskError as exc:
            self.questions.warning(self.window, self.tr("载入评分细则"), exc.message)
            return False
        if changed:
            self.window.status_message(self.tr("已载入评分细则：%1").replace("%1", rubric.name))
        return changed

    def show_overview(self) -> None:
        overview = getattr(self.window, "overview", None)
        tabs = getattr(self.window, "tabs", None)
        if overview is not None and tabs is not None:
            tabs.setCurrentIndex(tabs.indexOf(overview))

    def show_scoring(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def _project_changed(self) -> None:
        self._update_enabled()
        if self.context.project is not None and not self.context.readonly:
            # Reports imported before detection happened at import: all at once, after the window shows.
            QTimer.singleShot(0, self._detect_all)

    # --- unit and year of reports imported before detection -----------------------------

    def _detect_all(self) -> None:
        project = self.context.project
        if project is None or project.readonly:
            return
        try:
            if project.needs_detection():
                commands.run_unrecorded(self.context, ops.DetectMetadata())
        except ReviewDeskError as exc:
            self.window.status_message(exc.message)


def install(window) -> Assessment:
    """Extension entry point (desktop.ui.main_window.EXTENSIONS)."""
    window.assessment = Assessment(window)
    return window.assessment
