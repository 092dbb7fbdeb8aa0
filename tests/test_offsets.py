"""UTF-16 (Qt) <-> code point (store) conversion with characters outside the BMP."""

from desktop.text import OffsetMap


def test_round_trip_with_astral_characters():
    text = "𠀀镇𡈼村，𠮷家2024年共3次𠀀"
    m = OffsetMap(text)
    utf16 = text.encode("utf-16-le")
    for cp in range(len(text) + 1):
        u16 = m.to_utf16(cp)
        assert len(text[:cp].encode("utf-16-le")) // 2 == u16
        assert m.to_codepoint(u16) == cp
    assert m.to_utf16(len(text)) == len(utf16) // 2


def test_position_inside_surrogate_pair_rounds_down():
    m = OffsetMap("a𠀀b")
    assert m.to_codepoint(2) == 1  # between the two halves of 𠀀


def test_bmp_only_text_is_identity():
    m = OffsetMap("普通文字")
    assert [m.to_utf16(i) for i in range(5)] == list(range(5))
