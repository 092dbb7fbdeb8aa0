"""What a printed report is made of, as data: paragraphs cut into runs, each
run with the tags of the annotations covering it, note numbers after the
spans that carry a note, and the numbered end notes. Qt-free, so the note
numbering and the look of every run are tested without a printer;
desktop.ui.print_report turns it into a QTextDocument and paints the pages.

A printout is often black and white, where a tag's tint is only a grey: every
tag also has an underline style of its own (:data:`UNDERLINES`), and a span
inside or across another is shaded a step deeper, as in the reader. Where
spans overlap, the run takes the innermost span's underline (the one that
began last, or the shorter of two that begin together), so a 数据 inside a
举措 shows as a dashed stretch within a solid line.

Offsets are code points of the canonical text (paragraphs separated by
``\\n``), as the store keeps them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Iterable, Literal, Sequence

from desktop.store import Annotation
from desktop.tags import BY_VALUE, TAG_VALUES
from desktop.text import Section, opens_with_title

Underline = Literal["none", "single", "dash", "wave"]

#: The underline each tag is printed with (survives black-and-white print).
UNDERLINES: dict[str, Underline] = {"measure": "single", "figure": "dash", "weakness": "wave"}
#: The 公文 faces (GB/T 9704: 小标宋 title, 黑体 and 楷体 headings, 仿宋 body) by the names
#: Windows, UOS and Kylin give them, best first; the printout falls back to the reader's faces.
FACES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong"),
    "body": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋"),
    "heading1": ("黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC"),
    "heading2": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN"),
}
#: Each nesting level moves a run's shade this far from the tag's tint toward its strong colour.
DEPTH_STEP = 0.22
MAX_DEPTH_SHOWN = 3


@dataclass(frozen=True)
class RunStyle:
    """How a run covered by annotations is printed."""

    tag: str  # the innermost covering annotation's tag
    depth: int  # 0 for a run inside one annotation, 1 inside two…
    background: str  # "#rrggbb"
    underline: Underline
    underline_colour: str  # "#rrggbb", the tag's strong colour


@dataclass(frozen=True)
class Run:
    """A piece of one paragraph: ``tags`` are the covering annotations' tags, outermost
    first. A ``mark`` run is the superscript note numbers after a noted span."""

    text: str
    tags: tuple[str, ...] = ()
    bold: bool = False
    mark: bool = False
    notes: tuple[int, ...] = ()  # a mark's note numbers

    @property
    def style(self) -> RunStyle | None:
        return run_style(self.tags)


@dataclass
class Block:
    """One paragraph of the report: "title", "heading" (``level`` 1…) or "body"."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 0

    @property
    def text(self) -> str:
        """The paragraph's own text (without note numbers)."""
        return "".join(r.text for r in self.runs if not r.mark)


@dataclass(frozen=True)
class Note:
    """An end note: the annotation's note under its number."""

    number: int
    annotation_id: int
    tag: str
    note: str
    reviewer: str
    quote: str


@dataclass
class PrintLayout:
    blocks: list[Block]
    notes: list[Note]

    @property
    def tags_used(self) -> tuple[str, ...]:
        """The tags of the runs, in the registry's order (for the legend)."""
        used = {t for b in self.blocks for r in b.runs for t in r.tags}
        return tuple(t for t in TAG_VALUES if t in used)


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def shade(tag: str, depth: int) -> str:
    """The background of a run ``depth`` annotations deep in ``tag``: its tint,
    a step toward its strong colour per level."""
    t = BY_VALUE[tag]
    share = min(depth, MAX_DEPTH_SHOWN) * DEPTH_STEP
    a, b = _rgb(t.highlight), _rgb(t.colour)
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def run_style(tags: Sequence[str]) -> RunStyle | None:
    """The look of a run covered by annotations with ``tags`` (outermost first); None for plain text."""
    known = [t for t in tags if t in BY_VALUE]
    if not known:
        return None
    inner = known[-1]
    depth = len(known) - 1
    return RunStyle(inner, depth, shade(inner, depth), UNDERLINES.get(inner, "single"), BY_VALUE[inner].colour)


def _order(ann: Annotation) -> tuple[int, int, int]:
    """Text order: by start, the longer (outer) first, then by id."""
    return (ann.start, -ann.end, ann.id)


def placed(annotations: Iterable[Annotation], length: int) -> list[Annotation]:
    """The annotations that cover some text, clamped to it, in text order."""
    out = []
    for a in annotations:
        if a.orphaned:
            continue
        start, end = max(0, min(a.start, length)), max(0, min(a.end, length))
        if start < end:
            out.append(a if (start, end) == (a.start, a.end) else _clamped(a, start, end))
    return sorted(out, key=_order)


def _clamped(a: Annotation, start: int, end: int) -> Annotation:
    return replace(a, start=start, end=end)


def _mark_position(text: str, ann: Annotation) -> int:
    """Where a span's note number goes: after its last character that is not a
    paragraph break (a span ending with its paragraph's break keeps the number there)."""
    m = ann.end
    while m > ann.start + 1 and text[m - 1] == "\n":
        m -= 1
    return m


def number_notes(text: str, annotations: Iterable[Annotation]) -> list[tuple[Note, int]]:
    """The annotations with a note, each with the code point offset its number is
    printed after, numbered 1… in the order the numbers appear in the text (a
    note inside a longer span comes before the longer span's own; two ending
    together: the outer first)."""
    noted = [(_mark_position(text, a), a) for a in placed(annotations, len(text)) if a.note and a.note.strip()]
    noted.sort(key=lambda m_a: (m_a[0], *_order(m_a[1])))
    return [(Note(n, a.id, a.tag, a.note.strip(), a.reviewer, a.quote), m) for n, (m, a) in enumerate(noted, 1)]


def build(text: str, sections: Iterable[Section], annotations: Iterable[Annotation]) -> PrintLayout:
    """The printed report: every paragraph of ``text`` cut into runs where the
    covering annotations change, note numbers after noted spans, headings'
    own words bold (as the reader shows them), the first paragraph a title
    when it reads as one."""
    spans = placed(annotations, len(text))
    numbered = number_notes(text, spans)
    marks: dict[int, list[int]] = {}
    for note, at in numbered:
        marks.setdefault(at, []).append(note.number)

    # Paragraphs as [start, end) without their break.
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    bounds = [(s, (starts[k + 1] - 1) if k + 1 < len(starts) else len(text)) for k, s in enumerate(starts)]

    bold: dict[int, tuple[int, int]] = {}  # paragraph index -> bold [from, to) in the paragraph
    headings: dict[int, int] = {}  # paragraph index -> level
    for section in sections:
        k = bisect.bisect_right(starts, section.start) - 1
        if k < 0 or not section.title:
            continue
        ps, pe = bounds[k]
        lo = section.start - ps
        bold[k] = (lo, min(pe - ps, lo + len(section.title)))
        if lo == 0:
            headings.setdefault(k, max(1, section.level))

    cuts = sorted({p for a in spans for p in (a.start, a.end)} | set(marks))
    by_start = spans  # already sorted by start
    by_end = sorted(spans, key=lambda a: a.end)
    i_start = i_end = 0
    active: dict[int, Annotation] = {}

    def advance(p: int) -> None:
        """``active``: the spans covering character ``p``."""
        nonlocal i_start, i_end
        while i_end < len(by_end) and by_end[i_end].end <= p:
            active.pop(by_end[i_end].id, None)
            i_end += 1
        while i_start < len(by_start) and by_start[i_start].start <= p:
            a = by_start[i_start]
            if a.end > p:
                active[a.id] = a
            i_start += 1

    def tags_of(covering: Iterable[Annotation]) -> tuple[str, ...]:
        return tuple(a.tag for a in sorted(covering, key=_order))

    first_is_title = bool(text) and opens_with_title(text)
    blocks: list[Block] = []
    for k, (ps, pe) in enumerate(bounds):
        kind = "title" if k == 0 and first_is_title else "heading" if k in headings else "body"
        block = Block(kind, level=headings.get(k, 0) if kind == "heading" else 0)
        lo = bisect.bisect_right(cuts, ps)
        hi = bisect.bisect_left(cuts, pe)
        local = [ps, *cuts[lo:hi], pe]
        b_from, b_to = bold.get(k, (0, 0))
        if b_from < b_to:
            local += [ps + b_from, ps + b_to]
        points = sorted(set(local))
        if ps in marks and ps < pe and k > 0:  # only a span of nothing but breaks: after it
            block.runs.append(Run(",".join(map(str, marks[ps])), mark=True, notes=tuple(marks[ps])))
        for a, b in zip(points, points[1:]):
            advance(a)
            tags = tags_of(active.values())
            block.runs.append(Run(text[a:b], tags, b_from <= a - ps < b_to or kind == "title"))
            if b in marks:
                around = tags_of(x for x in active.values() if x.end > b)
                block.runs.append(Run(",".join(map(str, marks[b])), around, mark=True, notes=tuple(marks[b])))
        if ps == pe and ps in marks:
            block.runs.append(Run(",".join(map(str, marks[ps])), mark=True, notes=tuple(marks[ps])))
        blocks.append(block)
    return PrintLayout(blocks, [n for n, _ in numbered])


# --- searchable PDF text -------------------------------------------------------------------------

#: CJK radicals that Chinese fonts draw with the same glyph as an ideograph, and that
#: ideograph (Unicode's EquivalentUnifiedIdeograph.txt, the Chinese ones). Qt's PDF
#: writer maps each glyph back to the lowest code point that uses it, so without this
#: the PDF's text says ⼈⺠ for 人民 and ⼀ for 一: a search for 人民 or a copy finds
#: nothing. The Kangxi radicals (U+2F00…) map by NFKC; these have no decomposition.
RADICAL_IDEOGRAPHS: dict[int, int] = {
    0x2E8C: 0x5C0F, 0x2E8D: 0x5C0F, 0x2E96: 0x5FC4, 0x2E97: 0x5FC3, 0x2E98: 0x624C, 0x2E99: 0x6535,
    0x2E9B: 0x65E1, 0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA1: 0x6C35, 0x2EA2: 0x6C3A, 0x2EA3: 0x706C,
    0x2EA4: 0x722B, 0x2EA6: 0x4E2C, 0x2EA8: 0x72AD, 0x2EA9: 0x738B, 0x2EAA: 0x758B, 0x2EAB: 0x76EE,
    0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAF: 0x7CF8, 0x2EB0: 0x7E9F, 0x2EB3: 0x7F53, 0x2EB9: 0x8002,
    0x2EBC: 0x8089, 0x2EBE: 0x8279, 0x2EC2: 0x8864, 0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2,
    0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECB: 0x8F66, 0x2ECD: 0x8FB6, 0x2ED0: 0x9485, 0x2ED3: 0x957F,
    0x2ED4: 0x95E8, 0x2ED6: 0x961D, 0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2EDA: 0x9875, 0x2EDB: 0x98CE,
    0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8,
    0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F, 0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4,
    0x2EEA: 0x9EFE, 0x2EEC: 0x9F50, 0x2EEE: 0x9F7F, 0x2EF0: 0x9F99, 0x2EF3: 0x9F9F,
}


def ideograph_for(code: int) -> int:
    """The unified ideograph a CJK radical stands for in Chinese text; other code points unchanged."""
    if 0x2F00 <= code <= 0x2FD5:  # Kangxi radicals: each decomposes to its ideograph
        return ord(unicodedata.normalize("NFKC", chr(code))[0])
    return RADICAL_IDEOGRAPHS.get(code, code)


_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _unify(token: re.Match) -> bytes:
    code = int(token.group(1), 16)
    return b"<%04X>" % ideograph_for(code)


def _fix_cmap(cmap: bytes) -> bytes:
    """The destinations of a ToUnicode CMap's single mappings with radicals made ideographs:
    ``<src> <dst>`` (bfchar), ``<lo> <hi> [<dst> …]`` and one-code ``<c> <c> <dst>`` (bfrange).
    Every token keeps its length."""
    out, section = [], b""
    for line in cmap.split(b"\n"):
        words = line.split()
        if words and words[-1] in (b"beginbfchar", b"beginbfrange", b"endbfchar", b"endbfrange"):
            section = words[-1] if words[-1].startswith(b"begin") else b""
        elif section == b"beginbfchar":
            tokens = list(_HEX4.finditer(line))
            if len(tokens) == 2 and len(line.split()) == 2:
                t = tokens[1]
                line = line[:t.start()] + _unify(t) + line[t.end():]
        elif section == b"beginbfrange" and b"[" in line:
            head, bracket, tail = line.partition(b"[")
            line = head + bracket + _HEX4.sub(_unify, tail)
        elif section == b"beginbfrange":
            parts = line.split()
            if len(parts) == 3 and parts[0] == parts[1] and _HEX4.fullmatch(parts[2]):
                line = line[: line.rindex(parts[2])] + _HEX4.sub(_unify, parts[2])
        out.append(line)
    return b"\n".join(out)


def searchable_pdf(data: bytes) -> bytes:
    """``data`` (a PDF as Qt writes it) with the radicals in its fonts' ToUnicode maps
    replaced by the ideographs they stand for, so its text is found and copied as
    written. Only uncompressed ToUnicode streams change, byte for byte in place, so
    every offset in the file stays right; anything else is returned as it was."""
    buffer = bytearray(data)
    for number in sorted(set(_TO_UNICODE.findall(data))):
        header = re.search(rb"(?:^|[\r\n])" + number + rb"\s+0\s+obj\s*<<(.*?)>>\s*stream\r?\n", data, re.DOTALL)
        if header is None or b"/Filter" in header.group(1) or b"endobj" in header.group(1):
            continue
        start = header.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        fixed = _fix_cmap(data[start:end])
        if len(fixed) == end - start:
            buffer[start:end] = fixed
    return bytes(buffer)
