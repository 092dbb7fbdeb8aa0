"""与上年对比 in the real window: the earlier report preselected, counts as the core's,
a row selects its paragraph in the document view; the overview's 与上年重复 column."""

from __future__ import annotations

import re

from conftest import REPO, SEED
from PySide6.QtCore import Qt

from desktop.analysis.compare import compare, repeated_share
from desktop.ui import commands

NEW_PARAGRAPH = "本年度我镇首次引入第三方机构对行政执法案卷开展交叉评查，评查结果纳入年度绩效考核，并在全镇通报。"


def _later_report(tmp_path):
    """坡头镇's 2020 report: the 2019 seed with new figures, one paragraph reworded, one new."""
    text = SEED.read_text(encoding="utf-8").replace("2019年度", "2020年度", 1)
    text = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 1), text)
    line = next(x for x in text.split("\n") if x.strip().startswith("我镇大力夯实基层社会管理基础"))
    cut = len(line) * 2 // 3  # its last third replaced
    text = text.replace(line, line[:cut] + ("依托网格化服务管理平台和“雪亮工程”视频监控系统，织密基层治安防控网络，"
                                            "实现矛盾纠纷早发现、早报告、早处置。" * 3)[:len(line) - cut], 1)
    text = text.replace("二、我镇法治政府建设工作中存在的问题", NEW_PARAGRAPH + "\n\n二、我镇法治政府建设工作中存在的问题", 1)
    path = tmp_path / "坡头镇_2020.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _round(window, import_files, tmp_path):
    other = REPO / "seeds" / "001_32e1b51370f8cf47.txt"
    files = [SEED, _later_report(tmp_path), other]
    by_name = {r.source_name: r.id for r in window.context.project.documents()} \
        if import_files(files).imported else {}
    ids = [by_name[f.name] for f in files]
    ctx = window.context
    for doc_id, unit, year in zip(ids, ("坡头镇", "坡头镇", "天龙镇"), (2019, 2020, 2020)):
        commands.perform(ctx, commands.update_documents(ctx, [doc_id], unit=unit, year=year))
    return ids


def test_compare_view_preselects_the_earlier_report_counts_and_jumps(window, import_files, tmp_path, qtbot):
    earlier, later, other = _round(window, import_files, tmp_path)
    window.context.set_current_document(later)
    window.compare_action.trigger()
    view = window.compare_view
    qtbot.waitUntil(lambda: view.comparison is not None and view.doc_id == later, timeout=20000)
    assert window.tabs.currentWidget() is view
    assert view.combo.currentData() == earlier and view.earlier_id == earlier
    project = window.context.project
    core = compare(project.document_text(earlier), project.document_text(later))
    share = repeated_share(core, project.document_text(later))
    assert view.counts.text() == (f"沿用 {len(core.repeated)} 段 · 修改 {len(core.changed)} 段 · "
                                  f"新增 {len(core.new)} 段 · 沿用的文字占 {share:.0%}")
    assert len(core.repeated) > 20 and len(core.changed) == 1 and len(core.new) == 1
    assert view.proxy.rowCount() == len(core.items)

    # only the new paragraphs, then only the changed one
    view.findChild(type(view.filters.button(1)), "compareFilter_new").click()
    assert view.proxy.rowCount() == 1
    index = view.proxy.index(0, 2)
    assert view.item_at(index).quote == NEW_PARAGRAPH and index.data() == NEW_PARAGRAPH
    view.filters.button(2).click()
    assert view.proxy.rowCount() == 1 and view.proxy.index(0, 0).data() == "修改"
    view.list.setCurrentIndex(view.proxy.index(0, 0))
    assert "background-color" in view.later_box.toHtml()  # the differing characters are marked
    assert "雪亮工程" in view.later_box.toPlainText()

    # activating a row selects that paragraph in the document view
    changed = core.changed[0]
    view.list.activated.emit(view.proxy.index(0, 2))
    doc_view = window.document_view
    assert window.tabs.currentWidget() is doc_view
    cursor = doc_view.textCursor()
    to16 = window.context.cache.offsets(later).to_utf16
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (to16(changed.start), to16(changed.end))
    assert cursor.selectedText() == changed.quote
    window.compare_action.trigger()
    view.filters.button(0).click()
    assert view.proxy.rowCount() == len(core.items)

    # a report of a unit without an earlier one: nothing preselected, any report may be picked
    window.context.set_current_document(other)
    qtbot.waitUntil(lambda: view.doc_id == other, timeout=20000)
    assert view.combo.currentIndex() == -1 and view.comparison is None and view.proxy.rowCount() == 0
    assert "没有更早年度的报告" in view.counts.text()
    view.combo.setCurrentIndex(view.combo.findData(earlier))
    view.combo.activated.emit(view.combo.currentIndex())
    assert view.comparison is not None and view.earlier_id == earlier and view.proxy.rowCount() > 0


def test_overview_shows_the_repeated_share(window, import_files, tmp_path, qtbot):
    from desktop.ui.overview import COL, COLUMNS, DocIdRole, SortRole

    earlier, later, other = _round(window, import_files, tmp_path)
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.overview))
    table = window.overview.table
    assert COLUMNS.index("repeated") == COLUMNS.index("flags") + 1
    assert table.model().headerData(COL["repeated"], Qt.Orientation.Horizontal) == "与上年重复"

    def shown():
        proxy = table.model()
        return {proxy.index(r, 0).data(DocIdRole): proxy.index(r, COL["repeated"]).data()
                for r in range(proxy.rowCount())}

    qtbot.waitUntil(lambda: "…" not in shown().values() and len(shown()) == 3, timeout=20000)
    project = window.context.project
    text = project.document_text(later)
    share = repeated_share(compare(project.document_text(earlier), text), text)
    assert shown() == {earlier: "", later: f"{share:.0%}", other: ""}
    assert share > 0.8
    table.sortByColumn(COL["repeated"], Qt.SortOrder.DescendingOrder)
    assert table.model().index(0, 0).data(DocIdRole) == later
    assert table.model().index(0, COL["repeated"]).data(SortRole) == share

    # the other unit's report becomes 坡头镇's 2021 report: it gets a share against the 2020 one
    runs = window.compare_service.runs
    ctx = window.context
    commands.perform(ctx, commands.update_documents(ctx, [other], unit="坡头镇", year=2021))
    qtbot.waitUntil(lambda: shown().get(other) not in ("", "…", None), timeout=20000)
    assert window.compare_service.runs == runs + 1
    assert shown()[other].endswith("%") and shown()[later] == f"{share:.0%}"
