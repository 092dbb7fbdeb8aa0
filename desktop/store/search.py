"""Search across the round: every occurrence of a query in every report.

The reports' texts are folded (:func:`fold`: full-width forms to half-width,
ASCII letters to lower case, one character for one, so an offset in the
folded text is an offset in the report's own text) and kept in
``search_text``, with ``search_text_fts``, its FTS5 trigram index (schema
v6). A query of three or more characters asks the index which reports hold
it as a phrase, then scans those reports' folded texts for every occurrence
(overlapping ones too); the trigram tokenizer cannot look up one or two
characters (e.g. 普法), so those scan every report's folded text.

The index is derived data: :func:`sync_search_index` brings it in line with
``documents`` after each operation that wrote a report (Project.run) and when
a project is opened for writing. It is not part of any undo image. A
read-only project cannot write it, so reports whose index row is missing or
made from another version of their text are folded as they are searched.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, overload

from desktop.errors import ReviewDeskError

if TYPE_CHECKING:  # pragma: no cover
    from desktop.store.project import Project

#: Characters of the original text shown either side of a hit in its snippet.
SNIPPET_CONTEXT = 20
ELLIPSIS = "…"
_FOLD_TABLE: dict[int, int] | None = None
_LINE_BREAKS = "\n\r\t\v\f\x85\u2028\u2029"


class EmptyQuery(ReviewDeskError):
    """A search for nothing (an empty query, or only spaces)."""

    kind = "empty_query"


def _fold_table() -> dict[int, int]:
    """Code point -> folded code point for every BMP character that folds
    (built once: about 65,000 normalisations, a few tens of milliseconds)."""
    global _FOLD_TABLE
    if _FOLD_TABLE is None:
        table: dict[int, int] = {}
        for cp in range(0x10000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            norm = unicodedata.normalize("NFKC", ch)
            folded = norm if len(norm) == 1 else ch
            if "A" <= folded <= "Z":
                folded = folded.lower()
            if folded != ch:
                table[cp] = ord(folded)
        _FOLD_TABLE = table
    return _FOLD_TABLE


def fold(text: str) -> str:
    """``text`` with full-width forms (ＡＢＣ１２３，, the ideographic space) made
    half-width and ASCII letters lower-cased, one character for one: each
    character becomes its NFKC form when that is a single character, else
    stays. ``len(fold(t)) == len(t)`` always, so offsets carry over."""
    return text.translate(_fold_table())


class Hit:
    """One occurrence: ``text[start:end]`` of report ``doc_id`` folds to the
    query (code points of the canonical text). ``snippet`` is the hit with
    about 20 characters of the original text either side, line breaks as
    spaces, ``…`` where cut; the hit is ``snippet[lead:lead + end - start]``.

    The snippet is cut from the report's text when asked for: a one-character
    query can have tens of thousands of hits, and most are never shown."""

    __slots__ = ("doc_id", "title", "start", "end", "_text")

    def __init__(self, doc_id: int, title: str, start: int, end: int, text: str) -> None:
        self.doc_id = doc_id
        self.title = title
        self.start = start
        self.end = end
        self._text = text

    @property
    def snippet(self) -> str:
        return _snippet(self._text, self.start, self.end)[0]

    @property
    def lead(self) -> int:
        return _snippet(self._text, self.start, self.end)[1]

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "title": self.title, "start": self.start, "end": self.end,
                "snippet": self.snippet}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash((self.doc_id, self.start, self.end))

    def __repr__(self) -> str:
        return f"Hit({self.doc_id}, {self.title!r}, {self.start}, {self.end}, {self.snippet!r})"


def _stale(conn: sqlite3.Connection) -> tuple[list[int], list[int]]:
    """(reports whose index row is missing or of another text version,
    index rows of reports that are gone)."""
    stale = [r[0] for r in conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN search_text s ON s.doc_id = d.id "
        "WHERE s.content_sha256 IS NOT d.content_sha256 ORDER BY d.id")]
    gone = [r[0] for r in conn.execute(
        "SELECT s.doc_id FROM search_text s LEFT JOIN documents d ON d.id = s.doc_id WHERE d.id IS NULL")]
    return stale, gone


def index_is_current(conn: sqlite3.Connection) -> bool:
    stale, gone = _stale(conn)
    return not stale and not gone


def sync_search_index(conn: sqlite3.Connection) -> int:
    """Brings ``search_text`` (and by its triggers the FTS index) in line with
    ``documents`` on the caller's open transaction; returns the rows written."""
    stale, gone = _stale(conn)
    for doc_id in gone:
        conn.execute("DELETE FROM search_text WHERE doc_id = ?", (doc_id,))
    for doc_id in stale:
        row = conn.execute("SELECT content_sha256, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            continue
        # The update trigger deletes the old text from the index and adds the new.
        conn.execute(
            "INSERT INTO search_text (doc_id, content_sha256, text) VALUES (?, ?, ?) "
            "ON CONFLICT (doc_id) DO UPDATE SET content_sha256 = excluded.content_sha256, text = excluded.text",
            (doc_id, row[0], fold(row[1])))
    return len(stale) + len(gone)


def _phrase(query: str) -> str:
    """The query as one FTS5 phrase: quoted, with its quotes doubled."""
    return '"' + query.replace('"', '""') + '"'


def _overlaps(query: str) -> bool:
    """True when two occurrences of ``query`` can overlap (a proper prefix is also a suffix: 普法普)."""
    return any(query[:k] == query[-k:] for k in range(1, len(query)))


def _occurrences(text: str, query: str) -> list[int]:
    """Start of every occurrence of ``query`` in ``text``, overlapping ones too."""
    if not _overlaps(query):  # then the non-overlapping matches are all of them (found in C)
        return [m.start() for m in re.finditer(re.escape(query), text)]
    out = []
    find = text.find
    i = find(query)
    while i >= 0:
        out.append(i)
        i = find(query, i + 1)
    return out


def _snippet(text: str, start: int, end: int) -> tuple[str, int]:
    lo = max(0, start - SNIPPET_CONTEXT)
    hi = min(len(text), end + SNIPPET_CONTEXT)
    head = ELLIPSIS if lo > 0 else ""
    tail = ELLIPSIS if hi < len(text) else ""
    middle = text[lo:hi]
    for ch in _LINE_BREAKS:
        if ch in middle:
            middle = middle.replace(ch, " ")
    return head + middle + tail, len(head) + start - lo


def search(project_or_conn: "Project | sqlite3.Connection", query: str, *, limit: int | None = None) -> "Hits":
    """Every occurrence of ``query`` (folded) in every report of the project,
    by report id then offset; at most ``limit`` hits when given. Raises
    EmptyQuery for an empty or blank query."""
    conn = project_or_conn if isinstance(project_or_conn, sqlite3.Connection) else project_or_conn.db.conn
    if not query or not query.strip():
        raise EmptyQuery("请输入要搜索的文字（搜索内容不能为空）。")
    needle = fold(query)
    stale, _gone = _stale(conn)
    stale_set = set(stale)
    current: list[tuple[int, str]]
    if len(needle) >= 3:
        current = conn.execute(
            "SELECT doc_id, text FROM search_text WHERE doc_id IN "
            "(SELECT rowid FROM search_text_fts WHERE search_text_fts MATCH ?) ORDER BY doc_id",
            (_phrase(needle),)).fetchall()
    else:
        current = conn.execute("SELECT doc_id, text FROM search_text ORDER BY doc_id").fetchall()
    # Index rows of reports that changed since (a read-only project) are not trusted.
    candidates = {doc_id: text for doc_id, text in current if doc_id not in stale_set}
    found: dict[int, list[int]] = {}
    total = 0
    for doc_id in sorted(candidates.keys() | stale_set):
        if limit is not None and total >= limit:
            break
        folded = candidates.get(doc_id)
        if folded is None:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                continue
            folded = fold(row[0])
        starts = _occurrences(folded, needle)
        if starts:
            found[doc_id] = starts
            total += len(starts)
    hits = Hits(len(needle))
    for doc_id, starts in found.items():
        row = conn.execute("SELECT title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            continue
        title, text = row
        if limit is not None:
            starts = starts[:max(0, limit - len(hits))]
        hits.add(doc_id, title, text, starts)
    return hits


class Hits(Sequence[Hit]):
    """The hits of one search, in order: every offset is found when the search
    returns, the :class:`Hit` objects are made as they are read. A one-character
    query over a round has some 40,000 hits; making them all up front took
    longer than finding them, and a window shows only the first screenful."""

    def __init__(self, length: int) -> None:
        self._n = length
        self._groups: list[tuple[int, str, str, list[int]]] = []  # doc_id, title, text, starts
        self._ends: list[int] = []  # cumulative hit counts, for indexing

    def add(self, doc_id: int, title: str, text: str, starts: list[int]) -> None:
        if starts:
            self._groups.append((doc_id, title, text, starts))
            self._ends.append(len(self) + len(starts))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __iter__(self) -> Iterator[Hit]:
        n = self._n
        for doc_id, title, text, starts in self._groups:
            for start in starts:
                yield Hit(doc_id, title, start, start + n, text)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("hit index out of range")
        group = bisect.bisect_right(self._ends, index)
        doc_id, title, text, starts = self._groups[group]
        start = starts[index - (self._ends[group - 1] if group else 0)]
        return Hit(doc_id, title, start, start + self._n, text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Hits, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Hits({list(self)!r})"
