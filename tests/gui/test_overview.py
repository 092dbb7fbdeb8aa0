"""The 总览 tab on a round of all five seeds: counts, completeness, totals,
sorting, filtering, status editing and double-click to open.

The overview is hidden here unless a test shows it: reading it through its
table (``_table``) brings it up to date first, as any reader would
(tests/gui/test_hidden_panes.py counts the work that saves)."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import REPO
from PySide6.QtCore import Qt

from desktop.ui.overview import COL, DocIdRole

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
UNITS = {"000": "坡头镇", "001": "天龙镇", "002": "棣棠乡", "003": "尼山镇", "004": "掌起镇"}
PARTS = {"000": "4/5", "001": "3/5", "002": "3/5", "003": "4/5", "004": "4/5"}
# (measures, figures, weaknesses) tagged per seed, and points given
TAGS = {"000": (2, 1, 1), "001": (0, 2, 0), "002": (1, 0, 3), "003": (0, 0, 0), "004": (3, 1, 0)}
POINTS = {"000": {"measures": 12, "next_year": 8}, "001": {"measures": 14.5}, "002": {},
          "003": {"measures": 9, "leaders_duty": 15, "other": 5}, "004": {"weaknesses": 2}}


@pytest.fixture
def round_ids(window, import_files, qtbot):
    summary = import_files(SEEDS)
    assert len(summary.imported) == 5 and not summary.failed
    project = window.context.project
    ids = {}
    for doc in project.documents():
        ids[doc.source_name[:3]] = doc.id
    qtbot.waitUntil(lambda: all(d.unit for d in project.documents()))  # detected after import
    for prefix, (m, f, w) in TAGS.items():
        doc_id = ids[prefix]
        n = 0
        for tag, count in (("measure", m), ("figure", f), ("weakness", w)):
            for _ in range(count):
                project.add_annotation(doc_id, n * 3, n * 3 + 2, tag, reviewer="测试员")
                n += 1
        for cid, value in POINTS[prefix].items():
            project.set_score(doc_id, cid, "测试员", points=value)
    return ids


def _table(window):
    view = window.overview.table
    proxy = view.model()
    rows = []
    for r in range(proxy.rowCount()):
        rows.append({name: proxy.index(r, col).data() for name, col in COL.items()}
                    | {"id": proxy.index(r, 0).data(DocIdRole)})
    return rows


def test_round_of_five_seeds(window, round_ids):
    rows = {r["id"]: r for r in _table(window)}
    assert len(rows) == 5
    for prefix, doc_id in round_ids.items():
        row = rows[doc_id]
        assert row["unit"] == UNITS[prefix]
        assert (row["measure"], row["figure"], row["weakness"]) == TAGS[prefix]
        assert row["completeness"] == PARTS[prefix]
        expected = sum(POINTS[prefix].values())
        assert row["total"] == (f"{expected:g}" if POINTS[prefix] else "未评")
        assert row["status"] == ("评阅中" if POINTS[prefix] else "未开始")
        assert row["reviewers"] == "测试员"
    assert rows[round_ids["000"]]["year"] == "2019" and rows[round_ids["004"]]["year"] == "2020"
    chart = window.overview.chart
    assert sorted((r.label, r.total) for r in chart.rows if r.total is not None) == sorted(
        (UNITS[p], float(sum(POINTS[p].values()))) for p in UNITS if POINTS[p])
    assert chart.rows[-1].label == UNITS["002"] and chart.rows[-1].total is None  # 未评, last


def test_sorting_by_total_and_counts(window, round_ids):
    view = window.overview.table
    view.sortByColumn(COL["total"], Qt.SortOrder.DescendingOrder)
    by_total = sorted(UNITS, key=lambda p: -sum(POINTS[p].values()))
    assert [r["unit"] for r in _table(window)] == [UNITS[p] for p in by_total]
    view.sortByColumn(COL["weakness"], Qt.SortOrder.AscendingOrder)
    assert [r["weakness"] for r in _table(window)] == sorted(t[2] for t in TAGS.values())
    view.sortByColumn(COL["year"], Qt.SortOrder.AscendingOrder)
    assert [r["year"] for r in _table(window)] == ["2019", "2020", "2023", "2024", "2024"]
    # A new score re-sorts the live table.
    view.sortByColumn(COL["total"], Qt.SortOrder.DescendingOrder)
    window.context.project.set_score(round_ids["002"], "measures", "测试员", points=15)
    window.context.project.set_score(round_ids["002"], "weaknesses", "测试员", points=10)
    window.context.project.set_score(round_ids["002"], "next_year", "测试员", points=10)
    assert _table(window)[0]["unit"] == "棣棠乡" and _table(window)[0]["total"] == "35"


def test_status_edit_and_filters(window, round_ids, qtbot):
    window.assessment.show_overview()  # edited where the reviewer sees it
    proxy = window.overview.table.model()
    model = window.overview.model
    row = next(r for r in range(model.rowCount()) if model.doc_id_at(r) == round_ids["003"])
    assert model.setData(model.index(row, COL["status"]), "done")
    conn = sqlite3.connect(window.context.project.path)
    assert conn.execute("SELECT status FROM documents WHERE id = ?", (round_ids["003"],)).fetchone() == ("done",)
    conn.close()
    # The row follows the change set at the end of this event-loop turn.
    qtbot.waitUntil(lambda: model.index(row, COL["status"]).data() == "已完成")
    # The unit is editable too; a bad year is refused with a message.
    assert model.setData(model.index(row, COL["unit"]), "尼山镇人民政府")
    with qtbot.waitSignal(model.refused) as blocker:
        assert not model.setData(model.index(row, COL["year"]), "明年")
    assert "年度" in blocker.args[0]
    combo = window.overview.status_filter
    combo.setCurrentIndex(combo.findData("done"))
    assert [r["unit"] for r in _table(window)] == ["尼山镇人民政府"]
    combo.setCurrentIndex(combo.findData("not_started"))
    assert sorted(r["unit"] for r in _table(window)) == ["棣棠乡"]
    combo.setCurrentIndex(0)
    window.overview.filter_edit.setText("天龙")
    assert [r["unit"] for r in _table(window)] == ["天龙镇"]
    window.overview.filter_edit.setText("")
    assert proxy.rowCount() == 5


def test_double_click_opens_the_report(window, round_ids, qtbot):
    window.assessment.show_overview()
    assert window.tabs.currentWidget() is window.overview
    view = window.overview.table
    view.sortByColumn(COL["unit"], Qt.SortOrder.AscendingOrder)
    row = next(r for r, d in enumerate(_table(window)) if d["id"] == round_ids["002"])
    index = view.model().index(row, COL["title"])
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.context.current_doc_id == round_ids["002"]
    assert window.tabs.currentWidget() is window.document_view
    assert window.assessment.pane.doc_id == round_ids["002"]


def test_deleting_a_report_updates_the_overview(window, round_ids):
    window.context.project.delete_document(round_ids["001"])
    assert sorted(r["unit"] for r in _table(window)) == sorted(
        u for p, u in UNITS.items() if p != "001")
    assert len(window.overview.chart.rows) == 4
