"""What a unit's report carries over from its earlier report (issue 14).

:func:`compare` sorts the paragraphs of the LATER report (paragraphs are the
non-empty lines of the text; canonical text has one a line, see desktop.text)
into three lists:

- ``repeated`` (沿用): nearly the same as a paragraph of the earlier report,
  similarity ≥ :data:`REPEATED` (0.9);
- ``changed`` (修改): similarity ≥ :data:`CHANGED` (0.5) — reworded, but
  built on an earlier paragraph;
- ``new`` (新增): anything else.

Similarity is difflib's ``SequenceMatcher(None, a, b, autojunk=False).ratio()``
— 2·matched / (len a + len b) — on the *normalised* paragraphs
(:func:`normalise`): whitespace dropped, NFKC folding (full-width letters,
digits and punctuation to half-width: ``１２`` → ``12``, ``，`` → ``,``), and
every run of Arabic digits (with decimal points or thousands separators
inside) replaced by one ``#``. So ``开展普法活动12次`` and ``开展普法活动１５ 次``
are the same paragraph: a unit that updates the figures of last year's text
has still carried it over. Chinese numerals are left alone: they are mostly
labels (``一、``, ``（二）``), and ``三年行动`` is no count. The similarity
is rounded to three places and the class is decided on the rounded value, so
a shown 0.900 is always 沿用 and a shown 0.899 never is.

Why 0.5 for 修改: below it, two paragraphs of *different* subject in this
genre still share stock phrases (依法、推进、法治政府建设、进一步…) and
single characters enough for a ratio of 0.2–0.45; a paragraph with a clause
inserted or replaced keeps well over half of its characters in order (a
third of the text replaced still gives about 0.67). At 0.5 at least half of
the two paragraphs' characters are matched in order, i.e. the later one is
visibly built on the earlier one.

Each later paragraph is matched with its best earlier paragraph (highest
similarity; of equally similar ones the first in the earlier report). Several
later paragraphs may match the same earlier one (a paragraph split in two, or
repeated). Short paragraphs — headings like ``一、主要举措`` — are kept and
classed like the others: a heading carried over is carried over, the view
lists every paragraph of the report, and the three lists always add up to
all of its paragraphs. They weigh little in :func:`repeated_share`, which
counts characters, not paragraphs.

Speed: paragraphs equal after normalisation are found through a dict; the
others get candidates from an inverted index of character 3-grams of the
earlier paragraphs, ranked by shared 3-grams (Dice), and only the best
:data:`CANDIDATES` sharing at least :data:`MIN_SHARED` are verified, skipping
those whose ``real_quick_ratio``/``quick_ratio`` upper bound cannot beat the
best so far. (A paragraph rewritten so that no 3-gram survives — every third
character changed — is therefore new, whatever its ratio; reworded text does
not look like that.)
Two 100,000-character reports take 0.3–0.4 s, two unrelated ones about
0.55 s (tests/benchmarks/bench_compare.py).

Qt-free and store-free.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Protocol, Sequence, TypeVar

#: Rounded similarity from which a later paragraph is 沿用 (carried over).
REPEATED = 0.9
#: Rounded similarity from which it is 修改 (changed); below, 新增 (new). See the module docstring.
CHANGED = 0.5
#: How many candidates (by shared 3-grams) are verified with SequenceMatcher.
CANDIDATES = 4
#: Candidates sharing fewer 3-grams than this (Dice: 2·shared / grams of both) are not
#: verified; a paragraph without any is new. Among the seeds and the benchmark's
#: reports no pair of similarity ≥ 0.5 shares less than 0.25, and unrelated paragraphs
#: of the genre mostly share under 0.15: this skips most of the verifying of new text.
MIN_SHARED = 0.1
#: Length of the character n-grams of the candidate index.
NGRAM = 3
#: Decimal places of the similarity reported and classified.
PLACES = 3

_DIGITS = re.compile(r"\d+(?:[.,，]\d+)*")
_SPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\n]+")


def normalise(paragraph: str) -> str:
    """The form paragraphs are compared in: NFKC (full-width to half-width),
    no whitespace, every run of digits one ``#``."""
    folded = unicodedata.normalize("NFKC", paragraph)
    return _DIGITS.sub("#", _SPACE.sub("", folded))


def similarity(a: str, b: str) -> float:
    """SequenceMatcher ratio of the normalised paragraphs, rounded to :data:`PLACES`."""
    return round(_ratio(normalise(a), normalise(b)), PLACES)


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def classify(sim: float | None) -> str:
    """``repeated``, ``changed`` or ``new`` for a similarity (rounded to :data:`PLACES`
    first); None (no earlier paragraph shares anything) is new."""
    if sim is None:
        return "new"
    sim = round(sim, PLACES)
    if sim >= REPEATED:
        return "repeated"
    if sim >= CHANGED:
        return "changed"
    return "new"


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    quote: str


def paragraphs(text: str) -> list[Paragraph]:
    """The non-empty lines of ``text``, each without its surrounding whitespace
    (``quote == text[start:end]``)."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        out.append(Paragraph(start, start + len(stripped), stripped))
    return out


@dataclass(frozen=True)
class Item:
    """One paragraph of the later report; ``earlier_*`` and ``similarity`` are
    those of its best earlier paragraph (None for a new one without a candidate;
    a new one may have one below :data:`CHANGED`, left out of its JSON)."""

    start: int
    end: int
    quote: str
    kind: str  # repeated | changed | new
    earlier_start: int | None = None
    earlier_end: int | None = None
    earlier_quote: str | None = None
    similarity: float | None = None

    def to_json(self) -> dict:
        out: dict = {"start": self.start, "end": self.end, "quote": self.quote}
        if self.kind != "new":
            out.update(earlier_start=self.earlier_start, earlier_end=self.earlier_end,
                       similarity=self.similarity)
        return out


@dataclass
class Comparison:
    """The later report's paragraphs by class, each list in text order; ``items``
    is all of them in text order."""

    repeated: list[Item] = field(default_factory=list)
    changed: list[Item] = field(default_factory=list)
    new: list[Item] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"repeated": [i.to_json() for i in self.repeated],
                "changed": [i.to_json() for i in self.changed],
                "new": [i.to_json() for i in self.new]}


def _grams(s: str) -> set[str]:
    if len(s) < NGRAM:
        return {s} if s else set()
    return {s[i:i + NGRAM] for i in range(len(s) - NGRAM + 1)}


class _Index:
    """The earlier report's distinct normalised paragraphs, by exact form and by 3-gram."""

    def __init__(self, earlier: Sequence[Paragraph]) -> None:
        self.paras: list[Paragraph] = []
        self.forms: list[str] = []
        self.sizes: list[int] = []
        self.exact: dict[str, int] = {}
        self.postings: dict[str, list[int]] = {}
        for p in earlier:
            form = normalise(p.quote)
            if form in self.exact:
                continue  # the first of equal paragraphs is the one matched
            k = len(self.paras)
            self.exact[form] = k
            self.paras.append(p)
            self.forms.append(form)
            grams = _grams(form)
            self.sizes.append(len(grams))
            for g in grams:
                self.postings.setdefault(g, []).append(k)

    def best(self, form: str) -> tuple[int, float] | None:
        """(index, unrounded ratio) of the best earlier paragraph for a normalised
        later paragraph, None when none shares a 3-gram with it."""
        k = self.exact.get(form)
        if k is not None:
            return k, 1.0
        grams = _grams(form)
        shared: Counter[int] = Counter()
        for g in grams:
            hits = self.postings.get(g)
            if hits:
                shared.update(hits)
        if not shared:
            return None
        # Ranked like the ratio itself: 2·shared / (grams of both), the earlier paragraph
        # first of equal scores.
        n = len(grams)
        sizes = self.sizes
        ranked = heapq.nsmallest(CANDIDATES, shared.items(),
                                 key=lambda kv: (-2 * kv[1] / (n + sizes[kv[0]]), kv[0]))
        ranked = [(k, m) for k, m in ranked if 2 * m / (n + sizes[k]) >= MIN_SHARED]
        sm = SequenceMatcher(None, autojunk=False)
        sm.set_seq2(form)
        best_k, best_r = -1, -1.0
        for k, _n in ranked:
            sm.set_seq1(self.forms[k])
            # Upper bounds first: a candidate that cannot beat the best (or, at
            # equal ratio, comes later in the report) is not verified.
            if not self._could_win(sm.real_quick_ratio(), k, best_k, best_r):
                continue
            if not self._could_win(sm.quick_ratio(), k, best_k, best_r):
                continue
            r = sm.ratio()
            if r > best_r or (r == best_r and k < best_k):
                best_k, best_r = k, r
        return (best_k, best_r) if best_k >= 0 else None

    @staticmethod
    def _could_win(bound: float, k: int, best_k: int, best_r: float) -> bool:
        return bound > best_r or (bound == best_r and k < best_k)


def compare(earlier_text: str, later_text: str) -> Comparison:
    """The later report's paragraphs as carried over, changed or new (see the module docstring)."""
    index = _Index(paragraphs(earlier_text))
    out = Comparison()
    for p in paragraphs(later_text):
        found = index.best(normalise(p.quote))
        if found is None:
            item = Item(p.start, p.end, p.quote, "new")
        else:
            k, r = found
            sim = round(r, PLACES)
            e = index.paras[k]
            item = Item(p.start, p.end, p.quote, classify(sim), e.start, e.end, e.quote, sim)
        out.items.append(item)
        getattr(out, item.kind).append(item)
    return out


def repeated_share(comparison: Comparison, later_text: str) -> float:
    """Characters of the carried-over paragraphs / characters of all paragraphs
    of the later report (0.0 for a report without text)."""
    total = sum(p.end - p.start for p in paragraphs(later_text))
    if not total:
        return 0.0
    return sum(i.end - i.start for i in comparison.repeated) / total


def diff_spans(earlier: str, later: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The characters that differ between two paragraphs as they are written
    (not normalised): (start, end) ranges in ``earlier`` and in ``later``,
    from difflib's opcodes (replace, delete, insert)."""
    sm = SequenceMatcher(None, earlier, later, autojunk=False)
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            left.append((i1, i2))
        if j2 > j1:
            right.append((j1, j2))
    return left, right


# --- whom a report is compared with -----------------------------------------------------


class DocLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def unit(self) -> str: ...
    @property
    def year(self) -> int | None: ...


D = TypeVar("D", bound=DocLike)


def earlier_of(doc: D, docs: Iterable[D]) -> D | None:
    """The same unit's earlier report: of ``docs`` with the same non-empty unit
    and a year before ``doc``'s, the one of the latest year; of several of that
    year, the last imported (highest id). None when there is none (or ``doc`` has
    no unit or no year)."""
    unit = (doc.unit or "").strip()
    if not unit or doc.year is None:
        return None
    best: D | None = None
    for o in docs:
        if o.id == doc.id or o.year is None or (o.unit or "").strip() != unit or o.year >= doc.year:
            continue
        if best is None or (o.year, o.id) > (best.year, best.id):  # type: ignore[operator]
            best = o
    return best
