"""Start-up of the desktop app: profile, passphrase, then the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from cellclient import profile as profiles
from cellclient.errors import CellClientError
from cellclient.paths import data_dir as default_data_dir

from .main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def ask_passphrase(creating: bool) -> str | None:
    label = tr("Mật khẩu dữ liệu:") if not creating else tr("Đặt mật khẩu dữ liệu (ít nhất 8 ký tự):")
    text, ok = QInputDialog.getText(None, tr("Chi bộ số"), label, QLineEdit.EchoMode.Password)
    return text if ok else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cellclient")
    parser.add_argument("--data-dir")
    parser.add_argument("--lang", choices=("vi", "en"))
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Chi bộ số")
    folder = default_data_dir(args.data_dir)
    if not profiles.exists(folder):
        QMessageBox.information(
            None, tr("Chi bộ số"),
            tr("Chưa có hồ sơ chi bộ ở {folder}.\n\nTạo hồ sơ: cellclient init --cell-name \"Tên chi bộ\"\n"
               "hoặc chi bộ mẫu: cellclient demo").format(folder=folder),
        )
        return 1
    try:
        _, store = profiles.open_store(folder, ask_passphrase)
    except CellClientError as exc:
        QMessageBox.critical(None, tr("Chi bộ số"), str(exc))
        return 1
    window = MainWindow(store)
    window.show()
    code = app.exec()
    store.close()
    return code
