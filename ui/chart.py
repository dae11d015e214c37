"""A small bar chart of attendance over twelve months, drawn with QPainter.

QPainter rather than QtCharts: QtCharts is not in PySide6-Essentials and needs
the 59 MB PySide6-Addons wheel to build (about 3.3 MB in a bundle), for one
chart of twelve bars. Drawing it ourselves costs nothing to ship, follows the
app's text size, and reads the same on every platform.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .style import GREY_TEXT, RED

BAR = QColor(RED)
GRID = QColor("#d8d4cf")


class AttendanceChart(QWidget):
    """Bars of 0-100 % with the value above each and the month below; a month
    without a meeting shows a dash, so a gap is visible, not silently zero."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[tuple[str, float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_points(self, points: list[tuple[str, float | None]]) -> None:
        """``(label, share 0..1 or None)`` per month, oldest first."""
        self.points = points
        described = "; ".join(f"{label}: {'—' if v is None else f'{round(v * 100)}%'}"
                              for label, v in points)
        self.setAccessibleDescription(described)
        self.setToolTip(described)
        self.update()

    def sizeHint(self) -> QSize:
        m = self.fontMetrics()
        return QSize(m.averageCharWidth() * 60, m.height() * 10)

    def minimumSizeHint(self) -> QSize:
        m = self.fontMetrics()
        return QSize(m.averageCharWidth() * 40, m.height() * 8)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        m = self.fontMetrics()
        line = m.height()
        axis = m.horizontalAdvance("100%") + 8
        top, bottom = line + 4, self.height() - line - 6
        left, right = axis, self.width() - 4
        plot_h = max(bottom - top, 10)
        painter.setPen(QPen(GRID, 1))
        for share in (0, 0.5, 1):
            y = bottom - share * plot_h
            painter.drawLine(int(left), int(y), int(right), int(y))
            painter.setPen(QColor(GREY_TEXT))
            painter.drawText(QRectF(0, y - line / 2, axis - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{round(share * 100)}%")
            painter.setPen(QPen(GRID, 1))
        if not self.points:
            painter.end()
            return
        slot = (right - left) / len(self.points)
        bar_w = max(slot * 0.6, 4)
        for i, (label, value) in enumerate(self.points):
            x = left + i * slot + (slot - bar_w) / 2
            painter.setPen(QColor(GREY_TEXT))
            painter.drawText(QRectF(left + i * slot, bottom + 4, slot, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
            if value is None:
                painter.drawText(QRectF(left + i * slot, bottom - line - 2, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, "—")
                continue
            h = max(min(value, 1.0), 0.0) * plot_h
            painter.fillRect(QRectF(x, bottom - h, bar_w, h), BAR)
            painter.setPen(QColor("#222222"))
            if slot >= m.horizontalAdvance("100%"):
                painter.drawText(QRectF(left + i * slot, bottom - h - line - 2, slot, line),
                                 Qt.AlignmentFlag.AlignCenter, f"{round(value * 100)}%")
        painter.end()
