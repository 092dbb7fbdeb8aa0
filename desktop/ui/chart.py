"""A small bar chart drawn with QPainter: totals per unit, and tag counts per unit stacked.

No chart library: QtCharts is not in PySide6-Essentials and a plain painter
widget freezes into a PyInstaller bundle without extra plugins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.tags import TAGS
from desktop.ui.labels import tag_label


@dataclass(frozen=True)
class ChartRow:
    label: str  # the unit (or the title when no unit is known)
    total: float | None  # None: not scored yet (未评), drawn without a bar
    counts: dict[str, int] = field(default_factory=dict)


class RoundChart(QWidget):
    """Two panels side by side: 总分 per unit, and 标注数 per unit stacked by tag."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundChart")
        self.rows: list[ChartRow] = []
        self.max_total = 100.0
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(800, 240)

    def set_rows(self, rows: list[ChartRow], max_total: float) -> None:
        self.rows = list(rows)
        self.max_total = max(max_total, 1.0)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.rows:
            p.setPen(QColor("#888"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("导入报告并评分后，这里显示各单位的总分和标注数。"))
            return
        w, h = self.width(), self.height()
        left = QRectF(8, 8, w * 0.5 - 16, h - 16)
        right = QRectF(w * 0.5 + 8, 8, w * 0.5 - 16, h - 16)
        self._panel(p, left, self.tr("总分（满分 %1）").replace("%1", f"{self.max_total:g}"),
                    [[(r.total, QColor("#2f6fdb"))] if r.total is not None else [] for r in self.rows],
                    self.max_total, totals=True)
        stacks = [[(r.counts.get(t.value, 0), QColor(t.colour)) for t in TAGS] for r in self.rows]
        top = max([sum(v for v, _ in s) for s in stacks] + [1])
        top = -(-(top + 1) // 4) * 4  # whole numbers on the four grid lines, and room for the tallest label
        self._panel(p, right, self.tr("标注数"), stacks, float(top), totals=False)
        self._legend(p, right)

    def _panel(self, p: QPainter, area: QRectF, title: str, stacks: list[list[tuple[float, QColor]]],
               top: float, *, totals: bool) -> None:
        font = QFont(self.font())
        fm = QFontMetrics(font)
        p.setPen(QColor("#333"))
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(area.left(), area.top(), area.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, title)
        p.setFont(font)
        label_h = fm.height() + 4
        plot = QRectF(area.left() + 28, area.top() + fm.height() + 8,
                      area.width() - 32, area.height() - fm.height() - 8 - label_h - 4)
        p.setPen(QPen(QColor("#ccc"), 1))
        for i in range(5):  # grid lines with their values
            y = plot.bottom() - plot.height() * i / 4
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(QColor("#888"))
            p.drawText(QRectF(area.left(), y - fm.height() / 2, 26, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{top * i / 4:g}")
            p.setPen(QPen(QColor("#ccc"), 1))
        n = len(stacks)
        slot = plot.width() / n
        bar_w = max(4.0, min(48.0, slot * 0.6))
        for i, (row, stack) in enumerate(zip(self.rows, stacks)):
            x = plot.left() + slot * i + (slot - bar_w) / 2
            y = plot.bottom()
            for value, colour in stack:
                bh = plot.height() * (value / top) if top else 0
                if bh > 0:
                    p.fillRect(QRectF(x, y - bh, bar_w, bh), colour)
                y -= bh
            p.setPen(QColor("#333") if stack else QColor("#888"))
            value_text = f"{sum(v for v, _ in stack):g}" if stack else self.tr("未评")
            p.drawText(QRectF(x - 10, y - fm.height() - 1, bar_w + 20, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, value_text)
            label = fm.elidedText(row.label, Qt.TextElideMode.ElideRight, int(max(slot - 2, 10)))
            p.drawText(QRectF(plot.left() + slot * i, plot.bottom() + 4, slot, label_h),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)

    def _legend(self, p: QPainter, area: QRectF) -> None:
        fm = QFontMetrics(self.font())
        x = area.right()
        for t in reversed(TAGS):
            name = tag_label(t.value)
            tw = fm.horizontalAdvance(name)
            x -= tw + 4
            p.setPen(QColor("#333"))
            p.drawText(QRectF(x, area.top(), tw + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, name)
            x -= 14
            p.fillRect(QRectF(x, area.top() + 3, 10, fm.height() - 6), QColor(t.colour))
            x -= 8
