"""The unlock screen, for a profile whose key comes from a passphrase (no OS keyring).

A wrong passphrase says so plainly and opens nothing; the field is cleared
for another try. There is no "reset": a lost passphrase is lost data, and the
screen says that too rather than pretending otherwise.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from cellclient import profile as profiles
from cellclient.errors import WrongKeyError
from cellclient.store import Store

from ..style import app_icon, set_role
from ..widgets import muted, title
from ..workers import Runner


class UnlockDialog(QDialog):
    def __init__(self, folder: Path, runner: Runner | None = None, parent=None):
        super().__init__(parent)
        self.folder = folder
        self.runner = runner or Runner()
        self.store: Store | None = None
        self.setWindowTitle(self.tr("Chi bộ số — mở dữ liệu"))
        self.setWindowIcon(app_icon())
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Mật khẩu dữ liệu"))
        self.passphrase.returnPressed.connect(self.unlock)
        caption = QLabel(self.tr("Mật khẩu dữ liệu:"))
        caption.setBuddy(self.passphrase)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.setVisible(False)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(self.tr("Mở"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Mở dữ liệu chi bộ")))
        layout.addWidget(muted(self.tr(
            "Dữ liệu trên máy này được mã hóa bằng mật khẩu (máy không có kho khóa của hệ điều "
            "hành). Hãy nhập mật khẩu đã đặt khi tạo hồ sơ.")))
        layout.addWidget(caption)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(muted(self.tr(
            "Quên mật khẩu thì không mở được dữ liệu: không ai, kể cả người làm phần mềm, "
            "lấy lại được. Hãy hỏi người đã đặt mật khẩu.")))
        layout.addWidget(buttons)

    def unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            return
        self.open_button.setEnabled(False)
        self.error.setVisible(False)
        self.runner.write(profiles.open_store, self.folder, lambda _creating: text,
                          done=self._opened, failed=self._failed)

    def _opened(self, result) -> None:
        _profile, self.store = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.open_button.setEnabled(True)
        if isinstance(error, WrongKeyError):
            self.error.setText(self.tr("Sai mật khẩu: không mở được dữ liệu. Hãy gõ lại "
                                       "(chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt)."))
        else:  # too short to be a passphrase, or the file cannot be read: the core's words
            self.error.setText(str(error))
        self.error.setVisible(True)
        self.passphrase.clear()
        self.passphrase.setFocus()
