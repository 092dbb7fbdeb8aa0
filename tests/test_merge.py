"""Merging reviewers' projects (issue 14): reports by content, annotations by
UUID, scores per reviewer, conflicts kept and listed, rubric refused, backup."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.importers.base import ImportedDocument
from desktop.rubric import Criterion, Rubric, default_rubric
from desktop.store import Project
from desktop.store import project as project_module
from desktop.store.backups import list_backups
from desktop.store.merge import (
    MergeRefused,
    RegisterReviewer,
    RubricMismatch,
    conflicts,
    legacy_installation,
    merge_files,
    prepare_merge,
    rubric_difference,
)
from desktop.text import detect_sections

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def ticking_clock(monkeypatch):
    """Every write gets a later second, so 'edited after creation' is never a tie."""
    start = datetime(2026, 3, 1, 9, 0, 0)
    counter = itertools.count()
    monkeypatch.setattr(project_module.Project, "now",
                        staticmethod(lambda: (start + timedelta(seconds=next(counter))).isoformat()))


def _text(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def _imported(text: str, name: str, title: str) -> ImportedDocument:
    return ImportedDocument(title, name, f"sha-{name}-{title}", "txt", text, detect_sections(text))


def _reviewer(p: Project, name: str, installation: str) -> str:
    return p.run(RegisterReviewer(name, installation)).result


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _make(path: Path, docs: list[tuple[int, str, str]], reviewer: str, installation: str,
          tags: list[tuple[int, str, str]] = (), scores: list[tuple[int, str, float]] = ()) -> dict[int, int]:
    """A reviewer's project: ``docs`` (seed index, file name, title); ``tags``
    (seed index, text to tag, tag); ``scores`` (seed index, criterion, points)."""
    ids = {}
    with Project(path) as p:
        key = _reviewer(p, reviewer, installation)
        for seed, name, title in docs:
            ids[seed] = p.import_document(_imported(_text(seed), name, title)).doc_id
        for seed, needle, tag in tags:
            start, end = _span(_text(seed), needle)
            p.add_annotation(ids[seed], start, end, tag, reviewer=key, note=f"{reviewer}的批注")
        for seed, crit, points in scores:
            p.set_score(ids[seed], crit, key, points=points)
    return ids


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (no volatile search index), for 'untouched' checks."""
    return {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1, 2")
            for t in ("documents", "annotations", "scores", "score_evidence", "reviewers", "merge_conflicts",
                      "merges", "sections", "document_versions")}


def _needles(i: int) -> list[str]:
    paras = [line for line in _text(i).split("\n") if len(line) > 40]
    return [paras[2][:12], paras[5][3:15], paras[8][:10]]


@pytest.fixture
def panel(tmp_path):
    """Three reviewers' projects of the same two townships' reports, imported
    under other titles and file names and in another order; 张三 on two PCs."""
    a, b, c = tmp_path / "甲.rdproj", tmp_path / "乙.rdproj", tmp_path / "丙.rdproj"
    n0, n1 = _needles(0), _needles(1)
    _make(a, [(0, "报告.txt", "坡头镇法治政府建设报告"), (1, "报告(1).txt", "棣棠乡法治政府建设报告")],
          "张三", "pc-a", tags=[(0, n0[0], "measure"), (0, n0[1], "figure"), (1, n1[0], "weakness")],
          scores=[(0, "measures", 12), (1, "measures", 9)])
    _make(b, [(1, "棣棠乡.docx.txt", "2023年度报告"), (0, "坡头镇.txt", "2023年度报告")],
          "张三", "pc-b", tags=[(0, n0[0], "measure"), (1, n1[1], "figure")],
          scores=[(0, "measures", 10)])
    _make(c, [(0, "report.txt", "坡头"), (2, "report.txt", "坡头"), (1, "x.txt", "棣棠")],
          "李四", "pc-c", tags=[(2, _needles(2)[0], "measure"), (1, n1[2], "measure")],
          scores=[(2, "weaknesses", 7)])
    return a, b, c


def test_two_projects_same_reports_other_titles_and_names_become_one_each(panel):
    a, b, _ = panel
    with Project(a) as p:
        summary = merge_files(p, [b])
        docs = p.documents()
        assert len(docs) == 2  # matched by content, not by title or file name
        assert {d.title for d in docs} == {"坡头镇法治政府建设报告", "棣棠乡法治政府建设报告"}  # ours kept
        reviewers = {a.reviewer for d in docs for a in p.annotations(d.id)}
        assert reviewers == {"张三", "张三（2）"}  # two PCs' 张三 stay apart
        by_reviewer = {}
        for d in docs:
            for s in p.scores(d.id):
                if s.points is not None:
                    by_reviewer.setdefault(s.reviewer, []).append((d.title, s.points))
        assert sorted(by_reviewer["张三"]) == [("坡头镇法治政府建设报告", 12), ("棣棠乡法治政府建设报告", 9)]
        assert by_reviewer["张三（2）"] == [("坡头镇法治政府建设报告", 10)]
    s = summary.sources[0]
    assert (s.documents_matched, s.documents_added, s.annotations_added, s.scores_added) == (2, 0, 2, 1)
    assert s.reviewers == {"张三": "张三（2）"}
    assert s.reviewers_added == ["张三（2）"]
    # the incoming measure on seed 0 sits on the same text as ours: two reviewers, two rows
    rows = _rows(a, "SELECT reviewer, quote FROM annotations WHERE tag = 'measure' ORDER BY reviewer")
    assert [r[0] for r in rows] == ["张三", "张三（2）"] and rows[0][1] == rows[1][1]


def test_three_projects_merge_without_duplicates_and_idempotently(panel):
    a, b, c = panel
    with Project(a) as p:
        first = merge_files(p, [b, c])
        assert [s.documents_added for s in first.sources] == [0, 1]  # seed 2 only in 丙
        assert len(p.documents()) == 3
        counts = p.tag_counts()
        before = _dump(a)
        again = merge_files(p, [b, c, b])
        assert not any(s.changed for s in again.sources)
        assert all(s.annotations_added == 0 and s.scores_added == 0 for s in again.sources)
        assert p.tag_counts() == counts
    after = _dump(a)
    assert after == before  # nothing added, not even a merge record
    assert len(_rows(a, "SELECT * FROM merges")) == 2
    assert {r[0] for r in _rows(a, "SELECT key FROM reviewers")} == {"张三", "张三（2）", "李四"}


def test_merge_order_does_not_change_what_comes_in(panel, tmp_path):
    a, b, c = panel
    copy = tmp_path / "copy.rdproj"
    shutil.copy(a, copy)
    with Project(a) as p:
        merge_files(p, [b, c])
        one = sorted((x.quote, x.tag, x.reviewer) for d in p.documents() for x in p.annotations(d.id))
    with Project(copy) as p:
        merge_files(p, [c, b])
        two = sorted((x.quote, x.tag, x.reviewer) for d in p.documents() for x in p.annotations(d.id))
    assert one == two and len(one) == 7


def test_same_title_different_reports_stay_two(tmp_path):
    a, b = tmp_path / "a.rdproj", tmp_path / "b.rdproj"
    _make(a, [(0, "报告.txt", "法治政府建设年度报告")], "张三", "pc-a")
    _make(b, [(3, "报告.txt", "法治政府建设年度报告")], "李四", "pc-b", tags=[(3, _needles(3)[0], "figure")])
    with Project(a) as p:
        merge_files(p, [b])
        assert [d.title for d in p.documents()] == ["法治政府建设年度报告"] * 2
        assert len({d.content_sha256 for d in p.documents()}) == 2


def _copy_with_edit(src: Path, dst: Path, note: str | None, tag: str | None = None) -> None:
    shutil.copy(src, dst)
    with Project(dst) as p:
        ann = p.annotations(p.documents()[0].id)[0]
        p.update_annotation(ann.id, note=note, tag=tag)


def test_annotation_edited_on_both_sides_is_a_conflict_kept_twice_and_listed(panel, tmp_path):
    a, _, _ = panel
    b = tmp_path / "副本.rdproj"
    _copy_with_edit(a, b, "他们的改法")
    with Project(a) as p:
        doc = p.documents()[0].id
        ours = p.annotations(doc)[0]
        p.update_annotation(ours.id, note="我们的改法")
        n = len(p.annotations(doc))
        summary = merge_files(p, [b])
        anns = p.annotations(doc)
        assert len(anns) == n + 1
        assert {x.note for x in anns if x.quote == ours.quote} == {"我们的改法", "他们的改法"}
        assert p.annotation(ours.id).note == "我们的改法"  # ours stays where it was
        listed = conflicts(p)
        assert len(listed) == 1 and listed[0]["kind"] == "annotation"
        assert listed[0]["annotation_id"] == ours.id
        assert listed[0]["kept"]["note"] == "我们的改法" and listed[0]["other"]["note"] == "他们的改法"
        other = p.annotation(listed[0]["other_annotation_id"])
        assert other.note == "他们的改法" and other.uuid != ours.uuid
        assert len(summary.sources[0].conflicts) == 1
        assert "两边改得不同" in summary.sources[0].conflicts[0].message()
        again = merge_files(p, [b])  # the same conflict does not come twice
        assert not again.sources[0].changed
        assert len(p.annotations(doc)) == n + 1 and len(conflicts(p)) == 1


def test_annotation_edited_on_one_side_takes_the_edit_without_conflict(panel, tmp_path):
    a, _, _ = panel
    b = tmp_path / "副本.rdproj"
    _copy_with_edit(a, b, "只在副本里改过", tag="weakness")
    with Project(a) as p:
        doc = p.documents()[0].id
        n = len(p.annotations(doc))
        summary = merge_files(p, [b])
        assert summary.sources[0].annotations_updated == 1 and not summary.sources[0].conflicts
        first = p.annotations(doc)[0]
        assert (first.note, first.tag) == ("只在副本里改过", "weakness") and len(p.annotations(doc)) == n
    # and the other way round: the edit made here stands against an unedited copy
    c = panel[1].parent / "未改.rdproj"
    shutil.copy(panel[0], c)
    with Project(b) as p:
        summary = merge_files(p, [c])
        assert summary.sources[0].annotations_updated == 0 and not summary.sources[0].conflicts
        assert p.annotations(p.documents()[0].id)[0].note == "只在副本里改过"


def test_score_differing_keeps_the_newer_and_lists_the_other(panel, tmp_path):
    a, _, _ = panel
    b = tmp_path / "副本.rdproj"
    shutil.copy(a, b)
    with Project(b) as p:
        p.set_score(p.documents()[0].id, "measures", "张三", points=14)  # later than ours
    with Project(a) as p:
        doc = p.documents()[0].id
        summary = merge_files(p, [b])
        assert p.score(doc, "measures", "张三").points == 14
        assert summary.sources[0].scores_updated == 1
        listed = conflicts(p)
        assert [(c["kind"], c["kept"]["points"], c["other"]["points"]) for c in listed] == [("score", 14, 12)]
        p.set_score(doc, "measures", "张三", points=13)  # now ours is newer
        summary = merge_files(p, [b])
        assert p.score(doc, "measures", "张三").points == 13
        assert summary.sources[0].scores_updated == 0
        assert [(c["kept"]["points"], c["other"]["points"]) for c in conflicts(p)][0] == (13, 14)


def test_rubric_mismatch_is_refused_naming_the_difference_and_writes_nothing(panel):
    a, b, _ = panel
    with Project(b) as p:
        crits = list(default_rubric().criteria)
        crits[1] = Criterion(crits[1].id, crits[1].title, 20.0)
        p.set_rubric(Rubric("另一细则", tuple(crits)))
    before = _dump(a)
    with Project(a) as p:
        with pytest.raises(RubricMismatch) as err:
            prepare_merge(p, [b])
    assert "满分 10 分，对方 20 分" in err.value.message and b.name in err.value.message
    assert _dump(a) == before
    assert not [x for x in list_backups(a) if x.note == "before-merge"]


def test_rubric_difference_names_titles_counts_and_equal_rubrics():
    base = default_rubric()
    assert rubric_difference(base, base) is None
    crits = list(base.criteria)
    renamed = crits[:2] + [Criterion(crits[2].id, "别的名称", crits[2].max_points)] + crits[3:]
    assert rubric_difference(base, Rubric("x", tuple(renamed))).startswith("第 3 项")
    assert "别的名称" in rubric_difference(base, Rubric("x", tuple(renamed)))
    shorter = Rubric("x", tuple(crits[:-1]))
    n = len(crits)
    assert rubric_difference(base, shorter) == f"本项目有 {n} 项，对方有 {n - 1} 项（本项目多出“{crits[-1].title}”）"
    assert rubric_difference(shorter, base) == f"本项目有 {n - 1} 项，对方有 {n} 项（对方多出“{crits[-1].title}”）"
    assert rubric_difference(base, Rubric("另一个名称", base.criteria)) is None  # the name alone scores alike


def test_backup_is_made_first_and_holds_the_target_as_it_was(panel):
    a, b, _ = panel
    before = _dump(a)
    with Project(a) as p:
        summary = merge_files(p, [b])
    backups = [x for x in list_backups(a) if x.note == "before-merge"]
    assert len(backups) == 1 and summary.backup == str(backups[0].path)
    kept = _dump(backups[0].path)
    assert kept["annotations"] == before["annotations"] and kept["scores"] == before["scores"]


def test_merge_is_one_undo_step(panel):
    a, b, c = panel
    before = _dump(a)
    with Project(a) as p:
        op = prepare_merge(p, [b, c])
        applied = p.run(op)
        assert len(p.documents()) == 3
        assert {"documents", "annotations", "scores"} <= {str(k) for k in applied.changes.kinds()}
        p.run(applied.inverse)
    assert _dump(a) == before


def test_source_is_never_changed_and_may_be_open_elsewhere(panel):
    a, b, _ = panel
    before = b.read_bytes()
    with Project(b):  # a window has it open
        with Project(a) as p:
            merge_files(p, [b])
    assert b.read_bytes() == before


def test_missing_source_and_the_target_itself_are_refused(panel, tmp_path):
    a, _, _ = panel
    with Project(a) as p:
        with pytest.raises(MergeRefused, match="合并进它自己"):
            prepare_merge(p, [a])
        with pytest.raises(Exception, match="找不到项目文件"):
            prepare_merge(p, [tmp_path / "无.rdproj"])
        not_project = tmp_path / "x.rdproj"
        not_project.write_text("hello", encoding="utf-8")
        with pytest.raises(Exception) as err:
            prepare_merge(p, [not_project])
        assert getattr(err.value, "kind", "")


def test_unclaimed_reviewers_of_old_projects_stay_apart(tmp_path):
    """Reviewer names written before installations were recorded belong to
    their own project file: another file's 张三 is not merged into them."""
    a, b = tmp_path / "a.rdproj", tmp_path / "b.rdproj"
    for path in (a, b):
        with Project(path) as p:
            doc = p.import_document(_imported(_text(0), "r.txt", "报告")).doc_id
            p.add_annotation(doc, *_span(_text(0), _needles(0)[0]), "measure", reviewer="张三")
    with Project(a) as p:
        created = p.db.conn.execute("SELECT uuid FROM round").fetchone()[0]
        summary = merge_files(p, [b])
        assert summary.sources[0].reviewers == {"张三": "张三（2）"}
        assert ("张三", "张三", legacy_installation(created)) in [
            tuple(r) for r in p.db.conn.execute("SELECT key, name, installation FROM reviewers")]
        assert sorted(x.reviewer for x in p.annotations(p.documents()[0].id)) == ["张三", "张三（2）"]


def _v5_file(path: Path, text: str, reviewer: str) -> None:
    """A project as issue 13's version wrote it (schema 5, no reviewers table)."""
    from desktop.store.schema import MIGRATIONS, content_hash

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in range(5):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("INSERT INTO round (id, created_at, updated_at) VALUES (1, '2025-03-01T09:00:00', 't')")
    conn.execute("INSERT INTO documents (id, uuid, title, source_name, source_sha256, content_sha256, format, "
                 "text, imported_at, updated_at, chars) VALUES (1, ?, '旧报告', 'a.txt', 's', ?, 'txt', ?, 't', 't', ?)",
                 (f"doc-{path.stem}", content_hash(text), text, len(text)))
    conn.execute('INSERT INTO annotations (uuid, doc_id, start, "end", quote, tag, note, reviewer, created_at, '
                 "updated_at) VALUES (?, 1, 0, 4, ?, 'measure', '', ?, 't', 't')",
                 (f"ann-{path.stem}", text[:4], reviewer))
    conn.execute("COMMIT")
    conn.close()


def test_old_version_sources_merge_idempotently_and_their_namesakes_stay_apart(tmp_path):
    """Sources made before this version are upgraded in a private copy; the id
    their unclaimed reviewers get is derived from the file, so merging one twice
    adds nothing, while two old files' 张三 stay two reviewers."""
    old1, old2, target = tmp_path / "old1.rdproj", tmp_path / "old2.rdproj", tmp_path / "t.rdproj"
    _v5_file(old1, _text(0), "张三")
    _v5_file(old2, _text(0), "张三")
    before = old1.read_bytes()
    Project(target).close()
    with Project(target) as p:
        merge_files(p, [old1, old2])
        assert sorted(x.reviewer for x in p.annotations(p.documents()[0].id)) == ["张三", "张三（2）"]
        again = merge_files(p, [old2, old1])
        assert not any(s.changed for s in again.sources)
        assert len(p.annotations(p.documents()[0].id)) == 2
    assert old1.read_bytes() == before  # read through a copy, never upgraded in place


def test_register_reviewer_claims_keys_and_numbers_namesakes(tmp_path):
    with Project(tmp_path / "p.rdproj") as p:
        assert _reviewer(p, "张三", "pc-1") == "张三"
        assert _reviewer(p, "张三", "pc-1") == "张三"
        assert _reviewer(p, "张三", "pc-2") == "张三（2）"
        assert _reviewer(p, "张三", "pc-3") == "张三（3）"
        assert _reviewer(p, "李四", "pc-2") == "李四"


def test_a_report_replaced_by_a_new_version_on_one_side_gets_annotations_reanchored(tmp_path):
    a, b = tmp_path / "a.rdproj", tmp_path / "b.rdproj"
    text = _text(0)
    needle = _needles(0)[1]
    _make(a, [(0, "r.txt", "报告")], "张三", "pc-a")
    shutil.copy(a, b)
    with Project(b) as p:
        key = _reviewer(p, "李四", "pc-b")
        doc = p.documents()[0].id
        p.add_annotation(doc, *_span(text, needle), "figure", reviewer=key)
    new_text = "（修订稿）\n" + text.replace(needle, "【" + needle + "】")
    with Project(a) as p:
        doc = p.documents()[0].id
        p.replace_document(doc, _imported(new_text, "r2.txt", "报告"))
        summary = merge_files(p, [b])
        assert summary.sources[0].documents_matched == 1 and summary.sources[0].documents_added == 0
        placed = [x for x in p.annotations(doc) if x.reviewer == "李四"]
        assert len(placed) == 1 and placed[0].quote == needle
        assert new_text[placed[0].start:placed[0].end] == needle


def test_evidence_links_follow_their_annotations(panel):
    a, b, _ = panel
    with Project(b) as p:
        doc = next(d.id for d in p.documents() if d.content_sha256 == _sha(0))
        ann = p.annotations(doc)[0]
        p.add_evidence(doc, "measures", ann.id, "张三")
    with Project(a) as p:
        summary = merge_files(p, [b])
        assert summary.sources[0].evidence_added == 1
        doc = next(d.id for d in p.documents() if d.content_sha256 == _sha(0))
        ev = p.evidence(doc, "measures")
        assert len(ev) == 1
        linked = p.annotation(ev[0].annotation_id)
        assert linked.reviewer == "张三（2）" and linked.doc_id == doc


def _sha(i: int) -> str:
    from desktop.store.schema import content_hash
    return content_hash(_text(i))


# --- the command line ---------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "merge", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=REPO, timeout=120)


def test_cli_merges_prints_json_and_is_idempotent(panel):
    a, b, c = panel
    done = _cli("--json", str(a), str(b), str(c))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"backup", "sources", "conflicts"}
    assert [s["documents_added"] for s in data["sources"]] == [0, 1]
    assert {"documents_matched", "annotations_added", "annotations_updated", "scores_added", "reviewers",
            "reviewers_added", "conflicts"} <= set(data["sources"][0])
    assert Path(data["backup"]).exists()
    again = json.loads(_cli("--json", str(a), str(b), str(c)).stdout)
    assert all(s["annotations_added"] == 0 and s["documents_added"] == 0 for s in again["sources"])
    plain = _cli(str(a), str(b))
    assert plain.returncode == 0 and "没有新内容" in plain.stdout


def test_cli_creates_a_new_target_with_the_sources_rubric(panel, tmp_path):
    _, b, c = panel
    target = tmp_path / "汇总.rdproj"
    done = _cli(str(target), str(b), str(c))
    assert done.returncode == 0, done.stderr
    with Project(target) as p:
        assert len(p.documents()) == 3


def test_cli_errors_are_one_line_exit_2_and_leave_the_target_untouched(panel, tmp_path):
    a, b, _ = panel
    with Project(b) as p:
        p.set_rubric(Rubric("另一细则", default_rubric().criteria[:3]))
    before = _dump(a)
    for args, kind in [((str(a), str(b)), "rubric"), ((str(a), str(tmp_path / "无.rdproj")), "project"),
                       ((str(a), str(a)), "merge")]:
        done = _cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {kind}:"), done.stderr
    assert _dump(a) == before
    missing_target = tmp_path / "新.rdproj"
    done = _cli(str(missing_target), str(tmp_path / "无.rdproj"))
    assert done.returncode == 2 and not missing_target.exists()


def test_no_backup_no_merge(panel, monkeypatch):
    import desktop.store.backups as backups

    a, b, _ = panel

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "make_backup", full_disk)
    before = _dump(a)
    with Project(a) as p:
        with pytest.raises(MergeRefused, match="未能备份"):
            merge_files(p, [b])
    assert _dump(a) == before


# --- settling conflicts -----------------------------------------------------------------------------------


def _conflicted(panel, tmp_path) -> tuple[Path, int, int, int]:
    """The target with one annotation conflict: (path, doc, our id, other id)."""
    a, _, _ = panel
    b = tmp_path / "副本.rdproj"
    _copy_with_edit(a, b, "他们的改法", tag="weakness")
    with Project(a) as p:
        doc = p.documents()[0].id
        ours = p.annotations(doc)[0]
        p.update_annotation(ours.id, note="我们的改法")
        p.add_evidence(doc, "measures", ours.id, "张三")
        merge_files(p, [b])
        (c,) = conflicts(p)
    return a, doc, ours.id, c["other_annotation_id"]


@pytest.mark.parametrize("keep, note, tag", [("kept", "我们的改法", "measure"), ("other", "他们的改法", "weakness")])
def test_settling_an_annotation_conflict_keeps_one_version_and_is_undone(panel, tmp_path, keep, note, tag):
    from desktop.store.merge import ResolveConflicts

    a, doc, ours_id, other_id = _conflicted(panel, tmp_path)
    before = _dump(a)
    with Project(a) as p:
        n = len(p.annotations(doc))
        cid = conflicts(p)[0]["id"]
        applied = p.run(ResolveConflicts((cid,), keep))
        anns = p.annotations(doc)
        assert len(anns) == n - 1 and other_id not in {x.id for x in anns}
        kept = p.annotation(ours_id)
        assert (kept.note, kept.tag) == (note, tag)
        assert [e.annotation_id for e in p.evidence(doc, "measures")] == [ours_id]  # the link stays on ours
        assert conflicts(p) == [] and len(conflicts(p, include_resolved=True)) == 1
        p.run(applied.inverse)
    assert _dump(a) == before


def test_keeping_both_only_marks_the_conflict_settled(panel, tmp_path):
    from desktop.store.merge import ResolveConflicts

    a, doc, ours_id, other_id = _conflicted(panel, tmp_path)
    with Project(a) as p:
        n = len(p.annotations(doc))
        p.run(ResolveConflicts((conflicts(p)[0]["id"],), "both"))
        assert len(p.annotations(doc)) == n and conflicts(p) == []
        with pytest.raises(Exception, match="没有未处理的合并冲突"):
            p.run(ResolveConflicts((1,), "kept"))
        with pytest.raises(Exception, match="未知的处理方式"):
            p.run(ResolveConflicts((1,), "mine"))


def test_settling_a_score_conflict_takes_theirs_or_keeps_the_newer(panel, tmp_path):
    from desktop.store.merge import ResolveConflicts

    a, _, _ = panel
    b = tmp_path / "副本.rdproj"
    shutil.copy(a, b)
    with Project(a) as p:
        doc = p.documents()[0].id
        p.set_score(doc, "measures", "张三", points=11)
    with Project(b) as p:
        p.set_score(doc, "measures", "张三", points=14)  # newer
    with Project(a) as p:
        merge_files(p, [b])
        assert p.score(doc, "measures", "张三").points == 14
        p.run(ResolveConflicts((conflicts(p)[0]["id"],), "other"))  # the other = our older 11
        assert p.score(doc, "measures", "张三").points == 11 and conflicts(p) == []


def test_a_matched_report_keeps_its_title_and_takes_a_unit_and_year_it_lacks(tmp_path):
    a, b = tmp_path / "a.rdproj", tmp_path / "b.rdproj"
    _make(a, [(0, "r.txt", "我们的标题")], "张三", "pc-a")
    _make(b, [(0, "x.txt", "他们的标题"), (1, "y.txt", "棣棠")], "李四", "pc-b")
    with Project(a) as p:
        doc = p.documents()[0].id
        p.update_document(doc, unit="", year=None)
    with Project(b) as p:
        first, second = (d.id for d in p.documents())
        p.update_document(first, unit="坡头镇", year=2019)
    with Project(a) as p:
        merge_files(p, [b])
        info = p.document_info(doc)
        assert (info.title, info.unit, info.year) == ("我们的标题", "坡头镇", 2019)
    with Project(b) as p:
        p.update_document(first, unit="别的镇", year=2020)
    with Project(a) as p:
        p.update_document(doc, year=None)  # ours has a unit now, but no year
        merge_files(p, [b])
        info = p.document_info(doc)
        assert (info.unit, info.year) == ("坡头镇", 2020)  # our unit stays, the year comes in


def test_every_score_counts_in_the_summary(panel, tmp_path):
    a, _, _ = panel
    with Project(tmp_path / "空.rdproj") as p:
        summary = merge_files(p, [a])
        assert summary.sources[0].scores_added == 2 and summary.sources[0].documents_added == 2
        assert summary.sources[0].annotations_added == 3


@pytest.mark.parametrize("keep", ["kept", "both"])
def test_keeping_the_newer_score_leaves_it(panel, tmp_path, keep):
    from desktop.store.merge import ResolveConflicts

    a, _, _ = panel
    b = tmp_path / "副本.rdproj"
    shutil.copy(a, b)
    with Project(a) as p:
        doc = p.documents()[0].id
        p.set_score(doc, "measures", "张三", points=11)
    with Project(b) as p:
        p.set_score(doc, "measures", "张三", points=14, comment="他们的评语")
    with Project(a) as p:
        merge_files(p, [b])
        p.run(ResolveConflicts((conflicts(p)[0]["id"],), keep))
        score = p.score(doc, "measures", "张三")
        assert (score.points, score.comment) == (14, "他们的评语") and conflicts(p) == []


def test_scores_coming_in_start_the_review_of_an_untouched_report_only(tmp_path):
    a, b = tmp_path / "a.rdproj", tmp_path / "b.rdproj"
    _make(a, [(0, "r.txt", "甲"), (1, "s.txt", "乙"), (2, "t.txt", "丙")], "张三", "pc-a")
    _make(b, [(0, "r.txt", "甲"), (1, "s.txt", "乙"), (2, "t.txt", "丙")], "李四", "pc-b",
          scores=[(0, "measures", 9), (1, "measures", 8)])
    with Project(b) as p:
        third = p.documents()[2].id
        p.set_score(third, "measures", "李四", comment="只有评语")  # a comment alone starts it too
    with Project(a) as p:
        docs = [d.id for d in p.documents()]
        p.update_document(docs[1], status="done")
        merge_files(p, [b])
        assert [p.document_info(d).status for d in docs] == ["in_review", "done", "in_review"]
