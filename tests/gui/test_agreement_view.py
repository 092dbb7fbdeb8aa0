"""工具 ▸ 评阅人一致性… in the real window: the same κ as the core, the side-by-side
differences, a row activated selects its stretch in the document pane, score differences."""

from __future__ import annotations

from desktop.analysis.agreement import agreement
from desktop.commands.agreement import project_spans
from desktop.importers.base import ImportedDocument
from desktop.text import canonical_text, detect_sections

TEXT = canonical_text(["某镇2024年度法治政府建设情况报告", "一、主要举措和成效",
                       "全年共办理行政复议案件12件，调解矛盾纠纷3起，开展普法宣传活动16场。",
                       "二、存在的不足", "执法人员专业能力不足，基层法治力量薄弱。"])
OTHER = canonical_text(["某县2024年度法治政府建设情况报告", "一、主要举措和成效", "制定规范性文件5件。"])


def _round(window):
    p = window.context.project
    d1 = p.import_document(ImportedDocument("一号报告", "a.txt", "s1", "txt", TEXT, detect_sections(TEXT))).doc_id
    d2 = p.import_document(ImportedDocument("二号报告", "b.txt", "s2", "txt", OTHER, detect_sections(OTHER))).doc_id
    s = TEXT.index("全年共办理")
    w = TEXT.index("执法人员")
    p.add_annotation(d1, s, s + 16, "figure", reviewer="张三")
    p.add_annotation(d1, s + 4, s + 20, "figure", reviewer="李四")
    p.add_annotation(d1, w, w + 10, "weakness", reviewer="张三")
    p.add_annotation(d1, w, w + 10, "measure", reviewer="李四")
    p.add_annotation(d2, 0, 4, "measure", reviewer="张三")
    criterion = p.criteria()[0]
    p.set_score(d1, criterion.id, "张三", points=10)
    p.set_score(d1, criterion.id, "李四", points=7.5)
    return d1, d2, s, w, criterion


def _open(window, qtbot):
    dialog = window.agreement_action.open()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    return dialog


def test_menu_entry_and_the_same_kappa_as_the_core(window, qtbot):
    d1, d2, *_ = _round(window)
    assert window.agreement_action in window.menu("tools").actions()
    dialog = _open(window, qtbot)
    assert list(dialog.boxes) == ["张三", "李四"] and dialog.chosen() == ["张三", "李四"]
    core = agreement(project_spans(window.context.project), ["张三", "李四"])
    shown = dialog.figures_shown()
    for tag, f in core.tags.items():
        assert shown[tag][0] == ("—" if f.kappa is None else f"{f.kappa:.3f}")
        assert shown[tag][1] == ("—" if f.alpha is None else f"{f.alpha:.3f}")
        assert shown[tag][3] == f"{f.units:,}"
    assert core.tags["figure"].kappa is not None and shown["figure"][0] != "—"
    assert dialog.result.excluded == [d2]  # only 张三 annotated report 2
    assert dialog.documents_table.rowCount() == 1
    assert dialog.documents_table.item(0, 0).text() == "一号报告"
    # unticking one of two reviewers: nothing to compare, said so
    dialog.boxes["李四"].setChecked(False)
    assert dialog.result is None and dialog.round_table.rowCount() == 0
    assert "两位" in dialog.status.text()
    dialog.boxes["李四"].setChecked(True)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    # a new annotation is followed while the window is open
    window.context.project.add_annotation(d1, 0, 5, "measure", reviewer="李四")
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.tags["measure"].counts.ones[1] == 15,
                    timeout=10000)


def test_differences_side_by_side_and_a_row_selects_its_stretch(window, qtbot):
    d1, _d2, s, w, criterion = _round(window)
    dialog = _open(window, qtbot)
    dialog.tabs.setCurrentIndex(1)
    dialog.choose("张三", "李四", d1)
    rows = [(d.kind, d.start, d.end, d.tags_a, d.tags_b) for d in dialog.shown_differences]
    assert rows == [("only_a", s, s + 4, ("figure",), ()),
                    ("only_b", s + 16, s + 20, (), ("figure",)),
                    ("different", w, w + 10, ("weakness",), ("measure",))]
    table = dialog.diff_table
    assert table.rowCount() == 3
    assert table.horizontalHeaderItem(0).text() == "张三" and table.horizontalHeaderItem(2).text() == "李四"
    assert table.item(0, 0).text() == "数据" and "未标注" in table.item(0, 2).text()
    assert table.item(2, 0).text() == "不足" and table.item(2, 2).text() == "举措"
    assert table.item(2, 1).text() == TEXT[w:w + 10]
    # a short stretch is shown within its neighbours, the stretch marked; the tooltip holds it alone
    assert table.item(0, 1).text() == "【全年共办】理行政复议案件12件" and table.item(0, 1).toolTip() == "全年共办"
    # activating a row opens the report and selects that stretch in the document pane
    window.context.set_current_document(_d2)
    table.setCurrentCell(2, 1)
    table.activated.emit(table.currentIndex())
    view = window.document_view
    assert window.context.current_doc_id == d1 and view.doc_id == d1
    cursor = view.textCursor()
    offsets = window.context.cache.offsets(d1)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (offsets.to_utf16(w), offsets.to_utf16(w + 10))
    assert cursor.selectedText() == TEXT[w:w + 10]
    # score differences per criterion, unscored shown as such
    scores = dialog.score_table
    assert scores.rowCount() == len(window.context.project.criteria())
    assert scores.item(0, 0).text() == criterion.title
    assert (scores.item(0, 1).text(), scores.item(0, 2).text(), scores.item(0, 3).text()) == ("10", "7.5", "+2.5")
    assert scores.item(1, 1).text() == "未评分" and scores.item(1, 3).text() == "—"
    # the tag cells are coloured by tag
    assert table.item(0, 0).background().color().name() == "#ffe3a3"
    assert table.item(2, 2).foreground().color().name() == "#2f6fdb"
    # the same reviewer twice: nothing listed, said so
    dialog.choose("张三", "张三", d1)
    assert dialog.shown_differences == [] and "不同" in dialog.diff_status.text()
    assert table.item(0, 0) is None or table.rowCount() == 0


def test_one_reviewer_only_says_two_are_needed(window, qtbot):
    p = window.context.project
    d = p.import_document(ImportedDocument("一号报告", "a.txt", "s1", "txt", TEXT, detect_sections(TEXT))).doc_id
    p.add_annotation(d, 0, 4, "measure", reviewer="张三")
    dialog = window.agreement_action.open()
    qtbot.addWidget(dialog)
    assert dialog.result is None and "两位" in dialog.status.text()
    assert dialog.shown_differences == []
