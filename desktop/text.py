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


# --- title blocks ---------------------------------------------------------

#: how a report's title ends (``…的报告``, ``…工作总结``, ``…情况``)
_TITLE_TAIL = re.compile(r"(报告|总结|情况|要点|通知|意见|方案|计划|规划|汇报|通报|决定|办法|细则|讲话|说明)$")
#: lines of a letterhead that are never part of the title: ``…文件``, ``X政发〔2024〕3号``, dates
_NOT_TITLE_PART = re.compile(
    r"(文件$|汇编$|[〔〕［］]|\[\d{4}\]|第\s*\d+\s*号$|^\d{4}\s*年(\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?)?$|^[（(].*[)）]$)"
)
#: a title line is short; a title block of several lines at most this long joined
MAX_TITLE_LINE = 40
TITLE_BLOCK_LINES = 3
_HEAD_SCAN = 6


def _title_part(line: str) -> bool:
    return (_title_like(line) and len(line) <= MAX_TITLE_LINE and not _NOT_TITLE_PART.search(line)
            and _WORDY.search(line) is not None)


def _glue(parts: Iterable[str]) -> str:
    """Lines of one title joined: no space, except between two Latin letters or digits."""
    out = ""
    for part in parts:
        part = part.strip()
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def title_block(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) indices of a title written over several lines, else None.

    Looked for among the first non-empty lines: one to three short title lines
    whose last ends like a title (``…的报告``, ``…工作总结``), with the unit line
    above (``尼山镇人民政府``) when the title does not already start with it.
    Letterheads (``…文件``), document numbers (``〔2024〕3号``), dates and
    sentences are never part of it. A block of a single line gives None:
    there is nothing to join. Empty lines inside the block are skipped.
    """
    seen = [i for i, ln in enumerate(lines) if ln.strip()][:_HEAD_SCAN]
    for k, index in enumerate(seen):
        line = lines[index].strip()
        if not _title_part(line) or not _TITLE_TAIL.search(line):
            continue
        block = [index]
        for j in range(k - 1, -1, -1):
            prev = lines[seen[j]].strip()
            if (len(block) >= TITLE_BLOCK_LINES or not _title_part(prev) or _TITLE_TAIL.search(prev)
                    or _glue(lines[i] for i in block).startswith(prev)):
                break  # not a title line, or a unit line the title already names
            block.insert(0, seen[j])
        # the unit line above (红头): joined unless the title already names it
        first = block[0]
        at = seen.index(first)
        if at > 0:
            unit = lines[seen[at - 1]].strip()
            title = _glue(lines[i] for i in block)
            if (_title_part(unit) and len(unit) <= 20 and _ORG_LINE.search(unit)
                    and not title.startswith(unit) and not _TITLE_TAIL.search(unit)):
                block.insert(0, seen[at - 1])
        # a last line cut after a tail word (``…工作情况`` + ``的报告``)
        after = [i for i in seen if i > block[-1]][:1]
        if after and len(block) < TITLE_BLOCK_LINES + 1:
            nxt = lines[after[0]].strip()
            if _title_part(nxt) and _TITLE_TAIL.search(nxt) and (nxt.startswith("的") or len(nxt) <= 6):
                block.append(after[0])
        if len(block) < 2 or len(_glue(lines[i] for i in block)) > 60:
            return None
        return block[0], block[-1]
    return None


def title_from_lines(parts: list[str], *, need_tail: bool = True) -> str | None:
    """The title that ``parts`` (the lines of one paragraph broken by line breaks) spell, else None.

    Every part must read as a title line (short, no sentence, no letterhead or
    document number); with ``need_tail`` the joined text must also end like a
    title (``…的报告``). Joined without spaces (see :func:`_glue`), at most 60 characters.
    """
    parts = [p.strip() for p in parts if p.strip()]
    if not 2 <= len(parts) <= TITLE_BLOCK_LINES + 1 or not all(_title_part(p) for p in parts):
        return None
    joined = _glue(parts)
    if len(joined) > 60 or (need_tail and not _TITLE_TAIL.search(joined)):
        return None
    return joined


def report_title(parts: list[str]) -> str | None:
    """The title that one to three consecutive lines spell when they read as a report's
    title (short title lines, no sentence, letterhead or document number, the last
    ending like a title: ``…的报告``), joined as :func:`title_from_lines` joins; else None."""
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) == 1:
        line = parts[0]
        return line if _title_part(line) and _TITLE_TAIL.search(line) else None
    if len(parts) > TITLE_BLOCK_LINES:
        return None
    return title_from_lines(parts)


def join_title_block(lines: list[str]) -> list[str]:
    """``lines`` with a title written over several lines (:func:`title_block`) made one line."""
    found = title_block(lines)
    if found is None:
        return list(lines)
    first, last = found
    return lines[:first] + [_glue(ln for ln in lines[first:last + 1] if ln.strip())] + lines[last + 1:]


def opens_with_title(text: str) -> bool:
    """True when the first line of canonical ``text`` reads as a title, not as body text.

    For a view that sets the first paragraph as the title: a text that opens
    straight into a paragraph (a sentence, or longer than a title) has none.
    """
    first = text.split("\n", 1)[0]
    return _title_like(first) and not _TITLE_END.search(first)


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
_FONT_SIZE = re.compile(r"【\s*[大中小]\s*】|(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小")
_ACTION_TOKENS = {
    "分享", "分享到", "打印", "关闭", "收藏", "打印本页", "关闭窗口", "关闭本页", "返回顶部", "返回",
    "【打印本页】", "【关闭窗口】", "【关闭本页】", "【返回顶部】", "【打印】", "【关闭】", "【收藏】",
    "扫一扫在手机打开当前页", "扫一扫", "在手机打开当前页", "微信", "微博", "QQ空间", "【大】", "【中】", "【小】",
    "[打印本页]", "[关闭窗口]", "[打印]", "[关闭]", "我要纠错", "【我要纠错】", "加入收藏", "【加入收藏】",
    "【返回】", "返回列表", "【返回列表】", "打印此页", "【打印此页】",
}
_TAIL_PREFIXES = ("上一篇", "下一篇", "相关链接", "相关文章", "扫一扫", "责任编辑", "【打印", "【关闭")

# Shapes of portal furniture, whatever its words: a line of them never ends
# like a sentence nor holds sentence punctuation.
_SENTENCE_MARK = re.compile(r"[。，,；;！!？?“”\"]")
_LINK_SEPARATORS = re.compile(r"\s*(?:[|｜>›»＞／→]|/(?!\d)|(?<!\d)/|&gt;)+\s*")
_WHERE = re.compile(r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置|位置)\s*[:：]\s*")
_NAV_WORDS = {"首页", "网站首页", "主页", "返回首页", "正文", "政务公开", "信息公开", "政府信息公开", "网站地图",
              "联系我们", "无障碍", "无障碍浏览", "长者模式", "English", "繁體", "简体", "登录", "注册",
              "设为首页", "加入收藏", "RSS", "关于我们", "法律声明", "隐私声明", "网站声明", "站点地图"}
_HAS_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
_CJK_WORD = re.compile(r"^[\u3400-\u9fff]{2,6}$")
_BRACKET_ITEMS = re.compile(r"^(?:\s*[【\[]\s*[^【】\[\]]{1,10}?\s*[】\]]\s*)+$")
#: site-footer keys: a line holding one (with no sentence in it) is furniture
_FOOTER = re.compile(
    r"(?:主办单位|主办|承办单位|承办|协办单位|协办|主管单位|技术支持|技术保障|运维单位|维护单位|网站维护|"
    r"网站标识码|备案号|备案编号|版权所有)\s*[:：]|ICP\s*[备证]|公网安备|网站标识码|版权所有|Copyright|©",
    re.IGNORECASE,
)
#: contact lines of a site footer: furniture only next to a footer line (see strip_clutter)
_FOOTER_CONTACT = re.compile(r"^(?:联系电话|电话|传真|地址|通讯地址|邮编|邮政编码|电子邮箱|邮箱|E-?mail)\s*[:：]",
                             re.IGNORECASE)
#: the site's name at the head of a copied page (``湛江市坡头区人民政府网``)
_SITE_NAME = re.compile(r"^[^\s，。；：:]{2,30}?(?:网|网站|门户网站|门户|政务网|信息网)$")


def _link_row(s: str) -> bool:
    """A breadcrumb or a bar of links: short segments joined by ``>`` ``›`` ``»`` ``|`` ``／``…"""
    where = _WHERE.match(s)
    rest = s[where.end():] if where else s
    if _SENTENCE_MARK.search(rest) or "：" in rest or ":" in rest:
        return False
    parts = [p for p in _LINK_SEPARATORS.split(rest) if p.strip()]
    seps = len(_LINK_SEPARATORS.findall(rest.strip()))
    if not seps and not where:
        # links set apart by spaces only: four or more short words, nothing else
        words = rest.split()
        return len(words) >= 4 and all(_CJK_WORD.match(w) or w in _NAV_WORDS for w in words)
    if not parts or any(len(p.strip()) > 16 or not _HAS_LETTER.search(p) for p in parts):
        return False
    if where:
        return True
    if len(parts) >= 3:
        return True
    return len(parts) == 2 and any(p.strip() in _NAV_WORDS for p in parts)


def is_clutter_line(line: str) -> bool:
    """True for a line of web-portal furniture copied with a report.

    Breadcrumbs (``首页 > 政务公开 > …``, ``掌起镇人民政府>政务公开>…``),
    bars of links (``首页 | 政务公开 | …``), the site's name, publish/source/字号
    bars, ``分享 打印 关闭`` action rows, ``上一篇/下一篇``, site footers
    (主办单位/承办/网站标识码/ICP备…) and lines without a single letter, digit or
    CJK character (``|``). Recognised by shape as well as by words, and only
    meant for the head and tail of a text: see :func:`strip_clutter`.
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
    if s.startswith(_TAIL_PREFIXES) and len(s) <= 60:
        return True
    if s.endswith(_SENTENCE_END) or "。" in s:
        return False  # a sentence: whatever it mentions (主办单位, 备案, 联系我们), it is the report's
    if _FOOTER.search(s):
        return True
    if s.startswith("分享到") and len(s) <= 40:
        return True
    if _BRACKET_ITEMS.match(s) and (len(re.findall(r"[【\[]", s)) >= 2 or s.strip("【】[] ") in _ACTION_TOKENS):
        return True
    if _SITE_NAME.match(s) and not _ORG_LINE.search(s):
        return True
    return _link_row(s)


#: How far into the head / tail clutter may be looked for, in non-empty lines.
CLUTTER_HEAD_LINES = 10
CLUTTER_TAIL_LINES = 16


def strip_clutter(lines: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): ``lines`` without portal clutter at the head and tail.

    Clutter is only removed before the first body paragraph and after the
    last one, and within the first and last few non-empty lines, so a
    sentence in the report that happens to mention 来源, 主办单位 or 打印 is
    never touched. A body paragraph is a line longer than 60 characters or
    a sentence (ending with 。！？) that is not clutter itself. Contact lines
    (电话：…, 地址：…) go only with a site footer next to them. What is kept
    is a sublist of ``lines``; a title written over several lines at the head
    is joined afterwards by :func:`join_title_block`.
    """
    n = len(lines)

    def body(line: str) -> bool:
        s = line.strip()
        return (len(s) > 60 or s.endswith(("。", "！", "？", "!", "?"))) and not is_clutter_line(s)

    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    first = next((i for i, ln in enumerate(lines) if body(ln)), n)
    last = next((i for i in range(n - 1, -1, -1) if body(lines[i])), -1)
    head_limit = filled[CLUTTER_HEAD_LINES - 1] + 1 if len(filled) >= CLUTTER_HEAD_LINES else n
    tail_limit = filled[-CLUTTER_TAIL_LINES] if len(filled) >= CLUTTER_TAIL_LINES else 0
    head_end = min(first, head_limit)
    tail_start = max(last + 1, tail_limit, head_end)
    drop = [(i < head_end or i >= tail_start) and is_clutter_line(ln) for i, ln in enumerate(lines)]
    # contact lines next to a footer line (empty lines between) go with it
    changed = True
    while changed:
        changed = False
        for i in range(tail_start, n):
            if drop[i] or not _FOOTER_CONTACT.match(lines[i].strip()) or lines[i].strip().endswith("。"):
                continue
            near = [j for j in (_neighbour(lines, i, -1), _neighbour(lines, i, 1)) if j is not None]
            if any(drop[j] and _FOOTER.search(lines[j]) or drop[j] and _FOOTER_CONTACT.match(lines[j].strip())
                   for j in near):
                drop[i] = changed = True
    kept: list[str] = []
    dropped: list[str] = []
    for i, line in enumerate(lines):
        if drop[i]:
            if line.strip():
                dropped.append(line.strip())
        else:
            kept.append(line)
    return kept, dropped


def _neighbour(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines) and not lines[j].strip():
        j += step
    return j if 0 <= j < len(lines) else None


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
