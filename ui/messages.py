"""Message boxes that never block: they open window-modal and call back.

No nested event loop (``exec``): the app keeps painting and its workers keep
reporting while a question is open, and tests can answer it like a person.
Qt's own button words are English only, so every button gets its text here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from cellclient.errors import CellClientError


def _box(parent: QWidget | None, icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def inform(parent: QWidget | None, title: str, text: str, warning: bool = False) -> QMessageBox:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = _box(parent, icon, title, text)
    close = QCoreApplication.translate("Messages", "Đóng")
    box.addButton(close, QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """A failed action in plain words; an unexpected error says so without jargon."""
    if isinstance(error, CellClientError):
        text = str(error)
    else:
        text = QCoreApplication.translate(
            "Messages", "Đã có lỗi không mong muốn; dữ liệu không bị thay đổi.\n\n"
            "Chi tiết kỹ thuật: {detail}").format(detail=type(error).__name__)
    title = QCoreApplication.translate("Messages", "Chưa làm được")
    return inform(parent, title, text, warning=True)


def confirm(parent: QWidget | None, title: str, text: str, yes: str,
            on_yes: Callable[[], None], no: str | None = None) -> QMessageBox:
    """Ask before something that cannot be undone; ``on_yes`` runs only on yes."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no = no or QCoreApplication.translate("Messages", "Không")
    box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))

    def finished(_result) -> None:
        if box.clickedButton() is yes_button:
            on_yes()

    box.finished.connect(finished)
    box.open()
    return box
