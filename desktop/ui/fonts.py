"""CJK font choice: never bundle fonts, pick what the platform has.

Without an explicit family Qt may pick a Japanese CJK face (wrong glyph
shapes for Chinese) or, on bare Linux desktops, show boxes. We prefer the
Simplified Chinese faces each platform ships, in this order:

* Windows 10/11: Microsoft YaHei UI / Microsoft YaHei, then DengXian, SimSun,
  SimHei (every Chinese Windows has YaHei and SimSun).
* Linux: Noto Sans CJK SC (UOS, Kylin and most distributions ship it; UOS's
  default UI face), Source Han Sans SC/CN (思源黑体, deepin and some Kylin
  builds), WenQuanYi Micro/Zen Hei (older Kylin/NeoKylin defaults), Droid Sans
  Fallback, AR PL UMing/UKai.
* macOS (not a target, harmless): PingFang SC.

If none of the names is installed, the first installed family that declares
the Simplified Chinese writing system is used (fontconfig knows), so Chinese
never shows as boxes while any Chinese font exists. High-DPI: app.py sets
Qt 6's PassThrough rounding policy before the QApplication is made, so 125 %
and 150 % scaling on office laptops is not rounded to 100 % or 200 %.
"""

from __future__ import annotations

import sys
from typing import Iterable

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

WINDOWS_UI = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "DengXian", "等线", "SimSun", "宋体",
              "SimHei", "黑体")
LINUX_UI = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体",
            "WenQuanYi Micro Hei", "文泉驿微米黑", "WenQuanYi Zen Hei", "文泉驿正黑", "Droid Sans Fallback",
            "AR PL UMing CN", "AR PL UKai CN")
MAC_UI = ("PingFang SC", "Hiragino Sans GB", "Heiti SC")
WINDOWS_READING = ("SimSun", "宋体", "NSimSun", "Microsoft YaHei")
LINUX_READING = ("Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体",
                 "AR PL UMing CN", "AR PL SungtiL GB")
MAC_READING = ("Songti SC", "STSong")


def platform_lists(platform: str = sys.platform) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(UI families, reading families) in preference order for ``platform``."""
    if platform.startswith("win"):
        return WINDOWS_UI + LINUX_UI, WINDOWS_READING + LINUX_READING
    if platform == "darwin":
        return MAC_UI + LINUX_UI, MAC_READING + LINUX_READING
    return LINUX_UI + WINDOWS_UI, LINUX_READING + WINDOWS_READING


UI_FAMILIES, READING_FAMILIES = platform_lists()


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


def chinese_capable_families() -> list[str]:
    """Installed families that declare Simplified Chinese, Japanese-only faces last."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return sorted(families, key=lambda f: (" JP" in f or "Japan" in f, " KR" in f or " TC" in f or " HK" in f))


def chinese_families(preferred: Iterable[str], families: list[str] | None = None) -> list[str]:
    """Installed families from ``preferred`` in order; else any Chinese-capable one."""
    families = installed_families() if families is None else families
    lookup = {name.lower(): name for name in families}
    chosen = [lookup[p.lower()] for p in preferred if p.lower() in lookup]
    chosen = list(dict.fromkeys(chosen))
    if not chosen:
        chosen = chinese_capable_families()[:1]
    return chosen


def ui_font(base: QFont | None = None) -> QFont:
    """The application font: the platform's size, a Chinese family with fallbacks."""
    font = QFont(base) if base is not None else QFont()
    chosen = chinese_families(UI_FAMILIES)
    if chosen:
        font.setFamilies(chosen[:4])
    if sys.platform.startswith("linux") and font.pointSizeF() < 10:
        font.setPointSizeF(10)
    return font


def reading_font(size: float = 12.5) -> QFont:
    """The document pane's font: a Song/serif face reads like a printed report."""
    families = installed_families()
    chosen = chinese_families(READING_FAMILIES, families) if choose_family(families, READING_FAMILIES) else []
    chosen += [f for f in chinese_families(UI_FAMILIES, families) if f not in chosen][:2]
    font = QFont()
    if chosen:
        font.setFamilies(chosen)
    font.setPointSizeF(size)
    return font


def apply_ui_font(app: QApplication) -> QFont:
    font = ui_font(app.font())
    app.setFont(font)
    return font
