"""The project: one SQLite file for an assessment round.

Every public method that changes something commits before it returns and
announces a :class:`Change` to subscribers, so panes update from the
announcement and nothing acknowledged is lost to a crash.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from desktop.anchors import CONTEXT, Anchor, make_anchor, reanchor
from desktop.errors import ProjectError
from desktop.importers.base import ImportedDocument
from desktop.store.records import (
    STATUSES,
    Annotation,
    Change,
    Document,
    DocumentInfo,
    ImportResult,
)
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION
from desktop.store.scoring import ScoringMixin
from desktop.tags import TAG_VALUES
from desktop.text import Section

Listener = Callable[[Change], None]
_DOC_INFO_COLS = (
    "id, title, source_name, source_sha256, format, imported_at, unit, year, status, "
    "pages, version, length(text) AS chars"
)
_ANN_COLS = (
    'id, doc_id, start, "end", quote, prefix, suffix, tag, note, reviewer, '
    "created_at, updated_at, orphaned"
)


def now() -> str:
    """Local time, to the second, as stored in every *_at column."""
    return datetime.now().isoformat(timespec="seconds")


class Project(ScoringMixin):
    """A project file opened for reading and writing."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise ProjectError(f"找不到项目文件：{self.path}")
        if self.path.exists() and self.path.is_dir():
            raise ProjectError(f"这是一个文件夹，不是项目文件：{self.path}")
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None)
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"不是评阅台项目文件，或文件已损坏：{self.path}") from exc
        self.db = sqlite_utils.Database(conn)
        self._listeners: list[Listener] = []
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        self._migrate()

    # --- lifecycle ---------------------------------------------------------

    def _migrate(self) -> None:
        conn = self.db.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise ProjectError("此项目文件由更新版本的评阅台创建，请升级软件后再打开。")
        if version == 0 and self._has_foreign_tables():
            conn.close()
            raise ProjectError(f"不是评阅台项目文件：{self.path}")
        with self.transaction():
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
                conn.execute(f"PRAGMA user_version = {step + 1}")
            if not conn.execute("SELECT 1 FROM round WHERE id = 1").fetchone():
                t = now()
                conn.execute(
                    "INSERT INTO round (id, name, created_at, updated_at) VALUES (1, '', ?, ?)",
                    (t, t),
                )
            self._store_default_rubric_if_missing(conn)

    def _has_foreign_tables(self) -> bool:
        return bool(self.db.table_names())

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit: committed on success, rolled back on any exception."""
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def save_copy(self, target: str | Path) -> None:
        """A consistent copy of the whole project (SQLite backup API)."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectError("副本不能覆盖当前项目文件。")
        if target.exists():
            target.unlink()
        dest = sqlite3.connect(str(target))
        try:
            self.db.conn.backup(dest)
        finally:
            dest.close()

    # --- change announcements ------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Calls ``listener(change)`` after each committed change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _announce(self, change: Change) -> Change:
        for listener in list(self._listeners):
            listener(change)
        return change

    # --- documents -------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        rows = self.db.conn.execute(f"SELECT {_DOC_INFO_COLS} FROM documents ORDER BY id")
        return [DocumentInfo(*row) for row in rows]

    def document(self, doc_id: int) -> Document:
        row = self.db.conn.execute(
            f"SELECT {_DOC_INFO_COLS}, text, warnings FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise ProjectError(f"项目中没有编号为 {doc_id} 的文档。")
        *info, text, warnings = row
        return Document(*info, text=text, warnings=tuple(json.loads(warnings or "[]")))

    def document_info(self, doc_id: int) -> DocumentInfo | None:
        """One document's metadata without its text; None when it is gone.

        Panes ask on every change, and reading a million-character text to learn a
        title or version would make each key press slow."""
        row = self.db.conn.execute(
            "SELECT id, title, source_name, source_sha256, format, imported_at, unit, year, status, "
            "pages, version, 0 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return DocumentInfo(*row) if row else None

    def document_text(self, doc_id: int) -> str:
        return self.document(doc_id).text

    def sections(self, doc_id: int) -> list[Section]:
        rows = self.db.conn.execute(
            'SELECT level, start, "end", title FROM sections WHERE doc_id = ? ORDER BY position',
            (doc_id,),
        )
        return [Section(*row) for row in rows]

    def find_document(self, source_name: str, title: str) -> DocumentInfo | None:
        """An existing document that a new file would be a version of."""
        row = self.db.conn.execute(
            f"SELECT {_DOC_INFO_COLS} FROM documents WHERE source_name = ? OR "
            "(title = ? AND title != '') ORDER BY (source_name = ?) DESC, id LIMIT 1",
            (source_name, title, source_name),
        ).fetchone()
        return DocumentInfo(*row) if row else None

    def import_document(
        self,
        imported: ImportedDocument,
        *,
        unit: str = "",
        year: int | None = None,
        replace_existing: bool = True,
    ) -> ImportResult:
        """Adds a document, or, when it is a new version of one already here,
        replaces its text and re-anchors its annotations (orphans are kept)."""
        existing = self.find_document(imported.source_name, imported.title) if replace_existing else None
        if existing is not None and existing.source_sha256 == imported.source_sha256:
            return ImportResult("unchanged", existing.id, existing.title)
        if existing is not None:
            return self._replace_document(existing.id, imported)
        t = now()
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO documents (title, source_name, source_sha256, format, text, "
                "imported_at, unit, year, pages, warnings, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    imported.title, imported.source_name, imported.source_sha256,
                    imported.format, imported.text, t, unit, year, imported.pages,
                    json.dumps(imported.warnings, ensure_ascii=False), t,
                ),
            )
            doc_id = int(cur.lastrowid)
            self._write_sections(conn, doc_id, imported.sections)
        self._announce(Change("documents", doc_id, (doc_id,)))
        return ImportResult("new", doc_id, imported.title, warnings=tuple(imported.warnings),
                            sections=tuple(imported.sections))

    def _write_sections(self, conn: sqlite3.Connection, doc_id: int, sections: list[Section]) -> None:
        conn.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
        conn.executemany(
            'INSERT INTO sections (doc_id, position, level, start, "end", title) VALUES (?, ?, ?, ?, ?, ?)',
            [(doc_id, i, s.level, s.start, s.end, s.title) for i, s in enumerate(sections)],
        )

    def _replace_document(self, doc_id: int, imported: ImportedDocument) -> ImportResult:
        old = self.document(doc_id)
        anns = self.annotations(doc_id, include_orphans=True)
        placed = reanchor(old.text, imported.text, [
            Anchor(a.start, a.end, a.quote, a.prefix, a.suffix) for a in anns
        ])
        t = now()
        moved = orphans = 0
        with self.transaction() as conn:
            conn.execute(
                "UPDATE documents SET text = ?, source_sha256 = ?, format = ?, source_name = ?, "
                "pages = ?, warnings = ?, imported_at = ?, updated_at = ?, version = version + 1 "
                "WHERE id = ?",
                (
                    imported.text, imported.source_sha256, imported.format, imported.source_name,
                    imported.pages, json.dumps(imported.warnings, ensure_ascii=False), t, t, doc_id,
                ),
            )
            self._write_sections(conn, doc_id, imported.sections)
            for ann, span in zip(anns, placed):
                if span is None:
                    orphans += 1
                    conn.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", (ann.id,))
                    continue
                a = make_anchor(imported.text, *span)
                if (a.start, a.end) != (ann.start, ann.end) or ann.orphaned:
                    moved += 1
                conn.execute(
                    'UPDATE annotations SET start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?, '
                    "orphaned = 0 WHERE id = ?",
                    (a.start, a.end, a.quote, a.prefix, a.suffix, ann.id),
                )
        self._announce(Change("documents", doc_id, (doc_id,)))
        self._announce(Change("annotations", doc_id, tuple(a.id for a in anns)))
        return ImportResult("updated", doc_id, old.title, moved=moved, orphans=orphans,
                            warnings=tuple(imported.warnings), sections=tuple(imported.sections))

    def update_document(self, doc_id: int, **fields: object) -> DocumentInfo:
        """Edits title, unit, year or status (status: not_started, in_review, done)."""
        allowed = {"title", "unit", "year", "status"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        if "status" in fields and fields["status"] not in STATUSES:
            raise ProjectError(f"未知的评阅状态：{fields['status']}")
        if not fields:
            return self.document(doc_id)
        self.document(doc_id)  # raises for a missing id
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE documents SET {sets}, updated_at = ? WHERE id = ?",
                (*fields.values(), now(), doc_id),
            )
        self._announce(Change("documents", doc_id, (doc_id,)))
        return self.document(doc_id)

    def delete_document(self, doc_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self._announce(Change("documents", doc_id, (doc_id,)))

    # --- annotations -----------------------------------------------------------

    def annotations(self, doc_id: int, *, include_orphans: bool = False) -> list[Annotation]:
        """The document's annotations in text order (orphans last when included)."""
        where = "doc_id = ?" + ("" if include_orphans else " AND orphaned = 0")
        rows = self.db.conn.execute(
            f'SELECT {_ANN_COLS} FROM annotations WHERE {where} ORDER BY orphaned, start, "end" DESC, id',
            (doc_id,),
        )
        return [Annotation(*row[:-1], orphaned=bool(row[-1])) for row in rows]

    def orphans(self, doc_id: int) -> list[Annotation]:
        """Annotations a new version could not place (one query: panes ask on every change)."""
        rows = self.db.conn.execute(
            f'SELECT {_ANN_COLS} FROM annotations WHERE doc_id = ? AND orphaned = 1 ORDER BY start, "end" DESC, id',
            (doc_id,),
        )
        return [Annotation(*row[:-1], orphaned=True) for row in rows]

    def annotation(self, ann_id: int) -> Annotation:
        row = self.db.conn.execute(f"SELECT {_ANN_COLS} FROM annotations WHERE id = ?", (ann_id,)).fetchone()
        if row is None:
            raise ProjectError(f"没有编号为 {ann_id} 的标注。")
        return Annotation(*row[:-1], orphaned=bool(row[-1]))

    def annotations_by_id(self, ids: Iterable[int]) -> dict[int, Annotation]:
        """Several annotations in one query each 500 ids; missing ids are simply absent.

        Panes update from a Change's ids with this instead of reloading a whole document."""
        wanted = [int(i) for i in ids]
        out: dict[int, Annotation] = {}
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.db.conn.execute(
                    f"SELECT {_ANN_COLS} FROM annotations WHERE id IN ({marks})", chunk):
                out[row[0]] = Annotation(*row[:-1], orphaned=bool(row[-1]))
        return out

    def tag_counts(self, doc_id: int | None = None) -> dict[str, int]:
        """Annotations per tag, for one document or the whole round."""
        counts = dict.fromkeys(TAG_VALUES, 0)
        sql = "SELECT tag, count(*) FROM annotations WHERE orphaned = 0"
        args: tuple = ()
        if doc_id is not None:
            sql += " AND doc_id = ?"
            args = (doc_id,)
        for tag, n in self.db.conn.execute(sql + " GROUP BY tag", args):
            counts[tag] = n
        return counts

    def tag_counts_by_document(self) -> dict[int, dict[str, int]]:
        """Annotations per tag for every document in one query (document lists)."""
        out: dict[int, dict[str, int]] = {}
        for doc_id, tag, n in self.db.conn.execute(
                "SELECT doc_id, tag, count(*) FROM annotations WHERE orphaned = 0 GROUP BY doc_id, tag"):
            out.setdefault(doc_id, dict.fromkeys(TAG_VALUES, 0))[tag] = n
        return out

    def _anchor_in_stored_text(self, doc_id: int, start: int, end: int) -> Anchor:
        """The anchor for a span, reading only the span and its context from SQLite
        (substr counts characters as Python does), not a million-character text."""
        lo = max(0, start - CONTEXT)
        row = self.db.conn.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
            (lo + 1, max(0, end + CONTEXT - lo), doc_id),
        ).fetchone()
        if row is None:
            raise ProjectError(f"项目中没有编号为 {doc_id} 的文档。")
        chunk = row[0]
        if not (0 <= start < end) or len(chunk) < end - lo:
            raise ProjectError("所选范围不在文档内。")
        return Anchor(start, end, chunk[start - lo:end - lo], chunk[:start - lo], chunk[end - lo:])

    def add_annotation(
        self, doc_id: int, start: int, end: int, tag: str, *, note: str = "", reviewer: str = ""
    ) -> Annotation:
        """Tags text[start:end] (code points, end exclusive) and commits."""
        if tag not in TAG_VALUES:
            raise ProjectError(f"未知的标注类型：{tag}")
        anchor = self._anchor_in_stored_text(doc_id, start, end)
        t = now()
        with self.transaction() as conn:
            cur = conn.execute(
                'INSERT INTO annotations (doc_id, start, "end", quote, prefix, suffix, tag, note, '
                "reviewer, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, start, end, anchor.quote, anchor.prefix, anchor.suffix, tag, note,
                 reviewer, t, t),
            )
            ann_id = int(cur.lastrowid)
        self._announce(Change("annotations", doc_id, (ann_id,)))
        return self.annotation(ann_id)

    def restore_annotation(self, ann: Annotation, evidence: list[tuple] | None = None) -> Annotation:
        """Puts back a deleted annotation with its id (undo of delete), and its evidence links."""
        with self.transaction() as conn:
            conn.execute(
                f"INSERT INTO annotations ({_ANN_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ann.id, ann.doc_id, ann.start, ann.end, ann.quote, ann.prefix, ann.suffix, ann.tag,
                 ann.note, ann.reviewer, ann.created_at, ann.updated_at, int(ann.orphaned)),
            )
            for row in evidence or []:
                conn.execute(
                    "INSERT OR IGNORE INTO score_evidence (doc_id, criterion_id, annotation_id, "
                    "reviewer, created_at) VALUES (?, ?, ?, ?, ?)",
                    row,
                )
        self._announce(Change("annotations", ann.doc_id, (ann.id,)))
        if evidence:
            self._announce(Change("scores", ann.doc_id))
        return self.annotation(ann.id)

    def evidence_of_annotation(self, ann_id: int) -> list[tuple]:
        """Evidence links that point at an annotation, as rows restore_annotation takes."""
        return [tuple(r) for r in self.db.conn.execute(
            "SELECT doc_id, criterion_id, annotation_id, reviewer, created_at FROM score_evidence "
            "WHERE annotation_id = ?", (ann_id,))]

    def delete_annotation(self, ann_id: int) -> Annotation:
        """Removes an annotation (and evidence links to it); returns it for undo."""
        ann = self.annotation(ann_id)
        had_evidence = bool(self.evidence_of_annotation(ann_id))
        with self.transaction() as conn:
            conn.execute("DELETE FROM annotations WHERE id = ?", (ann_id,))
        self._announce(Change("annotations", ann.doc_id, (ann_id,)))
        if had_evidence:
            self._announce(Change("scores", ann.doc_id))
        return ann

    def update_annotation(self, ann_id: int, *, tag: str | None = None, note: str | None = None) -> Annotation:
        """Re-tags or edits the note; returns the new state."""
        if tag is not None and tag not in TAG_VALUES:
            raise ProjectError(f"未知的标注类型：{tag}")
        ann = self.annotation(ann_id)
        with self.transaction() as conn:
            conn.execute(
                "UPDATE annotations SET tag = ?, note = ?, updated_at = ? WHERE id = ?",
                (tag if tag is not None else ann.tag, note if note is not None else ann.note, now(), ann_id),
            )
        self._announce(Change("annotations", ann.doc_id, (ann_id,)))
        return self.annotation(ann_id)
