"""Rubric files: the shipped default, JSON/TOML loading and validation messages."""

from __future__ import annotations

import json
import sys

import pytest

from desktop.errors import ReviewDeskError
from desktop.resources import resource_path
from desktop.rubric import Criterion, Rubric, default_rubric, load_rubric, rubric_from_json

STATUTORY = [
    "主要举措和成效", "存在的不足和原因", "党政主要负责人履行推进法治建设第一责任人职责情况",
    "下一年度主要安排", "其他需要报告的情况",
]


def test_default_rubric_covers_the_five_parts_and_quality():
    rubric = default_rubric()
    assert rubric.total_max == 100
    titles = [c.title for c in rubric.criteria]
    assert titles[:5] == STATUTORY
    assert len(rubric.criteria) > 5  # the quality criteria follow
    assert len(set(rubric.ids())) == len(rubric.criteria)
    assert all(c.max_points > 0 and c.description for c in rubric.criteria)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_toml_and_json_defaults_agree():
    # default.json is the twin for Python 3.10 without tomli: they must not drift apart.
    folder = resource_path("rubrics")
    assert load_rubric(folder / "default.toml") == load_rubric(folder / "default.json")


def _write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_minimal_json_and_toml(tmp_path):
    j = _write(tmp_path, "r.json", json.dumps({"name": "县细则", "criteria": [
        {"id": "a", "title": "举措", "max_points": 60, "group": "内容", "deduction": "缺一项扣5分"},
        {"id": "b", "title": "不足", "max_points": 40.5}]}, ensure_ascii=False))
    rubric = load_rubric(j)
    assert rubric == Rubric("县细则", (Criterion("a", "举措", 60.0, "", "内容", "缺一项扣5分"),
                                       Criterion("b", "不足", 40.5)))
    assert rubric.total_max == 100.5
    assert rubric_from_json(rubric.to_json()) == rubric
    if sys.version_info >= (3, 11):
        t = _write(tmp_path, "r.toml", 'name = "县细则"\n[[criteria]]\nid = "a"\ntitle = "举措"\n'
                   'max_points = 60\ngroup = "内容"\ndeduction = "缺一项扣5分"\n'
                   '[[criteria]]\nid = "b"\ntitle = "不足"\nmax_points = 40.5\n')
        assert load_rubric(t) == rubric


@pytest.mark.parametrize("data,words", [
    ({"name": "x", "criteria": [{"id": "a", "title": "甲", "max_points": 5},
                                {"id": "a", "title": "乙", "max_points": 5}]}, "重复"),
    ({"name": "x", "criteria": [{"id": "a", "title": "甲", "max_points": 0}]}, "大于 0"),
    ({"name": "x", "criteria": [{"id": "a", "title": "甲", "max_points": -3}]}, "大于 0"),
    ({"name": "x", "criteria": [{"id": "a", "title": "甲", "max_points": "10"}]}, "大于 0"),
    ({"name": "x", "criteria": [{"id": "a b", "title": "甲", "max_points": 1}]}, "编号"),
    ({"name": "x", "criteria": [{"id": "a", "title": "", "max_points": 1}]}, "标题"),
    ({"name": "x", "criteria": [{"id": "a", "title": "甲", "max_point": 1}]}, "不认识"),
    ({"name": "x", "criteria": []}, "没有任何评分项"),
    ({"criteria": [{"id": "a", "title": "甲", "max_points": 1}]}, "名称"),
    ({"name": "x", "total": 100, "criteria": [{"id": "a", "title": "甲", "max_points": 90}]}, "不符"),
])
def test_validation_messages(tmp_path, data, words):
    path = _write(tmp_path, "bad.json", json.dumps(data, ensure_ascii=False))
    with pytest.raises(ReviewDeskError) as info:
        load_rubric(path)
    assert info.value.kind == "rubric"
    assert words in info.value.message and "bad.json" in info.value.message


@pytest.mark.parametrize("name,content,words", [
    ("x.json", "{not json", "JSON 格式错误"),
    ("x.yaml", "name: x", ".json 或 .toml"),
    ("missing.json", None, "找不到"),
])
def test_unreadable_files(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewDeskError) as info:
        load_rubric(path)
    assert info.value.kind == "rubric" and words in info.value.message
