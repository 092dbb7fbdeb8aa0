"""Operations: every change a reviewer (or the command line) makes, as one
named object the project runs in one transaction.

``Project.run(op)`` opens the transaction, hands the operation a
:class:`Writer`, commits, and announces one :class:`ChangeSet`. Every write
goes through the writer, which keeps the *before image* of each row it
touches. Those images give both

* the change set (which kinds of thing changed, in which document, which
  ids were added, removed or updated), derived from the rows themselves so
  it cannot disagree with what was written; and
* the inverse: :class:`RestoreRows` puts every touched column back, in
  reverse order. Running the inverse is itself an operation whose inverse
  is the redo, so an undo stack only ever holds operations.

Deletes remove dependent rows explicitly (evidence before annotations,
everything of a report before the report) so that no row disappears by a
foreign key's cascade without an image to bring it back.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from desktop.errors import ProjectError, clean_name
from desktop.store.records import Annotation, Change, ChangeKind, ChangeSet, ImportResult
from desktop.store.schema import content_hash, new_uuid
from desktop.tags import TAG_VALUES

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from desktop.importers.base import ImportedDocument
    from desktop.rubric import Rubric
    from desktop.store.project import Project
    from desktop.text import Section

#: Primary key columns of every table an operation may write.
KEYS: dict[str, tuple[str, ...]] = {
    "round": ("id",),
    "documents": ("id",),
    "sections": ("id",),
    "annotations": ("id",),
    "criteria": ("id",),
    "scores": ("doc_id", "criterion_id", "reviewer"),
    "score_evidence": ("doc_id", "criterion_id", "annotation_id"),
    "document_versions": ("id",),
    "suggestion_decisions": ("id",),
    "reviewers": ("key",),
    "merge_conflicts": ("id",),
    "merges": ("id",),
    "document_pages": ("doc_id", "content_sha256", "page"),
    "document_files": ("doc_id", "content_sha256"),
}
_KIND: dict[str, ChangeKind] = {
    "round": ChangeKind.ROUND,
    "documents": ChangeKind.DOCUMENTS,
    "sections": ChangeKind.SECTIONS,
    "annotations": ChangeKind.ANNOTATIONS,
    "criteria": ChangeKind.RUBRIC,
    "scores": ChangeKind.SCORES,
    "score_evidence": ChangeKind.SCORES,
    "document_versions": ChangeKind.VERSIONS,
    # A rejected suggestion leaves the 建议 list: the annotation panes re-read the report.
    "suggestion_decisions": ChangeKind.ANNOTATIONS,
    # Who a reviewer key stands for, and the merges' record: round-wide facts.
    "reviewers": ChangeKind.ROUND,
    "merges": ChangeKind.ROUND,
    # A conflict lists two annotations of a report: its annotation panes re-read it.
    "merge_conflicts": ChangeKind.ANNOTATIONS,
    # A PDF report's pages and original file (issue 15) change with its text, like its outline.
    "document_pages": ChangeKind.SECTIONS,
    "document_files": ChangeKind.SECTIONS,
}
#: Tables whose key is not their rowid: a row put back keeps its old rowid, so
#: the file (and the order rows are read in) is exactly as before.
_HIDDEN_ROWID = {"criteria", "scores", "score_evidence", "document_pages", "document_files"}
_CHUNK = 500
#: Batch numbers unique in the process, so the images of two operations can be
#: joined into one inverse (merged undo steps) without their batches mixing.
_BATCHES = itertools.count(1)


def _q(name: str) -> str:
    return f'"{name}"'


@dataclass(frozen=True)
class RowImage:
    """One row as it was before a write: ``op`` is what the write did.

    insert: ``before`` is empty (undo deletes the row); update: ``before``
    holds the old values of the columns written; delete: the whole row."""

    table: str
    key: tuple
    op: str  # insert | update | delete
    before: tuple[tuple[str, Any], ...] = ()
    doc_id: int | None = None
    #: Images written by one statement share a batch; undo puts a batch back in
    #: its original order (rows keep their order in the file).
    batch: int = 0


class Writer:
    """The one way an operation writes: plain SQL on the open transaction,
    recording a :class:`RowImage` for each row so the change set and the
    inverse come from the rows themselves."""

    def __init__(self, conn: "sqlite3.Connection") -> None:
        self.conn = conn
        self.images: list[RowImage] = []
        self.extra: list[Change] = []
        self._table_columns: dict[str, list[str]] = {}

    @staticmethod
    def _next_batch() -> int:
        return next(_BATCHES)

    # --- reading inside the transaction ---------------------------------------------

    def one(self, sql: str, args: Sequence = ()) -> tuple | None:
        return self.conn.execute(sql, args).fetchone()

    def all(self, sql: str, args: Sequence = ()) -> list[tuple]:
        return self.conn.execute(sql, args).fetchall()

    def _rows_by_keys(self, table: str, keys: Sequence[tuple], cols: Sequence[str]) -> dict[tuple, tuple]:
        """``cols`` of the rows with these keys, keyed by key (missing rows absent)."""
        key_cols = KEYS[table]
        out: dict[tuple, tuple] = {}
        sel = ", ".join(_q(c) for c in (*key_cols, *cols))
        if len(key_cols) == 1:
            for k in range(0, len(keys), _CHUNK):
                chunk = [key[0] for key in keys[k:k + _CHUNK]]
                marks = ", ".join("?" * len(chunk))
                for row in self.conn.execute(
                        f"SELECT {sel} FROM {table} WHERE {_q(key_cols[0])} IN ({marks})", chunk):
                    out[(row[0],)] = row[1:]
        else:
            where = " AND ".join(f"{_q(c)} = ?" for c in key_cols)
            for key in keys:
                row = self.conn.execute(f"SELECT {sel} FROM {table} WHERE {where}", key).fetchone()
                if row is not None:
                    out[tuple(row[:len(key_cols)])] = row[len(key_cols):]
        return out

    def _columns(self, table: str) -> list[str]:
        if table not in self._table_columns:
            cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]
            if not cols:
                raise ValueError(f"no table {table!r}")
            self._table_columns[table] = (["rowid"] if table in _HIDDEN_ROWID else []) + cols
        return self._table_columns[table]

    def _check(self, table: str, cols) -> None:
        """Column names exactly as the schema spells them (SQLite would accept
        any case; the images and change sets read them back by name)."""
        known = self._columns(table)
        wrong = [c for c in cols if c not in known]
        if wrong:
            raise ValueError(f"{table} has no column {wrong[0]!r}")

    @staticmethod
    def _doc_of(table: str, row: dict[str, Any]) -> int | None:
        if table == "documents":
            return row.get("id")
        return row.get("doc_id")

    # --- writing ----------------------------------------------------------------------

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Inserts one row; returns its rowid."""
        cols = list(row)
        self._check(table, cols)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols])
        rowid = int(cur.lastrowid or 0)
        key_cols = KEYS[table]
        key = tuple(row[c] for c in key_cols) if all(c in row for c in key_cols) else (rowid,)
        self.images.append(RowImage(table, key, "insert", (), self._doc_of(table, {**row, "id": key[0]}),
                                    self._next_batch()))
        return rowid

    def update(self, table: str, key: tuple, fields: dict[str, Any]) -> bool:
        """Sets ``fields`` of one row; False (and nothing written) when there is no such row."""
        return bool(self.update_many(table, [(key, fields)]))

    def update_many(self, table: str, items: Sequence[tuple[tuple, dict[str, Any]]]) -> int:
        """Sets fields of several rows (each item: key, fields; all items the same
        columns); missing rows are skipped. Returns how many rows were written."""
        if not items:
            return 0
        cols = list(items[0][1])
        self._check(table, cols)
        key_cols = KEYS[table]
        # The report a row belongs to, for the change set: in its key, or its doc_id column.
        doc_in_key = key_cols.index("doc_id") if "doc_id" in key_cols else (0 if table == "documents" else None)
        read_doc = doc_in_key is None and "doc_id" in self._columns(table)
        read = cols + (["doc_id"] if read_doc and "doc_id" not in cols else [])
        before = self._rows_by_keys(table, [tuple(k) for k, _ in items], read)
        where = " AND ".join(f"{_q(c)} = ?" for c in key_cols)
        sets = ", ".join(f"{_q(c)} = ?" for c in cols)
        params = []
        batch = self._next_batch()
        for key, fields in items:
            key = tuple(key)
            old = before.get(key)
            if old is None:
                continue
            old_map = dict(zip(read, old))
            doc = key[doc_in_key] if doc_in_key is not None else old_map.get("doc_id")
            self.images.append(RowImage(table, key, "update", tuple((c, old_map[c]) for c in cols), doc, batch))
            params.append([*(fields[c] for c in cols), *key])
        if params:
            self.conn.executemany(f"UPDATE {table} SET {sets} WHERE {where}", params)
        return len(params)

    def delete_where(self, table: str, where: str, args: Sequence = ()) -> list[dict[str, Any]]:
        """Deletes the rows matching ``where``; returns them whole (as dicts)."""
        cols = self._columns(table)
        rows = self.conn.execute(
            f"SELECT {', '.join(_q(c) for c in cols)} FROM {table} WHERE {where}", args).fetchall()
        if not rows:
            return []
        key_cols = KEYS[table]
        out = []
        batch = self._next_batch()
        for row in rows:
            d = dict(zip(cols, row))
            self.images.append(RowImage(table, tuple(d[c] for c in key_cols), "delete", tuple(d.items()),
                                        self._doc_of(table, d), batch))
            d.pop("rowid", None)
            out.append(d)
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", args)
        return out

    def delete_keys(self, table: str, keys: Sequence[tuple]) -> list[dict[str, Any]]:
        """Deletes rows by key; returns them whole."""
        key_cols = KEYS[table]
        out: list[dict[str, Any]] = []
        if len(key_cols) == 1:
            for k in range(0, len(keys), _CHUNK):
                chunk = [key[0] for key in keys[k:k + _CHUNK]]
                out += self.delete_where(table, f"{_q(key_cols[0])} IN ({', '.join('?' * len(chunk))})", chunk)
        else:
            where = " AND ".join(f"{_q(c)} = ?" for c in key_cols)
            for key in keys:
                out += self.delete_where(table, where, key)
        return out

    def touch(self, kind: ChangeKind | str, doc_id: int | None = None, ids: Iterable = ()) -> None:
        """Announces a change the rows do not show by themselves (e.g. every
        score counts differently after the rubric changed)."""
        self.extra.append(Change(kind, doc_id, tuple(ids)))

    # --- results ----------------------------------------------------------------------------

    def change_set(self, operation: str) -> ChangeSet:
        changes: list[Change] = []
        for img in self.images:
            kind = _KIND[img.table]
            if img.table in ("scores", "score_evidence"):
                changes.append(Change(kind, img.doc_id, (img.key[1],)))
            elif img.table in ("sections", "suggestion_decisions", "merge_conflicts", "document_pages",
                               "document_files"):
                changes.append(Change(kind, img.doc_id))
            elif img.table in ("round", "criteria", "reviewers", "merges"):
                changes.append(Change(kind, None))
            else:
                ident = img.key[0]
                changes.append(Change(kind, img.doc_id, (ident,),
                                      (ident,) if img.op == "insert" else (),
                                      (ident,) if img.op == "delete" else ()))
        return ChangeSet.of_changes([*changes, *self.extra], operation)


class Operation:
    """A named change. Subclasses implement :meth:`apply` (writes through the
    writer, returns the result callers want); :meth:`Project.run` does the rest."""

    name = "operation"

    def apply(self, project: "Project", w: Writer) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class Applied:
    """What running an operation gave: its result, the change set announced,
    and the operation that undoes it exactly."""

    result: Any
    changes: ChangeSet
    inverse: "RestoreRows"
    operation: Operation


def joined(first: "RestoreRows", then: "RestoreRows") -> "RestoreRows":
    """The inverse of running ``first``'s operation and then ``then``'s: one
    operation that undoes both in one transaction (a merged undo step)."""
    return RestoreRows(first.images + then.images, first.of)


@dataclass
class RestoreRows(Operation):
    """The inverse of an operation: every image put back, last write first.
    Its own inverse (recorded as it runs) redoes the original."""

    images: tuple[RowImage, ...]
    of: str = ""

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"undo:{self.of}" if not self.of.startswith("undo:") else self.of[5:]

    def apply(self, project: "Project", w: Writer) -> None:
        batches: list[list[RowImage]] = []
        for img in self.images:
            if batches and batches[-1][0].batch == img.batch and img.batch:
                batches[-1].append(img)
            else:
                batches.append([img])
        for batch in reversed(batches):  # last statement first, each statement's rows in order
            for img in batch:
                if img.op == "insert":
                    w.delete_keys(img.table, [img.key])
                elif img.op == "update":
                    w.update(img.table, img.key, dict(img.before))
                else:
                    w.insert(img.table, dict(img.before))


# --- annotations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAnnotation:
    doc_id: int
    start: int
    end: int
    tag: str
    note: str = ""
    reviewer: str = ""
    #: An identity brought from an exported file (a new one otherwise).
    uuid: str | None = None


def _check_tag(tag: str) -> None:
    if tag not in TAG_VALUES:
        raise ProjectError(f"未知的标注类型：{tag}")


def _insert_annotation(project: "Project", w: Writer, item: Any, created_at: str, updated_at: str) -> int:
    """One annotation row (``item``: a NewAnnotation or a KeptAnnotation), its quote and
    context taken from the stored text; an unknown tag or a span outside the text raises."""
    _check_tag(item.tag)
    anchor = project._anchor_in_stored_text(item.doc_id, item.start, item.end)  # noqa: SLF001
    return w.insert("annotations", {
        "uuid": item.uuid or new_uuid(), "doc_id": item.doc_id, "start": item.start, "end": item.end,
        "quote": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix, "tag": item.tag,
        "note": item.note, "reviewer": item.reviewer, "created_at": created_at, "updated_at": updated_at})


@dataclass
class AddAnnotations(Operation):
    """Tags spans (one or many: an annotation import is one operation); the
    result is the new ids in order."""

    items: tuple[NewAnnotation, ...]
    name = "add_annotations"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        t = project.now()
        return [_insert_annotation(project, w, item, t, t) for item in self.items]


@dataclass
class DeleteAnnotations(Operation):
    """Removes annotations and the evidence links to them; the result is the
    removed annotations (missing ids raise, nothing is removed)."""

    ids: tuple[int, ...]
    name = "delete_annotations"

    def apply(self, project: "Project", w: Writer) -> list[Annotation]:
        ids = tuple(dict.fromkeys(int(i) for i in self.ids))
        found = project.annotations_by_id(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ProjectError(f"没有编号为 {missing[0]} 的标注。")
        for k in range(0, len(ids), _CHUNK):
            chunk = ids[k:k + _CHUNK]
            w.delete_where("score_evidence", f"annotation_id IN ({', '.join('?' * len(chunk))})", chunk)
        w.delete_keys("annotations", [(i,) for i in ids])
        return [found[i] for i in ids]


@dataclass
class UpdateAnnotations(Operation):
    """Re-tags and/or re-notes annotations (``None``: leave as is); rows
    already so are left untouched. The result is the ids written."""

    ids: tuple[int, ...]
    tag: str | None = None
    note: str | None = None
    name = "update_annotations"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        if self.tag is not None:
            _check_tag(self.tag)
        ids = tuple(dict.fromkeys(int(i) for i in self.ids))
        found = project.annotations_by_id(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ProjectError(f"没有编号为 {missing[0]} 的标注。")
        t = project.now()
        items = []
        for i in ids:
            ann = found[i]
            tag = ann.tag if self.tag is None else self.tag
            note = ann.note if self.note is None else self.note
            if (tag, note) != (ann.tag, ann.note):
                items.append(((i,), {"tag": tag, "note": note, "updated_at": t}))
        w.update_many("annotations", items)
        return [k[0] for k, _ in items]


# --- suggestions (issue 13) -----------------------------------------------------------------

#: ``annotations.origin`` of an annotation accepted from a suggestion.
ORIGIN_SUGGESTION = "suggestion"


@dataclass(frozen=True)
class SuggestedSpan:
    """A suggestion the reviewer decided on: a span of the report's current text and a tag."""

    doc_id: int
    start: int
    end: int
    tag: str


@dataclass
class AcceptSuggestions(Operation):
    """Suggestions made ordinary annotations, exactly as AddAnnotations makes
    them, recorded as coming from a suggestion (``origin``); one transaction,
    one undo step for a whole section's worth. The result is the new ids in order."""

    items: tuple[SuggestedSpan, ...]
    reviewer: str = ""
    name = "accept_suggestions"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        t = project.now()
        ids = []
        for item in self.items:
            _check_tag(item.tag)
            anchor = project._anchor_in_stored_text(item.doc_id, item.start, item.end)  # noqa: SLF001
            ids.append(w.insert("annotations", {
                "uuid": new_uuid(), "doc_id": item.doc_id, "start": item.start, "end": item.end,
                "quote": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix, "tag": item.tag,
                "note": "", "reviewer": self.reviewer, "created_at": t, "updated_at": t,
                "origin": ORIGIN_SUGGESTION}))
        return ids


@dataclass
class RejectSuggestions(Operation):
    """Suggestions the reviewer turned down, kept for the report's current text
    version (a new version forgets them). Rejected again: nothing written.
    The result is the decision ids written."""

    items: tuple[SuggestedSpan, ...]
    reviewer: str = ""
    name = "reject_suggestions"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        t = project.now()
        ids = []
        hashes: dict[int, str] = {}
        for item in self.items:
            _check_tag(item.tag)
            if item.doc_id not in hashes:
                info = project.document_info(item.doc_id)
                if info is None:
                    raise ProjectError(f"没有编号为 {item.doc_id} 的文档。")
                hashes[item.doc_id] = info.content_sha256
            if not 0 <= item.start < item.end:
                raise ProjectError(f"位置无效：{item.start}–{item.end}")
            chash = hashes[item.doc_id]
            if w.one('SELECT 1 FROM suggestion_decisions WHERE doc_id = ? AND content_sha256 = ? AND start = ? '
                     'AND "end" = ? AND tag = ?', (item.doc_id, chash, item.start, item.end, item.tag)):
                continue
            ids.append(w.insert("suggestion_decisions", {
                "doc_id": item.doc_id, "content_sha256": chash, "start": item.start, "end": item.end,
                "tag": item.tag, "decision": "rejected", "decided_at": t, "reviewer": self.reviewer}))
        return ids


# --- documents ------------------------------------------------------------------------------

_DOC_FIELDS = {"title", "unit", "year", "status"}


@dataclass
class UpdateDocuments(Operation):
    """Sets title, unit, year or status of one or several reports."""

    ids: tuple[int, ...]
    fields: dict[str, Any] = field(default_factory=dict)
    name = "update_documents"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        from desktop.store.records import STATUSES

        unknown = set(self.fields) - _DOC_FIELDS
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        if "status" in self.fields and self.fields["status"] not in STATUSES:
            raise ProjectError(f"未知的评阅状态：{self.fields['status']}")
        ids = tuple(dict.fromkeys(int(i) for i in self.ids))
        for i in ids:
            if project.document_info(i) is None:
                raise ProjectError(f"项目中没有编号为 {i} 的文档。")
        if not self.fields:
            return []
        t = project.now()
        fields = dict(self.fields)
        if "unit" in fields or "year" in fields:
            fields["detected"] = 1  # the reviewer has said: never detected over again
        w.update_many("documents", [((i,), {**fields, "updated_at": t}) for i in ids])
        return list(ids)


@dataclass
class RemoveDocuments(Operation):
    """Removes reports with everything that belongs to them (annotations,
    scores, evidence, outline, stored versions): undo brings all of it back."""

    ids: tuple[int, ...]
    name = "remove_documents"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        removed = []
        for doc_id in dict.fromkeys(int(i) for i in self.ids):
            if project.document_info(doc_id) is None:
                continue
            for table in ("score_evidence", "scores", "annotations", "sections", "document_versions",
                          "document_pages", "document_files"):
                w.delete_where(table, "doc_id = ?", (doc_id,))
            w.delete_keys("documents", [(doc_id,)])
            removed.append(doc_id)
        return removed


def write_pages(w: Writer, doc_id: int, chash: str, records: Sequence[Any], page_starts: Sequence[int],
                original: bytes | None, name: str) -> None:
    """A PDF text version's page records and original bytes (issue 15), unless
    that version already has them (a stored version brought back)."""
    from desktop.store.pages import page_rows

    if records and w.one("SELECT 1 FROM document_pages WHERE doc_id = ? AND content_sha256 = ? LIMIT 1",
                         (doc_id, chash)) is None:
        for row in page_rows(doc_id, chash, records, page_starts):
            w.insert("document_pages", row)
    if original is not None and w.one("SELECT 1 FROM document_files WHERE doc_id = ? AND content_sha256 = ?",
                                      (doc_id, chash)) is None:
        w.insert("document_files", {"doc_id": doc_id, "content_sha256": chash, "name": name,
                                    "data": bytes(original)})


def prune_pages(w: Writer, doc_id: int) -> None:
    """Removes the pages and files of text versions a report no longer has
    (neither current nor stored), e.g. after a replace was undone."""
    keep = "(SELECT content_sha256 FROM documents WHERE id = ?1 UNION SELECT content_sha256 " \
           "FROM document_versions WHERE doc_id = ?1)"
    for table in ("document_pages", "document_files"):
        w.delete_where(table, f"doc_id = ?1 AND content_sha256 NOT IN {keep}", (doc_id,))


def write_sections(w: Writer, doc_id: int, sections: Sequence["Section"]) -> None:
    w.delete_where("sections", "doc_id = ?", (doc_id,))
    for i, s in enumerate(sections):
        w.insert("sections", {"doc_id": doc_id, "position": i, "level": s.level, "start": s.start,
                              "end": s.end, "title": s.title})


@dataclass
class ImportDocument(Operation):
    """Adds a report, or finds the one with this exact text (``duplicate``:
    nothing written). Unit and year are detected here, once, and stored."""

    imported: "ImportedDocument"
    unit: str | None = None
    year: int | None = None
    detect: bool = True
    name = "import_document"

    def apply(self, project: "Project", w: Writer) -> ImportResult:
        imported = self.imported
        existing = project.document_with_content(imported.text)
        if existing is not None:
            return ImportResult("duplicate", existing.id, existing.title)
        unit, year = self.unit, self.year
        if self.detect and (unit is None or year is None):
            from desktop.analysis.metadata import detect_unit, detect_year

            unit = detect_unit(imported.title, imported.text) if unit is None else unit
            year = detect_year(imported.title, imported.text) if year is None else year
        t = project.now()
        doc_id = w.insert("documents", {
            "uuid": new_uuid(), "title": imported.title, "source_name": clean_name(imported.source_name),
            "source_sha256": imported.source_sha256, "content_sha256": content_hash(imported.text),
            "format": imported.format, "imported_at": t, "unit": unit or "", "year": year,
            "pages": imported.pages, "warnings": json.dumps(imported.warnings, ensure_ascii=False),
            "updated_at": t, "detected": int(self.detect), "chars": len(imported.text), "text": imported.text})
        write_sections(w, doc_id, imported.sections)
        write_pages(w, doc_id, content_hash(imported.text), imported.page_records, imported.page_starts,
                    imported.original, clean_name(imported.source_name))
        return ImportResult("new", doc_id, imported.title, warnings=tuple(imported.warnings),
                            sections=tuple(imported.sections))


@dataclass
class ImportDocuments(Operation):
    """Several reports added in one transaction (the parts of a compilation): all
    of them or, on any failure, none. Each is an :class:`ImportDocument` (a text
    already in the project is found, not added again); the result lists their
    ImportResults in order."""

    items: list[ImportDocument]
    name = "import_documents"

    def apply(self, project: "Project", w: Writer) -> list[ImportResult]:
        return [item.apply(project, w) for item in self.items]


@dataclass
class SwapText(Operation):
    """A report's text replaced (a new version, or a stored one brought back):
    the current text is stored as a version with every annotation's place,
    annotations are re-anchored (orphans kept), all in one transaction.
    The result is an ImportResult (``updated``; its version_id is the stored
    previous text)."""

    doc_id: int
    text: str
    title: str
    source_name: str
    source_sha256: str
    fmt: str
    pages: int | None
    warnings: list[str]
    sections: list["Section"]
    imported_at: str
    placed: list | None = None  # re-anchored spans, computed before the transaction
    #: A PDF's page records, page starts and original bytes (issue 15) for the
    #: new text; a stored version brought back keeps the ones it had.
    page_records: list | None = None
    page_starts: list[int] | None = None
    original: bytes | None = None
    name = "replace_text"

    def apply(self, project: "Project", w: Writer) -> ImportResult:
        from desktop.anchors import Anchor, make_anchor, reanchor

        old = project.document(self.doc_id)
        anns = project.annotations(old.id, include_orphans=True)
        placed = self.placed
        if placed is None or len(placed) != len(anns):
            placed = reanchor(old.text, self.text,
                              [Anchor(a.start, a.end, a.quote, a.prefix, a.suffix) for a in anns])
        anchors = [[a.id, a.start, a.end, a.quote, a.prefix, a.suffix, int(a.orphaned)] for a in anns]
        old_sections = [[s.level, s.start, s.end, s.title] for s in project.sections(old.id)]
        t = project.now()
        version_id = w.insert("document_versions", {
            "doc_id": old.id, "version": old.version, "title": old.title, "source_name": old.source_name,
            "source_sha256": old.source_sha256, "content_sha256": old.content_sha256, "format": old.format,
            "pages": old.pages, "warnings": json.dumps(list(old.warnings), ensure_ascii=False),
            "imported_at": old.imported_at, "replaced_at": t,
            "sections_json": json.dumps(old_sections, ensure_ascii=False),
            "anchors_json": json.dumps(anchors, ensure_ascii=False), "text": old.text})
        w.update("documents", (old.id,), {
            "text": self.text, "chars": len(self.text), "content_sha256": content_hash(self.text),
            "source_sha256": self.source_sha256, "format": self.fmt, "source_name": self.source_name,
            "title": self.title, "pages": self.pages,
            "warnings": json.dumps(self.warnings, ensure_ascii=False), "imported_at": self.imported_at,
            "updated_at": t, "version": old.version + 1})
        write_sections(w, old.id, self.sections)
        write_pages(w, old.id, content_hash(self.text), self.page_records or [], self.page_starts or [],
                    self.original, self.source_name)
        moved = orphans = 0
        items = []
        for ann, span in zip(anns, placed):
            if span is None:
                orphans += 1
                if not ann.orphaned:
                    items.append(((ann.id,), {"start": ann.start, "end": ann.end, "quote": ann.quote,
                                              "prefix": ann.prefix, "suffix": ann.suffix, "orphaned": 1}))
                continue
            a = make_anchor(self.text, *span)
            if (a.start, a.end) != (ann.start, ann.end) or ann.orphaned:
                moved += 1
            if (a.start, a.end, a.quote, a.prefix, a.suffix, ann.orphaned) != (
                    ann.start, ann.end, ann.quote, ann.prefix, ann.suffix, False):
                items.append(((ann.id,), {"start": a.start, "end": a.end, "quote": a.quote, "prefix": a.prefix,
                                          "suffix": a.suffix, "orphaned": 0}))
        w.update_many("annotations", items)
        w.touch(ChangeKind.ANNOTATIONS, old.id)  # every place may have moved: panes re-read them
        return ImportResult("updated", old.id, old.title, moved=moved, orphans=orphans,
                            warnings=tuple(self.warnings), sections=tuple(self.sections), version_id=version_id)


@dataclass
class UndoReplace(Operation):
    """Brings back the text, outline, metadata and every annotation's place a
    stored version holds, and removes that version entry (the exact undo of
    a replace, kept for the command line and older callers)."""

    doc_id: int
    version_id: int
    name = "undo_replace"

    def apply(self, project: "Project", w: Writer) -> None:
        from desktop.text import Section

        row = w.one(
            "SELECT version, title, source_name, source_sha256, content_sha256, format, pages, warnings, "
            "imported_at, sections_json, anchors_json, text FROM document_versions "
            "WHERE id = ? AND doc_id = ?", (self.version_id, self.doc_id))
        if row is None:
            raise ProjectError(f"文档 #{self.doc_id} 没有编号为 {self.version_id} 的历史版本。")
        (version, title, source_name, source_sha256, chash, fmt, pages, warnings, imported_at,
         sections_json, anchors_json, text) = row
        w.update("documents", (self.doc_id,), {
            "text": text, "chars": len(text), "content_sha256": chash, "source_sha256": source_sha256,
            "format": fmt, "source_name": source_name, "title": title, "pages": pages, "warnings": warnings,
            "imported_at": imported_at, "updated_at": project.now(), "version": version})
        write_sections(w, self.doc_id, [Section(*s) for s in json.loads(sections_json)])
        w.update_many("annotations", [
            ((a[0],), {"start": a[1], "end": a[2], "quote": a[3], "prefix": a[4], "suffix": a[5],
                       "orphaned": a[6]}) for a in json.loads(anchors_json)])
        w.delete_keys("document_versions", [(self.version_id,)])
        prune_pages(w, self.doc_id)
        w.touch(ChangeKind.ANNOTATIONS, self.doc_id)


# --- round, rubric, scores -------------------------------------------------------------------


@dataclass
class SetRound(Operation):
    name_value: str
    year: int | None
    name = "set_round"

    def apply(self, project: "Project", w: Writer) -> None:
        if len(self.name_value) > 200:
            raise ProjectError("评审轮次名称过长（最多 200 字）。")
        if self.year is not None and (not isinstance(self.year, int) or not 1990 <= self.year <= 2100):
            raise ProjectError(f"年度不合理：{self.year}（应在 1990 至 2100 之间）。")
        w.update("round", (1,), {"name": self.name_value, "year": self.year, "updated_at": project.now()})


@dataclass
class SetRubric(Operation):
    """Scores against a new rubric from now on (see Project.set_rubric)."""

    rubric: "Rubric"
    keep_scores: bool = True
    stamp: str = ""
    name = "set_rubric"

    def apply(self, project: "Project", w: Writer) -> None:
        if not self.rubric.criteria:
            raise ProjectError("评分细则中没有评分项。")
        if not self.keep_scores:
            prefix = f"archived/{self.stamp}/"
            for table in ("scores", "score_evidence"):
                rows = w.delete_where(table, "criterion_id NOT LIKE 'archived/%'")
                for row in rows:
                    w.insert(table, {**row, "criterion_id": prefix + row["criterion_id"]})
        w.delete_where("criteria", "1")
        for i, c in enumerate(self.rubric.criteria):
            w.insert("criteria", {"id": c.id, "position": i, "title": c.title, "description": c.description,
                                  "max_points": c.max_points, "grp": c.group, "deduction": c.deduction})
        w.update("round", (1,), {"rubric_name": self.rubric.name, "rubric_json": self.rubric.to_json(),
                                 "updated_at": project.now()})
        w.touch(ChangeKind.SCORES)  # every report's points count against other criteria now


@dataclass(frozen=True)
class ScoreItem:
    doc_id: int
    criterion_id: str
    reviewer: str
    points: Any = ...  # ... = leave as is; None = no points yet
    comment: str | None = None


@dataclass
class SetScores(Operation):
    """Points and/or comments for one or several criteria (one undo step for a
    whole row of points). The first score of a report moves its status from
    未开始 to 评阅中."""

    items: tuple[ScoreItem, ...]
    name = "set_scores"

    def apply(self, project: "Project", w: Writer) -> None:
        t = project.now()
        for item in self.items:
            points, comment = project._checked_score(item)  # noqa: SLF001
            key = (item.doc_id, item.criterion_id, item.reviewer)
            if not w.update("scores", key, {"points": points, "comment": comment, "updated_at": t}):
                w.insert("scores", {"doc_id": item.doc_id, "criterion_id": item.criterion_id,
                                    "reviewer": item.reviewer, "points": points, "comment": comment,
                                    "updated_at": t})
            if points is not None or comment:
                info = project.document_info(item.doc_id)
                if info is not None and info.status == "not_started":
                    w.update("documents", (item.doc_id,), {"status": "in_review", "updated_at": t})


@dataclass
class ClearScores(Operation):
    """Removes score rows (evidence links stay: they belong to the criterion)."""

    keys: tuple[tuple[int, str, str], ...]
    name = "clear_scores"

    def apply(self, project: "Project", w: Writer) -> None:
        w.delete_keys("scores", [tuple(k) for k in self.keys])


@dataclass
class LinkEvidence(Operation):
    """Links annotations of a report to a criterion (linked again: no change)."""

    doc_id: int
    criterion_id: str
    annotation_ids: tuple[int, ...]
    reviewer: str = ""
    name = "link_evidence"

    def apply(self, project: "Project", w: Writer) -> None:
        project._criterion(self.criterion_id)  # noqa: SLF001 - raises for an unknown one
        t = project.now()
        for ann_id in self.annotation_ids:
            ann = project.annotation(ann_id)
            if ann.doc_id != self.doc_id:
                raise ProjectError("只能引用本文档中的标注作为评分依据。")
            if w.one("SELECT 1 FROM score_evidence WHERE doc_id = ? AND criterion_id = ? AND annotation_id = ?",
                     (self.doc_id, self.criterion_id, ann_id)) is None:
                w.insert("score_evidence", {"doc_id": self.doc_id, "criterion_id": self.criterion_id,
                                            "annotation_id": ann_id, "reviewer": self.reviewer, "created_at": t})


@dataclass
class UnlinkEvidence(Operation):
    doc_id: int
    criterion_id: str
    annotation_ids: tuple[int, ...]
    name = "unlink_evidence"

    def apply(self, project: "Project", w: Writer) -> list[dict]:
        return w.delete_keys("score_evidence", [(self.doc_id, self.criterion_id, a) for a in self.annotation_ids])


@dataclass
class DetectMetadata(Operation):
    """Unit and year of reports never looked at (imported before detection
    happened at import): detected once and marked, so no later open reads
    their text again. The result is the ids whose unit or year was filled."""

    name = "detect_metadata"

    def apply(self, project: "Project", w: Writer) -> list[int]:
        from desktop.analysis.metadata import detect_unit, detect_year

        # Only reports with neither unit nor year: one typed in by hand counts as looked at.
        rows = w.all("SELECT id, title, unit, year FROM documents WHERE detected = 0")
        filled = []
        t = project.now()
        for doc_id, title, unit, year in rows:
            text = w.all("SELECT text FROM documents WHERE id = ?", (doc_id,))[0][0]
            fields: dict[str, Any] = {"detected": 1}
            if unit or year is not None:  # a unit or year typed in: the reviewer's word stands
                w.update("documents", (doc_id,), fields)
                continue
            if not unit:
                new_unit = detect_unit(title, text)
                if new_unit:
                    fields["unit"] = new_unit
            if year is None:
                new_year = detect_year(title, text)
                if new_year is not None:
                    fields["year"] = new_year
            if len(fields) > 1:
                filled.append(doc_id)
                fields["updated_at"] = t
                w.update("documents", (doc_id,), fields)
            else:
                w.update("documents", (doc_id,), fields)
        return filled


# --- an annotation file brought back whole ------------------------------------------------------


@dataclass(frozen=True)
class KeptAnnotation:
    """An annotation read from an exported file, with its own identity and times."""

    doc_id: int
    start: int
    end: int
    tag: str
    note: str
    reviewer: str
    uuid: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class KeptScore:
    """One reviewer's score of one criterion of a report, as the file has it."""

    doc_id: int
    criterion_id: str
    reviewer: str
    points: float | None
    comment: str
    updated_at: str


@dataclass(frozen=True)
class KeptEvidence:
    """An evidence link: the annotation (by UUID: new in this import or already
    in the project) supports a criterion of its report."""

    doc_id: int
    criterion_id: str
    annotation_uuid: str
    reviewer: str
    created_at: str


@dataclass
class RestoreAnnotationFile(Operation):
    """Annotations, scores and evidence links from a W3C Web Annotation file
    put back as they were exported: UUIDs, reviewers and times kept (not
    stamped now), so an export imported into another project with the same
    reports reproduces them exactly. One transaction, one undo step; the
    result is the new annotation ids in order.

    The caller (desktop.export.webanno) has already placed the annotations
    and left out duplicates; what is checked again here raises ProjectError
    and writes nothing. As with SetScores, a report's first score moves it
    from 未开始 to 评阅中."""

    items: tuple[KeptAnnotation, ...] = ()
    scores: tuple[KeptScore, ...] = ()
    evidence: tuple[KeptEvidence, ...] = ()
    name = "import_annotations"

    @property
    def empty(self) -> bool:
        return not (self.items or self.scores or self.evidence)

    def apply(self, project: "Project", w: Writer) -> list[int]:
        ids = [_insert_annotation(project, w, item, item.created_at, item.updated_at) for item in self.items]
        started: set[int] = set()
        for s in self.scores:
            points, comment = project._checked_score(  # noqa: SLF001
                ScoreItem(s.doc_id, s.criterion_id, s.reviewer, s.points, s.comment))
            key = (s.doc_id, s.criterion_id, s.reviewer)
            if w.one("SELECT 1 FROM scores WHERE doc_id = ? AND criterion_id = ? AND reviewer = ?", key):
                raise ProjectError(f"文档 #{s.doc_id} 已有评阅人“{s.reviewer}”对“{s.criterion_id}”的评分。")
            w.insert("scores", {"doc_id": s.doc_id, "criterion_id": s.criterion_id, "reviewer": s.reviewer,
                                "points": points, "comment": comment, "updated_at": s.updated_at})
            if (points is not None or comment) and s.doc_id not in started:
                started.add(s.doc_id)
                info = project.document_info(s.doc_id)
                if info is not None and info.status == "not_started":
                    w.update("documents", (s.doc_id,), {"status": "in_review", "updated_at": project.now()})
        for e in self.evidence:
            project._criterion(e.criterion_id)  # noqa: SLF001 - raises for an unknown one
            row = w.one("SELECT id, doc_id FROM annotations WHERE uuid = ?", (e.annotation_uuid,))
            if row is None or row[1] != e.doc_id:
                raise ProjectError("只能引用本文档中的标注作为评分依据。")
            if w.one("SELECT 1 FROM score_evidence WHERE doc_id = ? AND criterion_id = ? AND annotation_id = ?",
                     (e.doc_id, e.criterion_id, row[0])) is None:
                w.insert("score_evidence", {"doc_id": e.doc_id, "criterion_id": e.criterion_id,
                                            "annotation_id": row[0], "reviewer": e.reviewer,
                                            "created_at": e.created_at})
        return ids
