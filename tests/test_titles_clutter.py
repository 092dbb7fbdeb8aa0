"""Titles set over several lines, and portal furniture recognised by its shape (issue 11).

Fixtures are built here: raw docx package XML (tests/fixtures/importer_files)
and plain-text portal copies. The document pane sets the first paragraph of
the canonical text as the title, so a title written over several lines must
come out as that one first paragraph, and body text must never take its place.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.importers import import_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402

UNIT = "尼山镇人民政府"
TITLE = "关于2024年度法治政府建设情况的报告"
BODY = "2024年，在市委、市政府的坚强领导下，我镇深入贯彻落实习近平法治思想，扎实推进法治政府建设。"
HEAD1 = "一、主要工作措施及成效"
MORE = "全年召开专题会议4次，组织执法人员培训3期共120人次。"


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(*runs: str, style: str = "", centred: bool = False) -> str:
    ppr = ""
    if style or centred:
        ppr = ("<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "")
               + ('<w:jc w:val="center"/>' if centred else "") + "</w:pPr>")
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


BR = "<w:r><w:br/></w:r>"
TAIL = [_p(_t(BODY)), _p(_t(HEAD1), style="Heading1"), _p(_t(MORE)),
        _p(_t(UNIT), centred=True), _p(_t("2025年1月10日"), centred=True)]


def _docx(head: list[str]):
    return import_bytes(files.make_docx(body=head + TAIL), "模板.docx")


def _lines(doc) -> list[str]:
    return doc.text.split("\n")


# --- docx ---------------------------------------------------------------------------


@pytest.mark.parametrize("head", [
    [_p(_t(UNIT), BR, _t(TITLE), style="Title")],  # one Title paragraph, a soft line break inside
    [_p(_t(UNIT), BR, _t(TITLE), centred=True)],  # the same as a centred Normal paragraph
    [_p(_t(UNIT), style="Title"), _p(_t(TITLE), style="Title")],  # two Title paragraphs
    [_p(_t(UNIT), centred=True), _p(_t(TITLE), centred=True)],  # two centred paragraphs
], ids=["title-br", "centred-br", "two-title-paragraphs", "two-centred-paragraphs"])
def test_docx_title_over_two_lines_is_one_first_paragraph(head):
    doc = _docx(head)
    assert _lines(doc)[:3] == [UNIT + TITLE, BODY, HEAD1]
    assert doc.title == UNIT + TITLE


def test_docx_three_line_title_under_a_red_unit_line_is_joined():
    head = [_p(_t(UNIT), centred=True),  # 红头 unit line
            _p(_t("关于2024年度"), style="Title"), _p(_t("法治政府建设工作"), style="Title"),
            _p(_t("情况的报告"), style="Title")]
    doc = _docx(head)
    assert _lines(doc)[:2] == [UNIT + "关于2024年度法治政府建设工作情况的报告", BODY]
    assert doc.title == UNIT + "关于2024年度法治政府建设工作情况的报告"
    assert [s.title for s in doc.sections if s.level == 1][:2] == [_lines(doc)[0], HEAD1]


def test_docx_red_unit_line_already_in_the_title_stays_its_own_line():
    head = [_p(_t(UNIT), centred=True),
            _p(_t(UNIT + "关于2024年度"), BR, _t("法治政府建设情况的报告"), style="Title")]
    doc = _docx(head)
    assert _lines(doc)[:3] == [UNIT, UNIT + TITLE, BODY]
    assert doc.title == UNIT + TITLE


def test_docx_letterhead_number_signature_and_body_breaks_are_not_joined():
    head = [_p(_t(UNIT + "文件"), centred=True), _p(_t("尼政发〔2025〕3号"), centred=True),
            _p(_t(UNIT + TITLE), style="Title")]
    body = head + [_p(_t(BODY), BR, _t(MORE))] + TAIL[1:3] + [_p(_t(UNIT), BR, _t("2025年1月10日"), centred=True)]
    doc = import_bytes(files.make_docx(body=body), "x.docx")
    assert _lines(doc) == [UNIT + "文件", "尼政发〔2025〕3号", UNIT + TITLE, BODY, MORE, HEAD1, MORE,
                           UNIT, "2025年1月10日"]
    assert doc.title == UNIT + TITLE


# --- txt ----------------------------------------------------------------------------


def _txt(lines: list[str], name: str = "报告.txt"):
    return import_bytes("\n".join(lines).encode("utf-8"), name)


def test_txt_portal_first_line_then_a_two_line_title():
    doc = _txt(["湛江市坡头区人民政府网", UNIT, TITLE, "", "　　" + BODY, HEAD1, MORE])
    lines = _lines(doc)
    assert "湛江市坡头区人民政府网" not in lines
    assert "".join(lines[:2]).startswith(UNIT + TITLE)  # the title leads the text, the body follows
    assert BODY in lines[1:3]
    assert doc.title == UNIT + TITLE


def test_txt_two_line_title_is_the_first_paragraph():
    doc = _txt(["湛江市坡头区人民政府网", UNIT, TITLE, "", "　　" + BODY, HEAD1, MORE])
    assert _lines(doc)[:2] == [UNIT + TITLE, BODY]


def test_txt_title_block_is_joined_by_join_title_block():
    from desktop.text import join_title_block, strip_clutter

    kept, dropped = strip_clutter(["湛江市坡头区人民政府网", "首页 | 政务公开 | 政务服务 | 互动交流",
                                   UNIT, "关于2024年度法治政府建设", "情况的报告", "", BODY, MORE])
    assert dropped == ["湛江市坡头区人民政府网", "首页 | 政务公开 | 政务服务 | 互动交流"]
    assert join_title_block(kept) == [UNIT + TITLE, BODY, MORE]
    # a first body paragraph is never joined into a title, nor a letterhead, number or date
    assert join_title_block([BODY, TITLE]) == [BODY, TITLE]
    assert join_title_block([UNIT + "文件", "尼政发〔2025〕3号", TITLE, BODY]) == [UNIT + "文件", "尼政发〔2025〕3号", TITLE, BODY]
    assert join_title_block(["2025年1月", TITLE, BODY]) == ["2025年1月", TITLE, BODY]
    assert join_title_block([TITLE, UNIT, "2025年1月10日", BODY]) == [TITLE, UNIT, "2025年1月10日", BODY]


def test_txt_opening_with_a_body_sentence_promotes_no_body_paragraph():
    from desktop.text import opens_with_title

    doc = _txt(["湛江市坡头区人民政府网", "首页 | 政务公开 | 法治政府建设", "　　" + BODY, HEAD1, MORE], "004_天龙镇.txt")
    assert _lines(doc) == [BODY, HEAD1, MORE]
    assert doc.title == "004_天龙镇"  # named after the file, not after its first sentence
    assert not opens_with_title(doc.text)
    assert opens_with_title(UNIT + TITLE + "\n" + BODY)


# --- portal furniture by shape -------------------------------------------------------

WEB_HEAD = [
    "慈溪市人民政府门户网站",
    "首页 | 政务公开 | 政务服务 | 互动交流 | 走进掌起",
    "掌起镇人民政府>政务公开>法治政府建设>年度报告",
    "",
    "掌起镇人民政府关于2020年度法治政府建设工作情况的报告",
    "字号 大 中 小",
    "分享到：微信 微博 QQ空间",
]
# lookalikes of furniture written by the report's author: all must stay
LOOKALIKES = [
    "全镇共办理案件12件，其中>50万元的3件",
    "主办单位组织培训3次。",
    "规范性文件全部按规定报区司法局备案审查。",
    "规范性文件备案审查率100%",
]
WEB_BODY = [
    LOOKALIKES[0],
    "　　2020年，掌起镇在市委、市政府的正确领导下，深入贯彻落实法治慈溪建设要求，全面推进依法行政。",
    "一、主要工作措施及成效",
    LOOKALIKES[1],
    LOOKALIKES[2],
    "二、下一步工作计划",
    "　　对本报告有意见建议的，可通过本网站“联系我们”栏目反映，由镇党政办作为主办单位统一受理。",
    LOOKALIKES[3],
    "掌起镇人民政府",
    "2021年1月20日",
]
WEB_TAIL = [
    "",
    "上一篇：掌起镇2020年政府信息公开工作年度报告",
    "下一篇：掌起镇2021年普法依法治理工作要点",
    "【打印本页】【关闭窗口】",
    "",
    "主办单位：慈溪市掌起镇人民政府　承办：掌起镇党政办　网站标识码：3302820001　浙ICP备12345678号",
    "公安机关备案号：浙公网安备 33028202000123号",
    "联系电话：0574-63000000",
    "地址：慈溪市掌起镇人民路1号",
    "联系我们 | 网站地图 | 无障碍",
    "技术支持：某某信息技术有限公司",
]


def test_web_copy_head_and_tail_furniture_goes_by_shape_and_lookalikes_stay():
    doc = _txt(WEB_HEAD + WEB_BODY + WEB_TAIL, "page.txt")
    lines = _lines(doc)
    assert lines[0] == "掌起镇人民政府关于2020年度法治政府建设工作情况的报告"
    assert lines[1:] == [ln.strip() for ln in WEB_BODY]
    assert doc.title == lines[0]


@pytest.mark.parametrize("line", [
    "掌起镇人民政府>政务公开>法治政府建设", "首页 › 政务公开 » 年度报告 ／ 正文", "当前位置：掌起镇 > 政务公开",
    "首页 | 政务公开 | 政务服务 | 互动交流", "首页 政务公开 政务服务 互动交流 走进掌起", "联系我们 | 网站地图",
    "字号 大 中 小", "分享到：微信 微博", "【打印本页】【关闭窗口】", "湛江市坡头区人民政府网",
    "主办单位：湛江市坡头区人民政府办公室", "承办：湛江市坡头区政务服务数据管理局", "网站标识码：4408040099",
    "粤ICP备05099999号-1", "公安机关备案号：粤公网安备 44080402000999号", "版权所有：某某镇人民政府",
    "技术支持：某某信息技术有限公司",
])
def test_furniture_shapes_are_clutter(line):
    from desktop.text import is_clutter_line

    assert is_clutter_line(line)


@pytest.mark.parametrize("line", LOOKALIKES + [
    "尼山镇人民政府", "2024年12月31日", "2024/12/31", "天 龙 镇 人 民 政 府", "坡头镇人民政府 2020年2月19日",
    "一、主要工作措施及成效", "联系电话：0574-63000000", TITLE,
    "对本报告有意见建议的，可通过本网站“联系我们”栏目反映，由镇党政办作为主办单位统一受理。",
])
def test_report_lines_that_look_like_furniture_are_not_clutter(line):
    from desktop.text import is_clutter_line

    assert not is_clutter_line(line)
