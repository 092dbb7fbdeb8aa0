"""Claim suggestions: candidate spans for the reviewer to accept or reject.

For a report's canonical text, :func:`suggest` proposes spans tagged as the
annotation guide (../shared/docs/annotation-guide.md) defines them:

* ``figure`` — the smallest clause holding a number (written in digits) and
  what it counts: 次, 人次, 件, %, 万元, 余/多 approximations… Dates (2019年,
  12月4日), times, names with numerals (七五普法, 三项制度, 1+1+N, “12.4”) and
  一 as "a" are not figures. Two numbers in one clause give two figures, the
  second starting where the first ends.
* ``measure`` — a clause saying something was done this year: an action verb
  (成立, 制定, 印发, 召开, 开展, 组织…) near its start, never a slogan or
  stance (始终坚持, 高度重视), never a result alone (受理…件, 化解率). Where
  a sentence is matters as much as its words: the preamble before the first
  part, the shortcomings part and next year's plans (下一步 / 2025年工作安排)
  give no measures, and a clause announcing an intention (将, 计划, 拟) is none.
* ``weakness`` — each distinct problem in the shortcomings part (存在的问题 /
  不足和原因 / 主要存在不足), from its label (一是, (一), 1.) to the end of its
  explanation, i.e. up to the next label or the end of the paragraph.

Rules only: deterministic, no model, linear in the text (a 1,000,000-character
report takes well under two seconds). Offsets are code points of canonical text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from desktop.analysis.completeness import check
from desktop.text import Section, detect_sections, line_spans


@dataclass(frozen=True)
class Suggestion:
    """One proposed claim: ``text[start:end] == quote``."""

    start: int
    end: int
    tag: str
    quote: str
    score: float
    reason: str

    def to_json(self) -> dict:
        return asdict(self)


# --- figures ----------------------------------------------------------------------

_NUM = r"\d+(?:[.．]\d+)?"
#: Counting words after a number (longest first inside each alternative).
_UNITS = (
    "个百分点|百分点|人次|家次|户次|件次|批次|场次|课时|学时|小时|平方米|平方公里|公里|万元|亿元|元|"
    "余人|多人|次|人|名|位|件|个|条|项|场|期|份|起|单|宗|例|家|所|户|处|台|本|篇|册|批|座|支|"
    "村|套|块|部|组|种|类|轮|天|米|亩|封|张|堂|节|幅|块|辆|吨|间|栋|号|届|位|卷|宗|盘|块|万|亿"
)
_FIGURE = re.compile(
    rf"(?<![\d.．:：/\-+])({_NUM})\s*(?:[余多]?(?:万|亿)?[余多]?)"
    rf"(?:(?:{_UNITS})(?:[余多](?=人|次))?|[%％])(?:以上|左右)?"
)
_FIGURE_NOT = re.compile(r"[+＋×/:]")
#: What stops a figure clause going backwards / forwards.
_CLAUSE_STOP = set("，,。；;：:！!？?\n")
_LEAD_TRIM = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]|"
    r"[一二三四五六七八九十]{1,3}、|其中|同时|此外|另外)\s*")
_TRAIL = "、，,。；;：:！!？?"


def _figures(text: str) -> list[Suggestion]:
    out: list[Suggestion] = []
    n = len(text)
    prev_end = -1
    for m in _FIGURE.finditer(text):
        num = m.group(1)
        before = text[max(0, m.start() - 1):m.start()]
        if before == "第":
            continue  # an ordinal (第3次会议), not a count
        unit = text[m.end(1):m.end()].strip()
        if _FIGURE_NOT.search(num) or not unit:
            continue
        after = text[m.end():m.end() + 1]
        if after in ("”", "\"", "》") and text[max(0, m.start() - 1):m.start()] in ("“", "\"", "《"):
            continue  # a name: “3个1”, 《…》
        # clause start: the last stop mark before the number, or the previous figure's end
        s = m.start()
        while s > 0 and text[s - 1] not in _CLAUSE_STOP and s - 1 >= prev_end and m.start() - s < 80:
            s -= 1
        while s < m.start() and text[s] in _TRAIL + " ":
            s += 1
        lead = _LEAD_TRIM.match(text[s:m.start()])
        if lead:
            s += lead.end()
        # clause end: the unit's end, or the clause end when no further number follows
        e = m.end()
        k = e
        while k < n and text[k] not in _CLAUSE_STOP and text[k] != "、" and k - e < 40:
            if text[k].isdigit():
                break
            k += 1
        if (k >= n or text[k] in _CLAUSE_STOP or text[k] == "、") and k - e <= 12:
            e = k
        while e > m.end() and text[e - 1] in _TRAIL:
            e -= 1
        if s >= e:
            continue
        out.append(Suggestion(s, e, "figure", text[s:e], 0.9, "数字+量词"))
        prev_end = m.end()
    return out


def naive_figures(text: str) -> list[tuple[int, int]]:
    """The baseline the issue names: any number followed by a unit, as found."""
    return [m.span() for m in re.finditer(
        rf"{_NUM}[余多]?(?:万|亿)?(?:年|月|日|{_UNITS}|[%％])", text)]


# --- parts of the report ------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    preamble_end: int  # measures before this offset are the introduction's
    weakness: tuple[int, int] | None
    plans: tuple[int, int] | None


def _region(text: str, sections: list[Section], start: int, others: list[int]) -> tuple[int, int]:
    end = len(text)
    for sec in sections:
        if sec.start == start:
            end = min(end, sec.end)
            break
    for o in others:
        if start < o < end:
            end = o
    return start, end


def _parts(text: str, sections: list[Section]) -> _Parts:
    result = check(text, sections)
    starts = [p.start for p in result.parts.values() if p.found and p.start is not None]
    weak = result.parts["weaknesses"]
    plans = result.parts["next_year"]
    weak_region = _region(text, sections, weak.start, starts) if weak.found and weak.start is not None else None
    plan_region = _region(text, sections, plans.start, starts) if plans.found and plans.start is not None else None
    if plan_region and weak_region and weak_region[0] < plan_region[0] and plan_region[1] >= weak_region[1]:
        pass
    first = min(starts) if starts else (sections[0].start if sections else 0)
    if not starts and not sections:
        first = text.find("\n") + 1 if "\n" in text else 0
    return _Parts(first, weak_region, plan_region)


# --- measures -------------------------------------------------------------------------

#: Verbs that open an action taken (a body set up, a rule issued, a meeting held…).
_ACTION = (
    "成立|组建|设立|设置|建立|健全|完善|制定|出台|印发|修订|编制|召开|举办|开展|组织|推行|实行|实施|"
    "落实|推进|推动|加强|加快|发放|派发|配备|聘请|邀请|签订|梳理|调整|开办|发布|公开|公示|印制|制作|"
    "依托|利用|用好|采取|结合|引导|督促|做好|抓好|进行|深化|规范|强化|主动|办理|报告|接受|配合|培训|"
    "部署|开设|建设|打造|创建|整治|打击|走访|收集|提供|纳入|列为|下设|发挥|执行|举行|推送|"
    "聘任|选派|选聘|增设|修改|废止|清理|审查|审核|备案|评查|排查|督查|检查|考核|约谈|谈话|学法|"
    "宣传|讲授|授课|举行|通过|依据|针对|协助|联合|为"
)
_ADVERB = (
    "及时|定期|积极|深入|全面|严格|认真|大力|切实|扎实|进一步|不断|充分|精心|主动|持续|广泛|"
    "集中|统一|着力|重点|专门|多次|多种形式地|已|先后|共|累计|全年|年内|今年|同时|并|还|又|均|"
    "适时|依法|首次|率先|每季度|每月|每年|全年共|创新|坚持|专题"
)
_MEASURE_HEAD = re.compile(
    rf"^(?:(?:{_ADVERB})\s*)*(?:{_ACTION})")
#: An action verb somewhere in the first stretch of the clause (after a subject).
_ACTION_RE = re.compile(rf"(?:{_ACTION})")
_FUTURE = re.compile(r"下一步|今后|明年|下一年|将(?:继续|进一步|以|在|着力|持续|加大|不断|全面|深入|把|从|围绕|重点)|"
                     r"计划(?:于|在)|拟|力争|争取|努力|要(?:进一步|继续)")
_SLOGAN = re.compile(r"^(?:始终|坚持以|以.{0,20}为(?:指导|引领|统领|抓手)|高度重视|十分重视|深刻|坚决|全面贯彻|"
                     r"深入贯彻|深入践行|认真贯彻|贯彻落实|牢固树立|树立|增强|坚定|做到|确保|着力提升|"
                     r"为.{0,30}(?:提供|奠定|营造)|不断提高|切实提高|提高|提升|使|让|促进|形成|实现|有效|"
                     r"进一步(?:增强|提高|提升|明确)|在.{0,30}(?:中|下|上|时)$|为了|为使|为进一步|为确保)")
_RESULT = re.compile(r"^(?:(?:全年|今年|年内|累计|共|目前)?(?:受理|调处|化解|解答|排查化解|检查|覆盖|办理各类|"
                     r"办结|接待|查处|发现|纠正|责令|处理|帮助|挽回|涉及|无|未))")
_SPLIT_COMMA = set("，,")
_SENT_END = set("。；;！!？?：:\n")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of text[start:end] between clause marks (、 only before a new action)."""
    out: list[tuple[int, int]] = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in _SPLIT_COMMA or ch in _SENT_END:
            out.append((s, i))
            s = i + 1
        elif ch == "、" and _MEASURE_HEAD.match(text, i + 1, min(end, i + 12)) and \
                _ADVERB_ONLY.match(text, i + 1, min(end, i + 12)):
            out.append((s, i))
            s = i + 1
        i += 1
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


_ADVERB_ONLY = re.compile(rf"(?:{_ADVERB})")


def _is_measure_start(clause: str) -> str | None:
    """The action verb that makes this clause open a measure, or None."""
    body = _LEAD_TRIM.sub("", clause, count=1)
    if len(body) < 4 or _SLOGAN.match(body) or _RESULT.match(body) or _FUTURE.search(body):
        return None
    m = _MEASURE_HEAD.match(body)
    if m:
        verb = _ACTION_RE.search(body, 0, m.end() + 2)
        return verb.group(0) if verb else None
    # a short subject first (坡头镇联合坡头司法所组织开展…, 镇妇联…举办…)
    m2 = _ACTION_RE.search(body, 0, 16)
    if m2 and m2.start() >= 2 and m2.group(0) not in ("为", "通过", "依据", "针对", "联合", "协助", "结合"):
        before = body[:m2.start()]
        if re.search(r"[镇乡村所局委会组办室府队团我党中校院]$|(?:定期|及时|积极|深入|全面|共|累计|先后)$", before):
            return m2.group(0)
    return None


def _measures(text: str, parts: _Parts) -> list[Suggestion]:
    out: list[Suggestion] = []
    blocked = [r for r in (parts.weakness, parts.plans) if r]
    for ls, le in line_spans(text):
        if le <= parts.preamble_end or any(a <= ls < b for a, b in blocked):
            continue
        clauses = _clauses(text, ls, le)
        cur: list[int] | None = None
        verb = ""
        for a, b in clauses:
            piece = text[a:b]
            # skip a heading-like first clause (（一）健全网络 as a heading is no action)
            v = _is_measure_start(piece)
            if v:
                if cur:
                    out.append(_measure(text, cur[0], cur[1], verb))
                lead = _LEAD_TRIM.match(piece)
                cur = [a + (lead.end() if lead else 0), b]
                verb = v
            elif cur:
                ends_sentence = cur[1] < le and text[cur[1]] in _SENT_END
                if ends_sentence or _SLOGAN.match(piece) or _RESULT.match(piece) or _FIGURE.search(piece):
                    out.append(_measure(text, cur[0], cur[1], verb))
                    cur = None
                else:
                    cur[1] = b
        if cur:
            out.append(_measure(text, cur[0], cur[1], verb))
    return [s for s in out if s.end - s.start >= 4]


def _measure(text: str, s: int, e: int, verb: str) -> Suggestion:
    while e > s and text[e - 1] in _TRAIL:
        e -= 1
    quote = text[s:e]
    reason = f"动词『{verb}』+文件名" if "《" in quote and verb in ("制定", "印发", "出台", "修订", "编制") \
        else f"动词『{verb}』"
    return Suggestion(s, e, "measure", quote, 0.7, reason)


# --- weaknesses ------------------------------------------------------------------------

_WEAK_LABEL = re.compile(
    r"(?:(?<=[，,。；;：:\s])|^)(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十]{1,2}[)）]|"
    r"\d{1,2}(?:[、．]|\.(?!\d))|[（(]\d{1,2}[)）]|第[一二三四五六七八九十]、?|首先|其次|最后|再次)"
)


def _weaknesses(text: str, parts: _Parts) -> list[Suggestion]:
    if parts.weakness is None:
        return []
    start, end = parts.weakness
    # skip the heading line itself
    nl = text.find("\n", start, end)
    body_start = nl + 1 if nl >= 0 else end
    out: list[Suggestion] = []
    for ls, le in line_spans(text[body_start:end]):
        ls += body_start
        le += body_start
        labels = [m.start() + ls for m in _WEAK_LABEL.finditer(text[ls:le])]
        if not labels:
            continue
        for i, s in enumerate(labels):
            e = labels[i + 1] if i + 1 < len(labels) else le
            while e > s and text[e - 1] in _TRAIL + " ":
                e -= 1
            if e - s >= 6:
                out.append(Suggestion(s, e, "weakness", text[s:e], 0.85, "在『存在不足』部分"))
    return out


def suggest(text: str, sections: list[Section] | None = None) -> list[Suggestion]:
    """Suggested claims of ``text`` (canonical), in text order."""
    if sections is None:
        sections = detect_sections(text)
    parts = _parts(text, sections)
    found = _figures(text) + _measures(text, parts) + _weaknesses(text, parts)
    found.sort(key=lambda s: (s.start, s.end, s.tag))
    return found
