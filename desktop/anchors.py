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

:func:`reanchor` re-places many anchors after a new version from ONE diff of
the two texts (:class:`TextDiff`): an annotation whose quote lies in a stretch
the diff found unchanged stays at its mapped place without a search (the diff
knows it is the same text, even when an edit touched its context); only the
others are searched for, first in and around the changed region they map to,
then with the global strategies above, where "nearest" means nearest to the
position the diff maps the old offset to.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable, Sequence

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


def _occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start of every occurrence of ``needle`` lying wholly inside text[lo:hi]."""
    if hi is None:
        hi = len(text)
    out, pos = [], text.find(needle, lo, hi)
    while pos != -1:
        out.append(pos)
        pos = text.find(needle, pos + 1, hi)
    return out


def place(text: str, anchor: Anchor, *, old_length: int | None = None) -> tuple[int, int] | None:
    """Where ``anchor`` belongs in ``text``, or None when it cannot be placed."""
    quote = anchor.quote
    if not quote:
        return None
    n = len(quote)
    s = anchor.start
    still_there = False
    if s is not None and text[s:s + n] == quote:
        if _context_score(text, s, s + n, anchor.prefix, anchor.suffix) >= 0.999:
            return s, s + n  # the common case: nothing changed around the span
        still_there = True
    hits = _occurrences(text, quote)
    if hits:
        # The old position wins ties, but a repeat with better context wins over it.
        expected = _expected_position(anchor, len(text), None if still_there else old_length)
        return _best_hit(text, hits, anchor, expected)
    return _fuzzy(text, anchor, _expected_position(anchor, len(text), old_length))


def _expected_position(anchor: Anchor, text_len: int, old_length: int | None) -> float | None:
    if anchor.start is None:
        return None
    if old_length:
        return anchor.start * text_len / old_length
    return float(anchor.start)


def _hit_key(text: str, h: int, anchor: Anchor, expected: float | None) -> tuple[float, float]:
    """Rank of a quote occurrence: best context first, then nearest ``expected``."""
    ctx = _context_score(text, h, h + len(anchor.quote), anchor.prefix, anchor.suffix)
    dist = abs(h - expected) if expected is not None else 0.0
    return (-round(ctx, 2), dist)


def _best_hit(text: str, hits: list[int], anchor: Anchor, expected: float | None) -> tuple[int, int]:
    n = len(anchor.quote)
    if len(hits) == 1:
        return hits[0], hits[0] + n
    best = min(hits, key=lambda h: _hit_key(text, h, anchor, expected))
    return best, best + n


def _ratio(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _fuzzy(text: str, anchor: Anchor, expected: float | None,
           lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """Best near copy of the anchor, its candidates found inside text[lo:hi]."""
    quote, prefix, suffix = anchor.quote, anchor.prefix, anchor.suffix
    n = len(quote)
    starts: set[int] = set()
    ends: set[int] = set()
    # Candidates from the context that survived, and from the quote's own ends.
    if len(prefix) >= 4:
        for h in _occurrences(text, prefix[-_PROBE:], lo, hi):
            starts.add(h + len(prefix[-_PROBE:]))
    if len(suffix) >= 4:
        for h in _occurrences(text, suffix[:_PROBE], lo, hi):
            ends.add(h)
    probe = min(_PROBE, max(4, n // 3))
    if n >= 8:
        for h in _occurrences(text, quote[:probe], lo, hi):
            starts.add(h)
        for h in _occurrences(text, quote[-probe:], lo, hi):
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


# --- re-anchoring from one diff of the two texts --------------------------------

_FIRST_CHUNK = 256  # characters compared at once when measuring a shared prefix or suffix


def _shared_prefix(a: str, b: str) -> int:
    """Length of the common prefix of ``a`` and ``b``, found by comparing slices."""
    n = min(len(a), len(b))
    good, step = 0, _FIRST_CHUNK
    while good < n:
        bad = min(n, good + step)
        if a[good:bad] != b[good:bad]:
            break
        good, step = bad, step * 2
    else:
        return n
    # a[:good] == b[:good] and a[:bad] != b[:bad]: bisect between them.
    while bad - good > 1:
        mid = (good + bad) // 2
        if a[good:mid] == b[good:mid]:
            good = mid
        else:
            bad = mid
    return good


def _shared_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix of ``a`` and ``b``, at most ``limit``."""
    la, lb = len(a), len(b)
    good, step = 0, _FIRST_CHUNK
    while good < limit:
        bad = min(limit, good + step)
        if a[la - bad:la - good] != b[lb - bad:lb - good]:
            break
        good, step = bad, step * 2
    else:
        return limit
    while bad - good > 1:
        mid = (good + bad) // 2
        if a[la - mid:la - good] == b[lb - mid:lb - good]:
            good = mid
        else:
            bad = mid
    return good


def _sync(a: Sequence[str], b: Sequence[str], i: int, j: int) -> tuple[int, int] | None:
    """The nearest equal pair after a mismatch: (k, l) with a[i + k] == b[j + l] and
    k + l smallest (fewest lines skipped), or None when no line of a[i:] is in b[j:].

    Looks at windows of ``size`` lines that double until the pair found is
    certainly the nearest, so a small edit costs a few lines, not the text.
    """
    size = 8
    while True:
        first: dict[str, int] = {}
        for l, line in enumerate(b[j:j + size]):
            first.setdefault(line, l)
        best: tuple[int, int] | None = None
        for k, line in enumerate(a[i:i + size]):
            at = first.get(line)
            if at is not None and (best is None or k + at < best[0] + best[1]):
                best = (k, at)
        # A pair with a smaller sum has both k and l below it, so inside the windows.
        if best is not None and best[0] + best[1] < size:
            return best
        if i + size >= len(a) and j + size >= len(b):
            return best
        size *= 2


def _append(blocks: list[tuple[int, int, int]], a: int, b: int, size: int) -> None:
    """Adds an equal stretch, merged with the previous one when they touch."""
    if size <= 0:
        return
    if blocks:
        pa, pb, psize = blocks[-1]
        if pa + psize == a and pb + psize == b:
            blocks[-1] = (pa, pb, psize + size)
            return
    blocks.append((a, b, size))


def _changed_blocks(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int, int]]:
    """Equal stretches of old[a0:a1] and new[b0:b1]: their common head and tail."""
    ga, gb = old[a0:a1], new[b0:b1]
    head = _shared_prefix(ga, gb)
    tail = _shared_suffix(ga, gb, min(len(ga), len(gb)) - head)
    out: list[tuple[int, int, int]] = []
    _append(out, a0, b0, head)
    _append(out, a1 - tail, b1 - tail, tail)
    return out


def _line_blocks(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int, int]]:
    """Equal stretches of old[a0:a1] and new[b0:b1]: equal lines, resynchronised
    after each change on the nearest equal line (:func:`_sync`), and inside each
    changed run of lines, its common head and tail."""
    la = old[a0:a1].splitlines(keepends=True)
    lb = new[b0:b1].splitlines(keepends=True)
    blocks: list[tuple[int, int, int]] = []
    i = j = 0
    pa, pb = a0, b0
    while True:
        run_a, run_b = pa, pb
        while i < len(la) and j < len(lb) and la[i] == lb[j]:
            pa += len(la[i])
            pb += len(lb[j])
            i += 1
            j += 1
        _append(blocks, run_a, run_b, pa - run_a)
        found = _sync(la, lb, i, j) if i < len(la) and j < len(lb) else None
        k, l = found if found is not None else (len(la) - i, len(lb) - j)
        if k == 0 and l == 0:
            return blocks
        ga = sum(map(len, la[i:i + k]))
        gb = sum(map(len, lb[j:j + l]))
        for block in _changed_blocks(old, new, pa, pa + ga, pb, pb + gb):
            _append(blocks, *block)
        pa, pb, i, j = pa + ga, pb + gb, i + k, j + l


class TextDiff:
    """Where each stretch of an old text went in the new one, from one diff.

    ``blocks`` are ``(old_start, new_start, size)`` stretches equal in both
    texts, in order, ending with the sentinel ``(len(old), len(new), 0)``.
    Between two blocks lies a changed region (either side may be empty).
    The diff trims the common head and tail, matches the rest line by line,
    and trims the common head and tail of each changed run of lines: linear
    for the usual new version (a few edits), never a character-level diff
    of the whole text.
    """

    def __init__(self, old: str, new: str) -> None:
        self.old_length, self.new_length = len(old), len(new)
        blocks: list[tuple[int, int, int]] = []
        if old == new:
            _append(blocks, 0, 0, len(old))
        else:
            head = _shared_prefix(old, new)
            tail = _shared_suffix(old, new, min(len(old), len(new)) - head)
            _append(blocks, 0, 0, head)
            for block in _line_blocks(old, new, head, len(old) - tail, head, len(new) - tail):
                _append(blocks, *block)
            _append(blocks, len(old) - tail, len(new) - tail, tail)
        blocks.append((len(old), len(new), 0))
        self.blocks = blocks
        self._starts = [block[0] for block in blocks]

    def shift(self, start: int, end: int) -> int | None:
        """new - old offset when old[start:end] lies inside one equal block, else None."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return None
        a, b, size = self.blocks[i]
        return b - a if end <= a + size else None

    def locate(self, pos: int) -> tuple[float, int, int]:
        """(mapped, lo, hi): where old offset ``pos`` lands in the new text.

        Inside an equal block all three are the exact new offset. In a changed
        region, ``lo``/``hi`` are that region's bounds in the new text and
        ``mapped`` the position in proportion between them.
        """
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0:
            a, b, size = self.blocks[i]
            if pos < a + size:
                return float(pos + b - a), pos + b - a, pos + b - a
            ga0, gb0 = a + size, b + size
        else:
            ga0 = gb0 = 0
        if i + 1 == len(self.blocks):  # at or past the end of the old text
            return float(self.new_length), self.new_length, self.new_length
        ga1, gb1 = self.blocks[i + 1][0], self.blocks[i + 1][1]  # ga0 <= pos < ga1
        return gb0 + (pos - ga0) * (gb1 - gb0) / (ga1 - ga0), gb0, gb1


def _search(text: str, anchor: Anchor, expected: float, lo: int, hi: int) -> tuple[int, int] | None:
    """The anchor's span in ``text``, looked for in text[lo:hi] before the whole text.

    Exact occurrences are ranked as :func:`place` ranks them (best context,
    then nearest ``expected``); the window only saves the global search when
    its best occurrence has full context and no occurrence outside the window
    could be nearer. Without any occurrence in the window, a near copy inside
    it wins over anything elsewhere; then the global strategies run.
    """
    quote = anchor.quote
    n = len(quote)
    whole = lo <= 0 and hi >= len(text)  # the window is the text: search it once
    local = _occurrences(text, quote, lo, hi)
    if local:
        best = min(local, key=lambda h: _hit_key(text, h, anchor, expected))
        ctx, dist = _hit_key(text, best, anchor, expected)
        # An occurrence left of the window starts before lo, one right of it after hi - n.
        left = expected - lo if lo > 0 else math.inf
        right = hi - n - expected if hi < len(text) else math.inf
        if whole or (ctx == -1.0 and dist <= min(left, right)):
            return best, best + n
        return _best_hit(text, _occurrences(text, quote), anchor, expected)
    found = _fuzzy(text, anchor, expected, lo, hi)
    if found is not None or whole:
        return found
    hits = _occurrences(text, quote)
    if hits:
        return _best_hit(text, hits, anchor, expected)
    return _fuzzy(text, anchor, expected)


def _replace(diff: TextDiff, text: str, anchor: Anchor) -> tuple[int, int] | None:
    quote = anchor.quote
    if not quote:
        return None
    if anchor.start is None:  # a quote without offsets: nothing to map
        return place(text, anchor)
    n, s = len(quote), anchor.start
    shift = diff.shift(s, s + n)
    if shift is not None and text[s + shift:s + shift + n] == quote:
        # The common case: the diff found the quote unchanged, so it stays at its
        # mapped place even if its context was edited or is repeated elsewhere.
        return s + shift, s + shift + n
    mapped, lo, _ = diff.locate(s)
    _, _, hi = diff.locate(s + n)
    width = n + CONTEXT
    return _search(text, anchor, mapped, max(0, lo - width), min(len(text), hi + width))


def reanchor(old_text: str, new_text: str, anchors: Iterable[Anchor]) -> list[tuple[int, int] | None]:
    """Places each anchor in ``new_text``; ``None`` entries are orphans.

    One :class:`TextDiff` maps every old offset; see the module docstring.
    """
    anchors = list(anchors)
    if not anchors:
        return []
    diff = TextDiff(old_text, new_text)
    return [_replace(diff, new_text, a) for a in anchors]
