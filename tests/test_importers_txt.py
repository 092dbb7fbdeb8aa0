"""Plain-text import: encodings, line endings, portal clutter, and the seeds read as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import ImportFailure
from desktop.importers import Limits, import_bytes, import_file

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import importer_files as files  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: the web-portal furniture each seed carries (issue 3): exactly these lines go
SEED_CLUTTER = {
    "000": ["发布时间:2020-02-21 10:02 来源: 本网 字号: 【大】 【中】 【小】"],
    "001": [],
    "002": [],
    "003": ["来源:曲阜市尼山镇 浏览: 日期:2025-01-03 11:16", "分享", "打印 关闭"],
    "004": ["|"],
}


def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.mark.parametrize("prefix", sorted(SEED_CLUTTER))
def test_seed_reads_as_its_lines_minus_portal_clutter(prefix):
    path = _seed(prefix)
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    doc = import_file(path)
    got = doc.text.split("\n")
    kept = [ln for ln in lines if ln not in SEED_CLUTTER[prefix]]
    if prefix == "003":  # its title is set on two lines: one title paragraph
        assert kept[:2] == ["尼山镇人民政府", "关于2024年度法治政府建设的情况报告"]
        kept = ["".join(kept[:2]), *kept[2:]]
    dropped = [ln for ln in lines if ln not in got and ln not in kept[0]]
    assert dropped == SEED_CLUTTER[prefix]
    assert got == kept
    assert doc.title and "|" not in doc.title


def test_seed_without_title_line_is_named_after_the_file():
    path = _seed("001")
    assert import_file(path).title == path.stem
    assert import_file(_seed("004")).title == _seed("004").stem
    assert import_file(_seed("003")).title == "尼山镇人民政府关于2024年度法治政府建设的情况报告"


def test_cli_extract_prints_the_canonical_text():
    path = _seed("000")
    out = subprocess.run([sys.executable, "-m", "desktop", "extract", str(path)],
                         capture_output=True, cwd=SEEDS.parent, timeout=60)
    assert out.returncode == 0
    assert out.stdout.decode("utf-8").rstrip("\n") == import_file(path).text


@pytest.mark.parametrize("encoding,bom,crlf", [
    ("utf-8", False, False), ("utf-8", True, True), ("gb18030", False, False), ("gbk", False, True),
    ("utf-16-le", True, True), ("utf-16-be", True, False),
])
def test_encodings_decode_to_the_same_text(encoding, bom, crlf):
    data = files.encoded(files.report_text(), encoding, bom=bom, crlf=crlf)
    doc = import_bytes(data, "report.txt")
    assert doc.text == files.report_text()
    assert "\ufffd" not in doc.text and "\ufeff" not in doc.text and "\r" not in doc.text
    titles = [s.title for s in doc.sections]
    for heading in files.REPORT_HEADINGS:
        assert heading in titles


def test_utf16_without_bom_is_recognised():
    doc = import_bytes(files.report_text().encode("utf-16-le"), "report.txt")
    assert doc.text == files.report_text()


def test_undecodable_text_is_refused_not_replaced():
    data = files.report_text().encode("utf-8") + b"\xff\xfe\xfd\x80\x81" + "结束".encode("gb18030")
    with pytest.raises(ImportFailure) as err:
        import_bytes(data * 3, "bad.txt")
    assert err.value.kind == "unsupported"


def test_bom_that_lies_is_refused():
    with pytest.raises(ImportFailure) as err:
        import_bytes(b"\xef\xbb\xbf" + "报告".encode("gb18030") + b"\xff\xff", "x.txt")
    assert err.value.kind == "unsupported"


def test_text_truncated_mid_character_still_decodes():
    data = files.report_text().encode("utf-8")[:-1]  # cuts the last 日
    doc = import_bytes(data, "cut.txt")
    assert doc.text.startswith(files.REPORT_LINES[0]) and "\ufffd" not in doc.text


def test_webcopy_clutter_goes_only_at_head_and_tail():
    doc = import_bytes(files.webcopy_text().encode("utf-8"), "page.txt")
    lines = doc.text.split("\n")
    assert lines[0] == files.REPORT_LINES[0]
    assert lines[-1] == files.REPORT_LINES[-1]
    for clutter in files.WEB_HEAD[:1] + files.WEB_HEAD[3:] + files.WEB_TAIL[1:]:
        assert clutter not in lines
    # the same kind of line in the middle of the report is the author's text and stays
    assert "信息来源:县司法局 发布时间:2024-05-01 字号: 【大】 【中】 【小】" in lines
    assert doc.title == files.REPORT_LINES[0]


def test_too_many_characters_names_the_numbers():
    data = ("很长的报告。" * 200).encode("utf-8")
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, "long.txt", limits=Limits(max_chars=500))
    assert err.value.kind == "too_large"
    assert "1200" in err.value.message and "500" in err.value.message


def test_only_whitespace_is_empty():
    with pytest.raises(ImportFailure) as err:
        import_bytes(" \r\n\t\n".encode("utf-8"), "blank.txt")
    assert err.value.kind == "empty"


GBK_TITLE = "关于2024年度法治政府建设情况的报告"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_short_gbk_cut_mid_character_is_read_as_gbk_with_a_warning(encoding):
    data = (GBK_TITLE + "\n一、主要工作\n完毕").encode(encoding)[:-1]  # 毕 loses its second byte
    doc = import_bytes(data, "cut.txt")
    assert doc.text == GBK_TITLE + "\n一、主要工作\n完"
    assert doc.title == GBK_TITLE
    assert any("不完整" in w for w in doc.warnings)


def test_gb18030_four_byte_character_cut_is_dropped_not_refused():
    data = (GBK_TITLE + "𠀀").encode("gb18030")
    for kept in (1, 2, 3):
        doc = import_bytes(data[: len(data) - 4 + kept], "cut.txt")
        assert doc.text == GBK_TITLE and any("不完整" in w for w in doc.warnings)


def test_an_invalid_last_byte_is_not_taken_for_a_cut_character():
    with pytest.raises(ImportFailure) as err:
        import_bytes(GBK_TITLE.encode("gbk") + b"\xff", "bad.txt")
    assert err.value.kind == "unsupported" and "UTF-8" in err.value.message


@pytest.mark.parametrize("bom", [False, True])
def test_utf8_with_and_without_bom_is_unaffected(bom):
    data = files.encoded(files.report_text(), "utf-8", bom=bom)
    doc = import_bytes(data, "report.txt")
    assert doc.text == files.report_text() and doc.warnings == []
    cut = import_bytes(data + "完毕".encode("utf-8")[:-1], "report.txt")
    assert cut.text == files.report_text() + "完" and any("不完整" in w for w in cut.warnings)


def test_utf8_cut_is_not_read_as_gb18030_mojibake():
    """Cut one byte short, this UTF-8 text is also valid GB18030 ('鎶ュ憡瀹')."""
    text = "报告"
    data = (text + "完").encode("utf-8")[:-1]
    assert data.decode("gb18030")  # the trap: strict GB18030 reads it
    assert import_bytes(data, "cut.txt").text == text


def test_ascii_then_a_gbk_character_is_gbk_not_cut_utf8():
    data = "report 2024 涓".encode("gbk")  # E4 B8: also the start of a UTF-8 character
    assert import_bytes(data, "x.txt").text == "report 2024 涓"


def test_garbage_is_refused_as_undecodable_even_over_the_limit():
    data = bytes(range(0x80, 0x100)) * 40
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, "noise.txt", limits=Limits(max_chars=100))
    assert err.value.kind == "unsupported" and "编码" in err.value.message


def test_too_many_characters_says_how_to_split():
    data = ("很长的报告。" * 200).encode("gb18030")
    with pytest.raises(ImportFailure) as err:
        import_bytes(data[:-1], "long.txt", limits=Limits(max_chars=500))
    assert err.value.kind == "too_large"
    assert "500" in err.value.message and "拆分" in err.value.message
