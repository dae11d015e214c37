"""Small building blocks shared by the pages: titles, banners, figures."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from .style import heading_font, set_role


class WrapLabel(QLabel):
    """A word-wrapped label that always gets the height its text needs at its width.

    Qt sizes a wrapped label for a guessed width; in a wide window that guess is
    too narrow a height and the second line is cut. Here the height follows the width.
    """

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        if self.width() > 0:
            needed = self.heightForWidth(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)


def title(text: str, scale: float = 1.35) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a name in a title is never markup
    label.setFont(heading_font(label, scale))
    label.setWordWrap(True)
    return label


def banner(text: str = "", kind: str = "info") -> QLabel:
    """A coloured note across the page (kind: info, warn, ok); hidden while empty."""
    label = WrapLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    set_role(label, f"banner-{kind}")
    label.setVisible(bool(text))
    return label


def set_banner(label: QLabel, text: str, kind: str | None = None) -> None:
    if kind is not None:
        set_role(label, f"banner-{kind}")
    label.setText(text)
    label.setVisible(bool(text))


def muted(text: str = "") -> QLabel:
    label = WrapLabel(text)
    set_role(label, "muted")
    return label


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    set_role(button, "primary")
    return button


def link_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    set_role(button, "link")
    return button


def row(*widgets, stretch_at_end: bool = True) -> QWidget:
    """Widgets side by side (None adds a stretch there)."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        if w is None:
            layout.addStretch(1)
        else:
            layout.addWidget(w)
    if stretch_at_end:
        layout.addStretch(1)
    return box


def money_input_text(amount: int | None) -> str:
    """An amount as it is typed: 1.250.000 (no currency sign in an input box)."""
    return "" if amount is None else f"{amount:,}".replace(",", ".")


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def fit_columns(table: QTableView, model: QAbstractItemModel, sample: int = 300,
                fixed: dict[int, str] | None = None) -> None:
    """Size each column to its header and to the widest of the first ``sample`` rows.

    Qt's own "resize to contents" measures every row: at 10,000 members that is
    a visible pause on an old laptop, for widths a sample already gives.
    ``fixed`` gives a column a width from a sample text instead (a 12-digit ID).
    """
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    header_metrics = header.fontMetrics()
    rows = min(model.rowCount(), sample)
    pad = metrics.averageCharWidth() + 10
    for col in range(model.columnCount()):
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        width = header_metrics.horizontalAdvance(title) + pad
        if fixed and col in fixed:
            width = max(width, metrics.horizontalAdvance(fixed[col]) + pad)
        for row in range(rows):
            text = model.data(model.index(row, col))
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + pad)
        header.resizeSection(col, width)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open at the size the content wants, but never larger than the screen
    (the content scrolls instead, as it does with extra-large text)."""
    screen = window.screen().availableGeometry()
    window.resize(min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9)))
