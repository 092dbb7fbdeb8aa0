"""Which unit wrote a report, and for which year: guessed from its title and text.

Both are only suggestions the reviewer can edit; the point is that a round of
thirty imported reports does not start with thirty blank unit columns. The
report year is the year reported on (``关于2019年度…`` → 2019), not the year
the report was signed (usually the next one).
"""

from __future__ import annotations

import re
from collections import Counter

_HAN = r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
#: Endings of a unit's name, longest first so 街道办事处 wins over 办.
_UNIT_END = r"(?:街道办事处|街道|镇|乡|委员会|办公室|局|委|办|区|县|市)"
#: What may follow a unit's name in a title or a signature line.
_AFTER_UNIT = r"(?=人民政府|政府|党委|委员会|关于|\d|[（(]|年度|法治|$)"
_UNIT_IN_TITLE = re.compile(rf"(?:中共)?(?P<unit>{_HAN}{{1,12}}?{_UNIT_END}){_AFTER_UNIT}")
_SIGNATURE = re.compile(
    rf"^(?:中共)?(?P<unit>{_HAN}{{1,12}}?{_UNIT_END})(?:人民政府|党委|委员会|人民政府办公室)?$"
)
#: A township named in running text: two or three characters before 镇/乡/街道.
_TOWNSHIP = re.compile(rf"(?=({_HAN}{{2,3}})(镇|乡|街道))")
#: First characters that make a 镇/乡 word a common noun, not a name (我镇, 依法治镇, 全乡…).
_NOT_NAME_START = set("我本全各该此乡城村集治在和与及对于为是的了将把向从镇")
_NOT_NAME = {"乡镇", "城镇", "村镇", "集镇", "市镇", "小城镇"}
_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d\d)\s*年度?(?!\s*\d{1,2}\s*月)")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _unit_from(line: str) -> str:
    line = re.sub(r"^\s*(?:(?:19|20)\d\d\s*年度?)", "", line.strip())
    m = _UNIT_IN_TITLE.match(line)
    return m.group("unit") if m else ""


def detect_unit(title: str, text: str) -> str:
    """The township or department that wrote the report, or "" when unsure.

    Tries, in order: the title (``坡头镇人民政府关于…``), the first lines, the
    signature near the end (``掌起镇人民政府``), then the township named most
    often in the text (``……下,天龙镇深入践行……``).
    """
    heads = [ln for ln in _lines(text)[:3] if len(ln) <= 40 and not re.search(r"[，,。；;]", ln)]
    for line in [title, *heads]:
        unit = _unit_from(line) if line else ""
        if unit and unit not in _NOT_NAME:
            return unit
    for line in reversed(_lines(text)[-10:]):
        m = _SIGNATURE.match(line) if len(line) <= 25 else None
        if m and m.group("unit") not in _NOT_NAME:
            return m.group("unit")
    return _most_named_township(text)


def _most_named_township(text: str) -> str:
    counts: Counter[str] = Counter()
    for m in _TOWNSHIP.finditer(text):
        prefix, end = m.group(1), m.group(2)
        for name in (prefix[-2:], prefix) if len(prefix) == 3 else (prefix,):
            if name[0] in _NOT_NAME_START or name + end in _NOT_NAME:
                continue
            counts[name + end] += 1
    if not counts:
        return ""
    best, n = counts.most_common(1)[0]
    # A three-character name that always comes with its two-character tail is
    # the real name (大兴庄镇 vs 兴庄镇); a stray preceding character is not.
    for name, seen in counts.items():
        if len(name) == len(best) + 1 and name.endswith(best) and seen >= max(2, 0.8 * n):
            best = name
    return best if n >= 2 else ""


def detect_year(title: str, text: str) -> int | None:
    """The year the report covers, or None.

    ``关于2019年度…`` in the title wins; then the first ``2024年`` of the
    opening lines that is not a calendar date (``2021年2月25日`` is when it
    was signed); then the most frequent such year in the text.
    """
    for source in (title, *_lines(text)[:4]):
        m = _YEAR_OF_REPORT.search(source or "")
        if m:
            return int(m.group(1))
    years = Counter(int(m.group(1)) for m in _YEAR_OF_REPORT.finditer(text))
    if not years:
        return None
    return years.most_common(1)[0][0]
