"""Qt models over the open document's annotations.

The table model keeps Annotation records in text order and follows the
store's change sets row by row — removed ids leave in contiguous runs,
added ones are bisected into place, updated ones repaint their row — instead
of resetting, so the selection and scroll position survive each key press
and a batch of 200 deletions costs a handful of row moves, not 200 scans.

:class:`AnnotationSource` reads the shown document's annotations once per
switch (and not again for a report shown lately that no change set touched
since), and the records a change set names once per change set, for every
pane that shows them (the document view and this model).
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from desktop.store import Annotation, ChangeKind, ChangeSet
from desktop.tags import BY_VALUE, TAG_VALUES
from desktop.text import Section
from desktop.ui.context import AppContext
from desktop.ui.labels import tag_label

COL_TAG, COL_QUOTE, COL_SECTION, COL_NOTE = range(4)
#: The annotation's id (plain ints only in Qt data: see outline.SectionRole).
AnnotationRole = Qt.ItemDataRole.UserRole + 1
TagRole = Qt.ItemDataRole.UserRole + 2
QUOTE_CHARS = 40
#: More separate runs of rows than this inserted or removed by one change set:
#: one model reset instead (each run costs the views a pass over their rows).
RESET_RUNS = 50


def shorten(text: str, n: int = QUOTE_CHARS) -> str:
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _key(ann: Annotation) -> tuple[int, int, int]:
    return (ann.start, -ann.end, ann.id)


# --- reading once for every pane -----------------------------------------------------------


@dataclass
class AnnotationDelta:
    """What one change set did to one document's annotations.

    ``whole``: reload them all. Otherwise ``removed`` ids are gone,
    ``records`` holds the current record of every added or updated id (None
    when it is gone too), ``placed`` those of them placed in the document and
    ``unplaced`` the ids no longer placed there (orphaned, or gone)."""

    whole: bool = False
    removed: tuple[int, ...] = ()
    records: dict[int, Annotation | None] = field(default_factory=dict)

    def placed(self, doc_id: int) -> dict[int, Annotation]:
        return {i: a for i, a in self.records.items()
                if a is not None and not a.orphaned and a.doc_id == doc_id}

    def unplaced(self, doc_id: int) -> list[int]:
        placed = self.placed(doc_id)
        return [*self.removed, *(i for i in self.records if i not in placed)]

    def orphans_touched(self, doc_id: int) -> bool:
        """True when a record of the change is an orphan of the document."""
        return any(a is not None and a.orphaned and a.doc_id == doc_id for a in self.records.values())

    def __bool__(self) -> bool:
        return self.whole or bool(self.removed) or bool(self.records)


class AnnotationSource(QObject):
    """The annotations of the reports shown lately, read once for every pane.

    ``annotations(doc_id)`` answers from what was read before for the same
    project until a change set touches that report's annotations (the last
    KEPT reports are kept, so switching back and forth reads nothing);
    ``delta(changes, doc_id)`` reads the records a change set names once,
    whoever asks first. One per context: :func:`annotation_source` creates
    it, and the first pane to ask does so before connecting itself to the
    store, so the source forgets before any pane reads again."""

    KEPT = 3

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.context = context
        self._lists: OrderedDict[int, list[Annotation]] = OrderedDict()
        self._of: tuple = (None, None)  # the project and cache the lists were read from
        self._delta: tuple | None = None  # (changes, doc_id, AnnotationDelta)
        #: Store reads done: tests count them.
        self.loads = 0
        context.storeChanged.connect(self._changed)
        context.projectChanged.connect(self.forget)

    def forget(self, *_args) -> None:
        self._lists.clear()
        self._delta = None

    def _changed(self, changes: ChangeSet) -> None:
        self._delta = None
        for change in changes:
            if change.kind is ChangeKind.ANNOTATIONS or (change.kind is ChangeKind.DOCUMENTS
                                                          and change.doc_id is None):
                if change.doc_id is None:
                    self._lists.clear()
                else:
                    self._lists.pop(change.doc_id, None)

    def annotations(self, doc_id: int) -> list[Annotation]:
        """The document's placed annotations in text order (shared: copy it to change it)."""
        project = self.context.project
        if project is None or not doc_id:
            return []
        of = (project, self.context.cache)
        if self._of[0] is not of[0] or self._of[1] is not of[1]:  # another project, or re-read from disk
            self.forget()
            self._of = of
        held = self._lists.get(doc_id)
        if held is None:
            self.loads += 1
            held = self._lists[doc_id] = project.annotations(doc_id)
            while len(self._lists) > self.KEPT:
                self._lists.popitem(last=False)
        self._lists.move_to_end(doc_id)
        return held

    def delta(self, changes: ChangeSet, doc_id: int) -> AnnotationDelta:
        """What ``changes`` did to ``doc_id``'s annotations (empty when nothing)."""
        held = self._delta
        if held is not None and held[0] is changes and held[1] == doc_id:
            return held[2]
        delta = self._read_delta(changes, doc_id)
        self._delta = (changes, doc_id, delta)
        return delta

    def _read_delta(self, changes: ChangeSet, doc_id: int) -> AnnotationDelta:
        project = self.context.project
        kind = ChangeKind.ANNOTATIONS
        if project is None or not doc_id or not changes.touches(kind, doc_id):
            return AnnotationDelta()
        if changes.whole(kind, doc_id):
            return AnnotationDelta(whole=True)
        entries = changes.of(kind, doc_id) + changes.of(kind, None)
        removed = {i: None for c in entries for i in c.removed}
        wanted = [i for c in entries for i in c.ids if i not in removed]
        found = project.annotations_by_id(wanted) if wanted else {}
        self.loads += bool(wanted)
        return AnnotationDelta(False, tuple(removed), {i: found.get(i) for i in wanted})


def annotation_source(context: AppContext) -> AnnotationSource:
    """The context's one AnnotationSource (created, and connected, on first use)."""
    source = getattr(context, "_annotation_source", None)
    if source is None:
        source = AnnotationSource(context)
        context._annotation_source = source  # noqa: SLF001 - the context carries it for its panes
    return source


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted distinct rows as (first, last) runs of consecutive rows."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] + 1 == r:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


# --- the table -----------------------------------------------------------------------------------


class AnnotationTableModel(QAbstractTableModel):
    """Rows: the shown document's placed annotations, in text order."""

    #: The per-tag counts of the rows changed (once per load or change set).
    countsChanged = Signal()

    def __init__(self, context: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.source = annotation_source(context)
        self.doc_id = 0
        self.rows: list[Annotation] = []
        self._keys: list[tuple[int, int, int]] = []
        #: id -> key: a row is found by bisecting its key (no scan, no index to shift).
        self._key_of: dict[int, tuple[int, int, int]] = {}
        self._counts: dict[str, int] = dict.fromkeys(TAG_VALUES, 0)
        #: id -> lower-case "quote, note, section" for the text filter, made when first asked.
        self._hay: dict[int, str] = {}
        self._index = None  # the cache's SectionIndex of the document
        self._text_key: tuple | None = None
        self.headers = [self.tr("类型"), self.tr("原文"), self.tr("所在部分"), self.tr("批注")]
        context.storeChanged.connect(self.on_store_changed)

    # --- loading ------------------------------------------------------------------

    def load(self, doc_id: int) -> None:
        project = self.context.project
        self.doc_id = doc_id if project is not None else 0
        self._reset(list(self.source.annotations(self.doc_id)) if self.doc_id else [])

    def _reset(self, rows: list[Annotation]) -> None:
        """Shows ``rows`` (in text order) with one model reset."""
        self.beginResetModel()
        self.rows = rows
        self._keys = [_key(a) for a in rows]
        self._key_of = {a.id: k for a, k in zip(rows, self._keys)}
        self._hay = {}
        self._index = None
        self._text_key = self._current_text_key()
        self._counts = dict.fromkeys(TAG_VALUES, 0)
        for ann in rows:
            self._counts[ann.tag] = self._counts.get(ann.tag, 0) + 1
        self.endResetModel()
        self.countsChanged.emit()

    def _current_text_key(self) -> tuple | None:
        cache = self.context.cache
        info = cache.info(self.doc_id) if cache is not None and self.doc_id else None
        return (info.version, info.content_sha256) if info is not None else None

    @property
    def sections(self) -> list[Section]:
        cache = self.context.cache
        return cache.sections(self.doc_id) if cache is not None and self.doc_id else []

    # --- following the store --------------------------------------------------------------

    def on_store_changed(self, changes: ChangeSet) -> None:
        doc_id = self.doc_id
        if not doc_id or self.context.project is None:
            return
        if changes.touches(ChangeKind.DOCUMENTS, doc_id):
            cache = self.context.cache
            if cache is None or cache.info(doc_id) is None:
                self.load(0)
                return
            if self._current_text_key() != self._text_key:  # a new text: every place may have moved
                self.load(doc_id)
                return
        if changes.touches(ChangeKind.SECTIONS, doc_id) and self.rows:
            self._hay, self._index = {}, None
            self.dataChanged.emit(self.index(0, COL_SECTION), self.index(len(self.rows) - 1, COL_SECTION))
        delta = self.source.delta(changes, doc_id)
        if delta.whole:
            self.load(doc_id)
        elif delta:
            self.apply(delta)

    def apply(self, delta: AnnotationDelta) -> None:
        """Removes, inserts and repaints the rows ``delta`` names."""
        placed = delta.placed(self.doc_id)
        leaving = {i for i in delta.unplaced(self.doc_id) if i in self._key_of}
        stay: list[Annotation] = []  # updated where they are
        for ann_id, ann in placed.items():
            key = self._key_of.get(ann_id)
            if key is not None:
                if key == _key(ann):
                    stay.append(ann)
                else:
                    leaving.add(ann_id)  # moved: leaves its row, arrives at its new one
        arriving = sorted((a for a in placed.values() if a.id not in self._key_of or a.id in leaving), key=_key)
        out_runs = _runs(sorted(self._row(i) for i in leaving))
        if len(out_runs) > RESET_RUNS:
            self._reset_with(leaving, stay, arriving)
            return
        counts_before = dict(self._counts)
        for first, last in reversed(out_runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            for ann in self.rows[first:last + 1]:
                del self._key_of[ann.id]
                self._hay.pop(ann.id, None)
                self._counts[ann.tag] -= 1
            del self.rows[first:last + 1], self._keys[first:last + 1]
            self.endRemoveRows()
        if len({bisect.bisect_left(self._keys, _key(a)) for a in arriving}) > RESET_RUNS:
            self._reset_with((), stay, arriving)
            return
        self._insert(arriving)
        rows = []
        for ann in stay:
            row = self._row(ann.id)
            self._counts[self.rows[row].tag] -= 1
            self._counts[ann.tag] = self._counts.get(ann.tag, 0) + 1
            self.rows[row] = ann
            self._hay.pop(ann.id, None)
            rows.append(row)
        for first, last in _runs(sorted(rows)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, COL_NOTE))
        if self._counts != counts_before:
            self.countsChanged.emit()

    def _insert(self, arriving: list[Annotation]) -> None:
        """Inserts records (sorted by key, none shown yet) in runs of adjacent rows."""
        i = 0
        while i < len(arriving):
            pos = bisect.bisect_left(self._keys, _key(arriving[i]))
            j = i + 1
            while j < len(arriving) and bisect.bisect_left(self._keys, _key(arriving[j])) == pos:
                j += 1
            run = arriving[i:j]
            self.beginInsertRows(QModelIndex(), pos, pos + len(run) - 1)
            self.rows[pos:pos] = run
            self._keys[pos:pos] = [_key(a) for a in run]
            for ann in run:
                self._key_of[ann.id] = _key(ann)
                self._counts[ann.tag] = self._counts.get(ann.tag, 0) + 1
            self.endInsertRows()
            i = j

    def _reset_with(self, leaving, stay: list[Annotation], arriving: list[Annotation]) -> None:
        """One reset to the rows there are once ``leaving`` left, ``stay`` changed and ``arriving`` came."""
        gone = set(leaving)
        updated = {a.id: a for a in stay}
        rows = [updated.get(a.id, a) for a in self.rows if a.id not in gone]
        rows.extend(arriving)
        rows.sort(key=_key)
        self._reset(rows)

    def _row(self, ann_id: int) -> int:
        """The row of an annotation shown (bisect by its key); -1 when not shown."""
        key = self._key_of.get(ann_id)
        if key is None:
            return -1
        return bisect.bisect_left(self._keys, key)

    def row_of(self, ann_id: int) -> int:
        return self._row(ann_id)

    # --- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def _section_at(self):
        """The document's "section holding this offset" lookup (a bisect), kept until the outline changes."""
        if self._index is None:
            cache = self.context.cache
            if cache is None or not self.doc_id:
                return lambda _offset: None
            self._index = cache.section_index(self.doc_id)
        return self._index.at

    def section_title(self, ann: Annotation) -> str:
        """The title of the innermost section holding the annotation's start."""
        section = self._section_at()(ann.start)
        return section.title if section else ""

    def haystack(self, row: int) -> str:
        """What the text filter searches in a row: quote, note and section, lower-case.
        The first question makes every row's at once."""
        hay = self._hay.get(self.rows[row].id)
        if hay is None:
            at, hays = self._section_at(), self._hay
            for ann in self.rows:
                if ann.id not in hays:
                    section = at(ann.start)
                    hays[ann.id] = f"{ann.quote}\n{ann.note}\n{section.title if section else ''}".lower()
            hay = hays[self.rows[row].id]
        return hay

    def haystacks(self) -> list[str]:
        """Every row's :meth:`haystack`, in row order (one pass for the filter)."""
        if not self.rows:
            return []
        self.haystack(0)  # makes every missing one at once
        hays = self._hay
        return [hays[ann.id] for ann in self.rows]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ann = self.rows[index.row()]
        col = index.column()
        if role == AnnotationRole:
            return ann.id
        if role == TagRole:
            return ann.tag
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TAG:
                return tag_label(ann.tag)
            if col == COL_QUOTE:
                return shorten(ann.quote)
            if col == COL_SECTION:
                return shorten(self.section_title(ann), 18)
            return shorten(ann.note, 60)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = ann.quote
            if ann.note:
                tip += "\n\n" + self.tr("批注：") + ann.note
            if ann.reviewer:
                tip += "\n" + self.tr("评阅人：") + ann.reviewer
            return tip
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_TAG:
            return QBrush(QColor(BY_VALUE[ann.tag].highlight))
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_TAG:
            return QBrush(QColor(BY_VALUE[ann.tag].colour))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_TAG:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def annotation_at(self, row: int) -> Annotation:
        return self.rows[row]

    def counts(self) -> dict[str, int]:
        """Rows per tag (kept up to date as rows come and go)."""
        return dict(self._counts)


class AnnotationFilter(QSortFilterProxyModel):
    """Filters rows by the checked tags and by text in quote, note or section."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tags: set[str] = set(TAG_VALUES)
        self.needle = ""
        self._all = True  # every tag checked and no text: every row passes
        self._model: AnnotationTableModel | None = None
        #: Whether each source row passes, worked out in one pass when the filter
        #: changes (None once rows come or go: then each row is asked on its own).
        self._accept: list[bool] | None = None

    def setSourceModel(self, model) -> None:  # noqa: N802 - Qt API
        self._model = None
        self._accept = None
        # Connected before the proxy's own handlers (slots run in connection order),
        # so the one-pass answers are dropped before Qt asks about the changed rows.
        for signal in (model.rowsAboutToBeInserted, model.rowsAboutToBeRemoved, model.modelAboutToBeReset,
                       model.dataChanged, model.rowsAboutToBeMoved, model.layoutAboutToBeChanged):
            signal.connect(self._rows_changed)
        super().setSourceModel(model)

    def _rows_changed(self, *_args) -> None:
        self._accept = None

    def _passes(self, model: "AnnotationTableModel", row: int) -> bool:
        if model.rows[row].tag not in self.tags:
            return False
        return not self.needle or self.needle in model.haystack(row)

    def _decide_all(self) -> None:
        model = self.sourceModel()
        if self._all or model is None:
            self._accept = None
            return
        tags, needle = self.tags, self.needle
        if not needle:
            self._accept = [ann.tag in tags for ann in model.rows]
        else:
            self._accept = [ann.tag in tags and needle in hay for ann, hay in zip(model.rows, model.haystacks())]

    def _refilter(self, apply) -> None:
        # begin/endFilterChange(direction) is Qt 6.10+ (6.9 has begin without the end we call);
        # older Qt has invalidateRowsFilter.
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            apply()
            self._all = not self.needle and self.tags >= set(TAG_VALUES)
            self._decide_all()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self._all = not self.needle and self.tags >= set(TAG_VALUES)
            self._decide_all()
            self.invalidateRowsFilter()

    def set_tags(self, tags: set[str]) -> None:
        self._refilter(lambda: setattr(self, "tags", set(tags)))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "needle", text.strip().lower()))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self._all:
            return True
        accept = self._accept
        if accept is not None and source_row < len(accept):
            return accept[source_row]
        model = self._model
        if model is None:
            model = self._model = self.sourceModel()
        return self._passes(model, source_row)
