"""Agreement between reviewers' annotations: Cohen's κ, Krippendorff's α, raw agreement.

The convention is the character-level one NVivo and QualCoder use. The units
are the characters of the documents that *all* compared reviewers annotated
(a document counts when every one of them has at least one placed annotation
on it). For each tag each reviewer gives each unit the value 1 when the
character lies inside one of that reviewer's spans of that tag, else 0;
overlapping spans of one reviewer count once. Per tag this gives

* ``kappa``: Cohen's κ, only when exactly two reviewers are compared;
* ``alpha``: Krippendorff's α for nominal data, two or more reviewers;
* ``agreement``: the share of units on which all compared reviewers give the
  same value;

with the number of units. The same figures are given per document.

Nothing is computed per character: a sweep over the span boundaries counts
how many units have k of the m reviewers coding 1 (and each reviewer's
covered length), and κ and α follow in closed form from those counts, so a
round of 40 reports of 30,000 characters read by three reviewers takes a
fraction of a second. α is computed here from the coincidence counts and not
with the ``krippendorff`` package from PyPI: that package needs numpy, which
the bundled application does not ship (it would grow the bundle past its size
goal). The package is a development dependency (the ``dev`` extras) and the
tests check this closed form against it on random span sets, and against
hand computations.

A figure that is undefined (no units; everyone gives every unit the same
value, so the expected disagreement is 0) is None, with the reason in
Chinese; nothing here divides by zero.

:func:`differences` lists where two reviewers differ in one report (for the
side-by-side view) and :func:`score_differences` their points per criterion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from desktop.rubric import Criterion
from desktop.tags import TAG_VALUES

#: One annotation as this module sees it: (tag, start, end), offsets in code points.
Span = tuple[str, int, int]

UNIT = "character"
CONVENTION = ("以字为单位：比较的是全部所选评阅人都标注过的报告中的每一个字；对每种标注类型，"
              "某字落在某评阅人该类型的标注范围内记为 1，否则记为 0（同一评阅人重叠的标注只计一次）。"
              "Units are the characters of the reports every compared reviewer annotated; per tag a character "
              "is 1 for a reviewer when it lies inside one of that reviewer's spans of the tag, else 0 "
              "(the character-level convention of NVivo and QualCoder).")

NO_UNITS = "没有全部所选评阅人都标注过的报告，无可比较的字"
NO_VARIATION = "所有评阅人对每个字的取值都相同（都未标注或都标注了该类型），期望不一致为 0，系数无定义"
KAPPA_TWO_ONLY = "Cohen κ 只用于两位评阅人"


@dataclass(frozen=True)
class DocumentSpans:
    """One report as the computation needs it: its length and each reviewer's spans."""

    doc_id: int
    title: str
    length: int
    spans: Mapping[str, Sequence[Span]]  # reviewer -> spans (placed annotations only)


@dataclass(frozen=True)
class Counts:
    """What κ and α are computed from, for one tag over some units.

    ``histogram[k]``: units on which exactly k of the m reviewers code 1;
    ``ones[i]``: units reviewer i codes 1 (that reviewer's covered length)."""

    histogram: tuple[int, ...]
    ones: tuple[int, ...]

    @property
    def reviewers(self) -> int:
        return len(self.ones)

    @property
    def units(self) -> int:
        return sum(self.histogram)

    def __add__(self, other: Counts) -> Counts:
        return Counts(tuple(a + b for a, b in zip(self.histogram, other.histogram)),
                      tuple(a + b for a, b in zip(self.ones, other.ones)))

    def table(self) -> tuple[int, int, int, int]:
        """Two reviewers: (both 1, only the first 1, only the second 1, both 0)."""
        if self.reviewers != 2:
            raise ValueError("the 2×2 table needs exactly two reviewers")
        both = self.histogram[2]
        return both, self.ones[0] - both, self.ones[1] - both, self.histogram[0]


@dataclass(frozen=True)
class Figures:
    """κ, α and raw agreement for one tag over some units; None with a reason when undefined."""

    units: int
    kappa: float | None
    alpha: float | None
    agreement: float | None
    kappa_reason: str = ""
    alpha_reason: str = ""
    counts: Counts | None = None

    def to_json(self) -> dict:
        out: dict = {"kappa": self.kappa, "alpha": self.alpha, "agreement": self.agreement, "units": self.units}
        if self.kappa_reason:
            out["kappa_reason"] = self.kappa_reason
        if self.alpha_reason:
            out["alpha_reason"] = self.alpha_reason
        return out


@dataclass(frozen=True)
class DocumentAgreement:
    doc_id: int
    title: str
    units: int
    tags: dict[str, Figures]

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "title": self.title, "units": self.units,
                **{t: f.to_json() for t, f in self.tags.items()}}


@dataclass(frozen=True)
class Agreement:
    """The round: figures per tag over all compared units, and per document."""

    reviewers: tuple[str, ...]
    tags: dict[str, Figures]
    documents: list[DocumentAgreement]
    #: Reports left out because not every compared reviewer annotated them.
    excluded: list[int] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(d.units for d in self.documents)


# --- counting -------------------------------------------------------------------------------


def _merged(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Disjoint sorted intervals covering the spans, clipped to [0, length]."""
    out: list[list[int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def count(length: int, coverage: Sequence[Sequence[tuple[int, int]]]) -> Counts:
    """The counts of one tag in one document: ``coverage[i]`` are reviewer i's spans.

    A boundary sweep: each reviewer's spans are merged, then the +1/−1 events of
    all reviewers are walked once, adding each stretch's length to the
    histogram bin of how many reviewers cover it."""
    m = len(coverage)
    merged = [_merged(spans, length) for spans in coverage]
    ones = tuple(sum(e - s for s, e in intervals) for intervals in merged)
    events: list[tuple[int, int]] = []
    for intervals in merged:
        for s, e in intervals:
            events.append((s, 1))
            events.append((e, -1))
    events.sort()
    histogram = [0] * (m + 1)
    level, at = 0, 0
    for pos, step in events:
        if pos > at:
            histogram[level] += pos - at
            at = pos
        level += step
    histogram[0] += max(0, length - at)
    return Counts(tuple(histogram), ones)


# --- the coefficients ----------------------------------------------------------------------------


def cohen_kappa(counts: Counts) -> tuple[float | None, str]:
    """Cohen's κ of two reviewers from their 2×2 table; (None, reason) when undefined.

    p_o = (a + d) / N, p_e = p_A·p_B + (1 − p_A)(1 − p_B), κ = (p_o − p_e) / (1 − p_e)."""
    if counts.reviewers != 2:
        return None, KAPPA_TWO_ONLY
    n = counts.units
    if n == 0:
        return None, NO_UNITS
    a, b, c, d = counts.table()
    p_o = Fraction(a + d, n)
    p_a, p_b = Fraction(a + b, n), Fraction(a + c, n)
    p_e = p_a * p_b + (1 - p_a) * (1 - p_b)
    if p_e == 1:
        return None, NO_VARIATION
    return float((p_o - p_e) / (1 - p_e)), ""


def krippendorff_alpha(counts: Counts) -> tuple[float | None, str]:
    """Krippendorff's α (nominal, values 0/1, every reviewer codes every unit).

    A unit on which k of m reviewers code 1 adds k(m−k)/(m−1) to each off-diagonal
    cell o₀₁ = o₁₀ of the coincidence matrix; n₁ = Σ k over the units, n₀ = N·m − n₁,
    n = n₀ + n₁. Then D_o = 2·o₀₁ / n, D_e = 2·n₀·n₁ / (n(n−1)) and
    α = 1 − D_o / D_e = 1 − (n − 1)·o₀₁ / (n₀·n₁)."""
    m = counts.reviewers
    if m < 2:
        return None, "至少需要两位评阅人"
    if counts.units == 0:
        return None, NO_UNITS
    o01 = sum(Fraction(h * k * (m - k), m - 1) for k, h in enumerate(counts.histogram))
    n1 = sum(h * k for k, h in enumerate(counts.histogram))
    n = counts.units * m
    n0 = n - n1
    if n0 == 0 or n1 == 0:
        return None, NO_VARIATION
    return float(1 - (n - 1) * o01 / (n0 * n1)), ""


def raw_agreement(counts: Counts) -> float | None:
    """Share of units on which every reviewer gives the same value."""
    if counts.units == 0:
        return None
    return (counts.histogram[0] + counts.histogram[-1]) / counts.units


def figures(counts: Counts) -> Figures:
    kappa, kappa_reason = cohen_kappa(counts)
    alpha, alpha_reason = krippendorff_alpha(counts)
    return Figures(counts.units, kappa, alpha, raw_agreement(counts), kappa_reason, alpha_reason, counts)


# --- the round -----------------------------------------------------------------------------------


def round_spans(titles: Mapping[int, str], lengths: Mapping[int, int],
                spans: Mapping[int, Mapping[str, Sequence[Span]]]) -> list[DocumentSpans]:
    """The reports (in the order of ``titles``) as the computation needs them, from
    what the store reads in bulk: doc id -> length, doc id -> reviewer -> spans."""
    return [DocumentSpans(d, title, lengths.get(d, 0), spans.get(d, {})) for d, title in titles.items()]


def reviewers_of(documents: Iterable[DocumentSpans]) -> list[str]:
    """Everyone with at least one span in the documents, sorted."""
    return sorted({r for d in documents for r, spans in d.spans.items() if spans})


def annotated_by_all(doc: DocumentSpans, reviewers: Sequence[str]) -> bool:
    return all(doc.spans.get(r) for r in reviewers)


def agreement(documents: Sequence[DocumentSpans], reviewers: Sequence[str] | None = None,
              tags: Sequence[str] = TAG_VALUES) -> Agreement:
    """The figures of ``reviewers`` (default: everyone who annotated) over the documents
    all of them annotated; ValueError with fewer than two reviewers."""
    chosen = tuple(reviewers) if reviewers is not None else tuple(reviewers_of(documents))
    if len(chosen) < 2 or len(set(chosen)) != len(chosen):
        raise ValueError("agreement needs two or more different reviewers")
    m = len(chosen)
    zero = Counts((0,) * (m + 1), (0,) * m)
    totals = {t: zero for t in tags}
    per_doc: list[DocumentAgreement] = []
    excluded: list[int] = []
    for doc in documents:
        if not annotated_by_all(doc, chosen):
            excluded.append(doc.doc_id)
            continue
        doc_figures = {}
        for t in tags:
            c = count(doc.length, [[(s, e) for tag, s, e in doc.spans[r] if tag == t] for r in chosen])
            totals[t] = totals[t] + c
            doc_figures[t] = figures(c)
        per_doc.append(DocumentAgreement(doc.doc_id, doc.title, doc.length, doc_figures))
    return Agreement(chosen, {t: figures(c) for t, c in totals.items()}, per_doc, excluded)


# --- where two reviewers differ ---------------------------------------------------------------------


ONLY_A = "only_a"
ONLY_B = "only_b"
DIFFERENT = "different"


@dataclass(frozen=True)
class Difference:
    """A maximal stretch on which reviewers A and B tag differently.

    ``kind``: only A tagged it (``only_a``), only B (``only_b``), or both with
    different tags (``different``); ``tags_a``/``tags_b`` are the tags each gave
    (several when their spans of different tags overlap)."""

    kind: str
    start: int
    end: int
    quote: str
    tags_a: tuple[str, ...]
    tags_b: tuple[str, ...]

    @property
    def tag_a(self) -> str:
        return "+".join(self.tags_a)

    @property
    def tag_b(self) -> str:
        return "+".join(self.tags_b)

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "quote": self.quote,
                "tag_a": self.tag_a or None, "tag_b": self.tag_b or None}


def differences(text: str, spans_a: Sequence[Span], spans_b: Sequence[Span]) -> list[Difference]:
    """The stretches of ``text`` where A's set of tags differs from B's, in text order.

    A stretch ends wherever either side's tags change, so two adjacent
    differences of different kinds or tags stay two rows."""
    length = len(text)
    events: dict[int, list[tuple[int, str, int]]] = {}
    for side, spans in ((0, spans_a), (1, spans_b)):
        for tag, s, e in spans:
            s, e = max(0, s), min(length, e)
            if e <= s:
                continue
            events.setdefault(s, []).append((side, tag, 1))
            events.setdefault(e, []).append((side, tag, -1))
    active: list[dict[str, int]] = [{}, {}]
    out: list[Difference] = []
    current: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    at = 0
    positions = sorted(events)
    for pos in positions + [length]:
        if pos > at and current[0] != current[1]:
            a, b = current
            kind = ONLY_A if not b else ONLY_B if not a else DIFFERENT
            if out and out[-1].end == at and (out[-1].tags_a, out[-1].tags_b) == current:
                last = out.pop()
                at = last.start
            out.append(Difference(kind, at, pos, text[at:pos], a, b))
        at = max(at, pos)
        for side, tag, step in events.get(pos, ()):
            counts = active[side]
            counts[tag] = counts.get(tag, 0) + step
            if counts[tag] == 0:
                del counts[tag]
        current = (_ordered(active[0]), _ordered(active[1]))
    return out


def _ordered(tags: Iterable[str]) -> tuple[str, ...]:
    order = {t: i for i, t in enumerate(TAG_VALUES)}
    return tuple(sorted(tags, key=lambda t: (order.get(t, len(order)), t)))


@dataclass(frozen=True)
class ScoreDifference:
    criterion_id: str
    title: str
    max_points: float
    points_a: float | None
    points_b: float | None

    @property
    def difference(self) -> float | None:
        """A − B, None when either left the criterion unscored."""
        if self.points_a is None or self.points_b is None:
            return None
        return self.points_a - self.points_b

    def to_json(self) -> dict:
        return {"criterion_id": self.criterion_id, "title": self.title, "points_a": self.points_a,
                "points_b": self.points_b, "difference": self.difference}


def score_differences(scores_a: Mapping[str, float | None], scores_b: Mapping[str, float | None],
                      criteria: Sequence[Criterion]) -> list[ScoreDifference]:
    """Each criterion of the rubric with A's and B's points (None: not scored) and A − B."""
    return [ScoreDifference(c.id, c.title, c.max_points, scores_a.get(c.id), scores_b.get(c.id))
            for c in criteria]
