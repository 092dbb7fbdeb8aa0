"""Which of the five parts the national rules require does a report contain?

The rules (法治政府建设与责任落实督察工作规定, art. 25) ask every annual report
for: main measures and results, shortcomings and their causes, how the
principal leaders performed their duty as first person responsible, next
year's plans, and other matters. Real reports name these parts in many ways
(存在的问题 / 不足和原因 / 正视问题挑战…; 下一步工作计划 / 2025年工作安排 /
努力方向…), fold two into one heading, or leave one out. The check looks at
heading-like lines only — outline sections, short stand-alone lines, and the
first sentence of a labelled paragraph — never at running text, so a body
sentence that mentions 第一责任人 does not count as the part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.text import Section, line_spans

PART_KEYS: tuple[str, ...] = ("measures", "weaknesses", "leaders_duty", "next_year", "other")
PART_LABELS: dict[str, str] = {
    "measures": "主要举措和成效",
    "weaknesses": "存在的不足和原因",
    "leaders_duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year": "下一年度主要安排",
    "other": "其他需要报告的情况",
}

#: Heading wordings per part. Checked on the heading text only (label removed).
PART_PATTERNS: dict[str, re.Pattern[str]] = {
    "leaders_duty": re.compile(
        r"第一责任人|(?:党政)?主要负责人.{0,12}(?:履行|履职|职责)|一把手.{0,8}(?:职责|责任)"
    ),
    "next_year": re.compile(
        r"下一步|下一年|下年度|明年|今后|未来|展望|努力方向|改进方向|工作方向|(?:改进|整改|提升)措施|"
        r"工作(?:安排|计划|打算|思路|设想|重点|目标)|(?:(?:19|20)\d\d年|年度)(?:主要|重点)?(?:安排|计划|打算|目标|任务)"
    ),
    "weaknesses": re.compile(
        r"不足|问题|短板|差距|薄弱|挑战|困难|瓶颈|弱项"
    ),
    "other": re.compile(r"其[他它](?:需要|应当|需)?(?:报告|说明)?的?(?:事项|情况|工作)|其[他它]需要报告"),
    "measures": re.compile(
        r"举措|成效|(?<!改进)(?<!整改)(?<!提升)措施|(?:工作)?开展情况|工作情况|主要工作|主要做法|"
        r"工作回顾|取得的?成绩|工作成绩|工作进展|落实情况|基本情况|做法"
    ),
}

#: Words that show a shortcomings part analyses causes, not only lists problems.
CAUSE_PATTERN = re.compile(r"原因|由于|因为|究其|根源|源于|归因|缘于|之所以|症结")

_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十百零〇两]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|"
    r"\d{1,2}(?:[、．]|\.(?!\d))|[（(]\d{1,2}[)）]|第[一二三四五六七八九十]{1,3}[部分章节]?[、，,:：\s]?)\s*"
)
_STANDALONE_MAX = 30
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d年度?")


@dataclass(frozen=True)
class Part:
    """One required part: where its heading is, if the report has one."""

    key: str
    found: bool
    heading: str | None = None
    start: int | None = None

    @property
    def label(self) -> str:
        return PART_LABELS[self.key]

    def to_json(self) -> dict:
        return {"found": self.found, "heading": self.heading, "start": self.start}


@dataclass(frozen=True)
class Completeness:
    """The five parts of one report and whether its shortcomings give causes."""

    parts: dict[str, Part] = field(default_factory=dict)
    weakness_causes: bool = False

    @property
    def found_count(self) -> int:
        return sum(1 for p in self.parts.values() if p.found)

    @property
    def missing(self) -> list[str]:
        """Keys of the parts not found, in statutory order."""
        return [k for k in PART_KEYS if not self.parts[k].found]

    def warnings(self) -> list[str]:
        """Plain Chinese warnings for the reviewer, one per problem."""
        out = [f"未找到“{PART_LABELS[k]}”部分" for k in self.missing]
        if self.parts["weaknesses"].found and not self.weakness_causes:
            out.append("“存在的不足”部分只列问题，没有分析原因")
        return out

    def to_json(self, file: str) -> dict:
        """The object ``python -m desktop check --json`` prints for one file."""
        return {
            "file": file,
            "parts": {k: self.parts[k].to_json() for k in PART_KEYS},
            "weakness_causes": self.weakness_causes,
        }


@dataclass(frozen=True)
class _Candidate:
    start: int  # offset of the heading line
    heading: str  # the heading line as in the text (inline: up to its first 。)
    body_start: int  # where the text after the heading starts
    level: int  # outline level; stand-alone lines count as 1
    end: int  # end of the outline section (text end when unknown)
    keys: frozenset[str]


def _heading_of(line: str) -> tuple[str, bool]:
    """The heading part of a line, and whether it runs on into body text."""
    m = re.search(r"[。；;！!？?]", line)
    if m is None or m.end() == len(line):
        return line, False
    return line[: m.start()], True


def _keys_of(heading: str) -> frozenset[str]:
    core = _LABEL.sub("", heading, count=1)
    core = _YEAR_PREFIX.sub(lambda m: m.group(0) if "安排" in core or "计划" in core else "", core)
    return frozenset(k for k, p in PART_PATTERNS.items() if p.search(core))


def _candidates(text: str, sections: list[Section]) -> list[_Candidate]:
    spans = line_spans(text)
    line_starts = {s: e for s, e in spans}
    out: dict[int, _Candidate] = {}
    for sec in sections:
        line_end = line_starts.get(sec.start)
        if line_end is None:
            continue
        heading, inline = _heading_of(text[sec.start:line_end])
        body = sec.start + len(heading) + (1 if inline else 0)
        out[sec.start] = _Candidate(sec.start, heading, body, sec.level, sec.end, _keys_of(heading))
    for index, (start, end) in enumerate(spans):
        if start in out or index == 0:
            continue  # the first line is the report's title
        line = text[start:end]
        heading, inline = _heading_of(line.rstrip(":："))
        # Only stand-alone short lines: the first sentence of an unlabelled
        # paragraph (围绕重点工作用好法治工具。…) is body text, not a heading.
        if inline or len(heading) > _STANDALONE_MAX or re.search(r"[，,、]", heading):
            continue
        if heading.endswith("报告") or heading.endswith("人民政府"):
            continue
        keys = _keys_of(heading)
        if keys:
            body = start + len(heading) + (1 if inline else 0)
            out[start] = _Candidate(start, heading, body, 1, len(text), keys)
    return [out[k] for k in sorted(out)]


def _pick(cands: list[_Candidate], key: str) -> _Candidate | None:
    """The best heading for a part: one that names only this part beats one
    that names several (九、正视问题挑战,明确未来改进方向 loses to its
    children (一)存在问题 / (二)改进措施); then the outermost, then the first."""
    hits = [c for c in cands if key in c.keys]
    if not hits:
        return None
    return min(hits, key=lambda c: (len(c.keys) > 1, c.level, c.start))


def check(text: str, sections: list[Section]) -> Completeness:
    """Finds the five parts in a report's canonical text and outline."""
    cands = _candidates(text, sections)
    chosen: dict[str, _Candidate | None] = {k: _pick(cands, k) for k in PART_KEYS}
    if chosen["measures"] is None:
        chosen["measures"] = _measures_fallback(cands, sections, chosen)
    parts = {
        k: Part(k, True, c.heading, c.start) if c else Part(k, False)
        for k, c in chosen.items()
    }
    return Completeness(parts, _gives_causes(text, chosen))


def _measures_fallback(cands: list[_Candidate], sections: list[Section],
                       chosen: dict[str, _Candidate | None]) -> _Candidate | None:
    """Reports that go straight into 一、强化统筹规划… list their measures
    under topical headings: the first top-level heading before any other
    part then opens the measures part."""
    others = [c.start for c in chosen.values() if c is not None]
    if not others or not sections:
        return None
    top = min(s.level for s in sections)
    first_other = min(others)
    for c in cands:
        if c.level == top and c.start < first_other and not c.keys and any(
            s.start == c.start for s in sections
        ):
            return c
    return None


def _gives_causes(text: str, chosen: dict[str, _Candidate | None]) -> bool:
    weak = chosen["weaknesses"]
    if weak is None:
        return False
    end = weak.end
    for key, c in chosen.items():
        if c is not None and key != "weaknesses" and weak.start < c.start < end:
            end = c.start
    return bool(CAUSE_PATTERN.search(text[weak.body_start:end]))
