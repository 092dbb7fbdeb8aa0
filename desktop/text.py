"""Canonical text and its outline.

Canonical text is what annotation offsets point into: one paragraph per line,
joined with ``\\n``, each paragraph trimmed, no empty lines. Every importer and
the command line build it through :func:`canonical_text`, so the GUI and the
CLI can never disagree about an offset.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

# Characters that never belong in canonical text (BOM, NUL, other C0 controls
# except tab, which separates table cells).
_JUNK = re.compile(r"[\ufeff\x00-\x08\x0b-\x1f\x7f\u200b\u2028\u2029]")


def clean_paragraph(line: str) -> str:
    """One paragraph as stored: junk characters removed, outer whitespace trimmed."""
    return _JUNK.sub("", line).strip()


def canonical_text(paragraphs: Iterable[str]) -> str:
    """Join paragraphs into canonical text; a paragraph holding newlines is split."""
    out: list[str] = []
    for para in paragraphs:
        for line in para.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            cleaned = clean_paragraph(line)
            if cleaned:
                out.append(cleaned)
    return "\n".join(out)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of canonical text, end exclusive, newline excluded."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


# --- outline --------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十百零〇两"
#: (level, pattern matching the label at the start of a line)
HEADING_LABELS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN_NUM}]{{1,3}}[、.．]")),
    (2, re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[)）]")),
    (3, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    (4, re.compile(r"^[（(]\d{1,2}[)）]")),
]
# A title ends at the first full stop-like mark; longer first sentences are body text.
_TITLE_END = re.compile(r"[。；;！!？?：:]")
MAX_TITLE_CHARS = 40


@dataclass(frozen=True)
class Section:
    """One outline entry: ``start``/``end`` are code-point offsets of the section."""

    level: int
    start: int
    end: int
    title: str


def heading_of_line(line: str) -> tuple[int, str] | None:
    """(level, title) if the line opens a numbered section, else None.

    A line that is only a heading (``一、主要工作措施及成效``) gives its whole
    text; a paragraph that starts with a label and a short first sentence
    (``（二）健全网络，完善制度。我镇……``) gives that sentence as the title.
    """
    for level, pattern in HEADING_LABELS:
        if pattern.match(line):
            m = _TITLE_END.search(line)
            title = line if m is None else line[: m.start()]
            if m is not None and m.end() == len(line):
                title = line[: m.start()]
            if 1 < len(title) <= MAX_TITLE_CHARS:
                return level, title
            return None
    return None


def detect_sections(text: str, styled: Iterable[tuple[int, int]] = ()) -> list[Section]:
    """The outline of canonical text.

    ``styled`` adds (line_index, level) pairs the importer knows from the file
    itself (docx Heading styles); they win over the numbering patterns.
    """
    styled_levels = dict(styled)
    found: list[tuple[int, int, str]] = []  # (level, start, title)
    for index, (start, end) in enumerate(line_spans(text)):
        line = text[start:end]
        if index in styled_levels:
            found.append((styled_levels[index], start, line[:MAX_TITLE_CHARS * 2]))
            continue
        hit = heading_of_line(line)
        if hit is not None:
            found.append((hit[0], start, hit[1]))
    sections: list[Section] = []
    for i, (level, start, title) in enumerate(found):
        end = len(text)
        for level2, start2, _ in found[i + 1:]:
            if level2 <= level:
                end = start2 - 1 if start2 > 0 else start2
                break
        sections.append(Section(level, start, max(end, start), title))
    return sections


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section containing ``offset``."""
    best = None
    for section in sections:
        if section.start <= offset <= section.end:
            if best is None or section.level >= best.level:
                best = section
    return best


def guess_title(text: str) -> str:
    """The report's title: its first line, or the first two when split (机关名 + 关于…报告)."""
    lines = text.split("\n", 3)
    if not lines or not lines[0]:
        return ""
    first = lines[0]
    if len(lines) > 1 and len(first) <= 16 and "报告" not in first and "报告" in lines[1][:60]:
        return first + lines[1]
    return first[:80]


# --- UTF-16 <-> code points --------------------------------------------------


class OffsetMap:
    """Converts between code-point offsets (Python, the store) and UTF-16 units (Qt).

    Characters outside the Basic Multilingual Plane take two UTF-16 units but
    one code point; the map remembers where they are so each conversion is a
    binary search, fast enough for a million-character report.
    """

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 position of each astral char = its code-point index + number before it.
        self._astral16 = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, cp: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        return cp + bisect.bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """UTF-16 offset -> code-point offset (a position inside a pair rounds down)."""
        n = bisect.bisect_left(self._astral16, u16)
        cp = u16 - n
        if n and self._astral16[n - 1] + 1 == u16:  # middle of a surrogate pair
            cp = self._astral[n - 1]
        return cp
