"""Every input can be named by a screen reader, and every page opens on the demo cell."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from cellclient.demo import build_demo
from tests.conftest import TODAY
from tests.ui_support import make_ctx, open_window

INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractSpinBox, QAbstractItemView)


def _inside(widget: QWidget, kinds) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def _unnamed(root: QWidget) -> list[str]:
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or widget.accessibleName():
            continue
        if isinstance(widget, QHeaderView) or _inside(widget, (QComboBox, QAbstractSpinBox)):
            continue  # parts of a named widget: a table's header, a combo box's list
        chain, w = [], widget
        while w is not None and w is not root:
            chain.append(type(w).__name__)
            w = w.parentWidget()
        out.append(" < ".join(chain[:4]))
    return out


def test_every_input_on_every_page_and_dialog_has_an_accessible_name(qtbot, store, tmp_path):
    build_demo(store, today=TODAY)
    window = open_window(qtbot, make_ctx(store, tmp_path))
    for key in window.pages:
        window.show_page(key)
    assert _unnamed(window) == []
    members, meetings, dues = (window.pages[k] for k in ("members", "meetings", "dues"))
    members.select(members.model.member_at(0).id)
    dues.select(dues.model.lines[1].member_id)
    opened = [(members, members.add_member), (members, members.edit_member),
              (members, members.change_status), (members, members.import_list),
              (meetings, meetings.new_meeting), (dues, dues.record_payment),
              (dues, dues.reverse_payment), (dues, dues.edit_settings)]
    for page, open_it in opened:
        open_it()
        assert _unnamed(page.dialog) == [], type(page.dialog).__name__
        page.dialog.reject()
