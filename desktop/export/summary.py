"""Everything an export needs, gathered from the project once into typed records.

Every format (Word, Excel, CSV, Web Annotation JSON) writes from the same
:class:`RoundData`, so a score, a count or a quote can never differ between
the files of one export, and no writer touches the store itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Iterable

from desktop.analysis.flags import Flag
from desktop.errors import ProjectError
from desktop.store import STATUSES, Project
from desktop.tags import TAG_VALUES
from desktop.text import SectionIndex

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Claim:
    """One annotation as exported: the anchor, the tag, its section and note."""

    id: int
    tag: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    note: str
    reviewer: str
    created_at: str
    updated_at: str
    section: str  # title of the innermost section holding the quote ('' if none)
    uuid: str = ""  # the annotation's stable identity (survives export and re-import)


@dataclass(frozen=True)
class ReviewerScore:
    """One reviewer's own row of a criterion (the store's scores row)."""

    reviewer: str
    points: float | None
    comment: str
    updated_at: str


@dataclass(frozen=True)
class CriterionScore:
    """One rubric row of a report: the points given and the evidence quoted."""

    criterion_id: str
    title: str
    max_points: float
    points: float | None
    comment: str
    evidence: tuple[Claim, ...]  # the linked annotations, in text order
    by_reviewer: tuple[ReviewerScore, ...] = ()  # each reviewer's own row, by reviewer name


@dataclass(frozen=True)
class PartResult:
    key: str
    label: str
    found: bool
    heading: str | None


@dataclass(frozen=True)
class CompletenessResult:
    parts: tuple[PartResult, ...]
    weakness_causes: bool

    @property
    def found_count(self) -> int:
        return sum(p.found for p in self.parts)

    @property
    def missing_labels(self) -> list[str]:
        return [p.label for p in self.parts if not p.found]

    @property
    def fraction(self) -> str:
        return f"{self.found_count}/{len(self.parts)}"


@dataclass(frozen=True)
class ReportData:
    """One document with its scores, completeness and claims."""

    doc_id: int
    title: str
    unit: str
    year: int | None
    status: str
    source_name: str
    source_sha256: str
    reviewers: tuple[str, ...]
    reviewed_on: str  # date of the latest annotation or score ('' when none)
    claims: tuple[Claim, ...]
    scores: tuple[CriterionScore, ...] = ()
    total: float | None = None  # None: no criterion has points yet (未评, not 0)
    total_max: float = 0.0
    completeness: CompletenessResult | None = None
    uuid: str = ""  # the document's stable identity
    content_sha256: str = ""  # SHA-256 of its canonical text: its identity in any project
    #: Quality flags (desktop.analysis.flags), compared within the project as the
    #: ``flags`` command compares; filled by build_round with scoring (the summaries).
    flags: tuple[Flag, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def reviewer_label(self) -> str:
        return "、".join(r for r in self.reviewers if r) or ""

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(TAG_VALUES, 0)
        for c in self.claims:
            out[c.tag] += 1
        return out

    def claims_of(self, tag: str) -> list[Claim]:
        return [c for c in self.claims if c.tag == tag]


@dataclass(frozen=True)
class CriterionInfo:
    id: str
    title: str
    max_points: float


@dataclass(frozen=True)
class RoundData:
    name: str
    year: int | None
    rubric_name: str
    criteria: tuple[CriterionInfo, ...]
    reports: tuple[ReportData, ...]
    exported_on: str = field(default_factory=lambda: date.today().isoformat())

    def ranked(self) -> list[ReportData]:
        """Reports by total, highest first, the unscored (未评) last; ties keep
        document order."""
        return sorted(self.reports, key=lambda r: (r.total is None, -(r.total or 0.0)))


def _claims(project: Project, doc_id: int) -> tuple[Claim, ...]:
    index = SectionIndex(project.sections(doc_id))
    out = []
    for a in project.annotations(doc_id):
        sec = index.at(a.start)
        out.append(Claim(a.id, a.tag, a.start, a.end, a.quote, a.prefix, a.suffix, a.note,
                         a.reviewer, a.created_at, a.updated_at, sec.title if sec else "", a.uuid))
    return tuple(out)


def _completeness(project: Project, doc_id: int) -> CompletenessResult:
    from desktop.analysis.completeness import PART_KEYS, PART_LABELS

    result = project.completeness(doc_id)
    parts = tuple(
        PartResult(k, PART_LABELS[k], bool(result.parts[k].found), result.parts[k].heading)
        for k in PART_KEYS
    )
    return CompletenessResult(parts, bool(result.weakness_causes))


def _scores(project: Project, doc_id: int, claims: tuple[Claim, ...]) -> tuple[CriterionScore, ...]:
    """One row per current criterion. With several reviewers the points are
    their mean, as the store's total() counts them; comments are joined."""
    by_id = {c.id: c for c in claims}
    given: dict[str, list[float]] = {}
    comments: dict[str, list[str]] = {}
    own: dict[str, list[ReviewerScore]] = {}
    rows = project.scores(doc_id)
    several = len({s.reviewer for s in rows}) > 1
    for s in rows:
        own.setdefault(s.criterion_id, []).append(ReviewerScore(s.reviewer, s.points, s.comment, s.updated_at))
        if s.points is not None:
            given.setdefault(s.criterion_id, []).append(float(s.points))
        if s.comment:
            prefix = f"{s.reviewer}：" if several and s.reviewer else ""
            comments.setdefault(s.criterion_id, []).append(prefix + s.comment)
    points = {k: round(sum(v) / len(v), 6) for k, v in given.items()}
    evidence: dict[str, list[Claim]] = {}
    for e in project.evidence(doc_id):
        if e.annotation_id in by_id:
            evidence.setdefault(e.criterion_id, []).append(by_id[e.annotation_id])
    out = []
    for c in project.criteria():
        quotes = tuple(sorted(evidence.get(c.id, []), key=lambda x: (x.start, x.id)))
        out.append(CriterionScore(c.id, c.title, float(c.max_points), points.get(c.id),
                                   "；".join(comments.get(c.id, [])), quotes, tuple(own.get(c.id, ()))))
    return tuple(out)


def _reviewed_on(claims: Iterable[Claim], scores_updated: Iterable[str]) -> str:
    stamps = [c.updated_at for c in claims] + list(scores_updated)
    return max(stamps)[:10] if stamps else ""


def build_report(project: Project, doc_id: int, *, scoring: bool = True) -> ReportData:
    """The record of one document; ``scoring=False`` skips rubric and
    completeness (the annotation file needs neither)."""
    doc = project.document(doc_id)  # ProjectError for an unknown id
    claims = _claims(project, doc_id)
    reviewers = sorted({c.reviewer for c in claims if c.reviewer})
    base: dict[str, Any] = dict(doc_id=doc.id, title=doc.title, unit=doc.unit, year=doc.year, status=doc.status,
                source_name=doc.source_name, source_sha256=doc.source_sha256, claims=claims,
                uuid=doc.uuid, content_sha256=doc.content_sha256)
    if not scoring:
        return ReportData(reviewers=tuple(reviewers), reviewed_on=_reviewed_on(claims, ()), **base)
    reviewers = sorted(set(reviewers) | set(r for r in project.reviewers(doc_id) if r))
    score_rows = project.scores(doc_id)
    scores = _scores(project, doc_id, claims)
    return ReportData(
        reviewers=tuple(reviewers),
        reviewed_on=_reviewed_on(claims, (s.updated_at for s in score_rows)),
        scores=scores,
        total=project.scored_total(doc_id),
        total_max=float(sum(s.max_points for s in scores)),
        completeness=_completeness(project, doc_id),
        **base,
    )


def build_round(
    project: Project,
    doc_ids: list[int] | None = None,
    *,
    scoring: bool = True,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RoundData:
    """Records for the chosen documents (all when ``doc_ids`` is None)."""
    known = [d.id for d in project.documents()]
    if doc_ids is None:
        doc_ids = known
    for d in doc_ids:
        if d not in known:
            raise ProjectError(f"项目中没有编号为 {d} 的文档。", kind="document")
    reports = []
    for i, d in enumerate(doc_ids):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        reports.append(build_report(project, d, scoring=scoring))
        if progress is not None:
            progress(i + 1, len(doc_ids))
    if scoring and reports:
        from desktop.analysis.round_flags import project_flags

        found = project_flags(project, doc_ids)
        reports = [replace(r, flags=tuple(found.get(r.doc_id, ()))) for r in reports]
    info = project.round_info()
    criteria: tuple[CriterionInfo, ...] = ()
    if scoring:
        criteria = tuple(CriterionInfo(c.id, c.title, float(c.max_points)) for c in project.criteria())
    return RoundData(info.name, info.year, info.rubric_name if scoring else "", criteria, tuple(reports))


class ExportCancelled(ProjectError):
    """The user cancelled a running export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("导出已取消。", kind="cancelled")
