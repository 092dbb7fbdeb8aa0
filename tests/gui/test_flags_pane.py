"""The 问题 pane in the real window: a report's flags listed, a click jumps, a new report updates."""

from __future__ import annotations

from conftest import SEED

from desktop.analysis.round_flags import RoundFlagsCache, compute, project_flags

PLANTED = "共开展普法宣传活动x次，"


def _seed_with_placeholder(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    at = text.index("我镇大力夯实基层社会管理基础")
    path = tmp_path / "坡头镇_计划.txt"
    path.write_text(text[:at] + PLANTED + text[at:], encoding="utf-8")
    return path, text


def _copying_report(tmp_path, seed_text):
    """Another 2019 report holding one paragraph of the seed word for word."""
    para = next(p.strip() for p in seed_text.split("\n") if p.strip().startswith("2、建立健全法律顾问机制"))
    path = tmp_path / "清水镇.txt"
    path.write_text("清水镇人民政府关于2019年度法治政府建设的工作报告\n\n一、主要工作措施及成效\n\n"
                    "2019年，清水镇坚持依法行政，推进基层治理，各项工作取得新进展。\n\n" + para + "\n",
                    encoding="utf-8")
    return path


def _kinds(pane):
    return [f.kind for f in pane.shown_flags]


def test_lists_placeholder_then_copied_after_a_report_is_added_and_jumps(window, import_files, tmp_path, qtbot):
    pane = window.flags_pane
    window.flags_dock.show()
    window.flags_dock.raise_()
    path, seed_text = _seed_with_placeholder(tmp_path)
    summary = import_files([path])
    doc_id = summary.imported[0].doc_id
    window.context.set_current_document(doc_id)
    qtbot.waitUntil(lambda: pane.doc_id == doc_id and "placeholder" in _kinds(pane), timeout=20000)
    assert "copied" not in _kinds(pane)
    assert pane.items.rowCount() == len(pane.shown_flags)
    row = _kinds(pane).index("placeholder")
    flag = pane.shown_flags[row]
    assert flag.quote == "x次"
    assert pane.items.index(row, 0).data() == "模板占位符"
    assert pane.items.index(row, 2).data() == "x次"

    # Adding a report of the same year holding one of its paragraphs makes that paragraph copied.
    runs = window.flags_service.runs
    other = import_files([_copying_report(tmp_path, seed_text)]).imported[0].doc_id
    window.context.set_current_document(doc_id)
    qtbot.waitUntil(lambda: pane.doc_id == doc_id and "copied" in _kinds(pane), timeout=20000)
    assert window.flags_service.runs > runs
    assert "placeholder" in _kinds(pane)
    copied = pane.shown_flags[_kinds(pane).index("copied")]
    assert copied.quote.startswith("2、建立健全法律顾问机制")
    assert "清水镇" in copied.message

    # Clicking a row (and Enter) shows the text at the flag's span.
    view = window.document_view
    view.verticalScrollBar().setValue(0)
    row = _kinds(pane).index("copied")
    pane.list.clicked.emit(pane.items.index(row, 1))
    assert window.context.current_doc_id == doc_id
    offsets = window.context.cache.offsets(doc_id)
    assert view.textCursor().position() == offsets.to_utf16(copied.start)
    assert view._flash is not None  # noqa: SLF001
    placeholder = pane.shown_flags[_kinds(pane).index("placeholder")]
    pane.list.setCurrentIndex(pane.items.index(_kinds(pane).index("placeholder"), 0))
    pane.list.activated.emit(pane.list.currentIndex())
    assert view.textCursor().position() == offsets.to_utf16(placeholder.start)

    # The other report's own list names the copy too.
    window.context.set_current_document(other)
    qtbot.waitUntil(lambda: pane.doc_id == other and "copied" in _kinds(pane), timeout=20000)


def test_enter_in_the_list_jumps(window, import_files, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    pane = window.flags_pane
    window.flags_dock.show()
    path, _ = _seed_with_placeholder(tmp_path)
    doc_id = import_files([path]).imported[0].doc_id
    window.context.set_current_document(doc_id)
    qtbot.waitUntil(lambda: pane.doc_id == doc_id and "placeholder" in _kinds(pane), timeout=20000)
    row = _kinds(pane).index("placeholder")
    pane.list.setFocus()
    pane.list.setCurrentIndex(pane.items.index(row, 0))
    qtbot.keyClick(pane.list, Qt.Key.Key_Return)
    offsets = window.context.cache.offsets(doc_id)
    assert window.document_view.textCursor().position() == offsets.to_utf16(pane.shown_flags[row].start)


def test_round_cache_recomputes_only_what_a_new_report_touches(tmp_path):
    from desktop.analysis.round_flags import ReportInput, ReportMeta, needed_for

    a = ReportMeta(1, (1, "a"), 2019, "坡头镇", "《甲》")
    b = ReportMeta(2, (1, "b"), 2020, "清水镇", "《乙》")
    text = SEED.read_text(encoding="utf-8")
    cache = RoundFlagsCache()
    cache.update([a, b])
    assert cache.missing() == [1, 2]
    used = cache.signatures()
    cache.put(compute([ReportInput(a, text), ReportInput(b, "清水镇2020年报告")]), used)
    assert cache.missing() == []
    c = ReportMeta(3, (1, "c"), 2019, "天龙镇", "《丙》")
    cache.update([a, b, c])
    assert sorted(cache.missing()) == [1, 3]  # the 2020 report is not compared with a 2019 one
    assert needed_for([a, b, c], [1]) == [1, 3]
    assert project_flags is not None


def test_overview_counts_flags_per_report_and_sorts_by_them(window, import_files, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    from desktop.ui.overview import COL, COLUMNS, DocIdRole

    path, seed_text = _seed_with_placeholder(tmp_path)
    planted = import_files([path]).imported[0].doc_id
    other = import_files([_copying_report(tmp_path, seed_text)]).imported[0].doc_id
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.overview))
    view = window.overview.table
    assert COLUMNS.index("flags") == COLUMNS.index("weakness") + 1
    assert view.model().headerData(COL["flags"], Qt.Orientation.Horizontal) == "问题"
    service = window.flags_service

    def counts():
        proxy = view.model()
        return {proxy.index(r, 0).data(DocIdRole): proxy.index(r, COL["flags"]).data()
                for r in range(proxy.rowCount())}

    qtbot.waitUntil(lambda: all(isinstance(v, int) for v in counts().values()), timeout=20000)
    want = {d: len(service.flags_of(d)) for d in (planted, other)}
    assert counts() == want
    assert want[planted] > want[other] >= 1  # the copy, and more in the planted report
    view.sortByColumn(COL["flags"], Qt.SortOrder.DescendingOrder)
    assert view.model().index(0, 0).data(DocIdRole) == planted
    view.sortByColumn(COL["flags"], Qt.SortOrder.AscendingOrder)
    assert view.model().index(0, 0).data(DocIdRole) == other
