"""Annotation pane filtering, reveal, outline jumps, documents list, orphans."""

from __future__ import annotations

from files import PARAGRAPHS, write_txt
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.ui.outline import SectionRole


def _tag(window, start, end, tag):
    window.document_view.select_span(start, end)
    return window.tag_selection(tag)


def test_filter_by_tag_and_text(window, seed_doc):
    text = window.context.project.document(seed_doc).text
    s = text.index("人大代表建议答复率达100%")
    _tag(window, s, s + 13, "figure")
    _tag(window, 10, 20, "measure")
    _tag(window, 30, 40, "measure")
    pane = window.annotation_pane
    assert pane.proxy.rowCount() == 3
    assert pane.tag_buttons["measure"].text().endswith("2")
    pane.tag_buttons["measure"].setChecked(False)
    assert pane.proxy.rowCount() == 1
    assert pane.annotation_at(pane.proxy.index(0, 0)).tag == "figure"
    pane.tag_buttons["measure"].setChecked(True)
    pane.filter_edit.setText("答复率")
    assert pane.proxy.rowCount() == 1
    pane.filter_edit.setText("")
    assert pane.proxy.rowCount() == 3
    # Rows are in text order.
    starts = [pane.annotation_at(pane.proxy.index(r, 0)).start for r in range(3)]
    assert starts == sorted(starts)


def test_clicking_a_row_reveals_and_flashes_the_span(window, seed_doc, qtbot):
    text = window.context.project.document(seed_doc).text
    start = text.index("下一步工作计划")
    ann_id = _tag(window, start, start + 7, "weakness")
    view = window.document_view
    view.verticalScrollBar().setValue(0)
    pane = window.annotation_pane
    pane.select_annotation(ann_id)
    pane.table.clicked.emit(pane.proxy.index(0, 1))
    assert view.textCursor().position() == start
    assert view._flash is not None  # noqa: SLF001
    top = view.cursorForPosition(view.viewport().rect().topLeft()).position()
    bottom = view.cursorForPosition(view.viewport().rect().bottomRight()).position()
    assert top <= start <= bottom
    qtbot.waitUntil(lambda: view._flash is None, timeout=3000)  # noqa: SLF001


def test_outline_lists_sections_and_click_jumps(window, seed_doc):
    outline = window.outline
    sections = window.context.project.sections(seed_doc)
    assert outline.sections() == sections
    top = outline.tree.index(1, 0)  # 二、我镇法治政府建设工作中存在的问题
    outline.clicked.emit(top)
    section = outline.section_at(top)
    assert isinstance(top.data(SectionRole), int)
    assert section is not None and section.title.startswith("二、")
    assert window.document_view.textCursor().position() == section.start
    assert outline.tree.rowCount() == len([s for s in sections if s.level == 1])


def test_documents_list_opens_documents_and_shows_counts(window, seed_doc, import_files, tmp_path):
    other = import_files([write_txt(tmp_path / "b.txt", PARAGRAPHS)]).imported[0].doc_id
    pane = window.documents_pane
    assert pane.model().rowCount() == 2
    pane.clicked.emit(pane.model().index(0, 0))
    assert window.context.current_doc_id == seed_doc
    assert window.document_view.doc_id == seed_doc
    _tag(window, 0, 4, "weakness")
    assert "不足1" in pane.model().index(0, 0).data()
    pane.clicked.emit(pane.model().index(1, 0))
    assert window.document_view.doc_id == other
    assert window.annotation_pane.model.rowCount() == 0
    assert window.status_parts.counts["weakness"].text().endswith("0")


def test_orphans_listed_greyed_with_quote_and_note(window, import_files, tmp_path, fake):
    path = write_txt(tmp_path / "版本.txt", PARAGRAPHS)
    doc_id = import_files([path]).imported[0].doc_id
    text = window.context.project.document(doc_id).text
    q = "执法人员仅有3名"
    s = text.index(q)
    ann_id = _tag(window, s, s + len(q), "weakness")
    window.context.project.update_annotation(ann_id, note="原因待查")
    new = [p for p in PARAGRAPHS if "执法人员" not in p]
    # a new version without that sentence: the window asks, the reviewer says replace
    fake.new_versions.append("replace")
    summary = import_files([write_txt(path, new)])
    assert summary.outcomes[0].action == "updated" and summary.outcomes[0].doc_id == doc_id
    assert len(window.context.project.documents()) == 1
    pane = window.annotation_pane
    assert pane.model.rowCount() == 0
    assert pane.orphan_model.rowCount() == 1
    label = pane.orphan_model.data(pane.orphan_model.index(0))
    assert q in label and "原因待查" in label and "无法定位" in label
    assert not pane.orphan_list.isHidden()
    assert window.document_view.highlight_ranges() == []


def test_selected_annotation_ids_for_extensions(window, seed_doc):
    ids = [_tag(window, s, s + 2, "figure") for s in (50, 60)]
    pane = window.annotation_pane
    pane.table.selectionModel().select(
        pane.proxy.index(1, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert pane.selected_annotation_ids() == [ids[1]]


def test_new_version_moves_highlights(window, import_files, tmp_path, fake):
    path = write_txt(tmp_path / "v.txt", PARAGRAPHS)
    doc_id = import_files([path]).imported[0].doc_id
    text = window.context.project.document(doc_id).text
    q = "开展法治讲座8场"
    s = text.index(q)
    _tag(window, s, s + len(q), "figure")
    fake.new_versions.append("replace")
    import_files([write_txt(path, ["前言：新增的一段说明文字。", *PARAGRAPHS])])
    assert "new_version" in fake.asked
    new_text = window.context.project.document(doc_id).text
    ns = new_text.index(q)
    assert ns != s
    assert window.document_view.toPlainText() == new_text
    assert window.document_view.highlight_ranges() == [(ns, ns + len(q), "figure")]


def test_a_text_without_a_title_line_shows_no_title(window, import_files, tmp_path):
    body = "2024年，我镇在区委、区政府的正确领导下，全面推进依法行政，各项工作取得明显成效，现将有关情况报告如下。"
    titled = import_files([write_txt(tmp_path / "有标题.txt", ["甲镇关于2024年度法治政府建设情况的报告", body])]).imported[0].doc_id
    bare = import_files([write_txt(tmp_path / "无标题.txt", [body, "一、主要举措", "建立制度。"])]).imported[0].doc_id
    view = window.document_view
    for doc_id, centred in ((titled, True), (bare, False)):
        window.context.set_current_document(doc_id)
        first = view.document().firstBlock()
        assert (first.blockFormat().alignment() == Qt.AlignmentFlag.AlignHCenter) is centred, doc_id
        assert first.next().blockFormat().alignment() != Qt.AlignmentFlag.AlignHCenter
