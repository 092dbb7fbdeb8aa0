"""What the panes ask for again and again, kept up to date by change sets.

One :class:`ProjectCache` per open project. It subscribes to the project
*before* any pane (the window's context creates it first), so when a pane
hears of a change set the cache already reflects it. It holds

* every report's metadata (no text) and its tag counts, updated per report
  from the change set's ids, never by re-reading the round;
* per-report results that only depend on the text — the text itself, the
  offset map, the outline and its section index, the completeness check —
  keyed by the report's text version (version number and content hash), so
  a new version recomputes them and nothing else does. Only the last few
  reports' texts are kept (a 1M-character report is a few MB).

Qt-free: the command line and tests use it as the window does.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable

from desktop.store.records import ChangeKind, ChangeSet, DocumentInfo
from desktop.tags import TAG_VALUES

if TYPE_CHECKING:  # pragma: no cover
    from desktop.analysis.completeness import Completeness
    from desktop.store.project import Project
    from desktop.text import OffsetMap, Section

#: Reports whose text-derived results are kept (the shown one, the one before, one more).
TEXTS_KEPT = 3


class ProjectCache:
    def __init__(self, project: "Project") -> None:
        self.project = project
        self._infos: dict[int, DocumentInfo] | None = None
        self._counts: dict[int, dict[str, int]] | None = None
        #: report -> {annotation id: tag} of its placed annotations, for reports whose
        #: annotations changed: later changes adjust the counts from their ids alone.
        self._tags: dict[int, dict[int, str]] = {}
        self._sections: dict[int, list[Section]] = {}
        self._per_text: OrderedDict[int, tuple[tuple | None, dict[str, Any]]] = OrderedDict()
        self.unsubscribe = project.subscribe(self.apply)
        #: How many times each kind of result was computed (tests and benchmarks read it).
        self.computed: dict[str, int] = {}

    # --- documents --------------------------------------------------------------------------

    def _load_infos(self) -> dict[int, DocumentInfo]:
        if self._infos is None:
            self._count("documents")
            self._infos = {d.id: d for d in self.project.documents()}
        return self._infos

    def documents(self) -> list[DocumentInfo]:
        """Every report's metadata, in id order (no text is read)."""
        return list(self._load_infos().values())

    def info(self, doc_id: int) -> DocumentInfo | None:
        return self._load_infos().get(doc_id)

    # --- tag counts ---------------------------------------------------------------------------

    def _load_counts(self) -> dict[int, dict[str, int]]:
        if self._counts is None:
            self._count("counts")
            self._counts = self.project.tag_counts_by_document()
        return self._counts

    def tag_counts(self, doc_id: int) -> dict[str, int]:
        """Placed annotations per tag of one report (every tag present, zeros included)."""
        counts = self._load_counts()
        if doc_id not in counts:
            return dict.fromkeys(TAG_VALUES, 0)
        return dict(counts[doc_id])

    def all_tag_counts(self) -> dict[int, dict[str, int]]:
        return {d: dict(c) for d, c in self._load_counts().items()}

    # --- per text version ------------------------------------------------------------------------

    def _text_key(self, doc_id: int) -> tuple | None:
        info = self.info(doc_id)
        return (info.version, info.content_sha256) if info is not None else None

    def _slot(self, doc_id: int) -> dict[str, Any]:
        key = self._text_key(doc_id)
        held = self._per_text.get(doc_id)
        if held is None or held[0] != key:
            held = (key, {})
            self._per_text[doc_id] = held  # type: ignore[assignment]
        self._per_text.move_to_end(doc_id)
        while len(self._per_text) > TEXTS_KEPT:
            self._per_text.popitem(last=False)
        return held[1]

    def _cached(self, doc_id: int, name: str, make: Callable[[], Any]) -> Any:
        slot = self._slot(doc_id)
        if name not in slot:
            self._count(name)
            slot[name] = make()
        return slot[name]

    def has(self, doc_id: int, name: str) -> bool:
        """True when ``name`` (text, offsets, section_index, completeness) is held
        for the report's current text, so asking for it costs nothing."""
        held = self._per_text.get(doc_id)
        return held is not None and held[0] == self._text_key(doc_id) and name in held[1]

    def text(self, doc_id: int) -> str:
        return self._cached(doc_id, "text", lambda: self.project.document(doc_id).text)

    def offsets(self, doc_id: int) -> "OffsetMap":
        from desktop.text import OffsetMap

        return self._cached(doc_id, "offsets", lambda: OffsetMap(self.text(doc_id)))

    def sections(self, doc_id: int) -> list["Section"]:
        if doc_id not in self._sections:
            self._count("sections")
            self._sections[doc_id] = self.project.sections(doc_id)
        return self._sections[doc_id]

    def section_index(self, doc_id: int):
        """Answers "which section holds this offset" by binary search."""
        from desktop.text import SectionIndex

        return self._cached(doc_id, "section_index", lambda: SectionIndex(self.sections(doc_id)))

    def completeness(self, doc_id: int) -> "Completeness":
        from desktop.analysis.completeness import check

        return self._cached(doc_id, "completeness", lambda: check(self.text(doc_id), self.sections(doc_id)))

    # --- keeping up -------------------------------------------------------------------------------

    def apply(self, changes: ChangeSet) -> None:
        """Brings the cache up to date with one committed change set."""
        for change in changes:
            kind = change.kind
            if kind is ChangeKind.DOCUMENTS:
                self._refresh_documents(change.ids if not change.whole else None, change.doc_id)
            elif kind is ChangeKind.ANNOTATIONS:
                self._refresh_counts(change.doc_id, None if change.whole else change.ids)
            elif kind is ChangeKind.SECTIONS:
                if change.doc_id is None:
                    self._sections.clear()
                    self._per_text.clear()
                else:
                    self._sections.pop(change.doc_id, None)
                    held = self._per_text.get(change.doc_id)
                    if held is not None:
                        held[1].pop("section_index", None)
                        held[1].pop("completeness", None)

    def _refresh_documents(self, ids: tuple | None, doc_id: int | None) -> None:
        if self._infos is None:
            return
        if ids is None:
            if doc_id is None:
                self._infos = None
                self._counts = None
                self._tags.clear()
                return
            ids = (doc_id,)
        fresh = self.project.documents_info(ids)
        for i in ids:
            if i in fresh:
                self._infos[i] = fresh[i]
            else:  # removed
                self._infos.pop(i, None)
                self._sections.pop(i, None)
                self._per_text.pop(i, None)
                self._tags.pop(i, None)
                if self._counts is not None:
                    self._counts.pop(i, None)
        self._infos = dict(sorted(self._infos.items()))

    def _refresh_counts(self, doc_id: int | None, ids: tuple | None = None) -> None:
        """Counts of one report after its annotations changed: from the changed
        ids alone (a query of those rows, whatever the report's size), once
        the report's placed annotations' tags are known; whole changes re-read."""
        if self._counts is None:
            return
        if doc_id is None:
            self._counts = None
            self._tags.clear()
            return
        if ids is None or doc_id not in self._tags:
            self._count("counts_one")
            self._tags[doc_id] = tags = self.project.placed_tags(doc_id)
            counts = dict.fromkeys(TAG_VALUES, 0)
            for tag in tags.values():
                counts[tag] = counts.get(tag, 0) + 1
        else:
            self._count("counts_delta")
            tags = self._tags[doc_id]
            counts = dict(self._counts.get(doc_id) or dict.fromkeys(TAG_VALUES, 0))
            now = self.project.placed_tags_of(ids)
            for ann_id in ids:
                old = tags.pop(ann_id, None)
                if old is not None:
                    counts[old] -= 1
                new = now.get(ann_id)
                if new is not None and new[0] == doc_id:
                    tags[ann_id] = new[1]
                    counts[new[1]] = counts.get(new[1], 0) + 1
        if any(counts.values()):
            self._counts[doc_id] = counts
        else:
            self._counts.pop(doc_id, None)

    def _count(self, name: str) -> None:
        self.computed[name] = self.computed.get(name, 0) + 1

    def close(self) -> None:
        self.unsubscribe()
