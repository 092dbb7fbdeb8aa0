"""The project file's schema as numbered migrations; ``PRAGMA user_version`` is the number.

Table and column names are a public interface (README documents them): add
columns in a new migration, never rename.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from typing import Callable


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Runs statements one by one: executescript() would COMMIT the open
    transaction and make a migration non-atomic."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _run_statements(conn: sqlite3.Connection, script: str) -> None:
    """Like :func:`_run_script` for scripts whose statements hold semicolons
    (trigger bodies): statements end where SQLite says one is complete."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                conn.execute(pending)
            pending = ""
    if pending.strip(" \n;"):
        conn.execute(pending)


def _v1(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE round (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '',
            year INTEGER,
            rubric_name TEXT NOT NULL DEFAULT '',
            rubric_json TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            year INTEGER,
            status TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_review', 'done')),
            pages INTEGER,
            warnings TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            level INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            title TEXT NOT NULL
        );
        CREATE INDEX sections_doc ON sections(doc_id, position);
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            tag TEXT NOT NULL CHECK (tag IN ('measure', 'figure', 'weakness')),
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0,
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX annotations_doc ON annotations(doc_id, start);
        CREATE TABLE criteria (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            max_points REAL NOT NULL CHECK (max_points >= 0),
            grp TEXT NOT NULL DEFAULT '',
            deduction TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE scores (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL,
            reviewer TEXT NOT NULL DEFAULT '',
            points REAL,
            comment TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, criterion_id, reviewer)
        );
        CREATE TABLE score_evidence (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL,
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, criterion_id, annotation_id)
        );
        CREATE INDEX score_evidence_annotation ON score_evidence(annotation_id);
        """
    )


def content_hash(text: str) -> str:
    """A document's identity: the SHA-256 of its canonical text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_uuid() -> str:
    return str(uuid.uuid4())


def _v2(conn: sqlite3.Connection) -> None:
    """Identity (issue 9): ids never reused (AUTOINCREMENT), a UUID on every
    document and annotation, the content hash of each document's text, stored
    previous versions, and the ReviewDesk application id.

    SQLite cannot add AUTOINCREMENT to a table, so documents and annotations
    are rebuilt (create, copy, drop, rename). The caller runs this with
    foreign keys off, as SQLite's ALTER TABLE instructions require, and checks
    them before committing."""
    conn.create_function("rd_uuid4", 0, new_uuid, deterministic=False)
    conn.create_function("rd_sha256", 1, content_hash, deterministic=True)
    _run_script(
        conn,
        """
        CREATE TABLE documents_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            year INTEGER,
            status TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_review', 'done')),
            pages INTEGER,
            warnings TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            chars INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL
        );
        INSERT INTO documents_v2 (id, uuid, title, source_name, source_sha256, content_sha256, format,
            imported_at, unit, year, status, pages, warnings, version, updated_at, chars, text)
            SELECT id, rd_uuid4(), title, source_name, source_sha256, rd_sha256(text), format,
            imported_at, unit, year, status, pages, warnings, version, updated_at, length(text), text
            FROM documents ORDER BY id;
        CREATE TABLE annotations_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            tag TEXT NOT NULL CHECK (tag IN ('measure', 'figure', 'weakness')),
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0,
            CHECK (start >= 0 AND "end" > start)
        );
        INSERT INTO annotations_v2 (id, uuid, doc_id, start, "end", quote, prefix, suffix, tag, note,
            reviewer, created_at, updated_at, orphaned)
            SELECT id, rd_uuid4(), doc_id, start, "end", quote, prefix, suffix, tag, note,
            reviewer, created_at, updated_at, orphaned FROM annotations ORDER BY id;
        DROP TABLE annotations;
        DROP TABLE documents;
        ALTER TABLE documents_v2 RENAME TO documents;
        ALTER TABLE annotations_v2 RENAME TO annotations;
        CREATE INDEX annotations_doc ON annotations(doc_id, start);
        CREATE INDEX documents_content ON documents(content_sha256);
        CREATE TABLE document_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            pages INTEGER,
            warnings TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            sections_json TEXT NOT NULL DEFAULT '[]',
            anchors_json TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL
        );
        CREATE INDEX document_versions_doc ON document_versions(doc_id, id)
        """
    )
    # Seed the sequences past every id ever used, so a deleted id is not handed out again.
    for table in ("documents", "annotations"):
        top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        if top is not None:
            conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, top))
    from desktop.store.integrity import APPLICATION_ID

    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _v3(conn: sqlite3.Connection) -> None:
    """Unit and year detected once (issue 10): ``documents.detected`` marks a
    report whose title and text were looked at, so opening a project never
    reads every report's text again. Reports that already have a unit or a
    year count as looked at; the others are looked at once, after opening.

    The column goes before ``text`` (sqlite-utils' table transform), so that
    reading a row's small columns never walks the text's overflow pages."""
    import sqlite_utils

    conn.execute("ALTER TABLE documents ADD COLUMN detected INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE documents SET detected = 1 WHERE unit != '' OR year IS NOT NULL")
    table = sqlite_utils.Database(conn).table("documents")
    order = [c.name for c in table.columns if c.name not in ("detected", "text")] + ["detected", "text"]
    for sql in table.transform_sql(column_order=order):
        conn.execute(sql)
    conn.execute("CREATE INDEX IF NOT EXISTS documents_content ON documents(content_sha256)")
    # The transform keeps the AUTOINCREMENT counter: a deleted report's id never comes back (tested).


def _v4(conn: sqlite3.Connection) -> None:
    """A report's annotations counted per tag from an index alone (issue 10):
    the counts are read after every change, and on a report with 20,000
    annotations reading the rows themselves made each key press slower."""
    conn.execute("CREATE INDEX annotations_counts ON annotations(doc_id, orphaned, tag)")


def _v5(conn: sqlite3.Connection) -> None:
    """Suggestions (issue 13): ``annotations.origin`` says where an annotation
    came from ('' typed by hand, 'suggestion' accepted from a suggestion), and
    ``suggestion_decisions`` keeps the suggestions a reviewer rejected, for
    the text version they were made on (``content_sha256``): a new version of
    the report forgets them, putting the old version back brings them back.

    No foreign key on ``doc_id``: the rows are looked up by the report's
    current text hash, so a removed report's rejections come back with it on
    undo instead of vanishing by a cascade the undo images cannot see."""
    conn.execute("ALTER TABLE annotations ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
    _run_script(
        conn,
        """
        CREATE TABLE suggestion_decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL,
            content_sha256 TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            tag TEXT NOT NULL,
            decision TEXT NOT NULL DEFAULT 'rejected' CHECK (decision IN ('rejected')),
            decided_at TEXT NOT NULL,
            reviewer TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX suggestion_decisions_doc ON suggestion_decisions(doc_id, content_sha256)
        """,
    )


def _v6(conn: sqlite3.Connection) -> None:
    """Several reviewers and several years (issue 14).

    ``reviewers``: who a value in the ``reviewer`` columns stands for. ``key``
    is that value; ``name`` is what the reviewer typed and ``installation`` the
    id of the ReviewDesk installation they wrote from, so two 张三 on two PCs
    stay two reviewers when their projects are merged (the second one's key
    becomes “张三（2）”).

    ``merge_conflicts``: an annotation or score edited differently in two
    projects that were merged; both versions are kept (the other annotation as
    an annotation of its own) and listed here until the reviewer settles it.

    ``merges``: one row per project merged in, with its summary.

    ``search_text``: each report's text folded for search (full-width forms
    to half-width, one character for one, so offsets are the report's own),
    with the text version it was made from, and ``search_text_fts``, its FTS5
    trigram index (sqlite-utils' FTS support, kept by plain SQL triggers).
    The index is derived data: it is brought up to date after every operation
    that changes a report, and rebuilt from the reports when missing."""
    import sqlite_utils

    # The project's own identity: copies of one file share it; reviewers written
    # before installations were recorded belong to it. Derived from the file's
    # contents here, so reading an old file twice gives the same id; random for
    # a project made from now on (Project creates the round row).
    conn.execute("ALTER TABLE round ADD COLUMN uuid TEXT NOT NULL DEFAULT ''")
    row = conn.execute("SELECT created_at FROM round WHERE id = 1").fetchone()
    if row is not None:
        first = conn.execute("SELECT min(uuid) FROM (SELECT uuid FROM documents UNION ALL "
                             "SELECT uuid FROM annotations)").fetchone()[0]
        conn.execute("UPDATE round SET uuid = ? WHERE id = 1",
                     (str(uuid.uuid5(uuid.NAMESPACE_URL, f"reviewdesk:{row[0]}:{first or ''}")),))
    _run_script(
        conn,
        """
        CREATE TABLE reviewers (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            installation TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            UNIQUE (name, installation)
        );
        CREATE TABLE merge_conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('annotation', 'score')),
            doc_id INTEGER NOT NULL,
            reviewer TEXT NOT NULL DEFAULT '',
            annotation_id INTEGER,
            other_annotation_id INTEGER,
            criterion_id TEXT NOT NULL DEFAULT '',
            kept TEXT NOT NULL DEFAULT '{}',
            other TEXT NOT NULL DEFAULT '{}',
            source TEXT NOT NULL DEFAULT '',
            merged_at TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX merge_conflicts_doc ON merge_conflicts(doc_id);
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            source_created_at TEXT NOT NULL DEFAULT '',
            merged_at TEXT NOT NULL,
            summary_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE search_text (
            doc_id INTEGER PRIMARY KEY,
            content_sha256 TEXT NOT NULL,
            text TEXT NOT NULL
        )
        """,
    )
    db = sqlite_utils.Database(conn)
    # sqlite-utils runs its DDL with executescript(), which would COMMIT the
    # migration's transaction half-way: run it statement by statement instead.
    db.executescript = lambda sql: _run_statements(conn, sql)  # type: ignore[method-assign, assignment, return-value]
    db.table("search_text").enable_fts(["text"], tokenize="trigram", create_triggers=True)


def _v7(conn: sqlite3.Connection) -> None:
    """PDF pages as they look (issue 15).

    ``document_pages``: per page of a PDF report's text version
    (``content_sha256``), its size in points, where its text came from
    (``source``: 'text', 'ocr' or 'none'), the mean OCR confidence, ``start``
    (the offset in that text where the page's first paragraph starts) and
    ``lines``: the page's lines in reading order as zlib-compressed JSON
    ``[[text, x0, top, x1, bottom, confidence], ...]`` (points, origin top
    left, rounded to 0.1 pt; confidence to 0.01). See desktop.store.pages.

    ``document_files``: the original file's bytes per text version, for the
    original-page view. Both are kept per text version, so bringing back a
    stored version brings back its pages; rows of a version no longer current
    nor stored are removed with it. No foreign key on ``doc_id`` (as
    suggestion_decisions): removing a report removes them explicitly, so undo
    brings them back."""
    _run_script(
        conn,
        """
        CREATE TABLE document_pages (
            doc_id INTEGER NOT NULL,
            content_sha256 TEXT NOT NULL,
            page INTEGER NOT NULL,
            start INTEGER NOT NULL DEFAULT 0,
            width REAL NOT NULL,
            height REAL NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('text', 'ocr', 'none')),
            confidence REAL,
            lines BLOB NOT NULL,
            PRIMARY KEY (doc_id, content_sha256, page)
        );
        CREATE TABLE document_files (
            doc_id INTEGER NOT NULL,
            content_sha256 TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            data BLOB NOT NULL,
            PRIMARY KEY (doc_id, content_sha256)
        )
        """,
    )


#: MIGRATIONS[i] brings a file from user_version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]
SCHEMA_VERSION = len(MIGRATIONS)
