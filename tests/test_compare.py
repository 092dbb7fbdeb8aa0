"""Issue 14, same unit across years: desktop.analysis.compare and ``python -m desktop compare``."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.analysis import compare as cmp
from desktop.analysis.compare import (
    CHANGED,
    REPEATED,
    classify,
    compare,
    diff_spans,
    earlier_of,
    normalise,
    paragraphs,
    repeated_share,
    similarity,
)
from desktop.importers import import_file
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.text import detect_sections

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def _seed(i: int) -> str:
    return import_file(SEEDS[i]).text


# --- a planted next-year report -----------------------------------------------------------

_CLAUSES = ["全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，",
            "依托“互联网+政务服务”平台实现群众办事“最多跑一次”，",
            "聘请专职律师担任政府法律顾问并建立季度会商机制，",
            "围绕优化营商环境开展涉企行政规范性文件专项清理，"]
_NEW = ["本年度我镇首次引入第三方机构对行政执法案卷开展交叉评查，共抽查案卷若干卷，发现并整改问题若干个，"
        "评查结果纳入年度绩效考核。",
        "针对村级小微权力运行不规范的问题，制定小微权力清单三十六条，绘制运行流程图并在各村公示栏张贴，"
        "接受群众监督。",
        "建成镇级公共法律服务工作站，配备专职人民调解员两名，全年接待群众法律咨询若干人次，"
        "化解矛盾纠纷若干起，群众满意度明显提升。",
        "推动“智慧司法”建设，在镇便民服务中心设置远程视频法律咨询终端，群众可与县法律援助中心律师在线交流。"]


def _bump(s: str, k: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + k), s)


def _full_width_digits(s: str) -> str:
    return s.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})


def _carry(p: str, rng: random.Random) -> str:
    """A paragraph carried over: verbatim, new figures, stray spaces, full-width digits."""
    how = rng.randrange(4)
    if how == 1:
        return _bump(p, rng.randint(1, 9))
    if how == 2 and len(p) > 10:
        at = rng.randrange(1, len(p) - 1)
        return p[:at] + " " + p[at:]
    if how == 3:
        return _full_width_digits(_bump(p, 1))
    return p


def _reword(p: str, rng: random.Random) -> str:
    """A clause of a third of the paragraph's length put in, or a third of it
    replaced: no longer the same paragraph (at most 2/2.33 ≈ 0.86 similar)."""
    pool = _CLAUSES + _NEW
    filler = "".join(rng.sample(pool, len(pool))) * (1 + len(p) // 300)
    cut = -(-len(p) // 3)
    if rng.random() < 0.5:
        at = rng.randrange(len(p) // 4, 3 * len(p) // 4)
        return p[:at] + filler[:cut] + p[at:]
    at = rng.randrange(0, len(p) - cut)
    return p[:at] + filler[:cut] + p[at + cut:]


@dataclass
class Planted:
    earlier: str
    later: str
    repeated: set[int]  # starts of the later paragraphs that truly carry one over
    others: set[int]  # starts of the reworded and new ones


def planted(seed: str, rng_seed: int = 14) -> Planted:
    rng = random.Random(rng_seed)
    paras = [p.quote for p in paragraphs(seed)]
    lines: list[tuple[str, bool]] = []  # (paragraph, truly carried over)
    for p in paras:
        r = rng.random()
        if r < 0.6 or len(p) < 40:  # short lines (headings) are kept or dropped, never reworded
            if r < 0.85:
                lines.append((_carry(p, rng), True))
        elif r < 0.8:
            lines.append((_reword(p, rng), False))
        # else: dropped this year
    for text in _NEW:
        lines.insert(rng.randrange(1, len(lines)), (text, False))
    # Some paragraphs moved: three pairs swapped.
    for _ in range(3):
        i, j = rng.sample(range(1, len(lines)), 2)
        lines[i], lines[j] = lines[j], lines[i]
    later = "\n".join(t for t, _ in lines)
    truth_rep, truth_other = set(), set()
    for par, (_t, carried) in zip(paragraphs(later), lines):
        (truth_rep if carried else truth_other).add(par.start)
    return Planted(seed, later, truth_rep, truth_other)


def _precision_recall(p: Planted) -> tuple[float, float, int]:
    got = {i.start for i in compare(p.earlier, p.later).repeated}
    hit = len(got & p.repeated)
    return hit / max(1, len(got)), hit / max(1, len(p.repeated)), len(p.repeated)


@pytest.mark.parametrize("i", range(5))
def test_planted_next_year_report_recovers_the_carried_over_paragraphs(i):
    p = planted(_seed(i), rng_seed=14 + i)
    assert len(p.repeated) >= 10 and len(p.others) >= 5
    precision, recall, _n = _precision_recall(p)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_planted_reworded_paragraphs_are_changed_and_the_new_ones_new():
    p = planted(_seed(0))
    result = compare(p.earlier, p.later)
    new = {i.quote for i in result.new}
    assert set(_NEW) <= new
    changed = [i for i in result.changed]
    assert changed and all(CHANGED <= (i.similarity or 0) < REPEATED for i in changed)
    # every reworded paragraph is matched with the paragraph it was made from
    for item in changed:
        assert item.earlier_quote is not None and similarity(item.earlier_quote, item.quote) == item.similarity


# --- normalisation and thresholds ----------------------------------------------------------


def test_numbers_are_one_placeholder():
    assert normalise("开展普法活动12次") == normalise("开展普法活动15次") == "开展普法活动#次"
    assert normalise("投入1,200.5万元") == normalise("投入3万元")
    result = compare("开展普法活动12次，覆盖群众3000人。", "开展普法活动15次，覆盖群众4500人。")
    assert [i.similarity for i in result.repeated] == [1.0]


def test_full_width_and_whitespace_are_folded():
    assert normalise("ＡＢＣ，１２３ 次\u3000") == normalise("ABC,9次")
    result = compare("召开ＡＢＣ会议，共１２次。", "召开 ABC 会议,共 15 次。")
    assert len(result.repeated) == 1 and result.repeated[0].similarity == 1.0


def _han(n: int, base: int = 0x4E00) -> str:
    return "".join(chr(base + k) for k in range(n))


def _replaced(s: str, positions) -> str:
    chars = list(s)
    for k, at in enumerate(positions):
        chars[at] = chr(0x9000 + k)  # characters not in s
    return "".join(chars)


def test_threshold_at_exactly_0_9_is_repeated_just_below_is_changed():
    base = _han(50)
    at_09 = _replaced(base, range(0, 50, 10))  # 45 of 50 kept: 2·45/100 = 0.9
    below = _replaced(base, range(0, 50, 8))  # 43.5… 44 of 50 kept: 0.88
    assert similarity(base, at_09) == 0.9 == REPEATED
    assert compare(base, at_09).repeated and not compare(base, at_09).changed
    assert similarity(base, below) < 0.9
    assert compare(base, below).changed and not compare(base, below).repeated


def test_changed_threshold_at_0_5_and_below_is_new():
    base = _han(50)
    half = _han(25) + _han(25, 0x9100)  # 25 of 50 kept: 0.5
    less = _han(24) + _han(26, 0x9100)  # 0.48
    assert similarity(base, half) == 0.5 == CHANGED
    assert [i.kind for i in compare(base, half).items] == ["changed"]
    assert [i.kind for i in compare(base, less).items] == ["new"]
    # a new paragraph keeps its best earlier paragraph when there is one, for the view
    assert compare(base, less).new[0].earlier_quote == base


def test_classification_uses_the_rounded_similarity():
    assert classify(0.9) == "repeated" and classify(0.89951) == "repeated"  # shown as 0.900
    assert classify(0.899) == "changed" and classify(0.5) == "changed"
    assert classify(0.499) == "new" and classify(None) == "new"


def test_unrelated_paragraph_is_new_without_candidate():
    result = compare("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未")
    assert [i.kind for i in result.items] == ["new"] and result.new[0].similarity is None
    assert result.to_json()["new"] == [{"start": 0, "end": 8, "quote": "子丑寅卯辰巳午未"}]


def test_a_candidate_sharing_few_3_grams_is_not_verified():
    # one 3-gram of 38 shared with a long earlier paragraph: no candidate, new without a match
    later = "依法行政" + _han(36, 0x9000)
    earlier = "依法行政" + _han(36, 0x9400)
    (item,) = compare(earlier, later).items
    assert item.kind == "new" and item.earlier_quote is None and item.similarity is None


# --- offsets, best match, short paragraphs ------------------------------------------------


def test_offsets_and_quotes_point_into_both_texts():
    p = planted(_seed(1))
    earlier = "  \n" + p.earlier.replace("\n", "\n \t\n  ")  # not canonical: blank lines, indents
    later = "\ufeff\n" + p.later.replace("\n", "  \r\n\n ") + "\n\n"
    result = compare(earlier, later)
    assert len(result.items) == len(paragraphs(later)) == len(result.repeated) + len(result.changed) + len(result.new)
    assert [i.start for i in result.items] == sorted(i.start for i in result.items)
    for item in result.items:
        assert later[item.start:item.end] == item.quote and item.quote == item.quote.strip() and item.quote
        if item.kind != "new":
            assert earlier[item.earlier_start:item.earlier_end] == item.earlier_quote
            assert item.similarity == round(item.similarity, 3)
    for kind in ("repeated", "changed", "new"):
        assert all(i.kind == kind for i in getattr(result, kind))


def test_best_match_is_the_most_similar_not_the_first_candidate():
    later = "坚持依法行政推进法治政府建设取得明显成效"
    earlier = "\n".join(["坚持依法行政推进基层治理工作", "坚持依法行政推进法治政府建设取得显著成效"])
    (item,) = compare(earlier, later).items
    assert item.earlier_quote == "坚持依法行政推进法治政府建设取得显著成效" and item.kind == "repeated"
    # The candidate sharing the most 3-grams (its halves swapped: ratio 0.5) is not the
    # most similar one (every fifth character replaced: few 3-grams left, ratio 0.8).
    later = _han(40)
    swapped, dotted = later[20:] + later[:20], _replaced(later, range(0, 40, 5))
    (item,) = compare("\n".join([swapped, dotted]), later).items
    assert (item.earlier_quote, item.similarity, item.kind) == (dotted, 0.8, "changed")


def test_of_equally_similar_earlier_paragraphs_the_first_is_matched():
    later = _han(20)
    middle, end = _replaced(later, [10]), _replaced(later, [19])  # both 0.95; the second shares more 3-grams
    earlier = "\n".join(["无关的开头一段", middle, end])
    (item,) = compare(earlier, later).items
    assert item.similarity == 0.95 and item.earlier_start == earlier.index(middle)
    # the same, the other way round
    earlier = "\n".join([end, middle])
    (item,) = compare(earlier, later).items
    assert item.earlier_start == 0
    # equal after normalisation: the first of them
    earlier = "\n".join(["开展活动3次", "开展活动5次"])
    (item,) = compare(earlier, "开展活动9次").items
    assert (item.earlier_start, item.earlier_end) == (0, 6)


def test_short_headings_are_kept_and_counted():
    earlier = "一、主要举措\n我镇全年开展普法宣传活动12次，发放资料3000份，受教育群众逾万人。"
    later = "一、主要举措\n本年度首次引入第三方机构评查行政执法案卷，评查结果纳入绩效考核。"
    result = compare(earlier, later)
    assert [(i.kind, i.quote) for i in result.items] == [("repeated", "一、主要举措"),
                                                         ("new", result.items[1].quote)]
    assert repeated_share(result, later) == pytest.approx(6 / (6 + len(result.items[1].quote)))


def test_repeated_share_counts_characters():
    p = planted(_seed(2))
    result = compare(p.earlier, p.later)
    total = sum(len(x.quote) for x in paragraphs(p.later))
    assert repeated_share(result, p.later) == pytest.approx(sum(len(i.quote) for i in result.repeated) / total)
    assert repeated_share(compare("", ""), "") == 0.0
    assert repeated_share(compare(p.earlier, p.earlier), p.earlier) == 1.0


def test_diff_spans_mark_the_differing_characters():
    left, right = diff_spans("开展普法活动12次", "开展法治宣传活动15次")
    assert "".join("开展普法活动12次"[a:b] for a, b in left) == "普2"
    assert "".join("开展法治宣传活动15次"[a:b] for a, b in right) == "治宣传5"
    assert diff_spans("相同", "相同") == ([], [])


def test_the_candidate_limit_still_finds_the_best_among_many_lookalikes():
    # Many earlier paragraphs share the later one's 3-grams; the best is found anyway.
    later = "全面推行行政执法公示制度执法全过程记录制度和重大执法决定法制审核制度"
    decoys = [later[:20] + _han(15, 0x9000 + 20 * k) for k in range(30)]
    earlier = "\n".join([*decoys, later[:-2] + "规定"])
    (item,) = compare(earlier, later).items
    assert item.earlier_quote == later[:-2] + "规定" and item.kind == "repeated"
    assert cmp.CANDIDATES < len(decoys)


# --- the same unit's earlier report ---------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    id: int
    unit: str
    year: int | None


def test_earlier_of_takes_the_same_unit_latest_earlier_year():
    docs = [Doc(1, "坡头镇", 2021), Doc(2, "坡头镇", 2023), Doc(3, "清水镇", 2023), Doc(4, "坡头镇", 2024),
            Doc(5, "坡头镇", 2025), Doc(6, "坡头镇", None), Doc(7, "", 2023)]
    assert earlier_of(docs[3], docs) == docs[1]
    assert earlier_of(docs[1], docs) == docs[0]
    assert earlier_of(docs[0], docs) is None
    assert earlier_of(docs[2], docs) is None  # another unit's report is never its earlier one
    assert earlier_of(docs[5], docs) is None  # no year
    assert earlier_of(Doc(8, "", 2024), docs) is None  # no unit: never linked (not even with doc 7)
    assert earlier_of(Doc(9, " 坡头镇 ", 2022), docs) == docs[0]


def test_earlier_of_tie_is_the_last_imported():
    docs = [Doc(3, "坡头镇", 2023), Doc(8, "坡头镇", 2023), Doc(5, "坡头镇", 2023), Doc(9, "坡头镇", 2024)]
    assert earlier_of(docs[3], docs) == docs[1]
    assert earlier_of(docs[3], list(reversed(docs))) == docs[1]


# --- the command ------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", "compare", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def _doc(text: str, name: str) -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, name[0] * 64, "txt", text, detect_sections(text))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Planted, list]:
    p = planted(_seed(0))
    path = tmp_path_factory.mktemp("compare") / "round.rdproj"
    with Project(path) as proj:
        a = proj.import_document(_doc(p.earlier, "a.txt"), unit="坡头镇", year=2019).doc_id
        b = proj.import_document(_doc(p.later, "b.txt"), unit="坡头镇", year=2020).doc_id
        infos = proj.documents()
    return path, p, [a, b, infos]


def test_cli_json_shape_and_offsets(project):
    path, p, (a, b, infos) = project
    before = path.read_bytes()
    result = cli("--json", str(path), str(a), str(b))
    assert result.returncode == 0 and result.stderr == ""
    out = json.loads(result.stdout)
    assert {"repeated", "changed", "new"} <= set(out)
    with Project(path) as proj:
        later, earlier = proj.document_text(b), proj.document_text(a)
    core = compare(earlier, later)
    for kind in ("repeated", "changed"):
        assert out[kind] == [i.to_json() for i in getattr(core, kind)]
        for row in out[kind]:
            assert set(row) == {"start", "end", "quote", "earlier_start", "earlier_end", "similarity"}
            assert later[row["start"]:row["end"]] == row["quote"]
            assert 0 <= row["similarity"] <= 1
    for row in out["new"]:
        assert set(row) == {"start", "end", "quote"} and later[row["start"]:row["end"]] == row["quote"]
    assert out["repeated_share"] == round(repeated_share(core, later), 3)
    assert out["doc_b"]["id"] == b and out["doc_a"]["year"] == 2019
    assert path.read_bytes() == before  # read through a snapshot, never changed


def test_cli_accepts_a_uuid_and_prints_a_summary(project):
    path, _p, (a, b, infos) = project
    uuid_a = next(i.uuid for i in infos if i.id == a)
    result = cli(str(path), uuid_a, f"#{b}")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.search(r"沿用 \d+ 段 / 修改 \d+ 段 / 新增 \d+ 段，沿用的文字占 \d+%", first)
    assert "[新增]" in result.stdout and "[沿用]" in result.stdout


@pytest.mark.parametrize("case, kind", [
    ("missing", "project"), ("not_project", "project"), ("folder", "project"),
    ("unknown_id", "not_found"), ("unknown_uuid", "not_found"), ("same", "same_document"),
])
def test_cli_bad_input_is_one_error_line_and_exit_2(project, tmp_path, case, kind):
    path, _p, (a, b, _infos) = project
    junk = tmp_path / "junk.rdproj"
    junk.write_text("不是项目", encoding="utf-8")
    args = {"missing": (str(tmp_path / "none.rdproj"), "1", "2"), "not_project": (str(junk), "1", "2"),
            "folder": (str(tmp_path), "1", "2"), "unknown_id": (str(path), str(a), "99"),
            "unknown_uuid": (str(path), "0000-not-a-uuid", str(b)), "same": (str(path), str(b), f"#{b}")}[case]
    result = cli(*args)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {kind}: ") and result.stdout == ""
    assert re.search(r"[\u4e00-\u9fff]", line)
