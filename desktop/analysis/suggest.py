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
    "村|套|块|部|组|种|类|轮|天|米|亩|封|张|堂|节|幅|辆|吨|间|栋|号|届|卷|盘|万|亿"
)
_FIGURE = re.compile(
    rf"(?<![\d.．:：/\-+])({_NUM})[ \t]*(?:[余多]?(?:万|亿)?[余多]?)"
    rf"(?:(?:{_UNITS})(?:[余多](?=人|次))?|[%％])(?:以上|左右)?"
    # a count named by its noun, without a unit: 申领执法证件数为29
    rf"|(?:(?<=数为)|(?<=数是)|(?<=数达)|(?<=总数))({_NUM})(?![\d.．%％])"
)
#: What stops a figure clause going backwards / forwards.
_CLAUSE_STOP = set("，,。；;：:！!？?\n")
_LEAD_TRIM = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]|"
    r"[一二三四五六七八九十]{1,3}、|其中|同时|此外|另外)\s*")
_TRAIL = "、，,。；;：:！!？?"
#: A figure runs on to its clause's end when what it counts follows the number
#: (召开1次矛盾纠纷排查调处工作协调会议) within this many characters and no other number does.
FIGURE_TAIL_MAX = 20
#: What closes a name in quotes after a number and its unit: “3个”, “3个1”.
_NAME_END = re.compile(r"\d{0,2}[”\"》]")


def _figures(text: str) -> list[Suggestion]:
    out: list[Suggestion] = []
    n = len(text)
    prev_end = -1
    for m in _FIGURE.finditer(text):
        before = text[max(0, m.start() - 1):m.start()]
        if before == "第":
            continue  # an ordinal (第3次会议), not a count
        unit = text[m.end(1):m.end()].strip() if m.group(1) else "数"
        if not unit:
            continue
        after = _NAME_END.match(text, m.end())
        if after and text[max(0, m.start() - 1):m.start()] in ("“", "\"", "《"):
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
        while k < n and text[k] not in _CLAUSE_STOP and text[k] not in "(（" and k - e < 40:
            if text[k].isdigit():
                break
            k += 1
        if (k >= n or text[k] in _CLAUSE_STOP or text[k] in "(（") and k - e <= FIGURE_TAIL_MAX:
            e = k
        while e > m.end() and text[e - 1] in _TRAIL:
            e -= 1
        if s >= e:
            continue
        out.append(Suggestion(s, e, "figure", text[s:e], 0.9, "数字+量词" if m.group(1) else "『数为』+数字"))
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


#: Where next year's plans begin inside a part that also lists the problems.
_PLAN_CUE = re.compile(r"下一步|今后|明年|下一年度?|(?:19|20)\d\d年(?:工作)?(?:打算|计划|安排|思路|将)|"
                       r"将(?:继续|进一步|从|着力|持续|加大|不断|重点|围绕)|(?:改进|整改)(?:措施|方向)|努力方向")


def _parts(text: str, sections: list[Section]) -> _Parts:
    result = check(text, sections)
    starts = [p.start for p in result.parts.values() if p.found and p.start is not None]
    weak = result.parts["weaknesses"]
    plans = result.parts["next_year"]
    weak_region = _region(text, sections, weak.start, starts) if weak.found and weak.start is not None else None
    plan_region = _region(text, sections, plans.start, starts) if plans.found and plans.start is not None else None
    if plan_region and weak_region and weak_region[0] == plan_region[0]:
        # one heading for both (存在的问题和下一步打算): the problems end where the plans begin
        body = text.find("\n", weak_region[0], weak_region[1])
        cue = _PLAN_CUE.search(text, body + 1 if body >= 0 else weak_region[1], weak_region[1])
        if cue:
            weak_region = (weak_region[0], cue.start())
            plan_region = (cue.start(), plan_region[1])
    first = min(starts) if starts else (sections[0].start if sections else 0)
    if not starts and not sections:
        first = text.find("\n") + 1 if "\n" in text else 0
    return _Parts(first, weak_region, plan_region)


# --- measures -------------------------------------------------------------------------

#: Verbs that open an action taken (a body set up, a rule issued, a meeting held…).
_ACTION = (
    "成立|组建|设立|设置|建立|健全|完善|制定|制发|出台|印发|修订|编制|召开|举办|举行|开展|组织|推行|实行|实施|"
    "落实|推进|推动|加强|加快|发放|派发|配备|聘请|邀请|签订|签署|梳理|调整|开办|发布|公开|公示|公布|"
    "印制|制作|用好|采取|督促|做好|抓好|进行|深化|规范|强化|办理|报告|接受|配合|部署|开设|打造|"
    "创建|整治|打击|走访|收集|提供|纳入|列为|列入|下设|发挥|执行|推送|聘任|选派|选聘|增设|修改|废止|"
    "清理|审查|审核|备案|评查|排查|督查|约谈|讲授|授课|处理|履行|明确了|分解|相结合|协调|培育|选树|"
    "评选|表彰|张贴|悬挂|播放|更新|学习|学法|编印|录制|拍摄|举荐|安排|落地"
)
#: Verbs that open a clause leading into an action (依托“12.4”…，开展…).
_LEAD_IN = "充分利用|依托|依据|根据|按照|通过|结合|针对|围绕|借助|利用|联合|协助|会同|紧密结合|紧扣"
_ADVERB = (
    "及时|定期|积极|深入|全面|严格|认真|大力|切实|扎实|进一步|不断|充分|精心|主动|持续|广泛|"
    "集中|统一|着力|重点|专门|多次|多种形式地|已经|已|先后|全年共|共|累计|全年|年内|今年|同时|并且|并|"
    "还|又|均|都|分别|也|适时|依法|首次|率先|每季度|每月|每年|每周|创新|坚持|专题|免费|常态化|"
    "迅速|高效|有序|规范|逐步|全力"
)
_MEASURE_HEAD = re.compile(rf"^(?:(?:{_ADVERB})\s*)*(?:{_ACTION})")
_LEAD_HEAD = re.compile(rf"^(?:(?:{_ADVERB})\s*)*(?:{_LEAD_IN})")
_ACTION_RE = re.compile(rf"(?:{_ACTION})")
_ADVERB_END = re.compile(rf"(?:{_ADVERB})$")
#: A prepositional phrase before the verb: 向干部发放…, 为4个村聘请…, 对…进行…, 把…纳入….
_PREP = re.compile(r"^(?:向|为|对|与|到|在|给|同|从|将|把)")
_ADVERBS_LEAD = re.compile(rf"^(?:(?:{_ADVERB})\s*)+")
_SUBJECT_PREP = re.compile(r"[镇乡村所局委会组办室府队团站联](?:到|在|向|为|对|与|给|联合|协助|会同)")
_SUBJECT_END = re.compile(r"[镇乡村所局委会组办室府队团我党中校院站联社区部门人员干部)）]$")
_FUTURE = re.compile(r"下一步|今后|明年|下一年|来年|将(?:继续|进一步|以|在|着力|持续|加大|不断|全面|深入|从|围绕|重点|"
                     r"积极|大力|切实|认真|坚持|努力|加快|更加|推动|推进|加强|建立|完善)|"
                     r"计划(?:于|在)|拟|力争|争取|努力|要(?:进一步|继续)|打算")
_SLOGAN = re.compile(r"^(?:始终|坚持以|以.{0,20}为(?:指导|引领|统领|抓手|核心|目标)|高度重视|十分重视|深刻|坚决|全面贯彻|"
                     r"深入贯彻|深入践行|认真贯彻|贯彻落实|牢固树立|树立|增强|坚定|做到|确保|着力提升|"
                     r"为.{0,30}(?:提供|奠定|营造)|不断提高|切实提高|提高|提升|使|让|促进|形成|实现|有效|"
                     r"进一步(?:增强|提高|提升)|在.{0,30}(?:中|下|上|时|期间)$|为了|为使|为进一步|为确保|"
                     r"常抓不懈|狠抓|齐抓共管|营造|弘扬|筑牢|巩固|夯实|学习贯彻|把.{0,20}转化为|今年以来|近年来|目前$)")
_RESULT = re.compile(r"^(?:(?:全年|今年|年内|累计|共|目前|截至.{0,10})?(?:受理|调处|化解|解答|排查化解|检查|覆盖|"
                     r"办理各类|办结|接待|查处|发现|纠正|责令|帮助|挽回|涉及|无|未))")
_LABEL_ONLY = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:[、．]|\.(?!\d))|"
    r"[一二三四五六七八九十]{1,3}、)")
_FIGURE_END = re.compile(rf"\d[余多]?(?:万|亿)?[余多]?(?:{_UNITS}|[%％])(?:以上|左右)?$")
_SPLIT_COMMA = set("，,")
_SENT_END = set("。；;！!？?：:\n")
#: A labelled sentence this short, ended by 。 or the line, is a heading (（二）健全网络，完善制度。).
HEADING_MAX = 24
#: A paragraph opening with a sentence this short, no comma, is led by a topic line.
TOPIC_MAX = 14


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of text[start:end] between clause marks; 、 splits only before a
    new action (…活动、深入开展…) or after a counted item (…3000余份、组织…4场)."""
    out: list[tuple[int, int]] = []
    s = start
    quoted = 0
    for i in range(start, end):
        ch = text[i]
        if ch in "“《":
            quoted += 1
        elif ch in "”》":
            quoted = max(0, quoted - 1)
        elif quoted and ch in _SPLIT_COMMA:
            continue  # a comma inside a title or quotation (“维护青少年权益，宪法与你我同行”)
        if ch in _SPLIT_COMMA or ch in _SENT_END:
            out.append((s, i))
            s = i + 1
        elif ch == "、":
            nxt = text[i + 1:min(end, i + 14)]
            if (_MEASURE_HEAD.match(nxt) and _ADVERB_HEAD.match(nxt)) or _FIGURE_END.search(text[max(s, i - 14):i]):
                out.append((s, i))
                s = i + 1
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


_ADVERB_HEAD = re.compile(rf"^(?:{_ADVERB})")


def _verb_of(body: str) -> tuple[str, str] | None:
    """(verb, how) when this clause opens a measure, else None; a count of
    results (公开信息116条, 办理事项1152件) is a figure only."""
    hit = _action_of(body)
    if hit and hit[0] in _RESULT_VERBS and _FIGURE.search(body):
        return None
    return hit


def _action_of(body: str) -> tuple[str, str] | None:
    """(verb, how) when this clause opens a measure, else None. ``how`` is
    "head" (the clause opens with the verb), "lead" (a lead-in such as 依托…
    waiting for its action), "framed" (依托…开展… in one clause) or "subject"
    (a subject or prepositional phrase first: 镇妇联联合…举办…, 向干部发放…)."""
    if len(body) < 4 or _SLOGAN.match(body) or _RESULT.match(body) or _FUTURE.search(body):
        return None
    m = _MEASURE_HEAD.match(body)
    if m:
        verb = _ACTION_RE.search(body, m.start(), m.end())
        if verb and len(body) - verb.end() >= 2:
            return verb.group(0), "head"
    lead = _LEAD_HEAD.match(body)
    if lead:
        inner = _ACTION_RE.search(body, lead.end())
        if inner and len(body) - inner.end() >= 2 and not _LEAN_ON.search(body):
            return inner.group(0), "framed"
        return body[:lead.end()], "lead"
    for m2 in _ACTION_RE.finditer(body, 1, min(len(body), 36)):
        before = body[:m2.start()]
        if len(body) - m2.end() < 2 and m2.group(0) not in ("相结合", "分解"):
            continue
        if before.endswith("的") or _SLOGAN.search(before) or _CAUSATIVE.search(before):
            return None
        core = _ADVERBS_LEAD.sub("", before)
        if _PREP.match(core) or _SUBJECT_END.search(before) or _ADVERB_END.search(before) or \
                _SUBJECT_PREP.search(before):
            return m2.group(0), "subject"
    return None


_CAUSATIVE = re.compile(r"引导|督促|要求|鼓励|动员|帮助|教育|促使|推动")
#: What a lead-in clause leans on (依托国家干部学法考法制度): its object, not an action.
_LEAN_ON = re.compile(r"(?:制度|机制|平台|节点|阵地|优势|资源|载体|实际|要求|精神|规定|方案|契机|特点|需求)$")
#: Verbs whose counts are results (items published, cases handled), not actions taken.
_RESULT_VERBS = frozenset("公开 公示 公布 办理 处理 审查 审核 备案 排查".split())
#: Clauses that carry on the action before them (…会议，对…进行动员; …队伍，并定期开展…).
_CONTINUE = re.compile(r"^(?:对|把|以(?!及)|进行|提供|做到|实现)")
_PURPOSE = re.compile(r"^(?:为了|为使|为进一步|为确保|为推动|为加强|为切实)")
_FRAME = re.compile(r"^在.{0,30}(?:中|下|上|时|期间)$")
#: Concrete actions (a body, a document, a meeting, an event): surer than 推进/加强 ….
_CONCRETE = re.compile(r"成立|组建|设立|设置|制定|出台|印发|修订|编制|召开|举办|举行|发放|派发|配备|聘请|邀请|"
                       r"签订|开办|发布|公布|印制|制作|下设|选派|开设|表彰|《")
_VAGUE_VERBS = frozenset("推进 加强 深化 强化 加快 推动 做好 抓好 规范 完善 健全 落实 发挥".split())
_VAGUE_END = re.compile(r"(?:工作|建设|意识|水平|能力|改革|管理|作用|氛围|理念|思想|精神|体系)$")


def _heading_end(text: str, a: int, le: int, line_start: bool) -> int | None:
    """Where a heading opening at ``a`` ends (its 。 or the line end), if it is one:
    a short labelled sentence (（二）健全网络，完善制度。), or a paragraph's short
    unlabelled topic sentence (围绕重点工作用好法治工具。…)."""
    label = _LABEL_ONLY.match(text[a:le])
    k = a
    while k < le and text[k] not in "。；;！!？?：:":
        k += 1
    if k < le and text[k] != "。":
        return None
    if label is None:
        topic = text[a:k]
        if line_start and k + 1 < le and len(topic) <= TOPIC_MAX and not re.search(r"[，,、\d《了]", topic) \
                and not _CONCRETE.search(topic):
            return k + 1
        return None
    return k + 1 if k - a - label.end() <= HEADING_MAX else None


def _measures(text: str, parts: _Parts) -> list[Suggestion]:
    out: list[Suggestion] = []
    blocked = [r for r in (parts.weakness, parts.plans) if r]
    for ls, le in line_spans(text):
        if le <= parts.preamble_end or any(a <= ls < b for a, b in blocked):
            continue
        line = text[ls:le]
        if len(line) <= 40 and not any(c in line for c in "。；;！!？?"):
            continue  # a stand-alone heading (（一）完善组织领导体系)
        out.extend(_line_measures(text, ls, le))
    return [s for s in out if s.end - s.start >= 4]


def _line_measures(text: str, ls: int, le: int) -> list[Suggestion]:
    out: list[Suggestion] = []
    cur: list[int] | None = None  # [start, end] of the measure being built
    verb = ""
    cur_fig = cur_label = framed = purpose = False
    pending: int | None = None  # start of a lead-in clause waiting for its action
    skip_to = ls

    def close() -> None:
        nonlocal cur
        if cur:
            out.append(_measure(text, cur[0], cur[1], verb))
        cur = None

    for a, b in _clauses(text, ls, le):
        if a < skip_to:
            continue
        new_sentence = a == ls or text[a - 1] in "。；;！!？?"
        if new_sentence:
            close()  # a claim never runs on into the next sentence
            purpose = framed = False
            pending = None
            h = _heading_end(text, a, le, a == ls)
            if h is not None:
                close()
                pending, skip_to = None, h
                continue
        piece = text[a:b]
        lead = _LEAD_TRIM.match(piece)
        a2 = a + (lead.end() if lead else 0)
        body = text[a2:b]
        labelled = bool(lead and _LABEL_ONLY.match(piece))
        has_fig = bool(_FIGURE.search(body))
        if _PURPOSE.match(body):
            close()
            purpose, pending = True, None
            continue
        hit = _verb_of(body)
        if purpose and hit and hit[1] in ("head", "lead"):
            continue  # 为进一步…，深入推进…，根据…: the purpose, not the action
        if cur and not new_sentence and not _SLOGAN.match(body) and not _RESULT.match(body):
            joins = _CONTINUE.match(body) or framed
            if hit and hit[1] == "head" and not joins:
                # one counted action beside an uncounted one is one claim (加强…监督，开展监督检查6次);
                # an action after a labelled opening carries it on (1、健全…程序，落实…制度)
                joins = cur_label and not has_fig and not cur_fig
            if joins and (not has_fig or not cur_fig):
                cur[1] = b
                cur_fig = cur_fig or has_fig
                framed = False
                continue
        if _FRAME.match(body):
            if cur:
                cur[1] = b
                framed = True
            else:
                pending = a2
            continue
        after_item = text[a - 1] == "、" and cur_fig and cur is not None if a > 0 else False
        if hit and hit[1] == "lead":
            close()
            pending = a2
            continue
        if hit or (after_item and has_fig):
            close()
            cur = [pending if pending is not None else a2, b]
            verb = hit[0] if hit else verb
            cur_fig, cur_label, purpose = has_fig, labelled, False
            pending = None
            continue
        pending = None
        if cur:
            ends_sentence = text[cur[1]] in _SENT_END if cur[1] < le else True
            if ends_sentence or _SLOGAN.match(body) or _RESULT.match(body) or has_fig:
                close()
            else:
                cur[1] = b
    close()
    return out


def _measure(text: str, s: int, e: int, verb: str) -> Suggestion:
    while e > s and text[e - 1] in _TRAIL:
        e -= 1
    quote = text[s:e]
    if "《" in quote and verb in ("制定", "印发", "出台", "修订", "编制"):
        reason = f"动词『{verb}』+文件名"
    elif _FIGURE.search(quote):
        reason = f"动词『{verb}』+次数"
    else:
        reason = f"动词『{verb}』"
    if _CONCRETE.search(quote) or _FIGURE.search(quote):
        score = 0.8
    elif _VAGUE_END.search(quote) and len(quote) <= 14 and verb in _VAGUE_VERBS:
        score = 0.5  # 推进法治建设工作, 强化依法治乡意识: a stance as much as an action
    else:
        score = 0.7
    return Suggestion(s, e, "measure", quote, score, reason)


# --- weaknesses ------------------------------------------------------------------------

_WEAK_LABEL = re.compile(
    r"(?:(?<=[，,。；;：:\s])|^)(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十]{1,2}[)）]|"
    r"\d{1,2}(?:[、．]|\.(?!\d))|[（(]\d{1,2}[)）]|第[一二三四五六七八九十]、?|首先|其次|最后|再次)"
)


#: Words of an admitted problem, for a shortcomings part written without labels.
_PROBLEM = re.compile(r"不足|不够|不高|不强|不深|不细|不多|不严|不全|薄弱|欠缺|缺乏|缺少|有待|单一|淡薄|滞后|不到位|"
                      r"不完善|不健全|不平衡|不规范|不充分|不明显|差距|短板|参差不齐|较弱|较低|偏少|偏弱|亟待|仍需|还需")
#: The sentence that introduces the problems (虽然取得了一定成绩，但…主要表现在：).
_INTRO = re.compile(r"虽然|虽|取得了?一定|一定(?:的)?成绩|成效|主要表现|表现(?:在|为)|如下|以下几个方面|原因(?:在于|如下|主要)")


def _weaknesses(text: str, parts: _Parts) -> list[Suggestion]:
    if parts.weakness is None:
        return []
    start, end = parts.weakness
    out: list[Suggestion] = []
    for ls, le in line_spans(text[start:end]):
        ls += start
        le += start
        if ls == start:  # the heading line: its body, if any, starts after the heading
            m = re.search(r"[。：:]", text[ls:le])
            if m is None:
                continue
            ls += m.end()
        labels = [m.start() + ls for m in _WEAK_LABEL.finditer(text[ls:le])]
        if labels:
            pieces = [(s, labels[i + 1] if i + 1 < len(labels) else le, "在『存在不足』部分") for i, s in enumerate(labels)]
        else:
            pieces = [(ls + m.start(), ls + m.end(), "在『存在不足』部分，问题用语")
                      for m in re.finditer(r"[^。；;！!？?]+", text[ls:le])
                      if _PROBLEM.search(m.group(0)) and not _INTRO.search(m.group(0))]
        for s, e, reason in pieces:
            while e > s and text[e - 1] in _TRAIL + " ":
                e -= 1
            while s < e and text[s] in _TRAIL + " ":
                s += 1
            if e - s >= 6:
                out.append(Suggestion(s, e, "weakness", text[s:e], 0.85 if labels else 0.75, reason))
    return out


#: Suggestions scoring less are left out by default: the threshold the
#: leave-one-report-out evaluation chose on every split (scripts/eval_suggestions.py).
MIN_SCORE = 0.6


def suggest(text: str, sections: list[Section] | None = None, *, min_score: float = MIN_SCORE) -> list[Suggestion]:
    """Suggested claims of ``text`` (canonical), in text order, each scoring at least ``min_score``."""
    if sections is None:
        sections = detect_sections(text)
    parts = _parts(text, sections)
    found = [s for s in _figures(text) + _measures(text, parts) + _weaknesses(text, parts) if s.score >= min_score]
    found.sort(key=lambda s: (s.start, s.end, s.tag))
    return found
