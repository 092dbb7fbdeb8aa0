"""The scoring store: rubric kept in the project, scores bounded and announced,
evidence links, status moving on the first score, nothing lost on a rubric change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.errors import ProjectError
from desktop.importers import import_file
from desktop.rubric import Criterion, Rubric, default_rubric
from desktop.store import Project

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def project(tmp_path):
    p = Project(tmp_path / "round.sqlite")
    p.import_document(import_file(next(SEEDS.glob("000_*.txt"))))
    yield p
    p.close()


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_round_name_and_year(project):
    changes = []
    project.subscribe(changes.append)
    info = project.set_round("2024年度乡镇法治政府建设年度报告评审", 2024)
    assert (info.name, info.year) == ("2024年度乡镇法治政府建设年度报告评审", 2024)
    assert project.set_round(year=2025).name == info.name  # name unchanged
    assert project.set_round(year=None).year is None
    with pytest.raises(ProjectError):
        project.set_round(year=1200)
    assert [cs.kinds() for cs in changes] == [{"round"}] * 3  # the refused year announced nothing
    assert _rows(project.path, "SELECT name, year FROM round") == [(info.name, None)]


def test_default_rubric_stored_when_project_is_created(project):
    rubric = project.rubric()
    assert rubric == default_rubric()
    assert project.round_info().rubric_name == rubric.name
    assert [c.id for c in project.criteria()] == rubric.ids()
    assert len(_rows(project.path, "SELECT * FROM criteria")) == len(rubric.criteria)


def test_set_score_bounds_status_reviewer_and_total(project):
    changes = []
    project.subscribe(changes.append)
    doc = 1
    assert project.document(doc).status == "not_started"
    score = project.set_score(doc, "measures", "张三", points=12.5, comment="举措具体")
    assert (score.points, score.comment, score.reviewer) == (12.5, "举措具体", "张三")
    assert score.updated_at
    assert project.document(doc).status == "in_review"
    assert len(changes) == 1 and changes[0].kinds() == {"scores", "documents"}  # one operation, one set
    assert changes[0].ids("scores", doc) == {"measures"} and changes[0].ids("documents") == {doc}
    project.set_score(doc, "weaknesses", "张三", points=6)
    project.set_score(doc, "measures", "张三", comment="改了评语")  # points unchanged
    assert project.score(doc, "measures", "张三").points == 12.5
    assert project.total(doc) == 18.5
    for bad in (-1, 15.5, float("nan")):
        with pytest.raises(ProjectError):
            project.set_score(doc, "measures", "张三", points=bad)
    with pytest.raises(ProjectError):
        project.set_score(doc, "no_such", "张三", points=1)
    assert project.total(doc) == 18.5  # a refused score changes nothing
    rows = _rows(project.path, "SELECT criterion_id, reviewer, points, comment FROM scores ORDER BY criterion_id")
    assert rows == [("measures", "张三", 12.5, "改了评语"), ("weaknesses", "张三", 6.0, "")]
    project.set_score(doc, "measures", "张三", points=None)
    assert project.total(doc) == 6
    project.clear_score(doc, "weaknesses", "张三")
    assert project.total(doc) == 0
    assert project.reviewers(doc) == ["张三"]


def test_two_reviewers_do_not_double_the_total(project):
    project.set_score(1, "measures", "甲", points=10)
    project.set_score(1, "measures", "乙", points=14)
    assert project.total(1) == 12
    assert project.total(1, "乙") == 14
    assert [s.reviewer for s in project.scores(1)] == ["乙", "甲"]
    assert project.reviewers(1) == ["乙", "甲"]


def test_evidence_links(project):
    a = project.add_annotation(1, 10, 20, "measure", reviewer="张三")
    b = project.add_annotation(1, 5, 8, "figure", reviewer="张三")
    project.add_evidence(1, "measures", a.id, "张三")
    project.add_evidence(1, "measures", b.id, "张三")
    project.add_evidence(1, "measures", b.id, "张三")  # twice = once
    ev = project.evidence(1, "measures")
    assert [e.annotation_id for e in ev] == [b.id, a.id]  # text order
    removed = project.remove_evidence(1, "measures", b.id)
    assert removed is not None and removed.annotation_id == b.id
    assert project.remove_evidence(1, "measures", b.id) is None
    project.restore_evidence(removed)
    assert len(project.evidence(1)) == 2
    other = project.import_document(import_file(next(SEEDS.glob("001_*.txt")))).doc_id
    with pytest.raises(ProjectError):
        project.add_evidence(other, "measures", a.id)
    project.delete_annotation(a.id)  # a deleted annotation takes its links with it
    assert [e.annotation_id for e in project.evidence(1)] == [b.id]


def test_new_rubric_keeps_matching_scores_and_loses_nothing(project):
    project.set_score(1, "measures", "张三", points=10)
    project.set_score(1, "published_on_time", "张三", points=8)
    new = Rubric("县细则", (Criterion("measures", "举措", 50), Criterion("extra", "特色亮点", 50)))
    project.set_rubric(new)
    assert project.round_info().rubric_name == "县细则"
    assert [s.criterion_id for s in project.scores(1)] == ["measures"]
    assert project.total(1) == 10
    assert len(_rows(project.path, "SELECT * FROM scores")) == 2  # the other row is still there
    project.set_rubric(default_rubric())
    assert project.total(1) == 18  # and comes back with its criterion


def test_new_rubric_without_keeping_scores_archives_them(project):
    project.set_score(1, "measures", "张三", points=10)
    project.set_rubric(default_rubric(), keep_scores=False)
    assert project.scores(1) == [] and project.total(1) == 0
    rows = _rows(project.path, "SELECT criterion_id, points FROM scores")
    assert len(rows) == 1 and rows[0][0].startswith("archived/") and rows[0][0].endswith("/measures")


def test_stored_rubric_survives_reopen(tmp_path):
    path = tmp_path / "r.sqlite"
    with Project(path) as p:
        p.set_rubric(Rubric("县细则", (Criterion("a", "甲", 30), Criterion("b", "乙", 70, group="组"))))
    with Project(path) as p:
        assert p.rubric().name == "县细则"
        assert [(c.id, c.max_points, c.group) for c in p.criteria()] == [("a", 30, ""), ("b", 70, "组")]


def test_round_summary(project):
    doc2 = project.import_document(import_file(next(SEEDS.glob("002_*.txt")))).doc_id
    project.add_annotation(doc2, 0, 3, "figure", reviewer="乙")
    project.add_annotation(doc2, 4, 9, "weakness", reviewer="乙")
    project.set_score(doc2, "measures", "甲", points=7)
    summary = {s.info.id: s for s in project.round_summary()}
    assert summary[1].total == 0 and summary[1].tag_counts == {"measure": 0, "figure": 0, "weakness": 0}
    assert summary[doc2].total == 7 and summary[doc2].scored == 1
    assert summary[doc2].tag_counts == {"measure": 0, "figure": 1, "weakness": 1}
    assert summary[doc2].reviewers == ("乙", "甲")


def test_completeness_from_stored_text(project):
    result = project.completeness(1)
    assert result.found_count == 4 and result.missing == ["other"]


def test_metadata_for_all_reports_in_one_announcement(tmp_path, seed_paths):
    from desktop.importers import import_file
    from desktop.store import Project

    with Project(tmp_path / "r.rdproj") as p:
        ids = [p.import_document(import_file(path), detect=False).doc_id for path in seed_paths]
        p.update_document(ids[0], unit="手填单位")
        changes = []
        p.subscribe(changes.append)
        done = p.apply_detected_metadata_to_all()
        assert done == ids[1:]  # the report with a unit typed in is left alone
        assert len(changes) == 1 and changes[0].kinds() == {"documents"}  # one operation, one set
        assert [c.ids for c in changes[0]] == [(i,) for i in ids[1:]]
        assert [(d.unit, d.year) for d in p.documents()] == [
            ("手填单位", None), ("天龙镇", 2024), ("棣棠乡", 2023), ("尼山镇", 2024), ("掌起镇", 2020)]
        assert p.apply_detected_metadata_to_all() == []


def test_an_unscored_report_has_no_total_not_zero(project):
    """未评 is not 0 points: a report counts as scored once one criterion has points."""
    assert project.scored_total(1) is None and project.total(1) == 0
    project.set_score(1, "measures", "甲", comment="先写评语")  # a comment is no score
    assert project.scored_total(1) is None
    assert {s.info.id: s for s in project.round_summary()}[1].scored_total is None
    project.set_score(1, "measures", "甲", points=0)
    assert project.scored_total(1) == 0 and project.scored_total(1, "甲") == 0
    assert project.scored_total(1, "乙") is None  # 乙 has not scored it yet
    assert {s.info.id: s for s in project.round_summary()}[1].scored_total == 0
    project.set_score(1, "next_year", "乙", points=6)
    assert project.scored_total(1) == 6 and project.scored_total(1, "乙") == 6
