"""Typed records the store hands out; nothing outside the store sees a row dict."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Change:
    """What an operation changed. ``what`` is one of: documents, annotations,
    sections, scores, round, rubric. Panes react to the kinds they show."""

    what: str
    doc_id: int | None = None
    ids: tuple = ()


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
