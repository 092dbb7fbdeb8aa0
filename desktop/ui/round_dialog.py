"""The round settings dialog: name and year of the assessment round, and its rubric.

Loading a rubric into a round that already has scores asks first and loses
nothing: scores of criteria whose ids stay are kept, the others stay in the
project file, hidden, and come back if a rubric with those ids is loaded again.
Questions go through :class:`AssessmentQuestions` so tests answer them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ReviewDeskError
from desktop.rubric import Rubric, default_rubric, load_rubric
from desktop.ui import commands
from desktop.ui.context import AppContext

_NO_YEAR = 1989


class AssessmentQuestions(QObject):
    """Real dialogs; tests replace the object with one that answers at once."""

    def ask_rubric_file(self, parent: QWidget | None) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, self.tr("载入评分细则"), "", self.tr("评分细则 (*.toml *.json);;所有文件 (*)"))
        return path or None

    def confirm_rubric_change(self, parent: QWidget | None, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("更换评分细则"), text, parent=parent)
        keep = box.addButton(self.tr("保留相同评分项的分数并更换"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is keep

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


def rubric_change_text(project, rubric: Rubric) -> str | None:
    """The question to ask before ``rubric`` replaces the round's one, or None when nothing is scored."""
    scored = project.scored_criteria_ids()
    current = {c.id for c in project.criteria()}
    scored &= current
    if not scored:
        return None
    new_ids = set(rubric.ids())
    kept = sorted(scored & new_ids)
    hidden = sorted(scored - new_ids)
    translate = QCoreApplication.translate
    text = translate("RoundDialog", "本轮已有评分。换成“%1”后：").replace("%1", rubric.name) + "\n"
    text += translate("RoundDialog", "· 编号相同的 %1 个评分项保留原有分数；").replace("%1", str(len(kept))) + "\n"
    if hidden:
        text += translate(
            "RoundDialog", "· %1 个评分项（%2）在新细则中没有，其分数将不再显示，但仍保存在项目中，换回原细则即可恢复。"
        ).replace("%1", str(len(hidden))).replace("%2", translate("RoundDialog", "、").join(hidden)) + "\n"
    return text + translate("RoundDialog", "是否继续？")


def change_rubric(context: AppContext, rubric: Rubric, questions: AssessmentQuestions,
                  parent: QWidget | None = None) -> bool:
    """Replaces the round's rubric after asking when scores exist; True when it changed."""
    project = context.project
    if project is None:
        return False
    question = rubric_change_text(project, rubric)
    if question is not None and not questions.confirm_rubric_change(parent, question):
        return False
    commands.perform(context, commands.set_rubric(context, rubric, keep_scores=True))
    return True


class RoundDialog(QDialog):
    """Edits the round's name and year; loads a rubric file into the round."""

    def __init__(self, context: AppContext, questions: AssessmentQuestions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundDialog")
        self.setWindowTitle(self.tr("评审轮次设置"))
        self.context, self.questions = context, questions
        project = context.project
        info = project.round_info()
        self.pending: Rubric | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(info.name, self)
        self.name_edit.setObjectName("roundName")
        self.name_edit.setPlaceholderText(self.tr("例如：2024年度乡镇法治政府建设年度报告评审"))
        form.addRow(self.tr("名称"), self.name_edit)
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("roundYear")
        self.year_spin.setRange(_NO_YEAR, 2100)
        self.year_spin.setSpecialValueText(self.tr("未设置"))
        self.year_spin.setValue(info.year or _NO_YEAR)
        form.addRow(self.tr("年度"), self.year_spin)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.rubric_label = QLabel(self)
        self.rubric_label.setObjectName("rubricName")
        self.rubric_label.setWordWrap(True)
        row.addWidget(self.rubric_label, 1)
        load = QPushButton(self.tr("载入细则文件…"), self)
        load.setObjectName("loadRubric")
        load.clicked.connect(self.load_rubric_file)
        row.addWidget(load)
        default = QPushButton(self.tr("默认细则"), self)
        default.clicked.connect(lambda: self.choose_rubric(default_rubric()))
        row.addWidget(default)
        layout.addLayout(row)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("criteriaTree")
        self.tree.setHeaderLabels([self.tr("编号"), self.tr("评分项"), self.tr("满分"), self.tr("分组")])
        self.tree.setRootIsDecorated(False)
        self.tree.setMinimumSize(620, 260)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_rubric(project.rubric())

    def _show_rubric(self, rubric: Rubric) -> None:
        pending = self.tr("（待应用）") if self.pending is not None else ""
        self.rubric_label.setText(self.tr("评分细则：%1，共 %2 项，满分 %3 分").replace("%1", rubric.name)
                                  .replace("%2", str(len(rubric.criteria)))
                                  .replace("%3", f"{rubric.total_max:g}") + pending)
        self.tree.clear()
        for c in rubric.criteria:
            item = QTreeWidgetItem([c.id, c.title, f"{c.max_points:g}", c.group])
            item.setToolTip(1, "\n".join(t for t in (c.description, c.deduction) if t))
            self.tree.addTopLevelItem(item)
        for col in range(4):
            self.tree.resizeColumnToContents(col)

    def load_rubric_file(self) -> None:
        path = self.questions.ask_rubric_file(self)
        if not path:
            return
        try:
            rubric = load_rubric(path)
        except ReviewDeskError as exc:
            self.questions.warning(self, self.tr("载入评分细则"), exc.message)
            return
        self.choose_rubric(rubric)

    def choose_rubric(self, rubric: Rubric) -> bool:
        """Asks now (not at OK) when scores exist, so the reviewer decides knowing the file."""
        question = rubric_change_text(self.context.project, rubric)
        if question is not None and not self.questions.confirm_rubric_change(self, question):
            return False
        self.pending = rubric
        self._show_rubric(rubric)
        return True

    def apply(self) -> None:
        """Writes the round's name, year and (if one was chosen) rubric to the project."""
        year = self.year_spin.value()
        name = self.name_edit.text().strip()
        year_value = None if year == _NO_YEAR else year
        info = self.context.project.round_info()
        if (info.name, info.year) != (name, year_value):
            commands.perform(self.context, commands.set_round(self.context, name, year_value))
        if self.pending is not None:
            commands.perform(self.context, commands.set_rubric(self.context, self.pending, keep_scores=True))
            self.pending = None

    def accept(self) -> None:
        try:
            self.apply()
        except ReviewDeskError as exc:
            self.questions.warning(self, self.windowTitle(), exc.message)
            return
        super().accept()
