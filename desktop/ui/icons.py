"""Icons: the app icon from resources/icons, tag swatches drawn from the tag colours.

Tag icons are painted from desktop.tags so a colour changes in one place only.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from desktop.tags import BY_VALUE
from desktop.ui.paths import resource


@lru_cache(maxsize=None)
def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("reviewdesk.svg", "reviewdesk-256.png"):
        path = resource("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon


@lru_cache(maxsize=None)
def tag_icon(tag_value: str, size: int = 32) -> QIcon:
    """A rounded swatch: light tint filled, strong colour border and key digit."""
    tag = BY_VALUE[tag_value]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(2, 2, size - 4, size - 4)
    p.setPen(QPen(QColor(tag.colour), size / 12))
    p.setBrush(QColor(tag.highlight))
    p.drawRoundedRect(rect, size / 5, size / 5)
    font = p.font()
    font.setPixelSize(int(size * 0.55))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor(tag.colour))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, tag.key)
    p.end()
    return QIcon(pixmap)


def standard(name: str) -> QIcon:
    """A style icon by QStyle.StandardPixmap name, e.g. "SP_DialogOpenButton"."""
    style = QApplication.style()
    return style.standardIcon(getattr(QStyle.StandardPixmap, name))
