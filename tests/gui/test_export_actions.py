"""File ▸ 导出… and File ▸ 导入标注… in a real main window."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import QSettings

from desktop.export import webanno
from desktop.export.summary import build_round
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.store import operations as ops
from desktop.text import canonical_text, detect_sections
from desktop.ui.context import AppContext
from desktop.ui.interaction import Interaction
from desktop.ui.main_window import MainWindow

TEXTS = [
    canonical_text(["甲镇2024年度法治政府建设情况报告", "一、主要举措和成效", "办理案件12件，𠀀村调解3起。",
                    "二、存在的不足", "普法形式单一。"]),
    canonical_text(["乙乡2024年法治政府建设工作报告", "一、工作举措", "完善法律顾问制度。"]),
]


def imported(i: int) -> ImportedDocument:
    text = TEXTS[i]
    return ImportedDocument(text.split("\n")[0], f"{i}.txt", str(i) * 64, "txt", text, detect_sections(text))


class Recorder(Interaction):
    """Answers at once and remembers what the window told the reviewer."""

    def __init__(self) -> None:
        super().__init__()
        self.infos: list[tuple[str, str, str]] = []
        self.warnings: list[tuple[str, str, str]] = []

    def info(self, parent, title, text, details=""):
        self.infos.append((title, text, details))

    def warning(self, parent, title, text, details=""):
        self.warnings.append((title, text, details))


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def project_path(tmp_path) -> Path:
    path = tmp_path / "round.rdproj"
    with Project(path) as p:
        a = p.import_document(imported(0)).doc_id
        p.import_document(imported(1))
        i = TEXTS[0].index("𠀀村调解3起")
        p.add_annotation(a, i, i + 6, "figure", note="核实", reviewer="王审")
        p.add_annotation(a, TEXTS[0].index("普法"), TEXTS[0].index("普法") + 6, "weakness")
        p.set_score(a, p.criteria()[0].id, "王审", points=10)
    return path


@pytest.fixture
def window(qtbot):
    context = AppContext()
    win = MainWindow(context, Recorder())
    qtbot.addWidget(win)
    yield win
    context.close_project()


def test_file_menu_has_export_and_import_enabled_with_a_project(window, project_path):
    names = [a.text() for a in window.menu("file").actions()]
    assert "导出…" in names and "导入标注…" in names
    ctl = window.export_controller
    assert not ctl.export_action.isEnabled() and not ctl.import_action.isEnabled()
    window.context.open_project(project_path)
    assert ctl.export_action.isEnabled() and ctl.import_action.isEnabled()


def test_dialog_scope_follows_current_document(window, project_path, qtbot):
    window.context.open_project(project_path)
    dialog = window.export_controller.open_dialog()
    assert not dialog.this_report.isEnabled() and dialog.whole_round.isChecked()
    dialog.reject()
    window.context.set_current_document(1)
    dialog = window.export_controller.open_dialog()
    assert dialog.this_report.isChecked() and dialog.doc_id == 1
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
    assert dialog.path.endswith(".xlsx") and Path(dialog.path).parent == project_path.parent
    dialog.whole_round.setChecked(True)
    assert dialog.doc_id is None
    dialog.reject()


def test_round_export_runs_in_worker_reports_progress_and_path(window, project_path, qtbot, tmp_path):
    window.context.open_project(project_path)
    qtbot.wait(100)  # let other panes settle whatever they store on open
    before = project_path.read_bytes()
    dialog = window.export_controller.open_dialog()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("docx"))
    out = tmp_path / "汇总.docx"
    dialog.path_edit.setText(str(out))
    steps = []
    with qtbot.waitSignal(window.export_controller.exportFinished, timeout=20000) as blocker:
        dialog.accept()
        window.export_controller.task.progressed.connect(lambda d, t, _s: steps.append((d, t)))
    assert blocker.args == [str(out)]
    assert steps and steps[-1] == (2, 2)
    d = docx.Document(str(out))
    assert sum(p.text == "法治政府建设年度报告评阅汇总" for p in d.paragraphs) == 2
    assert window.interaction.infos and str(out) in window.interaction.infos[-1][1]
    assert project_path.read_bytes() == before
    assert window.export_controller.export_action.isEnabled()


def test_this_report_sheet_export(window, project_path, qtbot, tmp_path):
    window.context.open_project(project_path)
    out = tmp_path / "one.xlsx"
    with qtbot.waitSignal(window.export_controller.exportFinished, timeout=20000):
        window.export_controller.start_export("xlsx", str(out), doc_id=1)
    sheet = openpyxl.load_workbook(out)["评分表"]
    header = [c.value for c in sheet[3]]  # title, subtitle, header, the 满分 row, then the reports
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[header.index("编号")] for r in rows if r[header.index("编号")] is not None] == [1]


def test_export_error_is_shown_not_raised(window, project_path, qtbot, tmp_path):
    window.context.open_project(project_path)
    with qtbot.waitSignal(window.export_controller.exportFinished, timeout=20000) as blocker:
        window.export_controller.start_export("csv", str(tmp_path / "missing" / "x.csv"))
    assert blocker.args == [""]
    assert window.interaction.warnings and "输出文件夹不存在" in window.interaction.warnings[-1][1]


def test_import_annotations_is_one_undoable_step(window, project_path, tmp_path):
    data = tmp_path / "a.json"
    with Project(project_path) as p:
        webanno.write(build_round(p, scoring=False), data)
        expected = sorted((a.doc_id, a.start, a.end, a.tag, a.note, a.reviewer) for a in p.annotations(1))
    fresh = tmp_path / "fresh.rdproj"
    with Project(fresh) as p:
        p.import_document(imported(0))
        p.import_document(imported(1))
    window.context.open_project(fresh)
    project = window.context.project
    report = window.export_controller.import_file(str(data))
    assert len(report.added) == 2
    got = sorted((a.doc_id, a.start, a.end, a.tag, a.note, a.reviewer) for a in project.annotations(1))
    assert got == expected
    assert "已导入 2 条标注" in window.interaction.infos[-1][1]
    window.context.undo_stack.undo()
    assert project.annotations(1) == []
    window.context.undo_stack.redo()
    assert sorted(a.id for a in project.annotations(1)) == sorted(report.added)
    again = window.export_controller.import_file(str(data))
    assert again.added == [] and again.duplicates == 2


def test_invalid_annotation_file_warns_and_changes_nothing(window, project_path, tmp_path):
    window.context.open_project(project_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "AnnotationCollection"}', encoding="utf-8")
    count = len(window.context.project.annotations(1))
    assert window.export_controller.import_file(str(bad)) is None
    assert window.interaction.warnings and "找不到标注列表" in window.interaction.warnings[-1][1]
    assert len(window.context.project.annotations(1)) == count


def test_a_file_whose_annotations_are_there_still_restores_its_scores(window, project_path, tmp_path):
    data = tmp_path / "a.json"
    with Project(project_path) as p:
        webanno.write(webanno.with_assessments(p, build_round(p, scoring=False)), data)
        crit = p.criteria()[0].id
        p.run(ops.ClearScores(((1, crit, "王审"),)))
        assert [s.points for s in p.scores(1)] == []
    window.context.open_project(project_path)
    report = window.export_controller.import_file(str(data))
    assert report.added == [] and report.duplicates == 2
    project = window.context.project
    assert [(s.criterion_id, s.reviewer, s.points) for s in project.scores(1)] == [(crit, "王审", 10)]
    window.context.undo_stack.undo()  # the scores came in as one undoable step
    assert project.scores(1) == []
