"""The main window: document pane in the centre, outline, documents and
annotations around it, and the extension seam later issues plug into.

Extensions: at the end of construction the window imports each module named
in :data:`EXTENSIONS` and calls its ``install(window)``; a module that does
not exist is skipped. They use only ``context``, :meth:`MainWindow.menu`,
:meth:`MainWindow.add_dock`, :meth:`MainWindow.add_central_tab`,
``toolbar``, :meth:`MainWindow.status_message`, ``annotation_pane`` and
``document_view``. Dock layout is restored after they ran, so their docks
come back where the reviewer left them.

Opening a project goes through the trust checks of desktop.store: a project
another window, command or PC holds is offered read-only (or, from another
PC, to take over); a read-only file or folder opens read-only at once; a
damaged one is refused and its backups offered. Read-only mode itself (the
banner, the switched-off controls, the poll) lives in desktop.ui.readonly.
"""

from __future__ import annotations

import importlib
import logging
import platform
from pathlib import Path

from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabWidget, QToolBar, QWidget

from desktop import __version__
from desktop.analysis.page_spans import needs_checking
from desktop.errors import CorruptProject, ProjectError, ProjectLocked, ProjectReadOnly, ReviewDeskError
from desktop.store import ChangeKind, ChangeSet, Project
from desktop.store.backups import list_backups, restore_backup
from desktop.ui import settings as app_settings
from desktop.ui.actions import Actions
from desktop.ui.annotation_pane import AnnotationPane
from desktop.ui.context import AppContext
from desktop.ui.document_view import DocumentView
from desktop.ui.documents_pane import DocumentsPane
from desktop.ui.icons import app_icon
from desktop.ui.importing import ImportController, ImportSummary
from desktop.ui.interaction import Interaction
from desktop.ui.operations import Operations
from desktop.ui.outline import OutlineView
from desktop.ui.paths import is_project_path, with_project_suffix
from desktop.ui.readonly import ReadOnlyMode
from desktop.ui.status import StatusParts

log = logging.getLogger(__name__)

#: Modules whose ``install(window)`` runs at the end of MainWindow(); missing ones are skipped.
EXTENSIONS: list[str] = [
    "desktop.ui.assessment",
    "desktop.ui.overview",
    "desktop.ui.export_actions",
    "desktop.ui.print_report",
    "desktop.ui.settings_dialog",
    "desktop.ui.help_actions",
    "desktop.ui.find_bar",
    "desktop.ui.flags_pane",
    "desktop.ui.suggestions",
    "desktop.ui.agreement_view",
    "desktop.ui.search_pane",
    "desktop.ui.merge_actions",
    "desktop.ui.conflicts_dialog",
    "desktop.ui.compare_view",
    "desktop.ui.ocr_marks",
    "desktop.ui.page_view",
]
MENU_ORDER = ("file", "edit", "view", "tags", "tools", "help")


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, interaction: Interaction | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context
        self.interaction = interaction or Interaction(self)
        self.extension_errors: dict[str, str] = {}
        self._menus: dict[str, QMenu] = {}
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.ops = Operations(context, lambda: self.interaction, self)
        self.ops.message.connect(self.status_message)
        self.importer = ImportController(context, self, lambda: self.interaction)
        self.importer.finished.connect(self._imported)

        self.document_view = DocumentView(context, self)
        self.document_view.setAcceptDrops(False)  # drops go to the window: they import
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("centralTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.document_view, self.tr("文档"))
        self.setCentralWidget(self.tabs)

        self.acts = Actions(self)
        self.toolbar = QToolBar(self.tr("工具栏"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.outline = OutlineView(context, self)
        self.documents_pane = DocumentsPane(context, self.delete_document, self, show_versions=self.show_versions,
                                            edit_info=self.edit_report_info, mark_done=self.mark_report_done)
        self.annotation_pane = AnnotationPane(context, self.ops, self)
        self._build_menus_and_toolbar()
        self.outline_dock = self.add_dock("outlineDock", self.tr("提纲"), self.outline,
                                          Qt.DockWidgetArea.LeftDockWidgetArea)
        self.documents_dock = self.add_dock("documentsDock", self.tr("报告列表"), self.documents_pane,
                                            Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotation_dock = self.add_dock("annotationDock", self.tr("标注"), self.annotation_pane,
                                             Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.outline_dock, self.annotation_dock], [260, 430], Qt.Orientation.Horizontal)
        self.resizeDocks([self.outline_dock, self.documents_dock], [560, 240], Qt.Orientation.Vertical)
        self.status_parts = StatusParts(context, self.statusBar())

        view = self.document_view
        view.tag_actions = list(self.acts.tags.values())
        view.selectionAvailable.connect(self._selection_available)
        view.retagRequested.connect(lambda i, t: self.ops.retag([i], t))
        view.editNoteRequested.connect(self.ops.edit_note)
        view.deleteRequested.connect(lambda i: self.ops.delete([i]))
        context.projectChanged.connect(self._project_changed)
        context.currentDocumentChanged.connect(lambda _id: self._update_title())
        context.storeChanged.connect(self._store_changed)
        context.writeRefused.connect(self._write_refused)
        context.readonlyChanged.connect(lambda _ro: self._update_title())
        self.readonly_mode = ReadOnlyMode(self)
        self._update_title()
        self._install_extensions()
        self._restore_layout()
        self.readonly_mode.apply()  # after restoreState, which may show the banner's bar

    # --- the extension seam ---------------------------------------------------------------

    def menu(self, name: str, title: str | None = None) -> QMenu:
        """The menu called ``name`` (file, edit, view, tags, tools, help), created on first use."""
        if name in self._menus:
            return self._menus[name]
        titles = {"file": self.tr("文件(&F)"), "edit": self.tr("编辑(&E)"), "view": self.tr("视图(&V)"),
                  "tags": self.tr("标注(&T)"), "tools": self.tr("工具(&O)"), "help": self.tr("帮助(&H)")}
        menu = QMenu(title or titles.get(name, name), self)
        menu.setObjectName(f"menu_{name}")
        rank = MENU_ORDER.index(name) if name in MENU_ORDER else MENU_ORDER.index("help") - 0.5
        before = None
        for other, existing in self._menus.items():
            other_rank = MENU_ORDER.index(other) if other in MENU_ORDER else MENU_ORDER.index("help") - 0.5
            if other_rank > rank and (before is None or other_rank < before[0]):
                before = (other_rank, existing)
        if before is None:
            self.menuBar().addMenu(menu)
        else:
            self.menuBar().insertMenu(before[1].menuAction(), menu)
        self._menus[name] = menu
        return menu

    def add_dock(self, object_name: str, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Adds a dock whose layout is remembered and whose toggle sits in the View menu."""
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.menu("view").addAction(dock.toggleViewAction())
        return dock

    def add_central_tab(self, object_name: str, title: str, widget: QWidget) -> int:
        """Adds a tab next to the document pane; returns its index."""
        widget.setObjectName(object_name)
        return self.tabs.addTab(widget, title)

    def status_message(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def _install_extensions(self) -> None:
        for name in EXTENSIONS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue  # that issue has not landed: fine
                self.extension_errors[name] = repr(exc)
                log.exception("extension %s failed to import", name)
                continue
            try:
                module.install(self)
            except Exception as exc:  # one broken extension must not take the window down
                self.extension_errors[name] = repr(exc)
                log.exception("extension %s failed to install", name)

    # --- menus ---------------------------------------------------------------------------

    def _build_menus_and_toolbar(self) -> None:
        a = self.acts
        file_menu = self.menu("file")
        file_menu.addActions([a.new_project, a.open_project])
        self.recent_menu = file_menu.addMenu(self.tr("最近的项目"))
        self.recent_menu.setObjectName("menu_recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([a.import_files, a.save_copy, a.restore_backup])
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit = self.menu("edit")
        edit.addActions([a.undo, a.redo])
        edit.addSeparator()
        edit.addActions([a.edit_note, a.delete_annotation])
        self.menu("view").addActions(self.outline.make_actions(self, self.document_view.reading_position))
        self.menu("view").addSeparator()
        self.menu("view").addAction(self.toolbar.toggleViewAction())
        self.menu("view").addSeparator()
        tags = self.menu("tags")
        tags.addActions(list(a.tags.values()))
        self.menu("tools").addAction(a.reviewer)
        self.menu("help").addAction(a.about)
        # Keys 1/2/3 act only in the document pane; Delete/F2 only in the annotation list.
        self.document_view.addActions(list(a.tags.values()))
        self.annotation_pane.table.removeAction(self.annotation_pane.delete_action)
        self.annotation_pane.table.addActions([a.delete_annotation, a.edit_note])
        tb = self.toolbar
        tb.addAction(a.import_files)
        tb.addSeparator()
        for action in a.tags.values():
            tb.addAction(action)
        tb.addSeparator()
        tb.addActions([a.undo, a.redo])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in app_settings.recent_projects():
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.setStatusTip(path)
            act.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("（无）")).setEnabled(False)

    # --- slots of the actions -------------------------------------------------------------

    def new_project(self) -> None:
        chosen = self.interaction.ask_new_project(self, app_settings.last_dir())
        if chosen:
            path = with_project_suffix(chosen)
            if path.exists():
                path.unlink()  # the save dialog already asked to overwrite
            self.open_project(path)

    def open_project_dialog(self) -> None:
        path = self.interaction.ask_open_project(self, app_settings.last_dir())
        if path:
            self.open_project(path)

    def open_project(self, path: str | Path, readonly: bool = False) -> bool:
        """Opens a project file, shows its first document; False with a message on
        failure (or when the reviewer cancelled a question on the way)."""
        current = self.context.project
        if current is not None and not current.readonly and not readonly and _same_file(current.path, path):
            return True  # already open here for writing: a second open would lock us out
        try:
            project = self._open_checked(Path(path), readonly)
        except ReviewDeskError as exc:
            self.interaction.warning(self, self.tr("无法打开项目"), exc.message)
            if type(exc) is ProjectError:  # missing, not a project: not worth offering again
                app_settings.remove_recent_project(str(Path(path).resolve()))
            return False
        if project is None:
            return False
        app_settings.add_recent_project(path)
        app_settings.set_last_dir(path)
        docs = self.context.cache.documents() if self.context.cache is not None else project.documents()
        if docs:
            self.context.set_current_document(docs[0].id)
        if project.readonly:
            self.status_message(self.tr("已以只读方式打开项目：%1").replace("%1", str(path)))
        else:
            self.status_message(self.tr("已打开项目：%1").replace("%1", str(path)))
        if project.open_warnings:
            self.interaction.warning(self, self.tr("打开项目"), "\n\n".join(project.open_warnings))
        return True

    def _open_checked(self, path: Path, readonly: bool = False) -> Project | None:
        """The project, opened as far as it can be: asks when another writer has
        it, opens a read-only file read-only, offers backups for a damaged one.
        None when the reviewer cancelled; raises what cannot be helped."""
        try:
            return self.context.open_project(path, readonly=readonly)
        except ProjectLocked as exc:
            choice = self.interaction.ask_locked(self, exc.message, exc.other_host)
            if choice == "take_over" and exc.other_host:
                return self.context.open_project(path, take_over=True)
            if choice == "readonly":
                reason = self.tr("%1，本窗口只能查看").replace("%1", exc.message.rstrip(chr(0x3002)))
                return self.context.open_project(path, readonly=True, reason=reason)
            return None
        except ProjectReadOnly as exc:
            return self.context.open_project(path, readonly=True, reason=exc.message)
        except CorruptProject as exc:
            return self._offer_backups(path, exc)

    def _offer_backups(self, path: Path, exc: CorruptProject) -> Project | None:
        """A damaged project: choose one of its backups, restore it (the damaged
        file is kept as a backup too) and open it."""
        backups = [b for b in list_backups(path) if b.documents is not None]
        if not backups:
            self.interaction.warning(self, self.tr("无法打开项目"), exc.message + "\n\n"
                                     + self.tr("没有找到这个项目的备份。"))
            return None
        chosen = self.interaction.choose_backup(self, backups, exc.message)
        if chosen is None:
            return None
        safety = restore_backup(path, chosen, user=self.context.reviewer)
        project = self.context.open_project(path)
        self._tell_restored(chosen, safety)
        return project

    def _tell_restored(self, backup: Path, safety: Path | None) -> None:
        text = self.tr("已从备份恢复项目：%1").replace("%1", Path(backup).name)
        if safety is not None:
            text += "\n\n" + self.tr("恢复前的项目文件已另存为：%1").replace("%1", str(safety))
        self.interaction.info(self, self.tr("从备份恢复"), text)
        self.status_message(text.replace("\n\n", " "))

    def restore_backup_dialog(self) -> bool:
        """File ▸ 从备份恢复…: choose a backup, confirm, close, restore, reopen."""
        project = self.context.project
        if project is None or not self.ops.writable():
            return False
        path = project.path
        backups = list_backups(path)
        if not backups:
            self.interaction.info(self, self.tr("从备份恢复"), self.tr(
                "这个项目还没有备份。打开项目时会自动备份（每小时最多一次），备份保存在项目旁的“%1”文件夹中。")
                .replace("%1", path.stem + ".backups"))
            return False
        chosen = self.interaction.choose_backup(self, backups, "")
        if chosen is None:
            return False
        info = next((b for b in backups if Path(b.path) == Path(chosen)), None)
        when = info.created.strftime("%Y-%m-%d %H:%M") if info else Path(chosen).name
        counts = "" if info is None or info.documents is None else self.tr("（%1 份报告，%2 条标注）") \
            .replace("%1", str(info.documents)).replace("%2", str(info.annotations))
        if not self.interaction.confirm(self, self.tr("从备份恢复"), self.tr(
                "用 %1 的备份%2替换当前项目？\n当前的项目文件会先备份，恢复后仍可找回。")
                .replace("%1", when).replace("%2", counts)):
            return False
        self.context.close_project()
        try:
            safety = restore_backup(path, chosen, user=self.context.reviewer)
        except (ReviewDeskError, OSError) as exc:
            self.interaction.warning(self, self.tr("从备份恢复"), getattr(exc, "message", str(exc)))
            self.open_project(path)
            return False
        if not self.open_project(path):
            return False
        self._tell_restored(chosen, safety)
        return True

    def ensure_project(self) -> bool:
        """Makes sure a project is open (the default one in the user's data folder if none)."""
        if self.context.project is not None:
            return True
        from desktop.ui.paths import default_project_path

        recent = [p for p in app_settings.recent_projects() if Path(p).exists()]
        return self.open_project(recent[0] if recent else default_project_path())

    def import_dialog(self) -> None:
        files = self.interaction.ask_report_files(self, app_settings.last_dir())
        if files:
            app_settings.set_last_dir(files[0])
            self.import_files(files)

    def import_files(self, paths: list[str]) -> None:
        """Imports report files; project files among them are opened instead."""
        projects = [p for p in paths if is_project_path(p)]
        reports = [p for p in paths if not is_project_path(p)]
        if projects:
            self.open_project(projects[-1])
        if reports and self.ensure_project():
            if self.context.readonly:
                self.interaction.warning(self, self.tr("导入报告"), self.tr(
                    "项目是只读的，不能导入报告。\n\n%1").replace("%1", self.context.readonly_reason))
                return
            self.importer.import_files(reports)

    def _imported(self, summary: ImportSummary) -> None:
        if summary.cancelled:
            self.status_message(self.tr("导入已取消，项目未作任何改动。"))
            return
        done, failed, skipped = summary.imported, summary.failed, summary.skipped
        if done:
            self.context.set_current_document(done[-1].doc_id)

        def line(path: str, message: str) -> str:
            return self.tr("%1：%2").replace("%1", Path(path).name).replace("%2", message)

        lines = ["✔ " + line(o.path, o.message) for o in done]
        lines += ["– " + line(o.path, o.message) for o in skipped]
        lines += ["✘ " + line(o.path, o.message) for o in failed]
        warnings = [line(o.path, w) for o in done for w in o.warnings]
        # Pages read by OCR (issue 15) ask the reviewer to check: said in the message itself.
        checks = [line(o.path, w) for o in done for w in o.warnings if needs_checking(w)]
        duplicates = [o for o in done if o.action == "duplicate"]
        if failed:
            text = (self.tr("%1 个文件未能导入：").replace("%1", str(len(failed))) + "\n\n"
                    + "\n".join(line(o.path, o.message) for o in failed))
            if checks:
                text += "\n\n" + "\n".join("⚠ " + c for c in checks)
            self.interaction.warning(self, self.tr("导入报告"), text, "\n".join(lines + warnings))
        elif len(done) > 1 or warnings or duplicates:
            text = self.tr("已导入 %1 份报告。").replace("%1", str(len(done) - len(duplicates)))
            if checks:
                text += "\n\n" + "\n".join("⚠ " + c for c in checks)
            if duplicates:
                text += "\n" + "\n".join(line(o.path, o.message) for o in duplicates)
            self.interaction.info(self, self.tr("导入报告"), text, "\n".join(lines + warnings))
        if done:
            self.status_message(checks[-1] if checks else lines[-1])

    def save_copy(self) -> None:
        project = self.context.project
        if project is None:
            return
        chosen = self.interaction.ask_save_copy(self, app_settings.last_dir())
        if not chosen:
            return
        path = str(with_project_suffix(chosen))
        try:
            project.save_copy(path)
        except (ReviewDeskError, OSError) as exc:
            self.interaction.warning(self, self.tr("另存副本失败"), getattr(exc, "message", str(exc)))
            return
        self.status_message(self.tr("已另存副本：%1").replace("%1", path))

    def delete_document(self, doc_id: int) -> None:
        project = self.context.project
        if project is None or not self.ops.writable():
            return
        info = project.document_info(doc_id)
        if info is None:
            return
        if not self.interaction.confirm(self, self.tr("删除报告"), self.tr(
                "从项目中删除“%1”及其全部标注和评分？（可用“撤销”恢复）").replace("%1", info.title)):
            return
        if self.context.current_doc_id == doc_id:
            self.context.set_current_document(0)
        self.ops.remove_documents([doc_id], info.title)

    def edit_report_info(self, doc_id: int) -> None:
        """Title, unit and year of a report, corrected by the reviewer: one undoable step."""
        cache = self.context.cache
        info = cache.info(doc_id) if cache is not None else None
        if info is None or not self.ops.writable():
            return
        answer = self.interaction.ask_report_info(self, info.title, info.unit, info.year)
        if answer is None:
            return
        title, unit, year = answer
        fields = {k: v for k, v in (("title", title), ("unit", unit), ("year", year))
                  if v != getattr(info, k) and not (k == "title" and not v)}
        if fields:
            self.ops.update_documents([doc_id], **fields)

    def mark_report_done(self, doc_id: int, done: bool = True) -> None:
        """已完成 (or back to 评阅中): one undoable step."""
        self.ops.update_documents([doc_id], status="done" if done else "in_review")

    def show_versions(self, doc_id: int) -> None:
        """The report's earlier texts; bringing one back is one undoable step."""
        project = self.context.project
        info = project.document_info(doc_id) if project is not None else None
        if info is None:
            return
        versions = project.versions(doc_id)
        if not versions:
            self.interaction.info(self, self.tr("历史版本"), self.tr("这份报告还没有被替换过。"))
            return
        chosen = self.interaction.choose_version(self, info.title or info.source_name, versions,
                                                 not self.context.readonly)
        if chosen is None:
            return
        version = next((v for v in versions if v.id == chosen), None)
        label = self.tr("（第 %1 版）").replace("%1", str(version.version)) if version else ""
        cmd = self.ops.revert_version(doc_id, chosen, label)
        if cmd is not None and cmd.result is not None:
            self.status_message(self.tr("已恢复历史版本，%1 条标注重新定位，%2 条无法定位（可撤销）")
                                .replace("%1", str(cmd.result.moved)).replace("%2", str(cmd.result.orphans)))

    def tag_selection(self, tag: str) -> int:
        """Tags the document pane's selection; returns the new annotation id (0 if none)."""
        span = self.document_view.selected_span()
        if span is None:
            self.status_message(self.tr("请先在文档中选中要标注的文字。"))
            return 0
        ann_id = self.ops.add(self.document_view.doc_id, span[0], span[1], tag)
        if ann_id:
            self.document_view.clear_selection()
        return ann_id

    def delete_annotation(self) -> None:
        self.annotation_pane.delete_selected()

    def edit_note_selected(self) -> None:
        ids = self.annotation_pane.selected_annotation_ids()
        if ids:
            self.ops.edit_note(ids[0])

    def change_reviewer(self) -> None:
        name = self.interaction.ask_reviewer_name(self, self.context.reviewer_name or self.context.reviewer)
        if name:
            self.context.register_reviewer(name)
            app_settings.set_reviewer_name(name)
            self.status_parts.refresh()

    def about(self) -> None:
        self.interaction.info(self, self.tr("关于评阅台"), self.tr(
            "评阅台 ReviewDesk %1\n法治政府建设年度报告评阅工具（离线使用，不联网）。\nQt %2，Python %3\n\n"
            "选中文字后按 1、2、3 标注举措、数据、不足；所有修改即时保存，可撤销。")
            .replace("%1", __version__).replace("%2", qVersion()).replace("%3", platform.python_version()))

    # --- reactions -------------------------------------------------------------------------

    def _selection_available(self, available: bool) -> None:
        for action in self.acts.tags.values():
            action.setEnabled(available and not self.context.readonly)

    def _write_refused(self, exc: ReviewDeskError) -> None:
        self.interaction.warning(self, self.tr("修改没有保存"), exc.message)

    def _project_changed(self) -> None:
        has = self.context.project is not None
        for action in (self.acts.save_copy, self.acts.restore_backup):
            action.setEnabled(has)
        self._update_title()

    def _store_changed(self, changes: ChangeSet) -> None:
        """The shown report removed: show none (the cache knows, no list is read)."""
        doc_id = self.context.current_doc_id
        if doc_id and changes.touches(ChangeKind.DOCUMENTS, doc_id):
            cache = self.context.cache
            if cache is not None and cache.info(doc_id) is None:
                self.context.set_current_document(0)
            self._update_title()

    def _update_title(self) -> None:
        project = self.context.project
        parts = [self.tr("评阅台")]
        if project is not None:
            name = project.path.name
            parts.insert(0, self.tr("%1（只读）").replace("%1", name) if project.readonly else name)
        self.setWindowTitle(" — ".join(parts))

    # --- drag and drop, layout -----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def _restore_layout(self) -> None:
        geometry, state = app_settings.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        if state is not None:
            self.restoreState(state)
        else:  # first start: docks sharing the annotation list's column split it evenly
            right = [d for d in self.findChildren(QDockWidget)
                     if self.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea and not d.isFloating()]
            if len(right) > 1:
                self.resizeDocks(right, [1] * len(right), Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.importer.busy:
            self.importer.cancel()
        app_settings.save_window_layout(self.saveGeometry(), self.saveState())
        super().closeEvent(event)
