"""Quality flags: the weaknesses of a report a reviewer would otherwise hunt for by hand.

Each flag has a kind, a code-point span into the report's canonical text, the
quoted text and a Chinese message. The kinds:

- ``placeholder``: template blanks left in (x名, *次, XX镇, ××, 20xx年, 【】,
  □□, 某某单位, fill-in notes like 【单位名称】 or （填写日期）; touching blanks
  such as ××××年××月××日 are one flag). Lookalikes not flagged: 某些/某种, 张某某 (an anonymised
  person), X光, a multiplication 3×4, 【打印】-style bracketed words.
- ``wrong_title``: a 《title》 close to, but not equal to, a national rule in
  resources/rules/national_rules.txt (short forms without 中华人民共和国, a
  place name prefixed to a rule's title, and titles close to none are fine).
- ``copied``: a paragraph of 40+ characters nearly identical (≥ 90 % of its
  character 5-grams, or of its characters when a few words were added, after
  removing unit names, digits, punctuation and whitespace) to one in another
  report given in ``others``.
- ``weakness_without_cause``: the shortcomings part gives no cause.
- ``plan_unrelated``: the next-year part touches none of the topics of the
  shortcomings part.
- ``year_mismatch``: a sentence that treats a year other than the report's as
  the current one (opens with 2018年，…, 2018年以来 after the report year, 今年…2018年).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence, Union

from desktop.analysis.completeness import CAUSE_PATTERN, PART_KEYS, check
from desktop.analysis.metadata import detect_unit, detect_year
from desktop.resources import resource_path
from desktop.text import Section, detect_sections, guess_title, line_spans

KINDS: tuple[str, ...] = (
    "placeholder", "wrong_title", "copied", "weakness_without_cause", "plan_unrelated", "year_mismatch",
)
KIND_LABELS: dict[str, str] = {
    "placeholder": "模板占位符",
    "wrong_title": "文件名称有误",
    "copied": "雷同段落",
    "weakness_without_cause": "不足未分析原因",
    "plan_unrelated": "下一步安排未回应不足",
    "year_mismatch": "年份不一致",
}


@dataclass(frozen=True)
class Flag:
    """One quality problem: ``start``/``end`` are code-point offsets, ``quote`` is text[start:end]."""

    kind: str
    start: int
    end: int
    quote: str
    message: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end,
                "quote": self.quote, "message": self.message}


#: another report: its text, or (label for messages, text)
Other = Union[str, tuple[str, str]]

_HAN = r"\u3400-\u9fff\uf900-\ufaff"

# --- placeholder -------------------------------------------------------------------

#: What a count, place or date blank is followed by: counters, units, place endings.
_COUNTERS = set("名个次件项人条起家户场期篇份万元亿%％天月日年镇乡村局处科室所部街区县市届批余多宗例台辆张本")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_X_RUN = re.compile(r"[xX×＊*ｘＸ]+")
_NOT_X = re.compile(r"X(?:光|射线|线)")
_EMPTY_BRACKETS = re.compile(r"【[\s　]*】|〔[\s　]*〕|\[[\s　]*\]|[（(][\s　]*[)）]|《[\s　]*》|“[\s　]*”")
_BOXES = re.compile(r"[□■]{2,}|_{3,}|＿{2,}")
_MOUMOU = re.compile(r"某某+")
#: A template's fill-in instruction: 【单位名称】, （填写日期）, 〔此处填写…〕.
_FILL_IN = re.compile(
    r"[【〔\[][^】〕\]\n]{0,12}?(?:填写|填入|单位名称|名称|姓名|日期|数字|数量|此处)[^】〕\]\n]{0,12}?[】〕\]]|"
    r"[（(](?:请)?(?:填写|填入|此处|单位名称|姓名|日期)[^）)\n]{0,12}[）)]"
)


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(re.match(rf"[{_HAN}]", ch))


def _placeholders(text: str) -> list[tuple[int, int, str]]:
    """Placeholder spans; touching ones (××××年××月××日) are one flag."""
    out: list[tuple[int, int, str]] = []
    for s, e, msg in sorted(set(_placeholder_hits(text))):
        if out and s <= out[-1][1] + 1 and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], max(e, out[-1][1]), out[-1][2])
        else:
            out.append((s, e, msg))
    return out


def _placeholder_hits(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _X_RUN.finditer(text):
        s, e = m.span()
        run = m.group(0)
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        if before.isascii() and before.isalpha() or after.isascii() and after.isalpha():
            continue  # part of an English word or code (Excel, x86)
        if _NOT_X.match(text, s):
            continue
        xs = set(run)
        if xs <= {"×"} and len(run) == 1 and (before.isdigit() or after.isdigit() or before in ")）"):
            continue  # 3×4, (a+b)×c
        if xs <= {"*", "＊"} and not (after in _COUNTERS or before.isdigit()):
            continue  # footnote marks, emphasis
        digits = s
        while digits > 0 and text[digits - 1].isdigit() and s - digits < 4:
            digits -= 1
        end = e + 1 if after and after in _COUNTERS else e  # quote x名 / 20xx年 with its counter
        if len(run) >= 2 and (_is_han(after) or _is_han(before) or after in "%％" or digits < s):
            yield digits, end, "模板占位符未替换"
        elif after and (after in _COUNTERS or (digits < s and after in "年月日%％")):
            yield digits, end, "模板占位符未替换"
    for m in _EMPTY_BRACKETS.finditer(text):
        yield m.start(), m.end(), "空括号，内容可能未填写"
    for m in _BOXES.finditer(text):
        yield m.start(), m.end(), "待填写的空格未填写"
    for m in _FILL_IN.finditer(text):
        yield m.start(), m.end(), "模板中的填写说明未替换为实际内容"
    for m in _MOUMOU.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if before in _SURNAMES:
            continue  # 王某某: an anonymised person, on purpose
        yield m.start(), m.end(), "“某某”是模板占位符，未替换为实际名称"


# --- wrong_title ----------------------------------------------------------------

_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_PRC = "中华人民共和国"


def _norm_title(title: str) -> str:
    t = title.replace(_PRC, "")
    t = re.sub(r"(?<=\d)年", "", t)
    return re.sub(rf"[^{_HAN}0-9]", "", t)


@lru_cache(maxsize=4)
def _rules(path: str) -> tuple[tuple[str, str], ...]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append((line, _norm_title(line)))
    return tuple(out)


def national_rules() -> tuple[tuple[str, str], ...]:
    """(title, normalised title) of each national rule in resources/rules/national_rules.txt."""
    return _rules(str(resource_path("rules", "national_rules.txt")))


#: A place's own document: 浙江省…, 宁波市…, 平坝区… (national rules never start so).
_PLACE_PREFIX = re.compile(rf"^[{_HAN}]{{1,8}}?(?:省|自治区|市|自治州|州|盟|县|区|旗|镇|乡|街道)(?!人民共和国)")
#: Kinds of document local governments issue; a title of such a kind is not a near miss
#: of a national rule of another kind (……建设实施方案 is not a misspelt ……建设实施纲要).
_LOCAL_TYPE = re.compile(r"(?:实施|工作|指导|若干)?(?:方案|办法|细则|措施|计划|要点|清单|意见|安排|规则)$")
#: How close (difflib ratio of the normalised titles) a title must be to a rule to be a near miss.
TITLE_RATIO = 0.8


@lru_cache(maxsize=4096)
def _near_rule(title: str, rules: tuple[tuple[str, str], ...]) -> tuple[str, float] | None:
    """The rule ``title`` is a near miss of, or None (exact, short form, local document)."""
    norm = _norm_title(title)
    if len(norm) < 4 or _PLACE_PREFIX.match(norm):
        return None  # 浙江省……实施办法: a place's own document
    local = _LOCAL_TYPE.search(re.sub(r"\d+$", "", norm))
    best: tuple[str, float] | None = None
    for real, rnorm in rules:
        if norm == rnorm or rnorm in norm or (len(norm) >= 4 and norm in rnorm):
            return None  # the rule itself, a short form, or a local rule built on it
        if local and not re.sub(r"\d+$", "", rnorm).endswith(local.group(0)):
            continue  # ……实施方案 / 工作要点: a local document's kind, not a misspelt rule
        sm = difflib.SequenceMatcher(None, norm, rnorm, autojunk=False)
        if sm.real_quick_ratio() < TITLE_RATIO or sm.quick_ratio() < TITLE_RATIO:
            continue
        r = sm.ratio()
        if r >= TITLE_RATIO and (best is None or r > best[1]):
            best = (real, r)
    return best


def _wrong_titles(text: str) -> Iterable[tuple[int, int, str]]:
    rules = national_rules()
    seen: dict[str, tuple[str, float] | None] = {}
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        if title not in seen:
            seen[title] = _near_rule(title, rules)
        hit = seen[title]
        if hit is not None:
            yield m.start(), m.end(), f"文件名称与《{hit[0]}》相近但不一致，请核对"


# --- copied ---------------------------------------------------------------------------

COPY_MIN_CHARS = 40
COPY_SIMILARITY = 0.9
#: 5-gram share from which a pair is compared character by character: a word added
#: to a short paragraph breaks five 5-grams per character but only adds characters
_COPY_MAYBE = 0.6
#: longest wording compared character by character (difflib is quadratic at worst)
_DIFF_MAX = 3000
_SHINGLE = 5
_NOISE = re.compile(rf"[^{_HAN}A-Za-z]+")
_WE = re.compile(r"我(?:镇|乡|街道|局|区|县|市|委|办|所|单位|部门)")


def _unit_names(text: str) -> list[str]:
    unit = detect_unit(guess_title(text), text)
    if not unit:
        return []
    names = [unit]
    m = re.match(r"(.{2,}?)(?:街道办事处|街道|镇|乡|局|委员会|办公室)$", unit)
    if m:
        names.append(m.group(1))
    return sorted(names, key=len, reverse=True)


def _normalise_para(line: str, units: Sequence[str]) -> str:
    for u in units:
        line = line.replace(u, "")
    line = _WE.sub("我", line)
    return _NOISE.sub("", line)


def _shingles(s: str) -> set[int]:
    return {hash(s[i:i + _SHINGLE]) for i in range(max(1, len(s) - _SHINGLE + 1))}


@dataclass
class _Para:
    doc: int
    start: int
    end: int
    uid: int  # its normalised wording, shared by every paragraph worded alike


class CopyIndex:
    """The long paragraphs of several reports, indexed by their character 5-grams.

    Built once for a round, so finding the copies among 40 reports reads each
    text once; :meth:`copies` answers for one report against the others allowed.
    Paragraphs worded alike once normalised (the same stock paragraph in twenty
    reports) are compared once, as one entry."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str] | None = None) -> None:
        self.labels = list(labels) if labels is not None else [f"第 {i + 1} 份报告" for i in range(len(texts))]
        self.paras: list[list[_Para]] = []
        self._uid: dict[str, int] = {}
        self._shingles: list[set[int]] = []
        self._docs: list[list[int]] = []  # per wording, the reports holding it, in order
        self._postings: dict[int, list[int]] = {}
        self._cands: dict[tuple[int, float], list[int]] = {}
        self._rare: dict[int, list[int]] = {}
        self._df: dict[int, int] = {}
        self._inter: dict[tuple[int, int], int] = {}
        self._matched: dict[tuple[int, int], int] = {}
        self._norms: list[str] = []
        for doc, text in enumerate(texts):
            units = _unit_names(text)
            mine = []
            for s, e in line_spans(text):
                if e - s < COPY_MIN_CHARS:
                    continue
                norm = _normalise_para(text[s:e], units)
                if len(norm) < COPY_MIN_CHARS * 3 // 4:
                    continue
                uid = self._uid.get(norm)
                if uid is None:
                    uid = self._uid[norm] = len(self._shingles)
                    shingles = _shingles(norm)
                    self._shingles.append(shingles)
                    self._norms.append(norm)
                    self._docs.append([])
                    for h in shingles:
                        self._postings.setdefault(h, []).append(uid)
                if not self._docs[uid] or self._docs[uid][-1] != doc:
                    self._docs[uid].append(doc)
                mine.append(_Para(doc, s, e, uid))
            self.paras.append(mine)
        self._df = {h: len(ids) for h, ids in self._postings.items()}

    def _candidates(self, uid: int, share: float) -> list[int]:
        """Wordings that may hold ``share`` of ``uid``'s 5-grams (never ``uid`` itself)."""
        key = (uid, share)
        hit = self._cands.get(key)
        if hit is not None:
            return hit
        mine = self._shingles[uid]
        rare = self._rare.get(uid)
        if rare is None:
            rare = self._rare[uid] = sorted(mine, key=self._df.__getitem__)
        # Prefix filtering: a wording holding >= 90 % (60 %) of these shingles holds at
        # least one of any 10 % (40 %) + 1 of them, so the rarest few find every
        # candidate exactly, however common the stock wording is.
        probe = rare[:int(len(rare) * (1 - share)) + 1]
        least = len(mine) * share
        out = [v for v in {v for h in probe for v in self._postings[h]}
               if v != uid and len(self._shingles[v]) >= least]
        self._cands[key] = out
        return out

    def _similarity(self, uid: int, vid: int) -> float:
        """How much of ``uid``'s wording ``vid`` holds: the share of its 5-grams, or, when
        that is between 60 and 90 %, the share of its characters in difflib's matching
        blocks (a pair's intersection and comparison are computed once)."""
        key = (uid, vid) if uid < vid else (vid, uid)
        inter = self._inter.get(key)
        if inter is None:
            inter = self._inter[key] = len(self._shingles[uid] & self._shingles[vid])
        share = inter / len(self._shingles[uid])
        if share >= COPY_SIMILARITY or share < _COPY_MAYBE or len(self._norms[vid]) > _DIFF_MAX:
            return share
        matched = self._matched.get(key)
        if matched is None:
            a, b = self._norms[key[0]], self._norms[key[1]]
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            matched = self._matched[key] = sum(m.size for m in sm.get_matching_blocks())
        return matched / len(self._norms[uid])

    def copies(self, doc: int, allowed: Iterable[int] | None = None) -> list[tuple[_Para, int, float]]:
        """(paragraph of ``doc``, other doc, similarity) for each copied paragraph; the
        other doc is the first one (in the order given) holding the same wording, else
        a close copy, else a copy with words added."""
        allow = set(range(len(self.paras)) if allowed is None else allowed) - {doc}

        def first(vid: int) -> int | None:
            return next((d for d in self._docs[vid] if d in allow), None)

        out = []
        for para in self.paras[doc]:
            same = first(para.uid)  # the very same wording elsewhere
            best = (same, 1.0) if same is not None else None
            # Close copies (>= 90 % of the 5-grams) first; only a paragraph without one
            # looks further, for a copy with words added.
            for share in (COPY_SIMILARITY, _COPY_MAYBE):
                order = sorted((d, vid) for vid in self._candidates(para.uid, share)
                               if (d := first(vid)) is not None and (best is None or d < best[0]))
                for d, vid in order:
                    sim = self._similarity(para.uid, vid)
                    if sim >= COPY_SIMILARITY:
                        best = (d, sim)
                        break
                if best is not None:
                    break
            if best is not None:
                out.append((para, best[0], best[1]))
        return out


# --- parts: weaknesses and plans ------------------------------------------------------------


def _part_spans(text: str, sections: list[Section]) -> dict[str, tuple[int, int, int]]:
    """key -> (heading start, body start, end) of each statutory part found; the
    heading is heading start..body start (a heading running on into its paragraph,
    二、存在不足。一是……, ends at its full stop)."""
    result = check(text, sections)
    starts = sorted(p.start for p in result.parts.values() if p.found and p.start is not None)
    out = {}
    for key in PART_KEYS:
        part = result.parts[key]
        if not part.found or part.start is None:
            continue
        end = len(text)
        later = [s for s in starts if s > part.start]
        if later:
            end = later[0]
        for sec in sections:
            if sec.start == part.start:
                end = min(end, sec.end + 1) if sec.end > sec.start else end
                break
        body = part.start + len(part.heading or "")
        out[key] = (part.start, min(body, end), end)
    return out


#: Topics a shortcoming or a plan is about: any word of a group marks the group.
TOPICS: dict[str, tuple[str, ...]] = {
    "普法宣传": ("普法", "宣传", "法治教育", "法律知识", "学法用法", "法治文化"),
    "法治意识": ("意识", "观念", "思维", "认识", "重视"),
    "队伍能力": ("培训", "学习", "能力", "素质", "业务", "专业", "人才", "队伍", "人员", "力量"),
    "执法": ("执法", "处罚", "检查", "监管"),
    "监督考核": ("监督", "考核", "督察", "督查", "问责", "考评", "评议"),
    "决策审查": ("决策", "合法性审查", "审核", "规范性文件", "法律顾问", "备案"),
    "矛盾纠纷": ("信访", "矛盾", "纠纷", "调解", "化解"),
    "复议诉讼": ("复议", "诉讼", "应诉", "出庭"),
    "经费保障": ("经费", "投入", "资金", "保障"),
    "基层": ("基层", "村", "社区", "网格"),
    "信息化": ("信息化", "数字", "智慧", "平台", "网络"),
    "政务公开": ("公开", "透明"),
    "政务服务": ("政务服务", "审批", "营商环境", "便民"),
    "制度机制": ("制度", "机制", "体系"),
}
#: topics too general to show that a plan answers a shortcoming
_WEAK_TOPICS = {"制度机制"}


def topics_of(text: str) -> set[str]:
    return {t for t, words in TOPICS.items() if any(w in text for w in words)}


#: Words that show the shortcomings part analyses causes (completeness's, and a few more).
CAUSES = re.compile(CAUSE_PATTERN.pattern + r"|导致|造成|致使|在于|归结|主要是由")


def _weakness_and_plan(text: str, parts: dict[str, tuple[int, int, int]]) -> Iterable[tuple[str, int, int, str]]:
    weak = parts.get("weaknesses")
    if weak is None:
        return
    head, body, end = weak
    wtext = text[body:end]
    # The heading (不足和原因) only names the part: the causes must be in its body.
    if len(re.sub(r"\s", "", wtext)) >= 20 and not CAUSES.search(wtext):
        yield ("weakness_without_cause", head, body if body > head else end,
               "“存在的不足”部分只列出问题，没有分析原因（法定要求为“不足和原因”）")
    plan = parts.get("next_year")
    if plan is None or plan[0] < head:
        return
    wtopics = topics_of(wtext) - _WEAK_TOPICS
    ptext = text[plan[1]:plan[2]]
    if not wtopics or len(re.sub(r"\s", "", ptext)) < 20:
        return
    if not (wtopics & topics_of(ptext)):
        yield ("plan_unrelated", plan[0], plan[1] if plan[1] > plan[0] else plan[2],
               f"下一年度安排没有回应所列不足（{'、'.join(sorted(wtopics))}）")


# --- year_mismatch ----------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？；!?;\n]+")
_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．是]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])\s*")
_OPENING_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(度)?(以来|来|全年|上半年|下半年|[,，、]|[，,]?(?:我|全|在|以|围绕|按照|根据|坚持))")
_NOW_WORDS = re.compile(r"今年|本年度|本年|年内|当年")
_ANY_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)")
_COMPARED = re.compile(r"比|较|与|相比|同比|上年|截至|自")
_FUTURE = re.compile(r"将|计划|拟|力争|继续|要|争取|打算|下一步|明年")


def _year_mismatches(text: str, year: int, plan: tuple[int, int] | None) -> Iterable[tuple[int, int, str]]:
    for m in _SENTENCE.finditer(text):
        s = m.start()
        sentence = m.group(0)
        in_plan = plan is not None and plan[0] <= s < plan[1]
        lab = _LABEL.match(sentence)
        off = lab.end() if lab else len(sentence) - len(sentence.lstrip())
        om = _OPENING_YEAR.match(sentence, off)
        if om:
            y = int(om.group(1))
            since = om.group(3) in ("以来", "来")
            bad = y > year if since else y != year
            if bad and y == year + 1 and (in_plan or _FUTURE.search(sentence)):
                bad = False  # next year's plans
            if bad and not since and y < year and re.search(r"以来|至今|连续", sentence):
                bad = False  # 2018年，我镇…以来 / a history
            if bad:
                yield (s + om.start(1), s + om.end(1) + 1,
                       f"报告年度为{year}年，此句却以{y}年为本年度")
                continue
        if _NOW_WORDS.search(sentence) and not in_plan:
            for ym in _ANY_YEAR.finditer(sentence):
                y = int(ym.group(1))
                near = sentence[max(0, ym.start() - 6):ym.end() + 6]
                if y != year and _NOW_WORDS.search(near) and not _COMPARED.search(
                        sentence[max(0, ym.start() - 4):ym.start()]):
                    yield (s + ym.start(1), s + ym.end(1) + 1,
                           f"报告年度为{year}年，文中把{y}年称为“今年/本年度”")
                    break


# --- the whole report ---------------------------------------------------------------------


def _other_text(o: Other) -> str:
    return o[1] if isinstance(o, tuple) else o


def _other_label(o: Other, i: int) -> str:
    return o[0] if isinstance(o, tuple) else f"第 {i + 1} 份对照报告"


def flags(text: str, sections: list[Section] | None = None, *, year: int | None = None,
          others: Sequence[Other] = ()) -> list[Flag]:
    """All quality flags of one report, in text order.

    ``others`` are the other reports of the round and the same unit's reports of
    earlier years (texts, or (label, text) pairs), compared for ``copied``."""
    index = None
    if others:
        texts = [text, *(_other_text(o) for o in others)]
        labels = ["本报告", *(_other_label(o, i) for i, o in enumerate(others))]
        index = CopyIndex(texts, labels)
    return _flags(text, sections, year, index, 0, None)


def round_flags(texts: Sequence[str], *, labels: Sequence[str] | None = None,
                years: Sequence[int | None] | None = None,
                sections: Sequence[list[Section] | None] | None = None,
                compare: Sequence[Iterable[int]] | None = None) -> list[list[Flag]]:
    """The flags of every report of a round, ``copied`` across them (one index for all).

    ``compare[i]`` lists the reports report i is compared with (default: all others)."""
    index = CopyIndex(texts, labels)
    out = []
    for i, text in enumerate(texts):
        out.append(_flags(text, sections[i] if sections else None, years[i] if years else None,
                          index, i, compare[i] if compare is not None else None))
    return out


def _flags(text: str, sections: list[Section] | None, year: int | None,
           index: CopyIndex | None, doc: int, allowed: Iterable[int] | None) -> list[Flag]:
    if sections is None:
        sections = detect_sections(text)
    found: list[tuple[str, int, int, str]] = []
    found += [("placeholder", s, e, msg) for s, e, msg in _placeholders(text)]
    found += [("wrong_title", s, e, msg) for s, e, msg in _wrong_titles(text)]
    if index is not None:
        for para, other, sim in index.copies(doc, allowed):
            found.append(("copied", para.start, para.end,
                          f"本段与{index.labels[other]}中的段落几乎相同（相似度 {sim:.0%}）"))
    parts = _part_spans(text, sections)
    found += list(_weakness_and_plan(text, parts))
    if year is None:
        year = detect_year(guess_title(text), text)
    if year is not None:
        plan = parts.get("next_year")
        found += [("year_mismatch", s, e, msg)
                  for s, e, msg in _year_mismatches(text, year, (plan[0], plan[2]) if plan else None)]
    found.sort(key=lambda f: (f[1], f[2], KINDS.index(f[0])))
    return [Flag(kind, s, e, text[s:e], msg) for kind, s, e, msg in found]
