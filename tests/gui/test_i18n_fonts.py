"""Chinese font choice per platform (no fonts are bundled)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from desktop.ui import fonts


def test_each_platform_prefers_its_own_chinese_faces():
    win_ui, win_reading = fonts.platform_lists("win32")
    linux_ui, linux_reading = fonts.platform_lists("linux")
    assert win_ui[:2] == ("Microsoft YaHei UI", "Microsoft YaHei") and "SimSun" in win_ui
    assert win_reading[0] == "SimSun"
    assert linux_ui[0] == "Noto Sans CJK SC"
    assert {"Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"} <= set(linux_ui)
    # A Windows list still knows the Linux faces (and back): a portable install keeps working.
    assert "Noto Sans CJK SC" in win_ui and "Microsoft YaHei" in linux_ui


def test_named_faces_first_then_any_chinese_face():
    installed = ["DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK SC"]
    assert fonts.chinese_families(fonts.LINUX_UI, installed) == ["Noto Sans CJK SC", "WenQuanYi Zen Hei"]
    assert fonts.chinese_families(["Microsoft YaHei"], ["microsoft yahei"]) == ["microsoft yahei"]
    # None of the names installed: a face that declares Simplified Chinese (here: fonts-noto-cjk).
    fallback = fonts.chinese_families(["No Such Font"], ["DejaVu Sans"])
    assert fallback and fallback[0] in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def test_ui_and_reading_fonts_render_chinese(qapp):
    chinese = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    assert chinese, "this machine needs a Chinese font (fonts-noto-cjk)"
    ui = fonts.ui_font()
    reading = fonts.reading_font()
    assert ui.families()[0] in chinese and reading.families()[0] in chinese
    assert reading.pointSizeF() == 12.5
