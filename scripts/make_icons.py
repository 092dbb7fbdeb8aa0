"""Render resources/icons/reviewdesk.svg into reviewdesk.png (256 px, Linux .desktop
and PyInstaller) and reviewdesk.ico (16–256 px, Windows exe and file association).

Run once after changing the SVG; the outputs are committed so a build machine
needs neither Pillow nor an SVG renderer:  python scripts/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int):
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "reviewdesk.svg")).render(painter)
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data())


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    big = render(256)
    (ICONS / "reviewdesk.png").write_bytes(big)
    images = [Image.open(io.BytesIO(render(s))) for s in SIZES]
    images[-1].save(ICONS / "reviewdesk.ico", format="ICO", sizes=[(s, s) for s in SIZES],
                    append_images=images[:-1])
    print(f"make_icons: {ICONS / 'reviewdesk.png'}, {ICONS / 'reviewdesk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
