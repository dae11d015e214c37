"""How the app looks: one readable font size everywhere, calm colours, the icon."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication, QWidget

# Colours with enough contrast on white for older eyes (WCAG AA or better).
RED = "#b3261e"
GREEN = "#1e6b35"
AMBER_BG, AMBER_TEXT = "#fff4ce", "#4d3800"
BLUE_BG, BLUE_TEXT = "#e3eefc", "#12325e"
GREEN_BG = "#e4f3e8"
GREY_TEXT = "#4a4a4a"

STYLESHEET = f"""
QLabel[role="error"] {{ color: {RED}; }}
QLabel[role="muted"] {{ color: {GREY_TEXT}; }}
QLabel[role="banner-warn"] {{ background: {AMBER_BG}; color: {AMBER_TEXT};
    border: 1px solid #e0c060; border-radius: 4px; padding: 6px 10px; }}
QLabel[role="banner-info"] {{ background: {BLUE_BG}; color: {BLUE_TEXT};
    border: 1px solid #a8c4ee; border-radius: 4px; padding: 6px 10px; }}
QLabel[role="banner-ok"] {{ background: {GREEN_BG}; color: {GREEN};
    border: 1px solid #9fd0ac; border-radius: 4px; padding: 6px 10px; }}
QListWidget#sidebar {{ background: #f3f1ee; border: none; border-right: 1px solid #d8d4cf; }}
QListWidget#sidebar::item {{ padding-left: 12px; }}
QListWidget#sidebar::item:selected {{ background: {RED}; color: white; }}
QGroupBox {{ font-weight: bold; margin-top: 1.2em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] {{ background: #f2f2f2; }}
QPushButton {{ padding: 5px 12px; }}
QPushButton[role="primary"] {{ background: {RED}; color: white; border: 1px solid #8c1d17;
    border-radius: 4px; padding: 6px 14px; }}
QPushButton[role="primary"]:disabled {{ background: #c9a3a0; }}
QPushButton[role="link"] {{ border: none; color: {BLUE_TEXT}; text-decoration: underline;
    padding: 0 6px; }}
"""


def apply_text_size(app: QApplication, point_size: int, family: str | None = None) -> None:
    """One base size for the whole app; headings are drawn relative to it."""
    font = QFont(app.font())
    if family:
        font.setFamily(family)
    font.setPointSize(point_size)
    app.setFont(font)
    # Qt tells open windows by a posted event; deliver it now, so that anything
    # built next (the rebuilt pages) already inherits the new size.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)


def heading_font(widget: QWidget, scale: float = 1.35, bold: bool = True) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


def set_role(widget: QWidget, role: str) -> None:
    """Style a widget by role (see STYLESHEET); re-polished so a change shows at once."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _star(center: QPointF, outer: float) -> QPolygonF:
    import math

    inner = outer * 0.4
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(center.x() + radius * math.cos(angle),
                              center.y() + radius * math.sin(angle)))
    return QPolygonF(points)


def app_icon() -> QIcon:
    """A red rounded square with a yellow star, drawn at the sizes a desktop asks for
    (drawn, not shipped as a file, so it is sharp at any size)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
        painter.fillPath(path, QColor(RED))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffd43b"))
        painter.drawPolygon(_star(QPointF(size / 2, size * 0.53), size * 0.36))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
