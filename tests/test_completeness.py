"""Completeness of the five statutory parts: every seed with its parts written
out by hand (read from the seeds), plus headings made up here."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.analysis.completeness import PART_KEYS, check
from desktop.importers import import_file
from desktop.text import canonical_text, detect_sections

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# key -> heading line as it stands in the seed (None = part absent); and weakness causes.
EXPECTED = {
    "000": ({
        "measures": "一、主要工作措施及成效",
        "weaknesses": "二、我镇法治政府建设工作中存在的问题",
        "leaders_duty": "(一)党政主要负责人切实履行法治建设第一责任人职责",
        "next_year": "三、下一步工作计划",
        "other": None,
    }, False),  # lists problems (…导致…) but never says why
    "001": ({
        "measures": "一、强化统筹规划,完善法治建设保障",
        "weaknesses": "(一)存在问题",
        "leaders_duty": None,
        "next_year": "(二)改进措施",
        "other": None,
    }, False),
    "002": ({
        "measures": "一、工作开展情况",
        "weaknesses": "二、主要存在不足",
        "leaders_duty": None,
        "next_year": "三、2024年努力方向",
        "other": None,
    }, True),  # 由于处事职权不配套…
    "003": ({
        "measures": "一、主要举措和成效",
        "weaknesses": "二、存在不足和原因",
        "leaders_duty": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "next_year": "2025年工作安排",  # an unnumbered stand-alone line
        "other": None,
    }, True),  # 经深入分析,主要原因在于…
    "004": ({
        "measures": "一、 主要举措和成效",
        "weaknesses": "二、不足和原因",
        "leaders_duty": "三、党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况",
        "next_year": "四、2021年主要工作安排",
        "other": None,
    }, False),  # the heading says 原因, the body gives none
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_parts(seed):
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    doc = import_file(path)
    result = check(doc.text, doc.sections)
    headings, causes = EXPECTED[seed]
    assert {k: result.parts[k].heading for k in PART_KEYS} == headings
    for key, heading in headings.items():
        part = result.parts[key]
        assert part.found is (heading is not None)
        if heading is not None:
            # start points at the heading in the text, at the start of its line
            assert doc.text[part.start:part.start + len(heading)] == heading
            assert part.start == 0 or doc.text[part.start - 1] == "\n"
        else:
            assert part.start is None
    assert result.weakness_causes is causes
    assert result.found_count == sum(h is not None for h in headings.values())
    assert result.missing == [k for k in PART_KEYS if headings[k] is None]


def _check(lines: list[str]):
    text = canonical_text(lines)
    return text, check(text, detect_sections(text))


BODY = "我镇开展了大量工作,取得了明显成效。共开展培训12次。"


@pytest.mark.parametrize("weak_heading", [
    "二、存在的问题", "二、不足和原因", "二、主要存在不足", "二、正视问题挑战", "二、工作中的短板和差距",
])
@pytest.mark.parametrize("next_heading", [
    "三、下一步工作计划", "三、2025年工作安排", "三、努力方向", "三、下一步打算", "三、今后工作思路",
])
def test_variant_headings(weak_heading, next_heading):
    text, result = _check([
        "某某镇2024年度法治政府建设工作报告",
        "一、主要举措和成效", BODY,
        weak_heading, "一是宣传不够深入。究其原因,主要是经费不足。",
        next_heading, "一是加强宣传。二是保障经费。",
    ])
    assert result.parts["measures"].heading == "一、主要举措和成效"
    assert result.parts["weaknesses"].heading == weak_heading
    assert result.parts["next_year"].heading == next_heading
    assert result.weakness_causes is True
    assert result.missing == ["leaders_duty", "other"]


@pytest.mark.parametrize("duty", [
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "(三)主要负责人履行法治建设职责情况",
    "三、落实第一责任人职责",
])
def test_leaders_duty_variants(duty):
    text, result = _check(["报告", "一、工作开展情况", BODY, duty, "镇党委书记带头学法4次。"])
    assert result.parts["leaders_duty"].heading == duty
    assert result.parts["leaders_duty"].start == text.index(duty)


def test_body_sentence_is_not_a_heading():
    # 第一责任人 inside running text does not make the part present.
    text, result = _check([
        "报告", "一、主要举措和成效",
        "镇长严格履行党政主要负责人推进法治建设第一责任人职责,带头学法。",
        "二、存在的问题", "宣传不够。",
    ])
    assert not result.parts["leaders_duty"].found
    assert result.weakness_causes is False


def test_inline_subheading_gives_text_up_to_full_stop():
    line = "(一)党政主要负责人切实履行第一责任人职责。镇党委召开专题会议3次。"
    text, result = _check(["报告", "一、主要工作及成效", line, "二、其他需要报告的情况", "无。"])
    assert result.parts["leaders_duty"].heading == "(一)党政主要负责人切实履行第一责任人职责"
    assert result.parts["other"].heading == "二、其他需要报告的情况"


@pytest.mark.parametrize("cause", ["由于经费不足", "主要原因是认识不到位", "究其根源在于培训少"])
def test_causes_variants(cause):
    _, result = _check(["报告", "一、工作情况", BODY, "二、存在的不足", f"一是宣传不够,{cause}。",
                        "三、下一步打算", "加强宣传。"])
    assert result.weakness_causes is True


def test_causes_after_the_part_do_not_count():
    _, result = _check(["报告", "一、工作情况", BODY, "二、存在的不足", "一是宣传不够。",
                        "三、下一步打算", "由于经费有限,我们将争取资金。"])
    assert result.weakness_causes is False


def test_combined_heading_loses_to_its_children():
    _, result = _check(["报告", "一、加强领导", BODY, "二、正视问题挑战,明确改进方向",
                        "(一)存在问题", "宣传不够。", "(二)改进措施", "加强宣传。"])
    assert result.parts["weaknesses"].heading == "(一)存在问题"
    assert result.parts["next_year"].heading == "(二)改进措施"
    assert result.parts["measures"].heading == "一、加强领导"  # topical headings open the measures


def test_non_bmp_offsets():
    _, result = _check(["𠀀𠀀镇报告", "一、主要举措和成效", "𠀀" * 5, "二、存在的问题", "由于人少。"])
    text = canonical_text(["𠀀𠀀镇报告", "一、主要举措和成效", "𠀀" * 5, "二、存在的问题", "由于人少。"])
    assert text[result.parts["weaknesses"].start:].startswith("二、存在的问题")


def test_to_json_shape():
    _, result = _check(["报告", "一、主要举措和成效", BODY])
    data = result.to_json("a.txt")
    assert set(data) == {"file", "parts", "weakness_causes"}
    assert list(data["parts"]) == list(PART_KEYS)
    assert data["parts"]["measures"] == {"found": True, "heading": "一、主要举措和成效", "start": 3}
    assert data["parts"]["other"] == {"found": False, "heading": None, "start": None}


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _corpus_cases():
    import json

    if not (CORPUS / "manifest.json").exists():
        return []
    entries = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [e for e in entries if e["expect"] == "ok" and e.get("source_seed")
            and next((CORPUS / "gold").glob(f"{e['source_seed']}_*.json"), None)]


@pytest.mark.corpus
@pytest.mark.parametrize("entry", _corpus_cases(), ids=lambda e: Path(e["file"]).name)
def test_corpus_files_match_gold_sections(entry):
    """The same reports as Word, PDF and odd text files give the gold headings."""
    import json
    import re

    gold = json.loads(next((CORPUS / "gold").glob(f"{entry['source_seed']}_*.json")).read_text(encoding="utf-8"))
    doc = import_file(CORPUS / entry["file"])
    result = check(doc.text, doc.sections)
    squash = lambda s: None if s is None else re.sub(r"\s+", "", s)  # noqa: E731
    assert {k: squash(result.parts[k].heading) for k in gold["sections"]} == {
        k: squash(v) for k, v in gold["sections"].items()}
