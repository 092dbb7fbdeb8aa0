"""Panes follow change sets (issue 10): a hidden overview does no work until it
is shown and then refreshes once; a shown one re-reads only the rows a change
set touched, once per event-loop turn; the scoring pane checks a report's
parts once per text version and refreshes only for what it shows; the
documents list re-reads rows from the cache, never the list of reports.

Work is counted (monkeypatched methods, the follower's counters, signals),
never timed."""

from __future__ import annotations

import pytest
from conftest import REPO
from PySide6.QtWidgets import QWidget

from desktop.store import Change, ChangeSet, Project
from desktop.store import operations as ops
from desktop.ui import overview as overview_module
from desktop.ui.overview import COL

SEEDS = sorted((REPO / "seeds").glob("*.txt"))[:4]


class Calls:
    """Counts the calls of some methods (the methods still run)."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch
        self.n: dict[str, int] = {}

    def count(self, owner, name: str) -> None:
        inner = getattr(owner, name, None)
        if inner is None:  # absent in this version: counts stay 0
            return
        key = f"{owner.__name__}.{name}"
        self.n.setdefault(key, 0)

        def counted(*args, **kwargs):
            self.n[key] += 1
            return inner(*args, **kwargs)

        self.monkeypatch.setattr(owner, name, counted)

    def reset(self) -> None:
        self.n = dict.fromkeys(self.n, 0)

    def __getitem__(self, key: str) -> int:
        return self.n.get(key, 0)


@pytest.fixture
def round_ids(window, import_files, qtbot):
    """Four reports, the first shown, units detected, every deferred refresh done."""
    summary = import_files(SEEDS)
    assert len(summary.imported) == len(SEEDS) and not summary.failed
    project = window.context.project
    qtbot.waitUntil(lambda: all(d.unit for d in project.documents()))
    ids = [o.doc_id for o in summary.imported]
    window.context.set_current_document(ids[0])
    qtbot.wait(20)
    return ids


@pytest.fixture
def calls(monkeypatch):
    c = Calls(monkeypatch)
    c.count(overview_module.OverviewModel, "reload")
    c.count(overview_module.OverviewModel, "apply_changes")
    c.count(Project, "round_summary")
    c.count(Project, "score_totals")
    c.count(Project, "documents")
    return c


def _add(window, doc_id: int, spans, tag="measure", reviewer="测试员") -> list[int]:
    """Tags many spans of one report in one operation, through the window's undo stack."""
    from desktop.ui import commands

    items = [ops.NewAnnotation(doc_id, s, e, tag, reviewer=reviewer) for s, e in spans]
    cmd = commands.perform(window.context, commands.import_annotations(window.context, items))
    return list(cmd.result)


def _rows(window) -> dict[int, dict]:
    """The source model's rows by report id (read without catching up)."""
    model = window.overview.model
    return {model.doc_id_at(r): {name: model.index(r, col).data() for name, col in COL.items()}
            for r in range(model.rowCount())}


def _expected_counts(window, doc_id: int) -> tuple[int, int, int]:
    c = window.context.project.tag_counts(doc_id)
    return c["measure"], c["figure"], c["weakness"]


def _show_overview(window, qtbot) -> None:
    window.assessment.show_overview()
    assert window.overview.isVisible()
    qtbot.wait(10)


def _show_document(window, qtbot) -> None:
    window.tabs.setCurrentWidget(window.document_view)
    assert not window.overview.isVisible()
    qtbot.wait(10)


# --- the overview -----------------------------------------------------------------------------


def test_opening_reads_nothing_for_the_hidden_overview_and_first_show_loads_it_once(
        window, round_ids, calls, qtbot, tmp_path):
    path = window.context.project.path
    window.context.close_project()
    calls.reset()
    assert window.open_project(path)
    qtbot.wait(50)  # whatever the window defers to after the open has run
    assert calls["OverviewModel.reload"] == 0 and calls["Project.round_summary"] == 0
    assert calls["Project.score_totals"] == 0
    assert window.overview.follower.stale
    _show_overview(window, qtbot)
    assert calls["OverviewModel.reload"] == 1 and calls["OverviewModel.apply_changes"] == 0
    assert not window.overview.follower.pending
    rows = _rows(window)
    assert sorted(rows) == sorted(round_ids)


def test_hidden_overview_does_nothing_until_shown_then_refreshes_once(window, round_ids, calls, qtbot):
    a, b, c, _d = round_ids
    _show_overview(window, qtbot)  # loaded once
    before = _rows(window)
    _show_document(window, qtbot)
    calls.reset()
    # A burst of work while it is hidden: many tags one by one, a batch, a batch delete.
    for i in range(20):
        window.ops.add(a, 10 + i * 3, 12 + i * 3, "figure")
    batch = _add(window, b, [(5 + i * 4, 7 + i * 4) for i in range(60)], "weakness")
    window.ops.delete(batch[:45])
    window.context.project.set_score(c, "measures", "测试员", points=12)
    qtbot.wait(20)
    assert calls["OverviewModel.reload"] == 0 and calls["OverviewModel.apply_changes"] == 0
    assert calls["Project.round_summary"] == 0 and calls["Project.score_totals"] == 0
    assert window.overview.follower.stale
    assert _rows(window) == before  # nothing was touched while nobody looked

    model = window.overview.model
    changed: list[tuple[int, int]] = []
    resets = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    model.modelReset.connect(lambda: resets.append(1))
    _show_overview(window, qtbot)
    assert calls["OverviewModel.apply_changes"] == 1 and calls["OverviewModel.reload"] == 0
    assert calls["Project.round_summary"] == 0
    assert resets == []
    assert sorted(model.doc_id_at(top) for top, bottom in changed if top == bottom) == sorted([a, b, c])
    rows = _rows(window)
    for doc_id in round_ids:
        assert (rows[doc_id]["measure"], rows[doc_id]["figure"], rows[doc_id]["weakness"]) == \
            _expected_counts(window, doc_id)
    assert rows[b]["weakness"] == 15 and rows[c]["total"] == "12"
    assert rows[a]["figure"] == before[a]["figure"] + 20
    assert {r.total for r in window.overview.chart.rows} >= {12.0}  # the chart followed


def test_visible_overview_updates_only_the_tagged_row(window, round_ids, calls, qtbot):
    a, b, *_ = round_ids
    _show_overview(window, qtbot)
    model = window.overview.model
    row_b = next(r for r in range(model.rowCount()) if model.doc_id_at(r) == b)
    before = _rows(window)[b]["measure"]
    changed: list[tuple[int, int, int, int]] = []
    resets, layouts = [], []
    model.dataChanged.connect(lambda tl, br, *_: changed.append((tl.row(), br.row(), tl.column(), br.column())))
    model.modelReset.connect(lambda: resets.append(1))
    model.layoutChanged.connect(lambda *_: layouts.append(1))
    calls.reset()
    window.ops.add(b, 30, 36, "measure")
    qtbot.waitUntil(lambda: calls["OverviewModel.apply_changes"] == 1)
    qtbot.wait(10)
    assert changed == [(row_b, row_b, 0, len(COL) - 1)]
    assert resets == [] and layouts == []
    assert calls["OverviewModel.reload"] == 0 and calls["Project.round_summary"] == 0
    assert _rows(window)[b]["measure"] == before + 1


def test_two_change_sets_in_one_event_loop_turn_give_one_refresh(window, round_ids, calls, qtbot):
    a, b, *_ = round_ids
    _show_overview(window, qtbot)
    before = _rows(window)
    calls.reset()
    window.ops.add(a, 40, 44, "figure")
    window.context.project.set_score(b, "measures", "测试员", points=9)
    # Nothing yet: the refresh waits for the end of this turn of the event loop.
    assert calls["OverviewModel.apply_changes"] == 0 and calls["OverviewModel.reload"] == 0
    qtbot.waitUntil(lambda: calls["OverviewModel.apply_changes"] + calls["OverviewModel.reload"] > 0)
    qtbot.wait(20)
    assert calls["OverviewModel.apply_changes"] == 1 and calls["OverviewModel.reload"] == 0
    rows = _rows(window)
    assert rows[a]["figure"] == before[a]["figure"] + 1 and rows[b]["total"] == "9"


def test_overview_rows_follow_removed_and_restored_reports(window, round_ids, calls, qtbot):
    a, b, c, d = round_ids
    _show_overview(window, qtbot)
    model = window.overview.model
    removed, inserted, resets = [], [], []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.modelReset.connect(lambda: resets.append(1))
    calls.reset()
    window.ops.remove_documents([c], "c")
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert sorted(_rows(window)) == sorted([a, b, d]) and len(removed) == 1
    window.acts.undo.trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert [model.doc_id_at(r) for r in range(4)] == sorted(round_ids)  # back in its place
    assert len(inserted) == 1 and resets == [] and calls["OverviewModel.reload"] == 0
    # Removed while hidden: the row goes when the overview is shown again.
    _show_document(window, qtbot)
    window.context.project.delete_document(d)
    qtbot.wait(10)
    assert model.rowCount() == 4
    _show_overview(window, qtbot)
    assert sorted(_rows(window)) == sorted([a, b, c]) and calls["OverviewModel.reload"] == 0
    assert len(window.overview.chart.rows) == 3


def test_reading_a_hidden_overview_through_its_table_catches_up_first(window, round_ids, calls, qtbot):
    a, *_ = round_ids
    window.context.project.set_score(a, "measures", "测试员", points=7)
    assert window.overview.follower.stale
    proxy = window.overview.table.model()  # what a reader of the table asks for first
    assert not window.overview.follower.pending
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(overview_module.DocIdRole) == a)
    assert proxy.index(row, COL["total"]).data() == "7"


# --- the scoring pane ------------------------------------------------------------------------------


@pytest.fixture
def checks(monkeypatch):
    """Counts the statutory-parts checks, wherever they are called from."""
    from desktop.analysis import completeness
    from desktop.store import scoring

    n = [0]
    inner = completeness.check

    def counted(*args, **kwargs):
        n[0] += 1
        return inner(*args, **kwargs)

    monkeypatch.setattr(completeness, "check", counted)
    monkeypatch.setattr(scoring, "check", counted)
    return n


def test_scoring_pane_checks_parts_once_per_text_version(window, round_ids, checks, qtbot):
    a, b, *_ = round_ids
    pane = window.assessment.pane
    context = window.context
    context.set_current_document(b)
    context.set_current_document(a)
    first = checks[0]
    for doc_id in (b, a, b, a):  # back and forth between unchanged reports
        context.set_current_document(doc_id)
        assert pane.doc_id == doc_id and "法定部分" in pane.parts_label.text()
    assert checks[0] == first
    # Tags and scores do not change the parts either.
    window.ops.add(a, 3, 9, "figure")
    pane.set_points("measures", 5)
    assert checks[0] == first


def test_scoring_pane_refreshes_only_for_what_it_shows(window, round_ids, monkeypatch, qtbot):
    from desktop.ui.scoring_pane import ScoringPane

    a, b, *_ = round_ids
    pane = window.assessment.pane
    assert pane.doc_id == a
    n = [0]
    inner = ScoringPane.refresh

    def counted(self, *args, **kwargs):
        n[0] += 1
        return inner(self, *args, **kwargs)

    monkeypatch.setattr(ScoringPane, "refresh", counted)
    window.ops.add(a, 3, 9, "figure")  # a new annotation is shown nowhere in the pane
    window.ops.add(b, 3, 9, "figure")
    window.context.project.set_score(b, "measures", "测试员", points=3)  # another report
    assert n[0] == 0
    pane.set_points("measures", 6)  # scores and the report's status: one change set, one refresh
    assert n[0] == 1 and "总分 6 / 100" in pane.total_label.text()
    [ann] = _add(window, a, [(20, 26)])
    assert n[0] == 1
    pane.add_evidence("measures", [ann])
    assert n[0] == 2 and pane.cards["measures"].evidence_ids() == [ann]
    window.ops.retag([ann], "weakness")  # linked as evidence: its label changes
    assert n[0] == 3 and "[不足]" in pane.cards["measures"].evidence.item(0).text()


def test_hidden_scoring_dock_catches_up_when_shown(window, round_ids, qtbot):
    a, *_ = round_ids
    dock, pane = window.assessment.dock, window.assessment.pane
    dock.hide()
    assert not pane.isVisible()
    window.context.project.set_score(a, "measures", "测试员", points=4)
    assert pane.follower.stale and pane.cards["measures"].spin.text() == "未评"
    refreshes = pane.follower.refreshes
    dock.show()
    assert pane.follower.refreshes == refreshes + 1 and not pane.follower.pending
    assert pane.cards["measures"].spin.value() == 4


# --- the documents list and the window ---------------------------------------------------------------


def test_documents_list_rereads_rows_not_the_list(window, round_ids, calls, qtbot):
    a, b, *_ = round_ids
    pane = window.documents_pane
    model = pane.list_model
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    calls.reset()
    window.ops.add(b, 3, 9, "weakness")
    assert "不足1" in model.index(model.row_of(b), 0).data()
    window.assessment.pane.set_points("measures", 8)  # the status of a moves to 评阅中
    assert "评阅中" in model.index(model.row_of(a), 0).data()
    window.ops.remove_documents([b], "b")
    assert model.row_of(b) == -1 and model.rowCount() == len(round_ids) - 1
    assert resets == [] and calls["Project.documents"] == 0


def test_hidden_documents_dock_catches_up_when_shown(window, round_ids, qtbot):
    a, *_ = round_ids
    pane, dock = window.documents_pane, window.documents_dock
    dock.hide()
    window.ops.add(a, 3, 9, "figure")
    model = pane.list_model
    assert pane.follower.stale and "数据0" in model.index(model.row_of(a), 0).data()
    dock.show()
    assert "数据1" in model.index(model.row_of(a), 0).data()


def test_removing_the_shown_report_shows_none_without_listing_reports(window, round_ids, calls, qtbot):
    a, *_ = round_ids
    assert window.context.current_doc_id == a
    calls.reset()
    window.context.project.delete_document(a)
    assert window.context.current_doc_id == 0
    assert calls["Project.documents"] == 0


# --- the follower itself ------------------------------------------------------------------------


def test_follower_merges_a_burst_and_waits_while_hidden(qtbot):
    from desktop.ui.stale import ChangeFollower

    widget = QWidget()
    qtbot.addWidget(widget)
    applied, reloads = [], []
    follower = ChangeFollower(widget, ("annotations",), applied.append, lambda: reloads.append(1))
    one = ChangeSet((Change("annotations", 1, (5,), (5,)),), "add_annotations")
    two = ChangeSet((Change("annotations", 2, (7,), (), (7,)), Change("rubric")), "delete_annotations")
    follower.follow(one)
    follower.follow(ChangeSet((Change("round"),)))  # a kind it does not show
    assert follower.stale and applied == []
    widget.show()
    qtbot.waitExposed(widget)
    assert [list(cs) for cs in applied] == [list(one)] and not follower.pending
    follower.follow(one)
    follower.follow(two)
    assert applied[1:] == []  # not before the end of this turn
    qtbot.waitUntil(lambda: len(applied) == 2)
    assert {(c.doc_id, c.ids) for c in applied[1]} == {(1, (5,)), (2, (7,))}  # merged, rubric dropped
    follower.invalidate()
    follower.follow(one)
    qtbot.waitUntil(lambda: reloads == [1])
    qtbot.wait(10)
    assert len(applied) == 2 and follower.reloads == 1
