"""The project: one SQLite file for an assessment round.

Every public method that changes something commits before it returns and
announces a :class:`Change` to subscribers, so panes update from the
announcement and nothing acknowledged is lost to a crash.

Opening for writing takes the project's lock (desktop.store.lock), checks the
file (desktop.store.integrity) and makes an hourly backup
(desktop.store.backups). SQLite's failures reach callers as the typed errors
of desktop.errors (locked, readonly, disk_full, corrupt_project, project).
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from desktop.anchors import CONTEXT, Anchor, reanchor
from desktop.errors import (
    CorruptProject,
    DiskFull,
    ProjectError,
    ProjectLocked,
    ProjectReadOnly,
    ReviewDeskError,
    clean_name,
)
from desktop.importers.base import ImportedDocument, PageRecord
from desktop.store import integrity
from desktop.store import operations as ops
from desktop.store.lock import ProjectLock
from desktop.store.operations import Applied, Operation, RestoreRows, Writer
from desktop.store.pages import record_of_row
from desktop.store.records import (
    Annotation,
    Change,
    ChangeSet,
    Document,
    DocumentInfo,
    ImportResult,
    VersionInfo,
)
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION, content_hash, new_uuid
from desktop.store.scoring import ScoringMixin
from desktop.store.search import Hits, sync_search_index
from desktop.store.search import search as _search
from desktop.tags import TAG_VALUES
from desktop.text import Section

Listener = Callable[[ChangeSet], None]
_DOC_INFO_COLS = (
    "id, title, source_name, source_sha256, format, imported_at, unit, year, status, "
    "pages, version, chars, uuid, content_sha256"
)
_ANN_COLS = (
    'id, doc_id, start, "end", quote, prefix, suffix, tag, note, reviewer, '
    "created_at, updated_at, orphaned, uuid"
)
#: Seconds a writer waits for a reader (an export's snapshot) to finish: short,
#: since the lock file keeps other writers out, and a busy project must answer at once.
_BUSY_TIMEOUT = 2.0
#: While opening, another program's SQLite lock (a database browser) is answered at once.
_OPEN_BUSY_TIMEOUT = 0.25
#: Share of shingles two texts must have in common to count as versions of one report.
VERSION_SIMILARITY = 0.5


def _ann(row: tuple) -> Annotation:
    return Annotation(*row[:12], bool(row[12]), row[13])  # type: ignore[call-arg]


def db_error(exc: sqlite3.Error, path: Path) -> ReviewDeskError | None:
    """The typed error for an SQLite failure, or None when it is not about the file."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return ProjectLocked(f"项目正被另一个程序读写，请稍后再试：{path}")
    if code == sqlite3.SQLITE_READONLY:
        return ProjectReadOnly(f"项目文件是只读的，修改没有保存：{path}")
    if code == sqlite3.SQLITE_FULL:
        return DiskFull(f"磁盘已满，刚才的修改没有保存（已撤回），之前保存的内容都还在：{path}。"
                        "请清理磁盘空间后重试。")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return CorruptProject(f"项目文件已损坏：{path}。请从备份恢复。")
    if code == sqlite3.SQLITE_IOERR:
        if "disk" in str(exc).lower() and "full" in str(exc).lower():
            return DiskFull(f"磁盘已满，刚才的修改没有保存（已撤回）：{path}")
        return ProjectError(f"读写项目文件时出错（磁盘或网络故障）：{path}（{exc}）")
    if code == sqlite3.SQLITE_CANTOPEN:
        return ProjectError(f"无法打开项目文件：{path}")
    return None


class _Connection(sqlite3.Connection):
    """Turns SQLite's failures about the file into desktop.errors' typed ones at
    the one place every query passes through (the store and sqlite-utils alike)."""

    project_path: Path = Path()

    def _typed(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except sqlite3.Error as exc:
            typed = db_error(exc, self.project_path)
            if typed is None:
                raise
            raise typed from exc

    def execute(self, *args, **kwargs):  # type: ignore[override]
        return self._typed(super().execute, *args, **kwargs)

    def executemany(self, *args, **kwargs):  # type: ignore[override]
        return self._typed(super().executemany, *args, **kwargs)


def _shingles(text: str, n: int = 4) -> set[str]:
    compact = "".join(text.split())
    return {compact[i:i + n] for i in range(max(0, len(compact) - n + 1))}


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' 4-character shingles (whitespace ignored)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def now() -> str:
    """Local time, to the second, as stored in every *_at column."""
    return datetime.now().isoformat(timespec="seconds")


class Project(ScoringMixin):
    """A project file opened for reading and writing."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False,
                 take_over_lock: bool = False, backup: bool = True, user: str = "") -> None:
        """Opens (or, with ``create``, makes) a project.

        For writing (the default) the project's lock is taken: ProjectLocked
        names who has it; ProjectReadOnly says why the file or folder cannot be
        written (open with ``readonly=True`` then). ``readonly`` takes no lock
        and refuses every change. Damaged files raise CorruptProject."""
        self.path = Path(path)
        self.readonly = readonly
        self.readonly_reason = "以只读方式打开。" if readonly else ""
        #: Chinese notes from opening (a journal recovered or set aside), for the window or CLI.
        self.open_warnings: list[str] = []
        self.last_backup: Path | None = None
        self._listeners: list[Listener] = []
        self._announcing = 0
        self._lock: ProjectLock | None = None
        st = integrity.require_regular_file(self.path)
        if st is None and (readonly or not create):
            raise ProjectError(f"找不到项目文件：{self.path}")
        if not readonly:
            reason = self._unwritable_reason(st is not None)
            if reason:
                raise ProjectReadOnly(reason)
            self._lock = ProjectLock.acquire(self.path, user=user, take_over=take_over_lock)
        conn: sqlite3.Connection | None = None
        try:
            if st is not None:
                st = integrity.require_regular_file(self.path)  # may have changed while we waited
                if st is None:
                    raise ProjectError(f"找不到项目文件：{self.path}")
                integrity.check_header(self.path, st)
                if not readonly:
                    note = integrity.handle_leftover_journal(self.path)
                    if note:
                        self.open_warnings.append(note)
            conn = self._connect(readonly)
            if st is not None:
                integrity.check_open_connection(conn, self.path)
            self.db = sqlite_utils.Database(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA journal_mode = DELETE")
                self._migrate()
            else:
                self._open_readonly_schema()
            if not readonly and backup and st is not None:
                self._hourly_backup()
            self.db.conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT * 1000)}")
        except BaseException:
            if conn is not None:
                conn.close()
            if self._lock is not None:
                self._lock.release()
            raise

    def _unwritable_reason(self, exists: bool) -> str:
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if exists and not os.access(self.path, os.W_OK):
            return f"项目文件是只读的（没有写入权限）：{self.path}"
        if not os.access(folder, os.W_OK):
            return f"项目所在的文件夹是只读的（没有写入权限）：{folder}"
        return ""

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        try:
            if readonly:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                       isolation_level=None, timeout=_OPEN_BUSY_TIMEOUT,
                                       factory=_Connection, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=_OPEN_BUSY_TIMEOUT,
                                       factory=_Connection)
            conn.project_path = self.path  # type: ignore[attr-defined]
            conn.execute("PRAGMA schema_version").fetchone()
        except ProjectReadOnly as exc:
            if readonly and integrity.journal_path(self.path).exists():
                raise ProjectError(
                    f"项目上次未正常关闭，需要以可写方式打开一次以完成恢复，之后才能只读查看：{self.path}") from exc
            raise
        except ProjectError:
            raise
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"不是评阅台项目文件，或文件已损坏：{self.path}") from exc
        return conn

    def _open_readonly_schema(self) -> None:
        """A read-only project made by an older version is read through an
        in-memory copy brought up to date (the file itself is never touched)."""
        version = self.db.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProjectError("此项目文件由更新版本的评阅台创建，请升级软件后再打开。")
        if version == SCHEMA_VERSION:
            return
        if version == 0:
            raise ProjectError(f"不是评阅台项目文件：{self.path}")
        memory = sqlite3.connect(":memory:", isolation_level=None, factory=_Connection,
                                 check_same_thread=False)
        memory.project_path = self.path  # type: ignore[attr-defined]
        self.db.conn.backup(memory)
        self.db.conn.close()
        self.db = sqlite_utils.Database(memory)
        memory.execute("PRAGMA foreign_keys = OFF")
        memory.execute("BEGIN")
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](memory)
        memory.execute("COMMIT")
        memory.execute("PRAGMA foreign_keys = ON")

    def _hourly_backup(self) -> None:
        from desktop.store.backups import make_backup

        try:
            self.last_backup = make_backup(self.db.conn, self.path)
        except (OSError, sqlite3.Error) as exc:
            self.open_warnings.append(f"未能创建自动备份：{exc}")

    # --- lifecycle ---------------------------------------------------------

    def _migrate(self) -> None:
        conn = self.db.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProjectError("此项目文件由更新版本的评阅台创建，请升级软件后再打开。")
        if version == 0 and self._has_foreign_tables():
            raise ProjectError(f"不是评阅台项目文件：{self.path}")
        if version < SCHEMA_VERSION:
            conn.execute("PRAGMA foreign_keys = OFF")  # table rebuilds (cannot change inside a transaction)
        try:
            with self.transaction():
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](conn)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
                if version < SCHEMA_VERSION and conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise CorruptProject(f"升级项目文件时发现无效的引用：{self.path}。文件未改动。")
                if not conn.execute("SELECT 1 FROM round WHERE id = 1").fetchone():
                    t = now()
                    conn.execute(
                        "INSERT INTO round (id, name, created_at, updated_at, uuid) VALUES (1, '', ?, ?, ?)",
                        (t, t, new_uuid()),
                    )
                self._store_default_rubric_if_missing(conn)
                sync_search_index(conn)  # a project from v5 has no search index yet
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def _has_foreign_tables(self) -> bool:
        return bool(self.db.table_names())

    def close(self) -> None:
        try:
            self.db.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def data_version(self) -> int:
        """Changes when another connection commits (read-only viewers poll it)."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit: committed on success, rolled back on any exception.

        Refused at once in a read-only project, and when another writer has
        taken this project's lock over. A failed COMMIT (disk full) is rolled
        back too, so what was committed before stays as it was."""
        if self._announcing:
            raise RuntimeError("a change listener tried to write: listeners only read (run writes elsewhere)")
        if self.readonly:
            raise ProjectReadOnly(self.readonly_reason or "项目以只读方式打开，不能修改。")
        if self._lock is not None:
            self._lock.verify()
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except (sqlite3.Error, ReviewDeskError):
                    pass
            raise

    def save_copy(self, target: str | Path) -> None:
        """A consistent copy of the whole project (SQLite backup API), written
        beside the target and moved into place, so a failed copy leaves no half file."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectError("副本不能覆盖当前项目文件。")
        partial = target.with_name(target.name + ".partial")
        if partial.exists():
            partial.unlink()
        dest = sqlite3.connect(str(partial))
        try:
            self.db.conn.backup(dest)
        except sqlite3.Error as exc:
            dest.close()
            partial.unlink(missing_ok=True)
            raise db_error(exc, target) or ProjectError(f"无法保存副本：{target}（{exc}）") from exc
        dest.close()
        os.replace(partial, target)

    # --- operations -----------------------------------------------------------

    now = staticmethod(now)

    def run(self, op: Operation) -> Applied:
        """Runs one operation: one transaction, one change set announced after
        the commit (not when nothing changed), and the operation that undoes it.
        Errors roll everything back and reach the caller; nothing is announced."""
        with self.transaction() as conn:
            writer = Writer(conn)
            result = op.apply(self, writer)
            if any(img.table == "documents" for img in writer.images):
                sync_search_index(conn)  # derived data, not in the undo images
        changes = writer.change_set(op.name)
        if changes:
            self._announce(changes)
        return Applied(result, changes, RestoreRows(tuple(writer.images), op.name), op)

    # --- change announcements ------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Calls ``listener(change)`` after each committed change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _announce(self, change: Change | ChangeSet) -> ChangeSet:
        changes = change if isinstance(change, ChangeSet) else ChangeSet((change,))
        self._announcing += 1
        try:
            for listener in list(self._listeners):
                listener(changes)
        finally:
            self._announcing -= 1
        return changes

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
        return Document(*info, text, tuple(json.loads(warnings or "[]")))  # type: ignore[call-arg]

    def document_info(self, doc_id: int) -> DocumentInfo | None:
        """One document's metadata without its text; None when it is gone.

        Panes ask on every change, and reading a million-character text to learn a
        title or version would make each key press slow (the text is the last column)."""
        row = self.db.conn.execute(
            f"SELECT {_DOC_INFO_COLS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return DocumentInfo(*row) if row else None

    def documents_info(self, ids: Iterable[int]) -> dict[int, DocumentInfo]:
        """Several documents' metadata (no text) by id; missing ids are absent."""
        wanted = [int(i) for i in ids]
        out: dict[int, DocumentInfo] = {}
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            for row in self.db.conn.execute(
                    f"SELECT {_DOC_INFO_COLS} FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
                out[row[0]] = DocumentInfo(*row)
        return out

    def search(self, query: str, *, limit: int | None = None) -> Hits:
        """Every occurrence of ``query`` in every report (full-width folded), by
        report then offset (desktop.store.search); EmptyQuery for a blank query."""
        return _search(self, query, limit=limit)

    def document_text(self, doc_id: int) -> str:
        return self.document(doc_id).text

    def sections(self, doc_id: int) -> list[Section]:
        rows = self.db.conn.execute(
            'SELECT level, start, "end", title FROM sections WHERE doc_id = ? ORDER BY position',
            (doc_id,),
        )
        return [Section(*row) for row in rows]

    # --- PDF pages (issue 15) -------------------------------------------------------

    def page_records(self, doc_id: int) -> list[PageRecord]:
        """The current text version's page records (empty: not a PDF, or imported before v7)."""
        rows = self.db.conn.execute(
            "SELECT p.page, p.width, p.height, p.source, p.confidence, p.lines FROM document_pages p "
            "JOIN documents d ON d.id = p.doc_id AND d.content_sha256 = p.content_sha256 "
            "WHERE p.doc_id = ? ORDER BY p.page", (doc_id,)).fetchall()
        return [record_of_row(*row) for row in rows]

    def page_starts(self, doc_id: int) -> list[int]:
        """Per page of the current text version, the offset where its first paragraph starts."""
        rows = self.db.conn.execute(
            "SELECT p.start FROM document_pages p JOIN documents d ON d.id = p.doc_id "
            "AND d.content_sha256 = p.content_sha256 WHERE p.doc_id = ? ORDER BY p.page", (doc_id,))
        return [int(r[0]) for r in rows]

    def ocr_pages(self, doc_id: int) -> list[tuple[int, float | None]]:
        """(page index, mean confidence) of the current version's pages read by OCR."""
        rows = self.db.conn.execute(
            "SELECT p.page, p.confidence FROM document_pages p JOIN documents d ON d.id = p.doc_id "
            "AND d.content_sha256 = p.content_sha256 WHERE p.doc_id = ? AND p.source = 'ocr' "
            "ORDER BY p.page", (doc_id,))
        return [(int(r[0]), r[1]) for r in rows]

    def original_file(self, doc_id: int) -> bytes | None:
        """The current text version's original file (a PDF's bytes), or None."""
        row = self.db.conn.execute(
            "SELECT f.data FROM document_files f JOIN documents d ON d.id = f.doc_id "
            "AND d.content_sha256 = f.content_sha256 WHERE f.doc_id = ?", (doc_id,)).fetchone()
        return bytes(row[0]) if row else None

    def has_original(self, doc_id: int) -> bool:
        """Whether the current text version has its original file (without reading it)."""
        return self.db.conn.execute(
            "SELECT 1 FROM document_files f JOIN documents d ON d.id = f.doc_id "
            "AND d.content_sha256 = f.content_sha256 WHERE f.doc_id = ?", (doc_id,)).fetchone() is not None

    # --- identity and versions ----------------------------------------------------

    def document_with_content(self, text: str) -> DocumentInfo | None:
        """The document whose canonical text is exactly ``text`` (identity is content,
        never title or file name)."""
        row = self.db.conn.execute(
            f"SELECT {_DOC_INFO_COLS} FROM documents WHERE content_sha256 = ? ORDER BY id LIMIT 1",
            (content_hash(text),)).fetchone()
        return DocumentInfo(*row) if row else None

    def document_by_uuid(self, doc_uuid: str) -> DocumentInfo | None:
        row = self.db.conn.execute(
            f"SELECT {_DOC_INFO_COLS} FROM documents WHERE uuid = ?", (doc_uuid,)).fetchone()
        return DocumentInfo(*row) if row else None

    def version_candidate(self, imported: ImportedDocument) -> tuple[DocumentInfo, float] | None:
        """A report already here that ``imported`` looks like a new version of: the
        same unit and year (detected from both texts) and mostly the same text.

        Only a suggestion: the window asks, the command line says so; replacing
        is always an explicit act (:meth:`replace_document`)."""
        from desktop.analysis.metadata import detect_unit, detect_year

        if self.document_with_content(imported.text) is not None:
            return None  # the same text: a duplicate (import_document says so), not a version
        unit, year = detect_unit(imported.title, imported.text), detect_year(imported.title, imported.text)
        if not unit or year is None:
            return None
        best: tuple[DocumentInfo, float] | None = None
        rows = self.db.conn.execute(
            f"SELECT {_DOC_INFO_COLS}, text FROM documents WHERE unit = ? AND year = ? ORDER BY id",
            (unit, year)).fetchall()
        for *info, text in rows:
            ratio = text_similarity(imported.text, text)
            if ratio >= VERSION_SIMILARITY and (best is None or ratio > best[1]):
                best = (DocumentInfo(*info), ratio)
        return best

    def import_document(
        self,
        imported: ImportedDocument,
        *,
        unit: str | None = None,
        year: int | None = None,
        detect: bool = True,
    ) -> ImportResult:
        """Adds a document, or returns the one that already has this exact text
        (action ``duplicate``: nothing is written). Title and file name never
        decide identity: two townships' reports with one title stay two.

        ``unit`` and ``year`` default to what the title and text say (unless
        ``detect`` is False), detected once, here, and stored."""
        existing = self.document_with_content(imported.text)
        if existing is not None:
            return ImportResult("duplicate", existing.id, existing.title)
        return self.run(ops.ImportDocument(imported, unit, year, detect)).result

    def versions(self, doc_id: int) -> list[VersionInfo]:
        """The stored earlier versions of a document, newest first."""
        rows = self.db.conn.execute(
            "SELECT id, doc_id, version, title, source_name, format, imported_at, replaced_at, "
            "length(text) FROM document_versions WHERE doc_id = ? ORDER BY id DESC", (doc_id,))
        return [VersionInfo(*row) for row in rows]

    def replace_document(self, doc_id: int, imported: ImportedDocument) -> ImportResult:
        """Makes ``imported`` the new version of a document: the current text is
        kept as a stored version (with every annotation's place), annotations are
        re-anchored (orphans kept and listed), all in one transaction.

        The result's ``version_id`` undoes it exactly (:meth:`undo_replace`)."""
        old = self.document(doc_id)
        if content_hash(imported.text) == old.content_sha256:
            return ImportResult("duplicate", doc_id, old.title)
        other = self.document_with_content(imported.text)
        if other is not None:
            raise ProjectError(f"这份文件的内容与项目中的文档 #{other.id}「{other.title}」完全相同，不能作为另一份报告的新版本。")
        return self.run(self.replace_operation(doc_id, imported)).result

    def replace_operation(self, doc_id: int, imported: ImportedDocument) -> ops.SwapText:
        """The operation that makes ``imported`` the new text of a document
        (re-anchoring happens here, outside the transaction)."""
        old = self.document(doc_id)
        return ops.SwapText(
            doc_id, text=imported.text, title=old.title, source_name=clean_name(imported.source_name),
            source_sha256=imported.source_sha256, fmt=imported.format, pages=imported.pages,
            warnings=list(imported.warnings), sections=list(imported.sections), imported_at=now(),
            placed=self._placed(old, imported.text), page_records=list(imported.page_records),
            page_starts=list(imported.page_starts), original=imported.original)

    def _placed(self, old: Document, text: str) -> list:
        anns = self.annotations(old.id, include_orphans=True)
        return reanchor(old.text, text, [Anchor(a.start, a.end, a.quote, a.prefix, a.suffix) for a in anns])

    def revert_operation(self, doc_id: int, version_id: int) -> ops.SwapText:
        """The operation that brings back a stored version's text."""
        row = self.db.conn.execute(
            "SELECT text, title, source_name, source_sha256, format, pages, warnings, sections_json, "
            "imported_at FROM document_versions WHERE id = ? AND doc_id = ?", (version_id, doc_id)).fetchone()
        if row is None:
            raise ProjectError(f"文档 #{doc_id} 没有编号为 {version_id} 的历史版本。")
        text, title, source_name, source_sha256, fmt, pages, warnings, sections_json, imported_at = row
        old = self.document(doc_id)
        return ops.SwapText(
            doc_id, text=text, title=old.title, source_name=source_name, source_sha256=source_sha256,
            fmt=fmt, pages=pages, warnings=json.loads(warnings), imported_at=imported_at,
            sections=[Section(*s) for s in json.loads(sections_json)], placed=self._placed(old, text))

    def revert_to_version(self, doc_id: int, version_id: int) -> ImportResult:
        """Brings back a stored version's text (the current one is stored in turn,
        so a revert can be reverted); annotations are re-anchored."""
        result = self.run(self.revert_operation(doc_id, version_id)).result
        return ImportResult("updated", doc_id, result.title, moved=result.moved, orphans=result.orphans,
                            version_id=result.version_id)

    def undo_replace(self, doc_id: int, version_id: int) -> None:
        """Undoes :meth:`replace_document` / :meth:`revert_to_version` exactly: the
        stored version's text, outline, metadata and every annotation's place
        come back, and the version entry is removed."""
        self.run(ops.UndoReplace(doc_id, version_id))

    def update_document(self, doc_id: int, **fields: object) -> DocumentInfo:
        """Edits title, unit, year or status (status: not_started, in_review, done)."""
        self.run(ops.UpdateDocuments((doc_id,), dict(fields)))
        return self.document(doc_id)

    def delete_document(self, doc_id: int) -> None:
        """Removes a report and everything of it (one operation; see RemoveDocuments)."""
        self.run(ops.RemoveDocuments((doc_id,)))

    # --- annotations -----------------------------------------------------------

    def annotations(self, doc_id: int, *, include_orphans: bool = False) -> list[Annotation]:
        """The document's annotations in text order (orphans last when included)."""
        where = "doc_id = ?" + ("" if include_orphans else " AND orphaned = 0")
        rows = self.db.conn.execute(
            f'SELECT {_ANN_COLS} FROM annotations WHERE {where} ORDER BY orphaned, start, "end" DESC, id',
            (doc_id,),
        )
        return [_ann(row) for row in rows]

    def orphans(self, doc_id: int) -> list[Annotation]:
        """Annotations a new version could not place (one query: panes ask on every change)."""
        rows = self.db.conn.execute(
            f'SELECT {_ANN_COLS} FROM annotations WHERE doc_id = ? AND orphaned = 1 ORDER BY start, "end" DESC, id',
            (doc_id,),
        )
        return [_ann(row) for row in rows]

    def rejected_suggestions(self, doc_id: int) -> set[tuple[int, int, str]]:
        """(start, end, tag) of the suggestions rejected for the report's current text version."""
        rows = self.db.conn.execute(
            'SELECT d.start, d."end", d.tag FROM suggestion_decisions d JOIN documents doc '
            "ON doc.id = d.doc_id AND doc.content_sha256 = d.content_sha256 "
            "WHERE d.doc_id = ? AND d.decision = 'rejected'", (doc_id,))
        return {(r[0], r[1], r[2]) for r in rows}

    def annotation_origins(self, doc_id: int) -> dict[int, str]:
        """Where each annotation of the report that did not come from the reviewer's hand came from
        (id → 'suggestion'); annotations typed by hand are absent."""
        rows = self.db.conn.execute(
            "SELECT id, origin FROM annotations WHERE doc_id = ? AND origin != ''", (doc_id,))
        return {r[0]: r[1] for r in rows}

    def annotation(self, ann_id: int) -> Annotation:
        row = self.db.conn.execute(f"SELECT {_ANN_COLS} FROM annotations WHERE id = ?", (ann_id,)).fetchone()
        if row is None:
            raise ProjectError(f"没有编号为 {ann_id} 的标注。")
        return _ann(row)

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
                out[row[0]] = _ann(row)
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

    def placed_tags(self, doc_id: int) -> dict[int, str]:
        """{annotation id: tag} of a document's placed (not orphaned) annotations."""
        return dict(self.db.conn.execute(
            "SELECT id, tag FROM annotations WHERE doc_id = ? AND orphaned = 0", (doc_id,)).fetchall())

    def placed_tags_of(self, ids: Iterable[int]) -> dict[int, tuple[int, str]]:
        """{id: (document, tag)} of those of ``ids`` that exist and are placed."""
        wanted = [int(i) for i in ids]
        out: dict[int, tuple[int, str]] = {}
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            for ann_id, doc_id, tag in self.db.conn.execute(
                    f"SELECT id, doc_id, tag FROM annotations WHERE orphaned = 0 AND id IN ({', '.join('?' * len(chunk))})",
                    chunk):
                out[ann_id] = (doc_id, tag)
        return out

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

    def annotation_uuids(self) -> set[str]:
        return {row[0] for row in self.db.conn.execute("SELECT uuid FROM annotations")}

    def add_annotation(
        self, doc_id: int, start: int, end: int, tag: str, *, note: str = "", reviewer: str = "",
        uuid: str | None = None,
    ) -> Annotation:
        """Tags text[start:end] (code points, end exclusive) and commits; ``uuid``
        keeps an identity brought from an exported file (a new one otherwise)."""
        ids = self.run(ops.AddAnnotations((ops.NewAnnotation(doc_id, start, end, tag, note, reviewer, uuid),))).result
        return self.annotation(ids[0])

    def restore_annotation(self, ann: Annotation, evidence: list[tuple] | None = None) -> Annotation:
        """Puts back a deleted annotation with its id (undo of delete), and its evidence links."""
        row = {"id": ann.id, "uuid": ann.uuid or new_uuid(), "doc_id": ann.doc_id, "start": ann.start,
               "end": ann.end, "quote": ann.quote, "prefix": ann.prefix, "suffix": ann.suffix, "tag": ann.tag,
               "note": ann.note, "reviewer": ann.reviewer, "created_at": ann.created_at,
               "updated_at": ann.updated_at, "orphaned": int(ann.orphaned)}
        images = [ops.RowImage("annotations", (ann.id,), "delete", tuple(row.items()), ann.doc_id)]
        for e in evidence or []:
            ev = dict(zip(("doc_id", "criterion_id", "annotation_id", "reviewer", "created_at"), e))
            images.append(ops.RowImage("score_evidence", (ev["doc_id"], ev["criterion_id"], ev["annotation_id"]),
                                       "delete", tuple(ev.items()), ev["doc_id"]))
        # RestoreRows puts images back last first: evidence after its annotation.
        self.run(ops.RestoreRows(tuple(reversed(images)), "delete_annotations"))
        return self.annotation(ann.id)

    def evidence_of_annotation(self, ann_id: int) -> list[tuple]:
        """Evidence links that point at an annotation, as rows restore_annotation takes."""
        return [tuple(r) for r in self.db.conn.execute(
            "SELECT doc_id, criterion_id, annotation_id, reviewer, created_at FROM score_evidence "
            "WHERE annotation_id = ?", (ann_id,))]

    def delete_annotation(self, ann_id: int) -> Annotation:
        """Removes an annotation (and evidence links to it); returns it for undo."""
        return self.run(ops.DeleteAnnotations((ann_id,))).result[0]

    def update_annotation(self, ann_id: int, *, tag: str | None = None, note: str | None = None) -> Annotation:
        """Re-tags or edits the note; returns the new state."""
        self.run(ops.UpdateAnnotations((ann_id,), tag, note))
        return self.annotation(ann_id)
