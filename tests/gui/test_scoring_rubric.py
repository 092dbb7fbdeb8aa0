"""Loading another rubric into a scored round: asked first, nothing lost; the round dialog."""

from __future__ import annotations

import json
import sqlite3


class FakeQuestions:
    def __init__(self, files=(), answers=()):
        self.files, self.answers = list(files), list(answers)
        self.asked: list[str] = []
        self.warnings: list[str] = []

    def ask_rubric_file(self, parent):
        return self.files.pop(0) if self.files else None

    def confirm_rubric_change(self, parent, text):
        self.asked.append(text)
        return self.answers.pop(0) if self.answers else False

    def warning(self, parent, title, text):
        self.warnings.append(text)


def _rubric_file(tmp_path, name="county.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"name": "某县考评细则", "criteria": [
        {"id": "measures", "title": "主要举措", "max_points": 60},
        {"id": "highlights", "title": "特色亮点", "max_points": 40, "group": "加分"},
    ]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_rubric_asks_keeps_matching_scores_and_loses_nothing(window, seed_doc, tmp_path):
    assessment, project = window.assessment, window.context.project
    pane = assessment.pane
    pane.set_points("measures", 12)
    pane.set_points("published_on_time", 9)
    path = _rubric_file(tmp_path)
    # Cancel: nothing changes.
    assessment.questions = FakeQuestions([str(path)], [False])
    assert assessment.rubric_action.isEnabled()
    assessment.rubric_action.trigger()
    assert len(assessment.questions.asked) == 1 and "published_on_time" in assessment.questions.asked[0]
    assert project.round_info().rubric_name.endswith("（默认）") and len(pane.cards) == 9
    # Keep matching scores.
    assessment.questions = FakeQuestions([str(path)], [True])
    assert assessment.load_rubric()
    assert project.round_info().rubric_name == "某县考评细则"
    assert list(pane.cards) == ["measures", "highlights"]
    assert pane.cards["measures"].spin.value() == 12 and pane.cards["measures"].spin.maximum() == 60
    assert "总分 12 / 100" in pane.total_label.text()
    conn = sqlite3.connect(project.path)
    assert sorted(conn.execute("SELECT criterion_id, points FROM scores")) == [
        ("measures", 12.0), ("published_on_time", 9.0)]  # the hidden one is still stored
    conn.close()


def test_bad_rubric_file_is_reported_and_changes_nothing(window, seed_doc, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "criteria": [{"id": "a", "title": "甲", "max_points": 0}]}', encoding="utf-8")
    window.assessment.questions = FakeQuestions([str(bad)])
    assert not window.assessment.load_rubric()
    assert "大于 0" in window.assessment.questions.warnings[0]
    assert len(window.context.project.criteria()) == 9


def test_round_dialog_edits_name_year_and_rubric(window, seed_doc, tmp_path, qtbot):
    assessment = window.assessment
    assessment.questions = FakeQuestions([str(_rubric_file(tmp_path))], [True])
    dialog = assessment.edit_round()
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("2024年度乡镇法治政府建设年度报告评审")
    dialog.year_spin.setValue(2024)
    dialog.load_rubric_file()
    assert dialog.tree.topLevelItemCount() == 2 and "待应用" in dialog.rubric_label.text()
    assert assessment.questions.asked == []  # nothing scored yet: no question
    dialog.accept()
    info = window.context.project.round_info()
    assert (info.name, info.year, info.rubric_name) == ("2024年度乡镇法治政府建设年度报告评审", 2024, "某县考评细则")
    assert "2024年度乡镇法治政府建设年度报告评审" in window.overview.round_label.text()
