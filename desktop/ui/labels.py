"""Translated names for the core's fixed vocabularies (tags, statuses, the five parts).

The Qt-free core keeps Chinese labels (desktop.tags, desktop.store.STATUSES,
desktop.analysis.completeness.PART_LABELS): they are written into exports and
the CLI's output, which stay Chinese. Widgets show them through these functions,
so the English UI says Measure/Figure/Weakness. QT_TRANSLATE_NOOP marks each
string for lupdate; the Chinese text is the source, the stored value the key.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_TAGS = {
    "measure": QT_TRANSLATE_NOOP("Labels", "举措"),
    "figure": QT_TRANSLATE_NOOP("Labels", "数据"),
    "weakness": QT_TRANSLATE_NOOP("Labels", "不足"),
}
_STATUSES = {
    "not_started": QT_TRANSLATE_NOOP("Labels", "未开始"),
    "in_review": QT_TRANSLATE_NOOP("Labels", "评阅中"),
    "done": QT_TRANSLATE_NOOP("Labels", "已完成"),
}
_PARTS = {
    "measures": QT_TRANSLATE_NOOP("Labels", "主要举措和成效"),
    "weaknesses": QT_TRANSLATE_NOOP("Labels", "存在的不足和原因"),
    "leaders_duty": QT_TRANSLATE_NOOP("Labels", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    "next_year": QT_TRANSLATE_NOOP("Labels", "下一年度主要安排"),
    "other": QT_TRANSLATE_NOOP("Labels", "其他需要报告的情况"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def tag_label(value: str) -> str:
    """举措 / Measure … for a stored tag value (the value itself if unknown)."""
    return _tr(_TAGS[value]) if value in _TAGS else value


def status_label(code: str) -> str:
    """未开始 / Not started … for a stored document status code."""
    return _tr(_STATUSES[code]) if code in _STATUSES else code


def status_items() -> list[tuple[str, str]]:
    """(code, translated label) in workflow order, for combo boxes and filters."""
    return [(code, _tr(text)) for code, text in _STATUSES.items()]


def part_label(key: str) -> str:
    """The statutory part's full name (主要举措和成效 / Main measures and results …)."""
    return _tr(_PARTS[key]) if key in _PARTS else key
