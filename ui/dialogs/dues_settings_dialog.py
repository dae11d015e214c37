"""The cell's dues settings for the rule in force in a month: retention share, the
amount for other members, and the month dues tracking starts.

Values a regulation leaves open or that were not found are settings with
documented defaults (docs/domain.md); the dialog says which are still defaults.
"""

from __future__ import annotations

import html
import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from cellclient import formatting
from cellclient.dues_rules import describe
from cellclient.services.dues import dues_settings, set_dues_settings
from cellclient.services.dues_settings import cell_rule_book, start_month

from ..context import AppContext
from ..forms import Form, text_of
from ..widgets import banner, muted


def to_month(text: str | None) -> str | None:
    """"03/2026" (as people write it) -> "2026-03"; anything else is left for the check."""
    if text and (m := re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*", text)):
        return f"{m[2]}-{int(m[1]):02d}"
    return text


class DuesSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, month: str, parent=None):
        super().__init__(parent)
        self.ctx, self.month = ctx, month
        self.setWindowTitle(self.tr("Thiết lập đảng phí"))
        stored = dues_settings(ctx.store, ctx.cell_id)
        rules = describe(cell_rule_book(stored).for_month(month), stored)
        self.problem = banner(kind="warn")
        source = QLabel(self.tr("Quy định áp dụng cho tháng {m}: <b>{source}</b>").format(
            m=formatting.month(month), source=html.escape(rules["source"])))
        source.setWordWrap(True)
        f = self.form = Form()
        self.fields = {}
        for spec in rules["settings"]:
            box = f.add(spec["name"], QLineEdit(str(spec["value"])))
            self.fields[spec["name"]] = box
            notes = []
            if spec["is_default"]:
                notes.append(self.tr("đang dùng giá trị mặc định {v}").format(v=spec["default"]))
            if not spec["found_in_regulation"]:
                notes.append(self.tr("quy định mới chưa nêu giá trị này"))
            if spec["note"]:
                notes.append(spec["note"])
            if notes:
                f.add_widget(muted("; ".join(notes)))
        first = start_month(stored)
        self.start = f.add("start_month", QLineEdit(formatting.month(first) if first else ""),
                           hint=self.tr("MM/yyyy"))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.problem, source, f, buttons):
            layout.addWidget(w)

    def save(self) -> None:
        values = {name: text_of(box) for name, box in self.fields.items()}
        self.save_button.setEnabled(False)
        self.ctx.runner.write(set_dues_settings, self.ctx.store, self.ctx.cell_id,
                              month=self.month, start_month=to_month(text_of(self.start)),
                              today=self.ctx.today(), done=lambda _s: self.accept(),
                              failed=self._failed, **values)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.report_failure(error, self.problem, self.tr("Chưa lưu: hãy sửa các ô có chữ đỏ."))
