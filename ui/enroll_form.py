"""The three fields that connect a computer to the server: address, username and the
one-time code; used by the first-start wizard and by the sync page.

The form checks what it can before anything leaves the computer (each empty
field named under itself, a wrong address under the address), then hands the
values to ``start(url, username, code, done, failed)``, which runs the
enrollment on the network worker. Its outcome comes back as ``enrolled``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cellclient.validation import Checker, ValidationError

from .forms import Form, text_of
from .widgets import banner, muted, primary_button, row, set_banner

Start = Callable[..., None]  # (url, username, code, ca_bundle, done=..., failed=...)
FIELDS = ("server_url", "username", "code")


class EnrollForm(QWidget):
    enrolled = Signal(object)  # whatever ``start`` hands to ``done``

    def __init__(self, start: Start, parent=None):
        super().__init__(parent)
        self.start = start
        self.problem = banner(kind="warn")
        f = self.form = Form()
        f.add("server_url", QLineEdit(), text=self.tr("Địa chỉ máy chủ"),
              hint=self.tr("Ví dụ: https://chibo.tinh.gov.vn"))
        f.add("username", QLineEdit(), text=self.tr("Tên đăng nhập"))
        f.add("code", QLineEdit(), text=self.tr("Mã kích hoạt (dùng một lần)"))
        # Only for a server whose certificate comes from the organisation's own
        # authority: the file the administrator hands out with the address.
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("Để trống, trừ khi cấp trên đưa tệp này"))
        browse = QPushButton(self.tr("Chọn tệp…"))
        browse.clicked.connect(self._choose_ca_bundle)
        self.ca_row = QWidget()
        ca_layout = QHBoxLayout(self.ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_bundle, 1)
        ca_layout.addWidget(browse)
        f.add("ca_bundle", self.ca_row, text=self.tr("Tệp chứng chỉ của đơn vị"))
        self.ca_bundle.setAccessibleName(self.tr("Tệp chứng chỉ của đơn vị"))
        self.ca_bundle.returnPressed.connect(self.submit)
        f.finish()
        for name in FIELDS:
            f.widgets[name].returnPressed.connect(self.submit)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Đang kết nối"))
        self.busy.setVisible(False)
        self.connect_button = primary_button(self.tr("Kết nối"))
        self.connect_button.clicked.connect(self.submit)
        self.others: list[QPushButton] = []  # buttons to hold while connecting
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.problem, f, self.busy):
            layout.addWidget(w)

    def submit(self) -> None:
        if self.busy.isVisible():
            return
        self.form.clear_errors()
        set_banner(self.problem, "")
        c = Checker()
        values = [c.text(name, text_of(self.form.widgets[name]), required=True, max_len=500)
                  for name in FIELDS]
        try:
            c.done()
        except ValidationError as exc:
            self.form.show_errors(exc)
            return
        self._busy(True)
        self.start(*values, self.ca_bundle.text().strip() or None, done=self._done,
                   failed=self._failed)

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Tệp chứng chỉ của đơn vị"), "",
            self.tr("Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)"))
        if path:
            self.ca_bundle.setText(path)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.connect_button, *self.others):
            button.setEnabled(not busy)

    def _done(self, result) -> None:
        self._busy(False)
        self.form.widgets["code"].clear()  # spent: never shown again
        self.enrolled.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        box = self.form.errors.get(getattr(error, "field", None) or "")
        if isinstance(error, ValidationError):
            self.form.show_errors(error)
        elif box is not None:
            box.setText(str(error))
            box.setVisible(True)
        else:
            set_banner(self.problem, str(error))


class ConnectBox(QGroupBox):
    """On the sync page of a cell that works offline: its id for the administrator, and
    the form that connects it. The first sync then sends the cell's whole history."""

    def __init__(self, ctx, parent=None):
        super().__init__(self.tr("Kết nối chi bộ với máy chủ"), parent)
        self.ctx = ctx
        self.cell_id = QLineEdit(ctx.cell_id)
        self.cell_id.setReadOnly(True)
        self.cell_id.setAccessibleName(self.tr("Mã chi bộ"))
        caption = QLabel(self.tr("Mã chi bộ:"))
        caption.setBuddy(self.cell_id)
        copy = QPushButton(self.tr("Sao chép"))
        copy.setAccessibleName(self.tr("Sao chép mã chi bộ"))
        copy.clicked.connect(lambda: QApplication.clipboard().setText(ctx.cell_id))
        self.form = EnrollForm(ctx.sync.enroll)
        self.form.enrolled.connect(lambda _none: ctx.sync.sync_now())
        id_row = QHBoxLayout()
        id_row.addWidget(caption)
        id_row.addWidget(self.cell_id, 1)
        id_row.addWidget(copy)
        layout = QVBoxLayout(self)
        layout.addWidget(muted(self.tr(
            "Gửi mã chi bộ dưới đây cho quản trị máy chủ của cấp trên. Họ thêm chi bộ với "
            "đúng mã này và cho bạn địa chỉ máy chủ, tên đăng nhập, mã kích hoạt. Lần đồng bộ "
            "đầu tiên gửi toàn bộ sổ sách của chi bộ lên máy chủ.")))
        layout.addLayout(id_row)
        layout.addWidget(self.form)
        layout.addWidget(row(None, self.form.connect_button))
