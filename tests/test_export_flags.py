"""质量提示 in the Word summary: each report's quality flags, read back from the .docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desktop.analysis.round_flags import project_flags
from desktop.export import export
from desktop.export.snapshot import snapshot
from desktop.export.summary import build_round
from desktop.importers.base import ImportedDocument
from desktop.store import Project
from desktop.text import detect_sections

REPO = Path(__file__).resolve().parents[1]
SEED = (REPO / "seeds" / "000_72cc8833663dde4f.txt").read_text(encoding="utf-8")
COPIED = next(p.strip() for p in SEED.split("\n") if p.strip().startswith("2、建立健全法律顾问机制"))
PLANTED = SEED.replace("我镇大力夯实基层社会管理基础", "共开展普法宣传活动x次，我镇大力夯实基层社会管理基础", 1)
OTHER = ("清水镇人民政府关于2019年度法治政府建设的工作报告\n\n一、主要工作措施及成效\n\n"
         "2019年，清水镇坚持依法行政，推进基层治理，各项工作取得新进展。\n\n" + COPIED + "\n")
LATER = "坡头镇人民政府关于2020年度法治政府建设的工作报告\n\n一、主要工作措施\n\n2020年，我镇依法行政。\n"


def _doc(text: str, name: str, sha: str) -> ImportedDocument:
    return ImportedDocument(text.split("\n")[0], name, sha * 64, "txt", text, detect_sections(text))


@pytest.fixture
def round_path(tmp_path) -> Path:
    path = tmp_path / "round.rdproj"
    with Project(path) as p:
        p.import_document(_doc(PLANTED, "a.txt", "a"), unit="坡头镇", year=2019)
        p.import_document(_doc(OTHER, "b.txt", "b"), unit="清水镇", year=2019)
        p.import_document(_doc(LATER + COPIED + "\n", "c.txt", "c"), unit="天龙镇", year=2020)
    return path


def _body(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def _section(body: list[tuple[str, str]], heading: str, start: int = 0) -> list[tuple[str, str]]:
    at = next(i for i, (_s, t) in enumerate(body) if i >= start and t == heading)
    end = next((i for i in range(at + 1, len(body)) if body[i][0].startswith(("Heading", "Title"))), len(body))
    return body[at:end]


def test_build_round_adds_flags_compared_within_the_year(round_path):
    with snapshot(round_path) as p:
        data = build_round(p)
        assert project_flags(p) == {r.doc_id: list(r.flags) for r in data.reports}
    a, b, c = data.reports
    kinds = [f.kind for f in a.flags]
    assert "placeholder" in kinds and "copied" in kinds
    assert next(f for f in a.flags if f.kind == "placeholder").quote == "x次"
    assert any(f.kind == "copied" for f in b.flags)
    # Another unit's report of a later year is not compared with 2019's.
    assert not any(f.kind == "copied" for f in c.flags)
    with snapshot(round_path) as p:
        assert all(r.flags == () for r in build_round(p, scoring=False).reports)


def test_report_docx_lists_flags_with_kind_message_and_quote(round_path, tmp_path):
    with snapshot(round_path) as p:
        out = export(p, "docx", tmp_path / "a.docx", doc_id=1)
        flags = project_flags(p, [1])[1]
    body = _body(out)
    part = _section(body, "四、质量提示")
    assert part[0][0] == "Heading 1"
    assert part[1][1] == f"发现 {len(flags)} 处可能的质量问题，请评阅时核实："
    texts = [t for _s, t in part]
    placeholder = next(f for f in flags if f.kind == "placeholder")
    n = flags.index(placeholder) + 1
    assert f"{n}. 「模板占位符」{placeholder.message}" in texts
    assert texts[texts.index(f"{n}. 「模板占位符」{placeholder.message}") + 1] == "原文：“x次”"
    copied = next(f for f in flags if f.kind == "copied")
    line = f"{flags.index(copied) + 1}. 「雷同段落」{copied.message}"
    assert line in texts and "《清水镇人民政府关于2019年度法治政府建设的工作报告》" in copied.message
    quote = texts[texts.index(line) + 1]
    assert quote.startswith("原文：“2、建立健全法律顾问机制") and quote.endswith("…”")
    # The reference template's styles: body text, the reviewer-note style, the Label run style.
    d = docx.Document(str(out))
    paras = [p for p in d.paragraphs if p.text == line]
    assert paras[0].style.style_id == "BodyText"
    assert paras[0].runs[1].style.style_id == "Label" and paras[0].runs[1].text == "「雷同段落」"
    note = next(p for p in d.paragraphs if p.text == quote)
    assert note.style.style_id == "ReviewNote"


def test_round_docx_has_a_flags_section_per_report(round_path, tmp_path):
    with snapshot(round_path) as p:
        out = export(p, "docx", tmp_path / "r.docx")
    body = _body(out)
    starts = [i for i, (_s, t) in enumerate(body) if t == "四、质量提示"]
    assert len(starts) == 3
    assert all(body[i][0] == "Heading 2" for i in starts)
    sections = [_section(body, "四、质量提示", i) for i in starts]
    assert sum(any("「模板占位符」" in t for _s, t in s) for s in sections) == 1
    # The 2020 report is compared with no one and has nothing to flag: it says so.
    assert [[t for _s, t in s][1:] == ["未发现模板占位符、雷同段落等质量问题。"] for s in sections].count(True) == 1
