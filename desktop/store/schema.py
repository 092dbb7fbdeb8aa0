"""The project file's schema as numbered migrations; ``PRAGMA user_version`` is the number.

Table and column names are a public interface (README documents them): add
columns in a new migration, never rename.
"""

from __future__ import annotations

import sqlite3
from typing import Callable


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Runs statements one by one: executescript() would COMMIT the open
    transaction and make a migration non-atomic."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


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


#: MIGRATIONS[i] brings a file from user_version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)
