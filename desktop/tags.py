"""The three tags: stored values, Chinese labels, keys and colours (one place for all)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tag:
    value: str  # stored in annotations.tag
    label: str  # Chinese label shown everywhere
    key: str  # keyboard shortcut in the document pane
    colour: str  # strong colour: legend, lists, charts
    highlight: str  # light tint behind highlighted text


TAGS: tuple[Tag, ...] = (
    Tag("measure", "举措", "1", "#2f6fdb", "#cfe0ff"),
    Tag("figure", "数据", "2", "#d98e00", "#ffe3a3"),
    Tag("weakness", "不足", "3", "#d64545", "#ffd0d0"),
)
TAG_VALUES: tuple[str, ...] = tuple(t.value for t in TAGS)
BY_VALUE: dict[str, Tag] = {t.value: t for t in TAGS}


def tag(value: str) -> Tag:
    """The Tag for a stored value; ValueError for anything else."""
    try:
        return BY_VALUE[value]
    except KeyError:
        raise ValueError(f"unknown tag {value!r}; expected one of {TAG_VALUES}") from None
