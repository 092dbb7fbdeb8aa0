"""Round, rubric, scores and evidence links (issue 4). Mixed into Project.

Conventions are Project's: every mutating method commits before it returns
and announces a Change ("round", "rubric", "scores" or "documents"). The
project keeps the rubric it scores against (``round.rubric_json`` plus one
``criteria`` row per criterion), so a round stays readable when the rubric
file changes. Loading another rubric never deletes a score: rows whose
criterion is no longer in the rubric stay in ``scores`` and reappear if a
rubric with that id comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from desktop.analysis.completeness import Completeness, check
from desktop.analysis.metadata import detect_unit, detect_year
from desktop.errors import ProjectError
from desktop.rubric import Criterion, Rubric, default_rubric, rubric_from_json
from desktop.store import operations as ops
from desktop.store.records import DocumentInfo
from desktop.tags import TAG_VALUES

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3
    from typing import Callable

    import sqlite_utils


class _Unchanged:
    """Default of arguments that may be set to None on purpose."""

    def __repr__(self) -> str:
        return "<unchanged>"


UNCHANGED: Any = _Unchanged()
_EPS = 1e-9


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class RoundInfo:
    name: str
    year: int | None
    rubric_name: str


@dataclass(frozen=True)
class Score:
    doc_id: int
    criterion_id: str
    reviewer: str
    points: float | None
    comment: str
    updated_at: str


@dataclass(frozen=True)
class Evidence:
    doc_id: int
    criterion_id: str
    annotation_id: int
    reviewer: str
    created_at: str


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the round overview: a document with its counts and total."""

    info: DocumentInfo
    tag_counts: dict[str, int]
    total: float
    scored: int  # criteria with points
    reviewers: tuple[str, ...]

    @property
    def scored_total(self) -> float | None:
        """The total, or None while no criterion has points (未评, not 0)."""
        return self.total if self.scored else None


class ScoringMixin:
    """Operations on the round's rubric and scores; see Project for conventions."""

    # Provided by Project (declared for the type checker).
    if TYPE_CHECKING:  # pragma: no cover
        db: sqlite_utils.Database
        run: Callable[..., Any]
        document: Callable[..., Any]
        document_info: Callable[..., Any]
        documents: Callable[..., Any]
        sections: Callable[..., Any]
        update_document: Callable[..., Any]
        annotation: Callable[..., Any]

    # --- round -----------------------------------------------------------------

    def round_info(self) -> RoundInfo:
        row = self.db.conn.execute("SELECT name, year, rubric_name FROM round WHERE id = 1").fetchone()
        return RoundInfo(row[0], row[1], row[2])

    def set_round(self, name: str | None = UNCHANGED, year: int | None = UNCHANGED) -> RoundInfo:
        """Renames the round or sets its year (None clears the year)."""
        info = self.round_info()
        new_name = info.name if name is UNCHANGED or name is None else str(name).strip()
        new_year = info.year if year is UNCHANGED else year
        self.run(ops.SetRound(new_name, new_year))
        return self.round_info()

    # --- rubric ----------------------------------------------------------------

    def rubric(self) -> Rubric:
        """The rubric this round scores against (stored with the round when it was created)."""
        row = self.db.conn.execute("SELECT rubric_json FROM round WHERE id = 1").fetchone()
        if row and row[0]:
            return rubric_from_json(row[0])
        return default_rubric()

    def _store_default_rubric_if_missing(self, conn: "sqlite3.Connection") -> None:
        """Called by Project inside the transaction that creates or upgrades a file,
        so that reading a project never writes to it."""
        row = conn.execute("SELECT rubric_json FROM round WHERE id = 1").fetchone()
        if row is not None and not row[0]:
            self._write_rubric(conn, default_rubric())

    def criteria(self) -> list[Criterion]:
        rows = self.db.conn.execute(
            "SELECT id, title, max_points, description, grp, deduction FROM criteria ORDER BY position")
        return [Criterion(r[0], r[1], float(r[2]), r[3], r[4], r[5]) for r in rows]

    def _write_rubric(self, conn: "sqlite3.Connection", rubric: Rubric) -> None:
        conn.execute("DELETE FROM criteria")
        conn.executemany(
            "INSERT INTO criteria (id, position, title, description, max_points, grp, deduction) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, i, c.title, c.description, c.max_points, c.group, c.deduction)
             for i, c in enumerate(rubric.criteria)],
        )
        conn.execute("UPDATE round SET rubric_name = ?, rubric_json = ?, updated_at = ? WHERE id = 1",
                     (rubric.name, rubric.to_json(), _now()))

    def scored_criteria_ids(self) -> set[str]:
        """Criterion ids that have at least one score row (any document)."""
        rows = self.db.conn.execute(
            "SELECT DISTINCT criterion_id FROM scores WHERE points IS NOT NULL OR comment != ''")
        return {r[0] for r in rows}

    def set_rubric(self, rubric: Rubric, *, keep_scores: bool = True) -> None:
        """Scores against ``rubric`` from now on.

        With ``keep_scores`` the scores of criteria whose ids survive count
        again at once; the others stay in the table, unseen. Without it every
        existing score and evidence link is set aside under an
        ``archived/<time>/`` criterion id: still in the file, counted nowhere.
        """
        self.run(ops.SetRubric(rubric, keep_scores, datetime.now().strftime("%Y%m%d%H%M%S")))

    # --- scores ----------------------------------------------------------------

    def _criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria():
            if c.id == criterion_id:
                return c
        raise ProjectError(f"评分细则中没有评分项“{criterion_id}”。")

    def scores(self, doc_id: int, reviewer: str | None = None) -> list[Score]:
        """Score rows of the current criteria, in rubric order."""
        sql = ("SELECT s.doc_id, s.criterion_id, s.reviewer, s.points, s.comment, s.updated_at "
               "FROM scores s JOIN criteria c ON c.id = s.criterion_id WHERE s.doc_id = ?")
        args: tuple = (doc_id,)
        if reviewer is not None:
            sql += " AND s.reviewer = ?"
            args += (reviewer,)
        rows = self.db.conn.execute(sql + " ORDER BY c.position, s.reviewer", args)
        return [Score(*r) for r in rows]

    def score(self, doc_id: int, criterion_id: str, reviewer: str) -> Score | None:
        """One score row, also for a criterion no longer in the rubric."""
        row = self.db.conn.execute(
            "SELECT doc_id, criterion_id, reviewer, points, comment, updated_at FROM scores "
            "WHERE doc_id = ? AND criterion_id = ? AND reviewer = ?",
            (doc_id, criterion_id, reviewer)).fetchone()
        return Score(*row) if row else None

    def _checked_score(self, item: "ops.ScoreItem") -> tuple[float | None, str]:
        """The points and comment a score row will hold, checked against the criterion."""
        crit = self._criterion(item.criterion_id)
        if self.document_info(item.doc_id) is None:
            raise ProjectError(f"项目中没有编号为 {item.doc_id} 的文档。")
        old = self.score(item.doc_id, item.criterion_id, item.reviewer)
        new_points = (old.points if old else None) if item.points is ... else item.points
        new_comment = (old.comment if old else "") if item.comment is None else str(item.comment)
        if new_points is not None:
            try:
                new_points = float(new_points)
            except (TypeError, ValueError):
                raise ProjectError(f"分数必须是数字：{new_points!r}") from None
            if not (-_EPS <= new_points <= crit.max_points + _EPS) or new_points != new_points:
                raise ProjectError(
                    f"“{crit.title}”的得分必须在 0 到 {crit.max_points:g} 分之间，不能是 {new_points:g} 分。")
            new_points = min(max(new_points, 0.0), crit.max_points)
        return new_points, new_comment

    def set_score(self, doc_id: int, criterion_id: str, reviewer: str, *,
                  points: float | None = UNCHANGED, comment: str | None = None) -> Score:
        """Sets points (0..max, None = no points yet) and/or the comment.

        The first score of a document moves its status from 未开始 to 评阅中.
        """
        item = ops.ScoreItem(doc_id, criterion_id, reviewer, ... if points is UNCHANGED else points, comment)
        self.run(ops.SetScores((item,)))
        return self.score(doc_id, criterion_id, reviewer)  # type: ignore[return-value]

    def clear_score(self, doc_id: int, criterion_id: str, reviewer: str) -> None:
        """Removes one score row (evidence links stay: they belong to the criterion)."""
        self.run(ops.ClearScores(((doc_id, criterion_id, reviewer),)))

    def total(self, doc_id: int, reviewer: str | None = None) -> float:
        """Sum of points over the current criteria.

        With several reviewers and ``reviewer=None`` each criterion counts with
        the mean of the reviewers' points, so two reviewers never double a total.
        """
        sql = ("SELECT s.criterion_id, avg(s.points) FROM scores s JOIN criteria c ON c.id = s.criterion_id "
               "WHERE s.doc_id = ? AND s.points IS NOT NULL")
        args: tuple = (doc_id,)
        if reviewer is not None:
            sql += " AND s.reviewer = ?"
            args += (reviewer,)
        rows = self.db.conn.execute(sql + " GROUP BY s.criterion_id", args)
        return round(float(sum(r[1] for r in rows)), 6)

    def scored_total(self, doc_id: int, reviewer: str | None = None) -> float | None:
        """:meth:`total`, or None while no criterion has points: an unscored report
        reads 未评 and ranks after the scored ones, never as 0 points."""
        sql = ("SELECT 1 FROM scores s JOIN criteria c ON c.id = s.criterion_id "
               "WHERE s.doc_id = ? AND s.points IS NOT NULL")
        args: tuple = (doc_id,)
        if reviewer is not None:
            sql += " AND s.reviewer = ?"
            args += (reviewer,)
        if self.db.conn.execute(sql + " LIMIT 1", args).fetchone() is None:
            return None
        return self.total(doc_id, reviewer)

    # --- evidence ---------------------------------------------------------------

    def evidence(self, doc_id: int, criterion_id: str | None = None) -> list[Evidence]:
        """Evidence links of the current criteria, in rubric then text order."""
        sql = ("SELECT e.doc_id, e.criterion_id, e.annotation_id, e.reviewer, e.created_at "
               "FROM score_evidence e JOIN criteria c ON c.id = e.criterion_id "
               "JOIN annotations a ON a.id = e.annotation_id WHERE e.doc_id = ?")
        args: tuple = (doc_id,)
        if criterion_id is not None:
            sql += " AND e.criterion_id = ?"
            args += (criterion_id,)
        rows = self.db.conn.execute(sql + " ORDER BY c.position, a.start, a.id", args)
        return [Evidence(*r) for r in rows]

    def add_evidence(self, doc_id: int, criterion_id: str, annotation_id: int,
                     reviewer: str = "") -> Evidence:
        """Links an annotation of the document to a criterion (again = no-op)."""
        self.run(ops.LinkEvidence(doc_id, criterion_id, (annotation_id,), reviewer))
        return self._evidence_row(doc_id, criterion_id, annotation_id)  # type: ignore[return-value]

    def _evidence_row(self, doc_id: int, criterion_id: str, annotation_id: int) -> Evidence | None:
        row = self.db.conn.execute(
            "SELECT doc_id, criterion_id, annotation_id, reviewer, created_at FROM score_evidence "
            "WHERE doc_id = ? AND criterion_id = ? AND annotation_id = ?",
            (doc_id, criterion_id, annotation_id)).fetchone()
        return Evidence(*row) if row else None

    def remove_evidence(self, doc_id: int, criterion_id: str, annotation_id: int) -> Evidence | None:
        """Unlinks; returns the removed link (for undo) or None if there was none."""
        old = self._evidence_row(doc_id, criterion_id, annotation_id)
        if old is None:
            return None
        self.run(ops.UnlinkEvidence(doc_id, criterion_id, (annotation_id,)))
        return old

    def restore_evidence(self, evidence: Evidence) -> Evidence:
        """Puts back a removed link with its original reviewer and time (undo)."""
        row = {"doc_id": evidence.doc_id, "criterion_id": evidence.criterion_id,
               "annotation_id": evidence.annotation_id, "reviewer": evidence.reviewer,
               "created_at": evidence.created_at}
        if self._evidence_row(evidence.doc_id, evidence.criterion_id, evidence.annotation_id) is None:
            self.run(ops.RestoreRows((ops.RowImage(
                "score_evidence", (evidence.doc_id, evidence.criterion_id, evidence.annotation_id), "delete",
                tuple(row.items()), evidence.doc_id),), "unlink_evidence"))
        return evidence

    # --- people, parts, metadata, overview ---------------------------------------

    def reviewers(self, doc_id: int) -> list[str]:
        """Everyone who annotated or scored the document, sorted."""
        rows = self.db.conn.execute(
            "SELECT reviewer FROM annotations WHERE doc_id = ? AND reviewer != '' UNION "
            "SELECT reviewer FROM scores WHERE doc_id = ? AND reviewer != '' ORDER BY 1", (doc_id, doc_id))
        return [r[0] for r in rows]

    def reviewer_spans(self, doc_id: int | None = None) -> dict[int, dict[str, list[tuple[str, int, int]]]]:
        """doc id -> reviewer -> (tag, start, end) of the placed annotations (orphans left out),
        in one query: agreement between reviewers reads the whole round at once."""
        sql = 'SELECT doc_id, reviewer, tag, start, "end" FROM annotations WHERE orphaned = 0'
        args: tuple = ()
        if doc_id is not None:
            sql += " AND doc_id = ?"
            args = (doc_id,)
        out: dict[int, dict[str, list[tuple[str, int, int]]]] = {}
        for d, reviewer, tag, start, end in self.db.conn.execute(sql + " ORDER BY doc_id, start, id", args):
            out.setdefault(d, {}).setdefault(reviewer, []).append((tag, start, end))
        return out

    def text_lengths(self) -> dict[int, int]:
        """doc id -> length of the report's current text in characters (code points, as Python counts)."""
        return {r[0]: r[1] for r in self.db.conn.execute("SELECT id, length(text) FROM documents")}

    def completeness(self, doc_id: int) -> Completeness:
        """Which statutory parts the stored text has (desktop.analysis.completeness)."""
        return check(self.document(doc_id).text, self.sections(doc_id))

    def apply_detected_metadata_to_all(self) -> list[int]:
        """Looks once at every report never looked at (imported before detection
        happened at import), in one operation; returns the ids whose unit or
        year was filled. Nothing to look at: nothing is written."""
        if not self.needs_detection():
            return []
        return self.run(ops.DetectMetadata()).result

    def needs_detection(self) -> bool:
        """True while some report's unit and year were never looked at."""
        return self.db.conn.execute("SELECT 1 FROM documents WHERE detected = 0 LIMIT 1").fetchone() is not None

    def apply_detected_metadata(self, doc_id: int) -> DocumentInfo:
        """Fills an empty unit or year from the title and text; announces if it changed."""
        doc = self.document(doc_id)
        fields: dict[str, object] = {}
        if not doc.unit:
            unit = detect_unit(doc.title, doc.text)
            if unit:
                fields["unit"] = unit
        if doc.year is None:
            year = detect_year(doc.title, doc.text)
            if year is not None:
                fields["year"] = year
        if fields:
            return self.update_document(doc_id, **fields)
        return doc

    def score_totals(self, doc_ids: Iterable[int] | None = None) -> dict[int, tuple[float, int]]:
        """(total, criteria with points) of every report with points, or of ``doc_ids``
        only (the overview re-reads the rows a change set touched). A report
        without points is missing: its total is 未评, not 0."""
        sql = ("SELECT doc_id, sum(p), count(*) FROM (SELECT s.doc_id, avg(s.points) AS p FROM scores s "
               "JOIN criteria c ON c.id = s.criterion_id WHERE s.points IS NOT NULL{where} "
               "GROUP BY s.doc_id, s.criterion_id) GROUP BY doc_id")
        out: dict[int, tuple[float, int]] = {}
        for rows in self._per_documents(sql, "s.doc_id", doc_ids):
            for doc_id, total, scored in rows:
                out[doc_id] = (round(float(total), 6), scored)
        return out

    def reviewers_by_document(self, doc_ids: Iterable[int] | None = None) -> dict[int, tuple[str, ...]]:
        """Everyone who annotated or scored each report (sorted), for every report
        or ``doc_ids`` only; a report nobody touched is missing."""
        sql = ("SELECT doc_id, reviewer FROM annotations WHERE reviewer != ''{where} UNION "
               "SELECT doc_id, reviewer FROM scores WHERE reviewer != ''{where} ORDER BY 1, 2")
        people: dict[int, list[str]] = {}
        for rows in self._per_documents(sql, "doc_id", doc_ids):
            for doc_id, reviewer in rows:
                people.setdefault(doc_id, []).append(reviewer)
        return {d: tuple(names) for d, names in people.items()}

    def _per_documents(self, sql: str, column: str, doc_ids: Iterable[int] | None):
        """Runs ``sql`` (its ``{where}`` places filled) for all reports, or in chunks of
        ``doc_ids``; yields each run's rows."""
        conn = self.db.conn
        if doc_ids is None:
            yield conn.execute(sql.format(where=""))
            return
        ids = list(dict.fromkeys(int(i) for i in doc_ids))
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            where = f" AND {column} IN ({', '.join('?' * len(chunk))})"
            yield conn.execute(sql.format(where=where), chunk * sql.count("{where}"))

    def round_summary(self) -> list[DocumentSummary]:
        """Every document with tag counts, total and reviewers, in three queries."""
        conn = self.db.conn
        counts: dict[int, dict[str, int]] = {}
        for doc_id, tag, n in conn.execute(
                "SELECT doc_id, tag, count(*) FROM annotations WHERE orphaned = 0 GROUP BY doc_id, tag"):
            counts.setdefault(doc_id, {})[tag] = n
        totals = self.score_totals()
        people = self.reviewers_by_document()
        out = []
        for info in self.documents():
            c = {**dict.fromkeys(TAG_VALUES, 0), **counts.get(info.id, {})}
            total, scored = totals.get(info.id, (0.0, 0))
            out.append(DocumentSummary(info, c, total, scored, people.get(info.id, ())))
        return out
