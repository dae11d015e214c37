"""Forms whose every field can show its own problem right under it.

Services check all fields and raise one ValidationError naming each bad
field; ``Form.show_errors`` puts each message under its field, focuses the
first, and returns what belongs to no field for the form to show on top.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from cellclient.i18n import tr as core_tr
from cellclient.validation import FieldError, ValidationError, label

from .style import set_role
from .widgets import set_banner


def field_message(error: FieldError) -> str:
    """The problem alone ("phải gồm đúng 12 chữ số"), for under its field."""
    text = core_tr(f"valid.{error.code}", **error.params)
    return text[:1].upper() + text[1:]


class Form(QWidget):
    """Label, input and error line for each field; one grid per column, so a long
    label in one column never stretches a row of the other."""

    HINT_AS_PLACEHOLDER = 18  # longer hints are a note under the field: a placeholder gets cut

    def __init__(self, columns: int = 1, parent=None):
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(24)
        self.grids = []
        for _ in range(columns):
            grid = QGridLayout()
            grid.setVerticalSpacing(2)
            grid.setHorizontalSpacing(10)
            grid.setColumnStretch(1, 1)
            outer.addLayout(grid, 1)
            self.grids.append(grid)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self._rows = [0] * columns
        self.first_error: QWidget | None = None

    def _next(self, column: int, count: int = 1) -> int:
        row = self._rows[column]
        self._rows[column] = row + count
        return row

    def add_section(self, text: str, column: int = 0) -> QLabel:
        heading = QLabel(text)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.grids[column].addWidget(heading, self._next(column), 0, 1, 2)
        return heading

    def add(self, name: str, widget: QWidget, text: str | None = None,
            hint: str | None = None, column: int = 0) -> QWidget:
        """Add a field; ``text`` defaults to the core's label for ``name``."""
        text = text or label(name)
        caption = QLabel(text + ":")
        caption.setBuddy(widget)
        caption.setWordWrap(True)
        # Short labels on one line, long ones wrapped at about sixteen characters.
        metrics = caption.fontMetrics()
        caption.setMinimumWidth(min(metrics.horizontalAdvance(caption.text()) + 4,
                                    metrics.averageCharWidth() * 16))
        widget.setAccessibleName(text)
        grid = self.grids[column]
        row = self._next(column, 2)
        grid.addWidget(caption, row, 0)
        grid.addWidget(widget, row, 1)
        if hint:
            widget.setToolTip(hint)
            if isinstance(widget, QLineEdit) and len(hint) <= self.HINT_AS_PLACEHOLDER:
                widget.setPlaceholderText(hint)
            else:
                note = QLabel(hint)
                note.setWordWrap(True)
                set_role(note, "muted")
                grid.addWidget(note, self._next(column), 1)
        error = QLabel()
        error.setWordWrap(True)
        set_role(error, "error")
        error.setVisible(False)
        error.setObjectName(f"error_{name}")
        grid.addWidget(error, row + 1, 1)
        self.widgets[name], self.labels[name], self.errors[name] = widget, caption, error
        return widget

    def add_widget(self, widget: QWidget, column: int = 0) -> None:
        """A line across one column (a note, a group of buttons)."""
        self.grids[column].addWidget(widget, self._next(column), 0, 1, 2)

    def finish(self) -> None:
        """Push the fields to the top when the form is taller than its content."""
        for grid, rows in zip(self.grids, self._rows, strict=True):
            grid.setRowStretch(rows, 1)

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.setVisible(False)

    def error_text(self, name: str) -> str:
        return self.errors[name].text() if name in self.errors else ""

    def show_errors(self, exc: ValidationError, aliases: dict[str, str] | None = None) -> list[str]:
        """Messages under their fields; returns those that have no field here."""
        self.clear_errors()
        aliases = aliases or {}
        leftovers: list[str] = []
        first = None
        for e in exc.errors:
            name = aliases.get(e.field, e.field)
            box = self.errors.get(name)
            if box is None:
                leftovers.append(e.message())
                continue
            box.setText("\n".join(filter(None, [box.text(), field_message(e)])))
            box.setVisible(True)
            first = first or self.widgets[name]
        self.first_error = first
        if first is not None:
            first.setFocus()
        return leftovers

    def report_failure(self, error: BaseException, banner, headline: str,
                       aliases: dict[str, str] | None = None) -> None:
        """After a failed save: each problem under its field, and in ``banner`` the
        headline plus what has no field here (or the error itself, if not a
        validation error)."""
        if isinstance(error, ValidationError):
            set_banner(banner, "\n".join([headline, *self.show_errors(error, aliases)]))
        else:
            set_banner(banner, str(error))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, QComboBox | QCheckBox):
                widget.setEnabled(not read_only)


def text_of(widget: QWidget) -> str | None:
    """What a field holds, stripped; None when empty."""
    if isinstance(widget, QLineEdit):
        value = widget.text()
    elif isinstance(widget, QPlainTextEdit):
        value = widget.toPlainText()
    elif isinstance(widget, QComboBox):
        data = widget.currentData()
        return data if data not in ("", None) else None
    else:
        raise TypeError(type(widget))
    value = value.strip()
    return value or None


def combo(items: list[tuple[str, object]], current=None) -> QComboBox:
    """A combo box of (shown text, stored value) pairs."""
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    select(box, current)
    return box


def select(box: QComboBox, value) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))
