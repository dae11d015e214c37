"""The main window: a sidebar of five pages, menus, shortcuts and the status bar.

Switching language or text size rebuilds the pages (after saving any draft)
rather than re-labelling every widget: simpler, and never half-translated.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from . import labels, messages
from .context import AppContext
from .pages.base import Page
from .pages.dues import DuesPage
from .pages.meetings import MeetingsPage
from .pages.members import MembersPage
from .pages.overview import OverviewPage
from .pages.sync import SyncPage
from .settings import TEXT_SIZES
from .status_bar import StatusBar
from .style import app_icon, apply_text_size

PAGES = (OverviewPage, MembersPage, MeetingsPage, DuesPage, SyncPage)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.pages: dict[str, Page] = {}
        self.setWindowIcon(app_icon())
        self.setObjectName("main_window")
        ctx.runner.unhandled.connect(self._unhandled)
        self._build(ctx.settings.last_page)
        if ctx.settings.window_geometry is not None:
            self.restoreGeometry(ctx.settings.window_geometry)
        else:
            self._fit_screen()
        if ctx.settings.window_state is not None:
            self.restoreState(ctx.settings.window_state)

    # -- building ----------------------------------------------------------

    def _page_titles(self) -> dict[str, str]:
        return {"overview": self.tr("Tổng quan"), "members": self.tr("Đảng viên"),
                "meetings": self.tr("Sinh hoạt"), "dues": self.tr("Đảng phí"),
                "sync": self.tr("Đồng bộ")}

    def _build(self, page: str) -> None:
        self.setWindowTitle(self.tr("Chi bộ số — {cell}").format(cell=self.ctx.cell.name))
        titles = self._page_titles()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Các trang"))
        self.stack = QStackedWidget()
        self.pages = {}
        for number, cls in enumerate(PAGES, 1):
            widget = cls(self.ctx)
            self.pages[cls.key] = widget
            # Large text on a small screen: the page scrolls rather than the window
            # growing past the screen.
            holder = QScrollArea()
            holder.setWidget(widget)
            holder.setWidgetResizable(True)
            holder.setFrameShape(QScrollArea.Shape.NoFrame)
            self.stack.addWidget(holder)
            item = QListWidgetItem(titles[cls.key])
            item.setSizeHint(QSize(0, self.fontMetrics().height() * 2 + 8))
            item.setToolTip(self.tr("{page} (Ctrl+{n})").format(page=titles[cls.key], n=number))
            self.sidebar.addItem(item)
        width = max(self.sidebar.fontMetrics().horizontalAdvance(t) for t in titles.values())
        self.sidebar.setFixedWidth(width + 60)
        self.sidebar.currentRowChanged.connect(self._page_changed)
        self.pages["overview"].go.connect(self.show_page)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.status = StatusBar(self.ctx)
        self.status.review_conflicts.connect(self.review_conflicts)
        self.status.open_sync.connect(lambda: self.show_page("sync"))
        self.setStatusBar(self.status)
        self._build_menus()
        self.show_page(page if page in self.pages else "overview")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&Tệp"))
        self._action(file_menu, self.tr("Mới…"), "Ctrl+N", self.new_item,
                     self.tr("Thêm đảng viên, buổi sinh hoạt hoặc khoản nộp, tùy trang đang mở"))
        self._action(file_menu, self.tr("Tìm"), "Ctrl+F", self.focus_search)
        self._action(file_menu, self.tr("Nhập danh sách đảng viên…"), "Ctrl+I", self.import_list)
        self._action(file_menu, self.tr("Làm mới"), "F5", self.refresh)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Thoát"), "Ctrl+Q", self.close)
        go = bar.addMenu(self.tr("Đi &đến"))
        for number, (key, text) in enumerate(self._page_titles().items(), 1):
            self._action(go, text, f"Ctrl+{number}", lambda _c=False, k=key: self.show_page(k))
        self._action(go, self.tr("Đồng bộ ngay"), "Ctrl+Shift+S", self.ctx.sync.sync_now)
        view = bar.addMenu(self.tr("&Hiển thị"))
        sizes = view.addMenu(self.tr("Cỡ chữ"))
        group = QActionGroup(self)
        for key in TEXT_SIZES:
            action = sizes.addAction(labels.word(labels.TEXT_SIZE, key))
            action.setCheckable(True)
            action.setChecked(key == self.ctx.settings.text_size)
            action.triggered.connect(lambda _c=False, k=key: self.set_text_size(k))
            group.addAction(action)
        self._action(view, self.tr("Chữ to hơn"), "Ctrl++", lambda: self.step_text_size(1))
        self._action(view, self.tr("Chữ nhỏ hơn"), "Ctrl+-", lambda: self.step_text_size(-1))
        languages = view.addMenu(self.tr("Ngôn ngữ / Language"))
        group = QActionGroup(self)
        for code, name in labels.LANGUAGE.items():
            action = languages.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.ctx.translations.language)
            action.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(action)
        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        self._action(help_menu, self.tr("Phím tắt"), "F1", self.show_shortcuts)

    def _action(self, menu, text: str, keys: str, slot, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        if tip:
            action.setStatusTip(tip)
        menu.addAction(action)
        return action

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry()
        self.resize(min(1280, screen.width()), min(800, screen.height()))

    # -- pages -------------------------------------------------------------

    def show_page(self, key: str) -> None:
        index = list(self.pages).index(key)
        self.sidebar.setCurrentRow(index)
        self.stack.setCurrentIndex(index)

    def _page_changed(self, index: int) -> None:
        if index < 0:
            return
        if self.stack.currentIndex() != index:
            self.current_page().flush()  # leaving a page keeps what was being typed
        self.stack.setCurrentIndex(index)
        self.ctx.settings.last_page = PAGES[index].key

    def current_page(self) -> Page:
        return self.stack.currentWidget().widget()

    def new_item(self) -> None:
        page = self.current_page()
        action = {"members": "add_member", "meetings": "new_meeting",
                  "dues": "record_payment"}.get(page.key)
        if action:
            getattr(page, action)()

    def focus_search(self) -> None:
        if self.current_page().key != "members":
            self.show_page("members")
        self.pages["members"].search.setFocus()
        self.pages["members"].search.selectAll()

    def import_list(self) -> None:
        self.show_page("members")
        self.pages["members"].import_list()

    def review_conflicts(self) -> None:
        self.show_page("sync")
        self.pages["sync"].review()

    def refresh(self) -> None:
        self.current_page().reload()
        self.status.refresh()

    def show_shortcuts(self) -> None:
        rows = [("Ctrl+1 … Ctrl+5", self.tr("Chuyển trang")),
                ("Ctrl+N", self.tr("Thêm mới trên trang đang mở")),
                ("Ctrl+F", self.tr("Tìm đảng viên")),
                ("Ctrl+I", self.tr("Nhập danh sách đảng viên")),
                ("Ctrl+S", self.tr("Lưu biên bản")),
                ("Enter", self.tr("Sửa người đang chọn / ghi nhận nộp đảng phí")),
                ("Ctrl++ / Ctrl+-", self.tr("Chữ to hơn / nhỏ hơn")),
                ("F5", self.tr("Làm mới")), ("Ctrl+Q", self.tr("Thoát"))]
        messages.inform(self, self.tr("Phím tắt"), "\n".join(f"{k}: {v}" for k, v in rows))

    # -- preferences -------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.ctx.settings.language = lang
        self.ctx.translations.apply(lang)
        self.rebuild()

    def set_text_size(self, size: str) -> None:
        self.ctx.settings.text_size = size
        apply_text_size(QApplication.instance(), TEXT_SIZES[size])
        self.rebuild()

    def step_text_size(self, step: int) -> None:
        sizes = list(TEXT_SIZES)
        index = sizes.index(self.ctx.settings.text_size) + step
        if 0 <= index < len(sizes):
            self.set_text_size(sizes[index])

    def rebuild(self) -> None:
        """Make every page again, in the language and size now set, on the same page."""
        key = self.current_page().key
        for page in self.pages.values():
            page.flush()
            page.detach()
        self.ctx.runner.wait()
        old = self.centralWidget()
        self._build(key)
        if old is not None:
            old.deleteLater()

    # -- closing -----------------------------------------------------------

    def closeEvent(self, event) -> None:
        for page in self.pages.values():
            page.flush()  # a draft being typed is kept before the window goes
        self.ctx.sync.cancel()  # a sync stops at its next safe point; nothing is lost
        self.ctx.runner.wait()
        self.ctx.settings.window_geometry = self.saveGeometry()
        self.ctx.settings.window_state = self.saveState()
        self.ctx.settings.sync()
        super().closeEvent(event)

    def _unhandled(self, error: BaseException) -> None:
        messages.show_error(self, error)

