"""Typed records the store hands out; nothing outside the store sees a row dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Iterator

from desktop.text import Section

STATUSES: dict[str, str] = {"not_started": "未开始", "in_review": "评阅中", "done": "已完成"}


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text: what lists and tables need."""

    id: int
    title: str
    source_name: str
    source_sha256: str
    format: str
    imported_at: str
    unit: str
    year: int | None
    status: str
    pages: int | None
    version: int
    chars: int
    #: Stable identity across export, merge and re-import.
    uuid: str = ""
    #: SHA-256 of the canonical text: the document's identity inside a project.
    content_sha256: str = ""


@dataclass(frozen=True)
class VersionInfo:
    """An earlier text of a document, kept when a new version replaced it."""

    id: int
    doc_id: int
    version: int
    title: str
    source_name: str
    format: str
    imported_at: str
    replaced_at: str
    chars: int


@dataclass(frozen=True)
class Document(DocumentInfo):
    text: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Annotation:
    id: int
    doc_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    tag: str
    note: str
    reviewer: str
    created_at: str
    updated_at: str
    orphaned: bool = False
    #: Stable identity across export, merge and re-import.
    uuid: str = ""


class ChangeKind(str, Enum):
    """The kinds of thing an operation can change; panes subscribe to kinds.

    A ``str`` enum, so ``change.what == "annotations"`` reads as before."""

    DOCUMENTS = "documents"  # a report's row: title, unit, year, status, text version; added/removed
    ANNOTATIONS = "annotations"
    SECTIONS = "sections"  # a report's outline (changes with its text)
    SCORES = "scores"  # points, comments and evidence links; ids are criterion ids
    VERSIONS = "versions"  # stored earlier texts of a report
    ROUND = "round"  # round name and year
    RUBRIC = "rubric"  # the criteria

    def __str__(self) -> str:
        return self.value

    def __hash__(self) -> int:  # as its value, so "annotations" in {ChangeKind.ANNOTATIONS}
        return hash(self.value)


@dataclass(frozen=True)
class Change:
    """What changed of one kind, in one document (``doc_id`` None: round-wide).

    ``ids`` are every id touched (annotation ids, document ids, criterion ids…);
    ``added`` and ``removed`` say which of them are new or gone, the rest were
    updated. No ids at all means "everything of this kind (in this document)":
    a pane reloads what it shows of it."""

    what: ChangeKind | str
    doc_id: int | None = None
    ids: tuple = ()
    added: tuple = ()
    removed: tuple = ()

    def __post_init__(self) -> None:
        if not isinstance(self.what, ChangeKind):
            object.__setattr__(self, "what", ChangeKind(self.what))

    @property
    def kind(self) -> ChangeKind:
        return self.what  # type: ignore[return-value]

    @property
    def updated(self) -> tuple:
        gone = set(self.added) | set(self.removed)
        return tuple(i for i in self.ids if i not in gone)

    @property
    def whole(self) -> bool:
        """No ids: everything of this kind (in ``doc_id``, or everywhere) may have changed."""
        return not self.ids


@dataclass(frozen=True)
class ChangeSet:
    """Everything one operation changed, announced once after its transaction
    committed. Iterating gives its :class:`Change` entries."""

    changes: tuple[Change, ...] = ()
    #: The operation's name (``add_annotations``, ``delete_annotations``…).
    operation: str = ""

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def kinds(self) -> set[ChangeKind]:
        return {c.kind for c in self.changes}

    def of(self, kind: ChangeKind | str, doc_id: int | None | object = ...) -> list[Change]:
        """The entries of one kind (in one document when ``doc_id`` is given)."""
        kind = ChangeKind(kind)
        return [c for c in self.changes if c.kind is kind and (doc_id is ... or c.doc_id == doc_id)]

    def touches(self, kind: ChangeKind | str, doc_id: int | None | object = ...) -> bool:
        """True when the set changes ``kind`` (in ``doc_id``; a round-wide entry touches every document)."""
        kind = ChangeKind(kind)
        return any(c.kind is kind and (doc_id is ... or c.doc_id == doc_id or c.doc_id is None)
                   for c in self.changes)

    def ids(self, kind: ChangeKind | str, doc_id: int | None | object = ...) -> set:
        return {i for c in self.of(kind, doc_id) for i in c.ids}

    def doc_ids(self, kind: ChangeKind | str | None = None) -> set[int | None]:
        """Documents with a change (of ``kind``); None stands for a round-wide entry."""
        return {c.doc_id for c in self.changes if kind is None or c.kind is ChangeKind(kind)}

    def whole(self, kind: ChangeKind | str, doc_id: int | None | object = ...) -> bool:
        """True when some entry of ``kind`` (for ``doc_id``) has no ids: reload it all."""
        return any(c.whole for c in self.of(kind, doc_id)) or (
            doc_id is not ... and any(c.whole for c in self.of(kind, None)))

    def merged(self, other: "ChangeSet") -> "ChangeSet":
        """This set followed by ``other`` (coalescing a burst into one refresh)."""
        return ChangeSet.of_changes([*self.changes, *other.changes], self.operation or other.operation)

    @staticmethod
    def of_changes(changes: Iterable[Change], operation: str = "") -> "ChangeSet":
        """One entry per (kind, document): ids united in first-seen order, an
        id added and then removed counts as neither (and the reverse as updated)."""
        order: list[tuple] = []
        acc: dict[tuple, dict[str, dict]] = {}
        whole: set[tuple] = set()
        for c in changes:
            key = (c.kind, c.doc_id)
            if key not in acc:
                order.append(key)
                acc[key] = {"ids": {}, "added": {}, "removed": {}}
            entry = acc[key]
            if c.whole:
                whole.add(key)
            for i in c.ids:
                entry["ids"][i] = None
            for i in c.added:
                if i in entry["removed"]:
                    del entry["removed"][i]  # removed then put back: an update
                else:
                    entry["added"][i] = None
            for i in c.removed:
                if i in entry["added"]:
                    del entry["added"][i]  # added then removed: nothing happened to it
                    entry["ids"].pop(i, None)
                else:
                    entry["removed"][i] = None
        out = []
        for key in order:
            e = acc[key]
            if key in whole:
                out.append(Change(key[0], key[1]))
            elif e["ids"]:
                out.append(Change(key[0], key[1], tuple(e["ids"]), tuple(e["added"]), tuple(e["removed"])))
        return ChangeSet(tuple(out), operation)


@dataclass(frozen=True)
class ImportResult:
    """Outcome of importing one file into the project.

    ``action`` is ``new``, ``updated`` (an explicit new version, annotations
    re-anchored; ``version_id`` is the stored previous text, for undo) or
    ``duplicate`` (the same text is already in the project: nothing written).
    """

    action: str
    doc_id: int
    title: str
    moved: int = 0
    orphans: int = 0
    warnings: tuple[str, ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)
    version_id: int = 0
