"""The panes follow change sets row by row, span by span (issue 10).

One operation is one change set: the annotation model removes and inserts
the rows it names (in contiguous runs, no reset for a small batch), the
highlight layer bisects spans in and out (no full sort), a change to another
report touches nothing shown, and a switch reads the annotations once for
the document view and the annotation pane together. No timing here: the
figures are tests/benchmarks/bench_operations.py's.
"""

from __future__ import annotations

import random

import shiboken6
from files import PARAGRAPHS, write_txt
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QTextFormat

from desktop.store.operations import AddAnnotations, DeleteAnnotations, NewAnnotation
from desktop.ui import annotation_model, outline
from desktop.ui.highlights import HighlightLayer
from desktop.ui.outline import OutlineView
from desktop.ui.status import StatusParts

TAGS = ("measure", "figure", "weakness")


def _bulk(window, doc_id, n, seed=5):
    """n annotations on a report in one store operation (set-up, not undoable); their ids."""
    project = window.context.project
    length = project.document_info(doc_id).chars
    rng = random.Random(seed)
    items = []
    for k in range(n):
        start = rng.randrange(0, length - 50)
        items.append(NewAnnotation(doc_id, start, start + rng.randrange(3, 40), TAGS[k % 3]))
    return project.run(AddAnnotations(tuple(items))).result


def _rows(window):
    return [(a.id, a.start, a.end, a.tag) for a in window.annotation_pane.model.rows]


def _store_rows(window, doc_id):
    return [(a.id, a.start, a.end, a.tag) for a in window.context.project.annotations(doc_id)]


class Signals:
    """Counts a model's structural signals."""

    def __init__(self, model) -> None:
        self.counts = {"reset": 0, "removed": 0, "inserted": 0, "changed": 0}
        self.removed_rows: list[tuple[int, int]] = []
        model.modelReset.connect(lambda: self._add("reset"))
        model.rowsRemoved.connect(lambda _p, a, b: (self._add("removed"), self.removed_rows.append((a, b))))
        model.rowsInserted.connect(lambda *_a: self._add("inserted"))
        model.dataChanged.connect(lambda *_a: self._add("changed"))

    def _add(self, name: str) -> None:
        self.counts[name] += 1


def _qt_ranges(view):
    """What Qt holds as the view's extra selections, per annotation, in code points."""
    extent: dict[int, tuple[int, int]] = {}
    for sel in view.extraSelections():
        ann_id = sel.format.property(QTextFormat.Property.UserProperty)
        if ann_id is None:
            continue
        c = sel.cursor
        a, b = extent.get(ann_id, (c.selectionStart(), c.selectionEnd()))
        extent[ann_id] = (min(a, c.selectionStart()), max(b, c.selectionEnd()))
    cp = view.layer.offsets.to_codepoint
    return sorted((cp(a), cp(b), view.layer.get(i).tag) for i, (a, b) in extent.items())


def _count_calls(monkeypatch, obj, name):
    calls = []
    real = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, counted)
    return calls


def test_batch_delete_is_one_change_set_one_step_and_runs_of_rows(window, seed_doc, qtbot):
    _bulk(window, seed_doc, 120)
    model = window.annotation_pane.model
    view = window.document_view
    before, highlights = _rows(window), view.highlight_ranges()
    assert before == _store_rows(window, seed_doc) and len(before) == 120
    # Two runs of adjacent rows: rows 10-14 and 40-41.
    gone = [before[r][0] for r in (10, 11, 12, 13, 14, 40, 41)]
    emitted = []
    window.context.storeChanged.connect(emitted.append)
    signals = Signals(model)
    steps = window.context.undo_stack.count()
    window.ops.delete(gone)
    assert len(emitted) == 1
    assert window.context.undo_stack.count() == steps + 1
    assert signals.counts["reset"] == 0
    assert signals.removed_rows == [(40, 41), (10, 14)]  # the later run first: the earlier rows keep their numbers
    assert _rows(window) == [r for r in before if r[0] not in gone] == _store_rows(window, seed_doc)
    assert len(view.highlight_ranges()) == len(highlights) - len(gone)
    assert model.counts() == window.context.cache.tag_counts(seed_doc)
    window.context.undo_stack.undo()
    assert len(emitted) == 2
    assert signals.counts["reset"] == 0 and signals.counts["inserted"] == 2
    assert _rows(window) == before
    assert view.highlight_ranges() == highlights
    assert model.counts() == window.context.cache.tag_counts(seed_doc)
    window.context.undo_stack.redo()
    assert _rows(window) == [r for r in before if r[0] not in gone]


def test_a_batch_in_many_runs_is_one_reset(window, seed_doc):
    _bulk(window, seed_doc, 200)
    model = window.annotation_pane.model
    before = _rows(window)
    gone = [r[0] for r in before[::2]]  # every other row: 100 runs
    assert len(gone) > annotation_model.RESET_RUNS
    signals = Signals(model)
    window.ops.delete(gone)
    assert signals.counts == {"reset": 1, "removed": 0, "inserted": 0, "changed": 0}
    assert _rows(window) == before[1::2] == _store_rows(window, seed_doc)
    window.context.undo_stack.undo()
    assert signals.counts["reset"] == 2
    assert _rows(window) == before


def test_one_key_press_on_a_big_report_bisects(window, seed_doc, monkeypatch):
    _bulk(window, seed_doc, 300)
    project = window.context.project
    model = window.annotation_pane.model
    signals = Signals(model)
    rebuilds = _count_calls(monkeypatch, HighlightLayer, "_rebuild")
    loads = _count_calls(monkeypatch, project, "annotations")
    orphans = _count_calls(monkeypatch, project, "orphans")
    counts = _count_calls(monkeypatch, project, "tag_counts")
    before = _rows(window)
    window.document_view.select_span(100, 108)
    ann_id = window.tag_selection("figure")
    assert ann_id
    assert rebuilds == [] and loads == [] and orphans == []
    assert len(counts) <= 1  # the project cache's one query; the status bar reads the cache
    assert signals.counts == {"reset": 0, "removed": 0, "inserted": 1, "changed": 0}
    assert _rows(window) == _store_rows(window, seed_doc) and len(_rows(window)) == len(before) + 1
    view = window.document_view
    assert (100, 108, "figure") in view.painted_ranges()
    # Depths as a full sort gives them.
    fresh = HighlightLayer.__new__(HighlightLayer)
    HighlightLayer.__init__(fresh)
    monkeypatch.undo()
    fresh.reset(view.layer.offsets, project.annotations(seed_doc))
    assert view.layer.spans() == fresh.spans()
    assert window.status_parts.counts["figure"].text().endswith(str(window.context.cache.tag_counts(seed_doc)["figure"]))
    button = window.annotation_pane.tag_buttons["figure"].text()
    assert button.endswith(str(model.counts()["figure"]))


def test_retag_and_note_repaint_their_row_only(window, seed_doc, fake):
    ids = _bulk(window, seed_doc, 30)
    model = window.annotation_pane.model
    signals = Signals(model)
    window.ops.retag([ids[3]], "weakness" if model.rows[model.row_of(ids[3])].tag != "weakness" else "measure")
    fake.notes.append("一条新的批注")
    window.ops.edit_note(ids[4])
    assert signals.counts == {"reset": 0, "removed": 0, "inserted": 0, "changed": 2}
    assert _rows(window) == _store_rows(window, seed_doc)
    assert model.rows[model.row_of(ids[4])].note == "一条新的批注"
    assert model.counts() == window.context.cache.tag_counts(seed_doc)
    # The text filter sees the new note (what it searches was made again for that row).
    pane = window.annotation_pane
    pane.filter_edit.setText("新的批注")
    assert pane.proxy.rowCount() == 1 and pane.annotation_at(pane.proxy.index(0, 0)).id == ids[4]
    fake.notes.append("改过了")
    window.ops.edit_note(ids[4])
    assert pane.proxy.rowCount() == 0
    pane.filter_edit.setText("")


def test_filter_finds_rows_by_their_section_title(window, seed_doc):
    project = window.context.project
    sections = project.sections(seed_doc)
    section = next(s for s in sections if s.title.startswith("二、"))
    _bulk(window, seed_doc, 60)
    pane = window.annotation_pane
    from desktop.text import section_at

    expected = sorted(a.id for a in project.annotations(seed_doc)
                      if (s := section_at(sections, a.start)) is not None and s.title == section.title
                      or section.title.lower() in a.quote.lower() or section.title.lower() in a.note.lower())
    pane.filter_edit.setText(section.title)
    got = sorted(pane.annotation_at(pane.proxy.index(r, 0)).id for r in range(pane.proxy.rowCount()))
    assert got == expected and got
    pane.tag_buttons["figure"].setChecked(False)
    assert all(pane.annotation_at(pane.proxy.index(r, 0)).tag != "figure" for r in range(pane.proxy.rowCount()))
    pane.tag_buttons["figure"].setChecked(True)
    pane.filter_edit.setText("")
    assert pane.proxy.rowCount() == pane.model.rowCount()


def test_change_to_another_report_touches_nothing_shown(window, seed_doc, import_files, tmp_path, monkeypatch):
    other = import_files([write_txt(tmp_path / "b.txt", PARAGRAPHS)]).imported[0].doc_id
    window.context.set_current_document(seed_doc)
    _bulk(window, seed_doc, 20)
    model = window.annotation_pane.model
    signals = Signals(model)
    outline = _count_calls(monkeypatch, OutlineView, "show_document")
    status = _count_calls(monkeypatch, StatusParts, "refresh")
    project = window.context.project
    orphans = _count_calls(monkeypatch, project, "orphans")
    layer_before = window.document_view.layer.spans()
    window.ops.add(other, 3, 9, "measure")
    window.ops.update_documents([other], title="另一份报告")
    assert signals.counts == {"reset": 0, "removed": 0, "inserted": 0, "changed": 0}
    assert outline == [] and status == [] and orphans == []
    assert window.document_view.layer.spans() == layer_before
    # A new title of the shown report: the status bar shows it, nothing is re-read.
    window.ops.update_documents([seed_doc], title="新的标题")
    assert signals.counts["reset"] == 0 and outline == [] and orphans == []
    assert window.status_parts.title.toolTip() == "新的标题"


def test_a_switch_reads_the_annotations_once(window, seed_doc, import_files, tmp_path, monkeypatch):
    other = import_files([write_txt(tmp_path / "b.txt", PARAGRAPHS)]).imported[0].doc_id
    window.ops.add(other, 3, 9, "measure")
    window.context.set_current_document(seed_doc)
    _bulk(window, seed_doc, 10)
    project = window.context.project
    loads = _count_calls(monkeypatch, project, "annotations")
    texts = _count_calls(monkeypatch, project, "document")
    window.context.set_current_document(other)
    assert [a[0] for a in loads] == [other]
    assert window.annotation_pane.model.rowCount() == 1
    assert window.document_view.highlight_ranges() == [(3, 9, "measure")]
    # Back and forth: the seed report was changed since it was read (read again,
    # once); then neither is read again, nor is either text.
    for doc_id in (seed_doc, other, seed_doc, other):
        window.context.set_current_document(doc_id)
    assert [a[0] for a in loads] == [other, seed_doc] and texts == []
    assert window.annotation_pane.model.rowCount() == 1
    # After a change to it, that report's annotations are read again (once).
    window.ops.add(other, 20, 25, "figure")
    window.context.set_current_document(seed_doc)
    window.context.set_current_document(other)
    assert [a[0] for a in loads] == [other, seed_doc, other]
    assert window.annotation_pane.model.rowCount() == 2


def test_a_burst_of_change_sets_repaints_once(window, seed_doc, qtbot, monkeypatch):
    view = window.document_view
    handed = _count_calls(monkeypatch, view, "setExtraSelections")
    for start in (10, 30, 50):
        window.ops.add(seed_doc, start, start + 5, "measure")
    assert handed == []  # nothing handed to Qt yet: the turn has not ended
    assert len(view.highlight_ranges()) == 3  # the layer is up to date at once
    qtbot.waitUntil(lambda: len(handed) == 1)
    QCoreApplication.processEvents()
    assert len(handed) == 1
    assert view.painted_ranges() == [(10, 15, "measure"), (30, 35, "measure"), (50, 55, "measure")]
    assert _qt_ranges(view) == view.painted_ranges()


def test_the_visible_window_needs_no_full_layout(window, import_files, tmp_path):
    """A span across a paragraph break near the top is painted in pieces, and
    neither it nor finding the window lays the rest of a long report out."""
    paragraphs = [PARAGRAPHS[0]] + [f"第{i}段。" + "法治政府建设的有关情况说明" * 6 for i in range(4000)]
    doc_id = import_files([write_txt(tmp_path / "long.txt", paragraphs)]).imported[0].doc_id
    project = window.context.project
    text = project.document(doc_id).text
    nl = text.index("\n", 200)
    window.ops.add(doc_id, nl - 5, nl + 6, "figure")  # crosses a paragraph break
    far = len(text) - 100
    window.ops.add(doc_id, far, far + 8, "measure")
    view = window.document_view
    window.context.set_current_document(doc_id)
    document = view.document()
    assert view.painted_ranges() == [(nl - 5, nl + 6, "figure")]
    assert _qt_ranges(view) == view.painted_ranges()
    assert len(view.extraSelections()) == 2  # one piece per paragraph
    assert document.lastBlock().layout().lineCount() == 0  # the end of the report is not laid out
    lo, hi = view.visible_range16()
    assert lo == 0 and nl < hi < len(text) // 2
    # Scrolled to the end: that span is painted, the first is not.
    view.reveal(doc_id, far, far + 8)
    view.refresh_highlights()
    assert (far, far + 8, "measure") in view.painted_ranges()
    assert (nl - 5, nl + 6, "figure") not in view.painted_ranges()
    assert _qt_ranges(view) == view.painted_ranges()
    lo, hi = view.visible_range16()
    assert lo <= far < hi and lo > len(text) // 2


def test_a_switch_deletes_the_document_shown_before(window, seed_doc, import_files, tmp_path):
    other = import_files([write_txt(tmp_path / "b.txt", PARAGRAPHS)]).imported[0].doc_id
    window.context.set_current_document(seed_doc)
    view = window.document_view
    old = view.document()
    window.context.set_current_document(other)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(old)
    assert view._selections.keys() <= {s.id for s in view.layer.spans()}  # noqa: SLF001 - nothing of the old one held


def test_orphans_follow_version_changes_not_key_presses(window, import_files, tmp_path, fake):
    path = write_txt(tmp_path / "v.txt", PARAGRAPHS)
    doc_id = import_files([path]).imported[0].doc_id
    text = window.context.project.document(doc_id).text
    q = "执法人员仅有3名"
    s = text.index(q)
    window.ops.add(doc_id, s, s + len(q), "weakness")
    fake.new_versions.append("replace")
    import_files([write_txt(path, [p for p in PARAGRAPHS if "执法人员" not in p])])
    pane = window.annotation_pane
    assert pane.orphan_model.rowCount() == 1 and pane.model.rowCount() == 0
    window.context.undo_stack.undo()  # the old text back: the annotation placed again
    assert pane.orphan_model.rowCount() == 0 and pane.model.rowCount() == 1
    window.context.undo_stack.redo()
    assert pane.orphan_model.rowCount() == 1 and pane.model.rowCount() == 0
    assert window.document_view.highlight_ranges() == []


def test_outline_trees_of_reports_shown_lately_are_kept(window, seed_doc, import_files, tmp_path, fake,
                                                         monkeypatch):
    path = write_txt(tmp_path / "b.txt", PARAGRAPHS)
    other = import_files([path]).imported[0].doc_id
    view = window.outline
    window.context.set_current_document(seed_doc)
    seed_tree = view.tree
    builds = _count_calls(monkeypatch, outline, "build_tree")
    window.context.set_current_document(other)
    window.context.set_current_document(seed_doc)
    assert view.tree is seed_tree and builds == []
    assert view.sections() == window.context.project.sections(seed_doc)
    top = view.tree.index(1, 0)
    view.clicked.emit(top)
    assert window.document_view.textCursor().position() == view.section_at(top).start
    # A new version of the other report: its outline is built again when shown.
    window.context.set_current_document(other)
    fake.new_versions.append("replace")
    import_files([write_txt(path, ["前言：新增的一段说明文字。", *PARAGRAPHS])])
    assert len(builds) == 1
    assert view.sections() == window.context.project.sections(other)
    # No more than TREES_KEPT trees are held.
    for doc_id in (seed_doc, other):
        window.context.set_current_document(doc_id)
    assert len(view._trees) <= outline.TREES_KEPT  # noqa: SLF001
    window.context.set_current_document(0)
    assert view.tree.rowCount() == 0


def test_a_set_filter_judges_rows_that_come_go_and_change_afterwards(window, seed_doc, fake):
    """The filter decides every row in one pass when it is set; rows added,
    removed or edited afterwards are judged on their own, never by a stale answer."""
    ids = _bulk(window, seed_doc, 40)
    pane, project = window.annotation_pane, window.context.project

    def shown() -> set[int]:
        return {pane.annotation_at(pane.proxy.index(r, 0)).id for r in range(pane.proxy.rowCount())}

    def expected(needle: str) -> set[int]:
        sections = project.sections(seed_doc)
        from desktop.text import section_at

        return {a.id for a in project.annotations(seed_doc)
                if needle in f"{a.quote}\n{a.note}\n{(section_at(sections, a.start) or a).title if section_at(sections, a.start) else ''}".lower()}

    needle = "暂无此词"
    pane.filter_edit.setText(needle)
    assert shown() == set() == expected(needle)
    fake.notes.append(f"批注含{needle}")
    window.ops.edit_note(ids[7])  # an edited row now matches: it appears
    assert shown() == {ids[7]} == expected(needle)
    window.ops.delete([ids[7], ids[8]])  # rows going away while filtered
    assert shown() == set() == expected(needle)
    window.context.undo_stack.undo()  # and coming back
    assert shown() == {ids[7]} == expected(needle)
    pane.filter_edit.setText("")
    assert pane.proxy.rowCount() == len(project.annotations(seed_doc))


def test_switching_back_reuses_the_highlight_layer_until_the_report_changes(window, seed_doc, import_files, tmp_path):
    other = import_files([write_txt(tmp_path / "另一份.txt", ["乙镇报告", "一、主要举措和成效", "建立制度。"])]).imported[0].doc_id
    view = window.document_view
    _bulk(window, seed_doc, 20)
    window.context.set_current_document(other)
    window.context.set_current_document(seed_doc)  # read once after the change
    first = view.layer
    window.context.set_current_document(other)
    assert view.layer is not first and view.highlight_ranges() == []
    window.context.set_current_document(seed_doc)
    assert view.layer is first  # nothing changed: nothing rebuilt
    ann = window.context.project.annotations(seed_doc)[0]
    window.context.set_current_document(other)
    window.context.project.run(DeleteAnnotations((ann.id,)))  # changed while another report is shown
    window.context.set_current_document(seed_doc)
    assert view.layer is not first
    assert (ann.start, ann.end, ann.tag) not in view.highlight_ranges()
    assert view.highlight_ranges() == sorted((a.start, a.end, a.tag) for a in window.context.project.annotations(seed_doc))
    window.context.set_current_document(0)
    window.context.set_current_document(seed_doc)
    assert view.highlight_ranges()  # clearing the pane did not empty the kept layer
