"""Word automatic numbering: the labels (一、 （一） 1. ⑴ …) Word draws but never stores.

Township reports number their headings with Word's list feature, so the
label lives in numbering.xml, not in the paragraph. Without it the outline
loses 一、/（一） and quotes like "一、强化统筹规划" cannot be found. This
module reproduces what Word displays: num → abstractNum (+ lvlOverride /
startOverride), the number format, lvlText templates such as "%1、" or
"（%2）", and counters that restart when a higher level advances (unless
lvlRestart says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_IDEO_DIGITS = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _cn_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千万") -> str:
    """Chinese counting as Word writes it: 1→一, 10→十, 11→十一, 20→二十, 105→一百零五."""
    if n <= 0:
        return digits[0]
    if n >= 100000:
        return str(n)
    parts: list[str] = []
    s = str(n)
    zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        pos = len(s) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and parts:
            parts.append(digits[0])
        zero = False
        unit = units[pos - 1] if pos > 0 else ""
        if not (d == 1 and pos == 1 and i == 0 and digits is not _CN_LEGAL):
            parts.append(digits[d])
        parts.append(unit)
    return "".join(parts)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """Word's letters: a…z, then aa…zz, aaa… (repeat, not base 26)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, first: int, count: int, fallback: str) -> str:
    return chr(first + n - 1) if 1 <= n <= count else fallback


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's ``numFmt``; unknown formats fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):
        return _cn_count(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal", "taiwaneseDigital"):
        return _cn_count(n, _CN_LEGAL, "拾佰仟万") if fmt == "chineseLegalSimplified" else \
            "".join(_IDEO_DIGITS[int(c)] for c in str(n))
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_IDEO_DIGITS[int(c)] for c in str(max(n, 0)))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        r = _letter(n)
        return r.upper() if fmt == "upperLetter" else r
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, 0x2460, 20, f"({n})")
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20, f"({n})")
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20, f"{n}.")
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart value; None = restart after any higher level
    legal: bool = False  # isLgl: show all levels as decimal
    suffix: str = "tab"
    style: str | None = None


@dataclass
class NumberingDefs:
    """Parsed numbering.xml plus the style→numbering links from styles.xml."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)
    style_link: dict[str, str] = field(default_factory=dict)  # abstractNumId -> numStyleLink style

    @classmethod
    def parse(cls, root) -> "NumberingDefs":
        defs = cls()
        if root is None:
            return defs
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId", "")
            defs.abstract[aid] = {lvl_index(lv): parse_level(lv) for lv in an.findall(W + "lvl")}
            link = an.find(W + "numStyleLink")
            if link is not None:
                defs.style_link[aid] = link.get(W + "val", "")
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId", "")
            ref = num.find(W + "abstractNumId")
            defs.nums[nid] = ref.get(W + "val", "") if ref is not None else ""
            over: dict[int, Level | int] = {}
            for lo in num.findall(W + "lvlOverride"):
                ilvl = lvl_index(lo)
                so = lo.find(W + "startOverride")
                lv = lo.find(W + "lvl")
                if lv is not None:
                    level = parse_level(lv)
                    if so is not None:
                        level.start = _int(so.get(W + "val"), level.start)
                    over[ilvl] = level
                elif so is not None:
                    over[ilvl] = _int(so.get(W + "val"), 1)
            if over:
                defs.overrides[nid] = over
        return defs


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def lvl_index(el) -> int:
    return max(0, min(8, _int(el.get(W + "ilvl"), 0)))


def parse_level(lv) -> Level:
    def val(tag: str):
        el = lv.find(W + tag)
        return None if el is None else el.get(W + "val")

    restart = val("lvlRestart")
    legal = lv.find(W + "isLgl")
    return Level(
        start=_int(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") or "",
        restart=None if restart is None else _int(restart, 0),
        legal=legal is not None and legal.get(W + "val", "1") not in ("0", "false"),
        suffix=val("suff") or "tab",
        style=val("pStyle"),
    )


class Numberer:
    """Walks paragraphs in document order and gives each numbered one its label."""

    def __init__(self, defs: NumberingDefs, style_num: dict[str, str] | None = None) -> None:
        self.defs = defs
        self.style_num = style_num or {}  # style id -> numId (for numStyleLink)
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()

    def _abstract_id(self, num_id: str) -> str | None:
        aid = self.defs.nums.get(num_id)
        if aid is None:
            return None
        link = self.defs.style_link.get(aid)
        if link and link in self.style_num:
            aid = self.defs.nums.get(self.style_num[link], aid)
        return aid

    def _level(self, num_id: str, aid: str, ilvl: int) -> Level | None:
        over = self.defs.overrides.get(num_id, {}).get(ilvl)
        base = self.defs.abstract.get(aid, {}).get(ilvl)
        if isinstance(over, Level):
            return over
        if base is not None and isinstance(over, int):
            return Level(over, base.fmt, base.text, base.restart, base.legal, base.suffix, base.style)
        return base

    def level_of_style(self, num_id: str, style: str) -> int | None:
        """The list level whose w:pStyle names ``style`` (heading styles linked to a list)."""
        aid = self._abstract_id(num_id)
        for ilvl, level in sorted(self.defs.abstract.get(aid or "", {}).items()):
            if level.style == style:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """(label, suffix kind) for the next paragraph of list ``num_id`` at level ``ilvl``."""
        if not num_id or num_id == "0":
            return "", ""
        aid = self._abstract_id(num_id)
        if aid is None or aid not in self.defs.abstract:
            return "", ""
        # Word shares counters between nums of one abstractNum unless a num restarts it.
        key = f"num:{num_id}" if num_id in self.defs.overrides else f"abs:{aid}"
        counters = self.counters.setdefault(key, [None] * 9)
        level = self._level(num_id, aid, ilvl)
        if level is None:
            return "", ""
        if key not in self.started:
            self.started.add(key)
            for i in range(9):
                counters[i] = None
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            lv = self._level(num_id, aid, deeper)
            restart = None if lv is None else lv.restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                counters[deeper] = None
        if level.fmt == "bullet" or not level.text:
            return "", level.suffix
        out = []
        text = level.text
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                k = int(text[i + 1]) - 1
                lv = self._level(num_id, aid, k) or Level()
                counted = counters[k]
                value = counted if counted is not None else lv.start
                fmt = "decimal" if level.legal and lv.fmt not in ("none", "bullet") else lv.fmt
                out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        return "".join(out), level.suffix
