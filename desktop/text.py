"""Canonical text and its outline.

Canonical text is what annotation offsets point into: one paragraph per line,
joined with ``\\n``, each paragraph trimmed, no empty lines. Every importer and
the command line build it through :func:`canonical_text`, so the GUI and the
CLI can never disagree about an offset.
"""

from __future__ import annotations

import bisect
import heapq
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
                end = start2 - 1  # a later line: start2 >= 1
                break
        sections.append(Section(level, start, max(end, start), title))
    return sections


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section containing ``offset`` (``start <= offset <= end``).

    Innermost is the highest level; between equal levels the later one in the
    list. A linear scan: to look up many offsets, build a :class:`SectionIndex`.
    """
    best = None
    for section in sections:
        if section.start <= offset <= section.end:
            if best is None or section.level >= best.level:
                best = section
    return best


class SectionIndex:
    """:func:`section_at` for many offsets: O(log n) per lookup, same answers.

    The section boundaries cut the offsets into runs in which the same sections
    contain every offset; each run's answer is computed once, by a sweep that
    keeps the containing sections in a heap (highest level, then latest in the
    list, on top), and a lookup is a bisect over the runs.
    """

    def __init__(self, sections: Iterable[Section]) -> None:
        sections = list(sections)
        opening: dict[int, list[int]] = {}
        for i, section in enumerate(sections):
            if section.start <= section.end:  # an inverted span contains no offset
                opening.setdefault(section.start, []).append(i)
        # A section holds start..end inclusive: it stops holding at end + 1.
        points = sorted(set(opening) | {sections[i].end + 1 for ids in opening.values() for i in ids})
        heap: list[tuple[int, int]] = []
        answers: list[Section | None] = []
        for point in points:
            for i in opening.get(point, ()):
                heapq.heappush(heap, (-sections[i].level, -i))
            while heap and sections[-heap[0][1]].end < point:
                heapq.heappop(heap)
            answers.append(sections[-heap[0][1]] if heap else None)
        self._points = points
        self._answers = answers

    def at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``, as :func:`section_at` gives it."""
        run = bisect.bisect_right(self._points, offset) - 1
        return self._answers[run] if run >= 0 else None


_ORG_LINE = re.compile(r"(人民政府|政府|委员会|党委|办公室|镇|乡|街道|办事处|局|司法所)$")
_TITLE_WORDS = ("报告", "总结", "情况", "工作要点", "通知", "意见", "方案")
_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?", "，", ",")


def _title_like(line: str) -> bool:
    return 2 <= len(line) <= 60 and not line.endswith(_SENTENCE_END) and heading_of_line(line) is None


def guess_title(text: str, fallback: str = "") -> str:
    """The report's title, for the document list.

    Looks at the first few lines only: a line naming a report (报告/总结…),
    joined with an organisation line above it (``尼山镇人民政府`` +
    ``关于…的情况报告``); letterheads (``…文件``) and junk lines are skipped.
    A text that opens straight into a paragraph has no title: ``fallback``
    (the file name without suffix) is returned then, else the first line.
    """
    lines = [ln for ln in text.split("\n", 8)[:8] if ln.strip()]
    lines = [ln for ln in lines if _WORDY.search(ln) and not is_clutter_line(ln)]
    for i, line in enumerate(lines[:5]):
        if _title_like(line) and any(w in line for w in _TITLE_WORDS):
            prev = lines[i - 1] if i else ""
            if prev and len(prev) <= 20 and _ORG_LINE.search(prev) and not prev.endswith("文件"):
                return prev + line
            return line
    for line in lines[:3]:
        if line.endswith("文件") and len(line) <= 20:
            continue  # red letterhead, not the title
        if _title_like(line) and len(line) <= 40:
            return line
        break
    if fallback:
        return fallback
    return lines[0][:80] if lines else ""


# --- web-portal clutter ---------------------------------------------------

_WORDY = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_BREADCRUMB = re.compile(r"^(?:(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：]?\s*)?(?:首页|网站首页|主页)\s*[>›»/＞]")
_META_KEYS = ("发布时间", "发布日期", "信息来源", "来源", "浏览次数", "浏览", "点击数", "点击", "点击量",
              "字号", "日期", "作者", "发布机构", "责任编辑", "访问量", "访问次数", "阅读", "阅读次数", "阅读量")
_FONT_SIZE = re.compile(r"【\s*[大中小]\s*】|字体\s*[:：]?\s*[【\[]?\s*大\s*中\s*小")
_ACTION_TOKENS = {
    "分享", "分享到", "打印", "关闭", "收藏", "打印本页", "关闭窗口", "关闭本页", "返回顶部", "返回",
    "【打印本页】", "【关闭窗口】", "【关闭本页】", "【返回顶部】", "【打印】", "【关闭】", "【收藏】",
    "扫一扫在手机打开当前页", "扫一扫", "在手机打开当前页", "微信", "微博", "QQ空间", "【大】", "【中】", "【小】",
    "[打印本页]", "[关闭窗口]", "[打印]", "[关闭]", "我要纠错", "【我要纠错】", "加入收藏", "【加入收藏】",
    "【返回】", "返回列表", "【返回列表】", "打印此页", "【打印此页】",
}
_TAIL_PREFIXES = ("上一篇", "下一篇", "相关链接", "相关文章", "扫一扫", "责任编辑", "【打印", "【关闭")


def is_clutter_line(line: str) -> bool:
    """True for a line of web-portal furniture copied with a report.

    Breadcrumbs (``首页 > 政务公开 > …``), publish/source/字号 bars,
    ``分享 打印 关闭`` action rows and lines without a single letter, digit
    or CJK character (``|``). Only meant for the head and tail of a text:
    see :func:`strip_clutter`.
    """
    s = line.strip()
    if not s:
        return True
    if not _WORDY.search(s):
        return True
    if len(s) > 120:
        return False
    if _BREADCRUMB.search(s):
        return True
    if _FONT_SIZE.search(s):
        return True
    keys = sum(1 for key in _META_KEYS if re.search(key + r"\s*[:：]", s))
    if keys >= 2 or (keys == 1 and re.match(r"^(发布时间|发布日期|信息来源|浏览次数|阅读次数|访问次数|点击量)\s*[:：]", s)):
        return True
    tokens = [t for t in re.split(r"[\s|｜/·•]+", s) if t]
    if tokens and all(t in _ACTION_TOKENS for t in tokens):
        return True
    return s.startswith(_TAIL_PREFIXES) and len(s) <= 60


#: How far into the head / tail clutter may be looked for.
CLUTTER_HEAD_LINES = 8
CLUTTER_TAIL_LINES = 8


def strip_clutter(lines: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): ``lines`` without portal clutter at the head and tail.

    Clutter is only removed before the first body paragraph and after the
    last one, so a sentence in the report that happens to mention 来源 or
    打印 is never touched.
    """
    n = len(lines)

    def body(line: str) -> bool:
        return len(line.strip()) > 60 and not is_clutter_line(line)

    first = next((i for i, ln in enumerate(lines) if body(ln)), n)
    last = next((i for i in range(n - 1, -1, -1) if body(lines[i])), -1)
    head_end = min(first, CLUTTER_HEAD_LINES)
    tail_start = max(last + 1, n - CLUTTER_TAIL_LINES, head_end)
    kept: list[str] = []
    dropped: list[str] = []
    for i, line in enumerate(lines):
        if (i < head_end or i >= tail_start) and is_clutter_line(line):
            if line.strip():
                dropped.append(line.strip())
        else:
            kept.append(line)
    return kept, dropped


# --- UTF-16 <-> code points --------------------------------------------------


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts between code-point offsets (Python, the store) and UTF-16 units (Qt).

    Characters outside the Basic Multilingual Plane take two UTF-16 units but
    one code point; the map remembers where they are so each conversion is a
    binary search, fast enough for a million-character report.
    """

    def __init__(self, text: str) -> None:
        # Most reports have no astral character: one encode (in C) tells, and
        # only then does a regex find them; no Python loop over the characters.
        # "surrogatepass": a lone surrogate is one BMP code point and one unit.
        if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral char = its code-point index + number before it.
        self._astral16 = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, cp: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        return cp + bisect.bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """UTF-16 offset -> code-point offset (a position inside a pair rounds down).

        ``n`` counts the pairs starting before ``u16``: a position inside a pair
        counts that pair, so ``u16 - n`` is already the pair's code point.
        """
        n = bisect.bisect_left(self._astral16, u16)
        return u16 - n
