"""Unit and report year guessed from title and text, for every seed and made-up titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.analysis.metadata import detect_unit, detect_year
from desktop.importers import import_file
from desktop.store import Project

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Read off the seeds: 001 has no title line (the unit is named in the text),
# 004 opens with a stray "|" and is signed 2021 for the year 2020.
EXPECTED = {
    "000": ("坡头镇", 2019),
    "001": ("天龙镇", 2024),
    "002": ("棣棠乡", 2023),
    "003": ("尼山镇", 2024),
    "004": ("掌起镇", 2020),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seeds(seed):
    doc = import_file(next(SEEDS.glob(f"{seed}_*.txt")))
    assert (detect_unit(doc.title, doc.text), detect_year(doc.title, doc.text)) == EXPECTED[seed]


@pytest.mark.parametrize("title,unit,year", [
    ("大兴庄镇人民政府关于2022年度法治政府建设情况的报告", "大兴庄镇", 2022),
    ("城关街道办事处2023年法治政府建设工作报告", "城关街道办事处", 2023),
    ("某某县司法局关于2021年度法治政府建设工作情况的报告", "某某县司法局", 2021),
    ("中共某某乡委员会 某某乡人民政府关于2020年度法治建设的报告", "某某乡", 2020),
    ("2024年度某某区法治政府建设年度报告", "某某区", 2024),
])
def test_titles(title, unit, year):
    assert detect_unit(title, title) == unit
    assert detect_year(title, title) == year


def test_signature_and_date_of_signature():
    text = "报告\n今年我镇开展了工作。\n我镇共开展培训3次。\n𠀀山镇人民政府\n2021年2月25日"
    assert detect_unit("", text) == "𠀀山镇"
    assert detect_year("", text) is None  # a signing date is not the report year


def test_import_detects_unit_and_year_once_and_stores_them(tmp_path):
    with Project(tmp_path / "p.rdproj") as project:
        a = project.import_document(import_file(next(SEEDS.glob("000_*.txt")))).doc_id
        b = project.import_document(import_file(next(SEEDS.glob("004_*.txt"))), unit="人工填写").doc_id
        info_a, info_b = project.document_info(a), project.document_info(b)
        assert (info_a.unit, info_a.year) == ("坡头镇", 2019)
        assert (info_b.unit, info_b.year) == ("人工填写", 2020)  # a given unit wins, the year is detected


def test_nothing_found():
    assert detect_unit("", "我镇开展了工作。") == ""
    assert detect_year("", "我镇开展了工作。") is None


def test_apply_detected_metadata_fills_only_empty_fields(tmp_path):
    project = Project(tmp_path / "p.sqlite")
    changes = []
    project.subscribe(changes.append)
    a = project.import_document(import_file(next(SEEDS.glob("000_*.txt"))), detect=False).doc_id
    b = project.import_document(import_file(next(SEEDS.glob("004_*.txt"))), unit="人工填写", detect=False).doc_id
    changes.clear()
    info = project.apply_detected_metadata(a)
    assert (info.unit, info.year) == ("坡头镇", 2019)
    assert [cs.kinds() for cs in changes] == [{"documents"}] and changes[0].doc_ids() == {a}
    info = project.apply_detected_metadata(b)
    assert (info.unit, info.year) == ("人工填写", 2020)  # a typed unit is never overwritten
    changes.clear()
    project.apply_detected_metadata(a)  # nothing left to fill: no announcement
    assert changes == []
    project.close()
    with Project(tmp_path / "p.sqlite") as again:
        assert [(d.unit, d.year) for d in again.documents()] == [("坡头镇", 2019), ("人工填写", 2020)]
