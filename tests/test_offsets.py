"""UTF-16 (Qt) <-> code point (store) conversion with characters outside the BMP."""

import random

import pytest

import desktop.text
from desktop.text import OffsetMap


def reference_astral(text: str) -> list[int]:
    """The original definition: a Python loop over every character."""
    return [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]


def check_against_utf16(text: str) -> None:
    m = OffsetMap(text)
    assert m._astral == reference_astral(text)
    assert m.length == len(text)
    for cp in range(len(text) + 1):
        u16 = m.to_utf16(cp)
        assert len(text[:cp].encode("utf-16-le", "surrogatepass")) // 2 == u16
        assert m.to_codepoint(u16) == cp
    assert m.to_utf16(len(text)) == len(text.encode("utf-16-le", "surrogatepass")) // 2


def test_round_trip_with_astral_characters():
    check_against_utf16("𠀀镇𡈼村，𠮷家2024年共3次𠀀")


def test_position_inside_surrogate_pair_rounds_down():
    m = OffsetMap("a𠀀b")
    assert m.to_codepoint(2) == 1  # between the two halves of 𠀀
    assert m.to_codepoint(3) == 2 and m.to_codepoint(4) == 3


def test_bmp_only_text_is_identity():
    m = OffsetMap("普通文字")
    assert [m.to_utf16(i) for i in range(5)] == list(range(5))
    assert [m.to_codepoint(i) for i in range(5)] == list(range(5))


@pytest.mark.parametrize("text", [
    "", "a", "𠀀", "𠀀𠀀", "𠀀𠀀𠀀", "𠀀abc", "abc𠀀", "𠀀abc𠀀", "a𠀀𡈼b", "镇𠀀𡈼𠮷村", "\U0010ffff\U00010000",
    "\uffff𠀀\uffff",  # the last BMP code point next to the first astral one
    "\ud800a\udc00",  # lone surrogates: BMP code points, one unit each
])
def test_astral_at_start_end_and_in_adjacent_pairs(text):
    check_against_utf16(text)


def test_inside_each_of_adjacent_pairs_rounds_down():
    m = OffsetMap("𠀀𡈼𠮷")
    assert [m.to_codepoint(u) for u in range(7)] == [0, 0, 1, 1, 2, 2, 3]
    assert [m.to_utf16(cp) for cp in range(4)] == [0, 2, 4, 6]


@pytest.mark.parametrize("seed", range(10))
def test_random_text_matches_the_character_loop(seed):
    rng = random.Random(seed)
    alphabet = ["a", "镇", "\n", "\uffff", "𠀀", "𡈼", "\U0010ffff", "😀"]
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
    check_against_utf16(text)


def test_text_without_astral_characters_never_runs_the_regex(monkeypatch):
    class Forbidden:
        def finditer(self, text):
            raise AssertionError("the fast path should have been taken")

    monkeypatch.setattr(desktop.text, "_ASTRAL", Forbidden())
    for text in ("", "abc", "普通文字" * 1000, "\ufffd\uffff"):
        assert OffsetMap(text)._astral == []
    with pytest.raises(AssertionError):
        OffsetMap("普通𠀀")
