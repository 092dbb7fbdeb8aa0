"""Anchoring annotations to canonical text, and re-placing them when it changes.

An anchor is the span's offsets plus its quote and up to ``CONTEXT`` characters
on each side. When a document is replaced by a new version, or annotations
come from a file that has only a quote, :func:`place` finds the span again:

1. exact: the quote still sits at the old offsets with its context (or it
   sits there and no other occurrence has better context);
2. quote search: every occurrence of the quote, best context first, then the
   one nearest the old position (scaled to the new length);
3. fuzzy: spans between near copies of the prefix and suffix, scored on
   quote, prefix and suffix similarity.

``None`` means the annotation is an orphan: keep it and show it, never drop it.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable

CONTEXT = 32
#: A fuzzy candidate needs at least this combined score to be accepted.
FUZZY_THRESHOLD = 0.72
_PROBE = 12  # characters of prefix/suffix used to find fuzzy candidates


@dataclass(frozen=True)
class Anchor:
    start: int | None
    end: int | None
    quote: str
    prefix: str = ""
    suffix: str = ""


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor for text[start:end]; raises ValueError for an empty or outside span."""
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"span {start}-{end} outside text of length {len(text)}")
    return Anchor(
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT):start],
        text[end:end + CONTEXT],
    )


def _common_suffix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """0..1: how much of the stored context surrounds text[start:end]."""
    total = len(prefix) + len(suffix)
    if total == 0:
        return 0.0
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    return (_common_suffix_len(before, prefix) + _common_prefix_len(after, suffix)) / total


def _occurrences(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos != -1:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def place(text: str, anchor: Anchor, *, old_length: int | None = None) -> tuple[int, int] | None:
    """Where ``anchor`` belongs in ``text``, or None when it cannot be placed."""
    quote = anchor.quote
    if not quote:
        return None
    n = len(quote)
    s = anchor.start
    still_there = s is not None and text[s:s + n] == quote
    if still_there and _context_score(text, s, s + n, anchor.prefix, anchor.suffix) >= 0.999:
        return s, s + n  # the common case: nothing changed around the span
    hits = _occurrences(text, quote)
    if hits:
        # The old position wins ties, but a repeat with better context wins over it.
        return _best_hit(text, hits, anchor, None if still_there else old_length)
    return _fuzzy(text, anchor, old_length)


def _expected_position(anchor: Anchor, text_len: int, old_length: int | None) -> float | None:
    if anchor.start is None:
        return None
    if old_length:
        return anchor.start * text_len / old_length
    return float(anchor.start)


def _best_hit(text: str, hits: list[int], anchor: Anchor, old_length: int | None) -> tuple[int, int]:
    n = len(anchor.quote)
    if len(hits) == 1:
        return hits[0], hits[0] + n
    expected = _expected_position(anchor, len(text), old_length)

    def key(h: int) -> tuple[float, float]:
        ctx = _context_score(text, h, h + n, anchor.prefix, anchor.suffix)
        dist = abs(h - expected) if expected is not None else 0.0
        return (-round(ctx, 2), dist)

    best = min(hits, key=key)
    return best, best + n


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _fuzzy(text: str, anchor: Anchor, old_length: int | None) -> tuple[int, int] | None:
    quote, prefix, suffix = anchor.quote, anchor.prefix, anchor.suffix
    n = len(quote)
    starts: set[int] = set()
    ends: set[int] = set()
    # Candidates from the context that survived, and from the quote's own ends.
    if len(prefix) >= 4:
        for h in _occurrences(text, prefix[-_PROBE:]):
            starts.add(h + len(prefix[-_PROBE:]))
    if len(suffix) >= 4:
        for h in _occurrences(text, suffix[:_PROBE]):
            ends.add(h)
    probe = min(_PROBE, max(4, n // 3))
    if n >= 8:
        for h in _occurrences(text, quote[:probe]):
            starts.add(h)
        for h in _occurrences(text, quote[-probe:]):
            ends.add(h + probe)
    candidates: set[tuple[int, int]] = set()
    for st in starts:
        matching_ends = [e for e in ends if n // 2 <= e - st <= n * 2]
        for e in matching_ends:
            candidates.add((st, e))
        if st + n <= len(text):
            candidates.add((st, st + n))
    for e in ends:
        if e - n >= 0:
            candidates.add((e - n, e))
    if not candidates:
        return None
    expected = _expected_position(anchor, len(text), old_length)
    best, best_score = None, -1.0
    for st, e in candidates:
        if e <= st:
            continue
        q = _ratio(quote, text[st:e])
        if q < 0.5:
            continue
        p = _ratio(prefix, text[max(0, st - len(prefix)):st]) if prefix else q
        x = _ratio(suffix, text[e:e + len(suffix)]) if suffix else q
        score = 0.6 * q + 0.2 * p + 0.2 * x
        if expected is not None:
            score -= 1e-9 * abs(st - expected)  # tie-break only
        if score > best_score:
            best, best_score = (st, e), score
    if best is None or best_score < FUZZY_THRESHOLD:
        return None
    st, e = best
    # Never let a re-placed span run across a paragraph break.
    while st < e and text[st] == "\n":
        st += 1
    while e > st and text[e - 1] == "\n":
        e -= 1
    return (st, e) if e > st else None


def reanchor(old_text: str, new_text: str, anchors: Iterable[Anchor]) -> list[tuple[int, int] | None]:
    """Places each anchor in ``new_text``; ``None`` entries are orphans."""
    return [place(new_text, a, old_length=len(old_text)) for a in anchors]
