"""CJK font choice: never bundle fonts, pick what the platform has.

Without an explicit family Qt may pick a Japanese CJK face (wrong glyph
shapes for Chinese) or, on bare Linux desktops, show boxes. We prefer the
Simplified Chinese faces each platform ships: Windows YaHei/SimSun, Noto or
Source Han on Linux, WenQuanYi and the UOS/Kylin defaults as fallbacks.
"""

from __future__ import annotations

import sys
from typing import Iterable

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

UI_FAMILIES: tuple[str, ...] = (
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
    "Source Han Sans SC", "Source Han Sans CN", "思源黑体", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Unifont", "SimSun", "Droid Sans Fallback",
)
READING_FAMILIES: tuple[str, ...] = (
    "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体",
    "SimSun", "宋体", "Songti SC", "AR PL UMing CN",
)


def choose_family(available: Iterable[str], preferred: Iterable[str]) -> str | None:
    """The first preferred family that is installed (case-insensitive), else None."""
    lookup = {name.lower(): name for name in available}
    for name in preferred:
        hit = lookup.get(name.lower())
        if hit:
            return hit
    return None


def installed_families() -> list[str]:
    return list(QFontDatabase.families())


def ui_font(base: QFont | None = None) -> QFont:
    """The application font: the platform's size, a CJK family with fallbacks."""
    font = QFont(base) if base is not None else QFont()
    families = installed_families()
    chosen = choose_family(families, UI_FAMILIES)
    if chosen:
        fallbacks = [f for f in UI_FAMILIES if f != chosen and choose_family(families, [f])]
        font.setFamilies([chosen, *fallbacks])
    if sys.platform.startswith("linux") and font.pointSizeF() < 10:
        font.setPointSizeF(10)
    return font


def reading_font(size: float = 12.5) -> QFont:
    """The document pane's font: a Song/serif face reads like a printed report."""
    families = installed_families()
    chosen = choose_family(families, READING_FAMILIES) or choose_family(families, UI_FAMILIES)
    font = QFont()
    if chosen:
        font.setFamilies([chosen, *[f for f in UI_FAMILIES if choose_family(families, [f])][:2]])
    font.setPointSizeF(size)
    return font


def apply_ui_font(app: QApplication) -> QFont:
    font = ui_font(app.font())
    app.setFont(font)
    return font
