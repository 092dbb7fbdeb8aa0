"""Large and truncated GB18030/GBK text (issue 11): the character limit is told
before any verdict on the encoding, and a file cut mid-character still reads.

The fixtures are built here: a ~4 MB GB18030 report of ~2.2 million characters
and a smaller one under the limit, each cut through its last character.
"""

from __future__ import annotations

import pytest

from desktop.errors import ImportFailure
from desktop.importers import Limits, import_bytes

SENTENCE = "深入贯彻落实法治政府建设实施纲要，严格规范公正文明执法，持续优化营商环境。"  # 36 characters
ENDINGS = {  # the last character and how many of its bytes survive the cut
    "two-byte": ("完中", 1),
    "four-byte, 1 of 4 bytes": ("完𠀀", 1),
    "four-byte, 2 of 4 bytes": ("完𠀀", 2),
    "four-byte, 3 of 4 bytes": ("完𠀀", 3),
}


def report(lines: int) -> str:
    """A plain report: numbered paragraphs of Chinese prose (36 Chinese + 8 ASCII characters each)."""
    return "".join(f"{i:07d}{SENTENCE}\n" for i in range(lines))


def cut_gb18030(text: str, ending: str, kept: int) -> bytes:
    """``text + ending`` in GB18030 with the last character cut to its first ``kept`` bytes."""
    last = ending[-1].encode("gb18030")
    return (text + ending[:-1]).encode("gb18030") + last[:kept]


@pytest.fixture(scope="module")
def big_text() -> str:
    return report(50_000)  # 2.2 million characters


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_big_gb18030_cut_mid_character_is_too_large_not_undecodable(big_text, ending):
    data = cut_gb18030(big_text, *ENDINGS[ending])
    assert 3.8 * 2**20 < len(data) < 4.2 * 2**20  # the 4 MB file of the issue
    assert len(big_text) > 2_100_000
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, "汇编.txt")
    assert err.value.kind == "too_large", err.value.message
    message = err.value.message
    assert "编码" not in message and "UTF-8" not in message
    assert "2000000" in message and "拆分" in message
    count = int(message.split("文本共 ")[1].split(" 字")[0])
    assert 2_100_000 < count <= len(big_text) + 1


def test_big_gb18030_with_a_bad_byte_inside_is_still_too_large_first(big_text):
    """Over the limit is said before 'undecodable': the reviewer must split it anyway."""
    data = bytearray(cut_gb18030(big_text, "完中", 1))
    data[len(data) // 2] = 0xFF  # never a GB18030 byte
    with pytest.raises(ImportFailure) as err:
        import_bytes(bytes(data), "汇编.txt")
    assert err.value.kind == "too_large" and "拆分" in err.value.message
    assert "文本约 " in err.value.message and "2000000" in err.value.message


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_under_the_limit_cut_mid_character_imports_with_a_warning(ending):
    text = report(20_000)  # 880,000 characters, ~1.6 MB: decided from a sample
    data = cut_gb18030(text, *ENDINGS[ending])
    assert len(data) > 1_500_000  # well over the sampled head and tail
    doc = import_bytes(data, "报告.txt")
    assert doc.text == (text + ENDINGS[ending][0][:-1]).strip("\n")
    assert "\ufffd" not in doc.text
    assert len(doc.warnings) == 1 and "不完整" in doc.warnings[0]


def test_large_gbk_cut_mid_character_decodes_as_gb18030():
    text = report(20_000)
    data = (text + "完毕").encode("gbk")[:-1]
    doc = import_bytes(data, "报告.txt")
    assert doc.text == (text + "完").strip("\n") and "不完整" in doc.warnings[0]


def test_large_utf8_is_unaffected_and_a_cut_utf8_still_reads_as_utf8():
    text = report(20_000)
    for bom in (b"", b"\xef\xbb\xbf"):
        whole = import_bytes(bom + text.encode("utf-8"), "报告.txt")
        assert (whole.text, whole.warnings) == (text.strip("\n"), [])
        cut = import_bytes(bom + (text + "完毕").encode("utf-8")[:-1], "报告.txt")
        assert cut.text == text + "完" and "不完整" in cut.warnings[0]


def test_large_mixed_file_decided_by_its_sample_still_needs_every_byte():
    """A sample that reads as UTF-8 does not let a GBK middle in as mojibake."""
    text = report(20_000)
    middle = len(text) // 2
    data = text[:middle].encode("utf-8") + "中文段落\n".encode("gbk") + text[middle:].encode("utf-8")
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, "mixed.txt")
    assert err.value.kind == "unsupported"


def test_large_garbage_is_still_refused_as_before():
    import random

    rng = random.Random(11)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3 * 2**20))
    with pytest.raises(ImportFailure) as err:
        import_bytes(data, "noise.txt", limits=Limits(max_chars=1000))
    assert err.value.kind == "unsupported"
