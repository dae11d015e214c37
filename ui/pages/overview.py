"""Tổng quan: the cell at a glance, each part a step into the page that handles it."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient import months as mo
from cellclient.models import Meeting
from cellclient.services.dues import month_report
from cellclient.services.meetings import REGULAR_KINDS, coverage, list_meetings
from cellclient.services.members import ACTIVE_STATUSES, list_members
from cellclient.services.minutes import vote_result

from .. import labels
from ..chart import AttendanceChart
from ..deadlines import Deadline, upcoming_deadlines
from ..widgets import link_button, title
from .base import Page


@dataclass
class OverviewData:
    cell_name: str
    counts: dict
    attached: int
    meetings: list[Meeting]
    no_regular: bool
    no_thematic_quarter: str | None
    dues: dict
    deadlines: list[Deadline]
    attendance: list[tuple[str, float | None]]


def attendance_share(store, meeting: Meeting) -> float | None:
    """Present among those expected to come (official, probationary, attached)."""
    v = vote_result(store, meeting.id)
    expected = v.totals.official + v.totals.probationary + v.totals.temporarily_attached
    return min(v.present / expected, 1.0) if expected else None


def load_overview(store, cell_id: str, cell_name: str, today: dt.date) -> OverviewData:
    month = mo.of(today)
    members = list_members(store, cell_id)
    active = [m for m in members if m.status in ACTIVE_STATUSES]
    counts = {s: sum(1 for m in active if m.status == s and not m.temporarily_attached)
              for s in ACTIVE_STATUSES}
    quarter_start = mo.from_index(mo.index(month) // 3 * 3)
    gaps = coverage(store, cell_id, quarter_start, month)
    year_ago = mo.add(month, -11)
    meetings = [m for m in list_meetings(store, cell_id) if m.date and year_ago <= m.date[:7] <= month]
    points = []
    for m in mo.span(year_ago, month):
        held = [x for x in meetings if x.date[:7] == m]
        held.sort(key=lambda x: x.kind not in REGULAR_KINDS)
        share = attendance_share(store, held[0]) if held else None
        points.append((f"{m[5:7]}/{m[2:4]}", share))
    return OverviewData(
        cell_name=cell_name, counts=counts,
        attached=sum(1 for m in active if m.temporarily_attached),
        meetings=[x for x in meetings if x.date[:7] == month],
        no_regular=month in gaps.months_without_regular,
        no_thematic_quarter=(gaps.quarters_without_thematic or [None])[0],
        dues=month_report(store, cell_id, month).totals,
        deadlines=upcoming_deadlines(members, today), attendance=points,
    )


class OverviewPage(Page):
    key = "overview"
    tables = frozenset({"member", "meeting", "attendance", "payment", "dues_adjustment",
                        "setting", "cell"})
    go = Signal(str)  # asks the window to open a page

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.heading = title("")
        self.members_text = QLabel()
        self.meeting_text = QLabel()
        self.dues_text = QLabel()
        self.dues_bar = QProgressBar()
        self.dues_bar.setAccessibleName(self.tr("Đã thu so với phải thu"))
        self.deadlines_text = QLabel()
        self.chart = AttendanceChart()
        self.chart.setAccessibleName(self.tr("Tỷ lệ có mặt 12 tháng"))
        for label in (self.members_text, self.meeting_text, self.dues_text, self.deadlines_text):
            label.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self._card(self.tr("Đảng viên"), [self.members_text], "members",
                                  self.tr("Xem danh sách")), 0, 0)
        grid.addWidget(self._card(self.tr("Sinh hoạt tháng này"), [self.meeting_text], "meetings",
                                  self.tr("Mở sổ sinh hoạt")), 0, 1)
        grid.addWidget(self._card(self.tr("Đảng phí tháng này"), [self.dues_text, self.dues_bar],
                                  "dues", self.tr("Mở bảng đảng phí")), 1, 0)
        grid.addWidget(self._card(self.tr("Sắp đến hạn"), [self.deadlines_text], "members",
                                  self.tr("Xem đảng viên")), 1, 1)
        grid.addWidget(self._card(self.tr("Tỷ lệ đảng viên có mặt khi sinh hoạt, 12 tháng qua"),
                                  [self.chart], "meetings", self.tr("Xem các buổi")), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addLayout(grid)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _card(self, heading: str, widgets: list[QWidget], page: str, link: str) -> QGroupBox:
        box = QGroupBox(heading)
        layout = QVBoxLayout(box)
        for w in widgets:
            layout.addWidget(w)
        button = link_button(link)
        button.clicked.connect(lambda: self.go.emit(page))
        layout.addWidget(button)
        layout.addStretch(1)
        return box

    def reload(self) -> None:
        super().reload()
        today = self.ctx.today()
        self.ctx.runner.latest("overview", load_overview, self.ctx.store, self.ctx.cell_id,
                               self.ctx.cell.name, today, done=self._loaded)

    def _loaded(self, d: OverviewData) -> None:
        month = formatting.month(self.ctx.month())
        self.heading.setText(self.tr("{cell} — tháng {month}").format(cell=d.cell_name,
                                                                     month=month))
        total = sum(d.counts.values())
        parts = [f"{labels.word(labels.STATUS, s)}: {n}" for s, n in d.counts.items() if n]
        self.members_text.setText(self.tr("Tổng số: <b>{total}</b> đảng viên<br>{parts}<br>"
                                          "Sinh hoạt tạm thời (không tính vào tổng số): {attached}")
                                  .format(total=total, parts="; ".join(parts), attached=d.attached))
        if d.meetings:
            lines = [self.tr("{kind} ngày {date}: {state}").format(
                kind=labels.word(labels.MEETING_KIND, m.kind), date=formatting.date(m.date),
                state=self.tr("biên bản đã thông qua") if m.adopted
                else self.tr("<b>biên bản chưa thông qua</b>")) for m in d.meetings]
        else:
            lines = [self.tr("<b>Chưa có buổi sinh hoạt nào trong tháng {month}.</b>").format(
                month=month)]
        if d.no_regular and d.meetings:
            lines.append(self.tr("<b>Chưa có buổi sinh hoạt thường kỳ tháng này.</b>"))
        if d.no_thematic_quarter:
            lines.append(self.tr("Quý này chưa có buổi sinh hoạt chuyên đề."))
        self.meeting_text.setText("<br>".join(lines))
        due, collected = d.dues["due"], d.dues["collected"]
        self.dues_text.setText(self.tr(
            "Đã thu <b>{collected}</b> / phải thu {due}<br>Còn nợ: {owed}<br>"
            "Cần xem xét (3 tháng chưa đóng): {flagged} đảng viên").format(
            collected=formatting.money(collected), due=formatting.money(due),
            owed=formatting.money(d.dues["owed"]), flagged=d.dues["flagged"]))
        self.dues_bar.setRange(0, max(due, 1))
        self.dues_bar.setValue(min(collected, max(due, 1)))
        self.dues_bar.setFormat(f"{round(100 * collected / due) if due else 100}%")
        if d.deadlines:
            self.deadlines_text.setText("<br>".join(self._deadline(x) for x in d.deadlines[:5]))
        else:
            self.deadlines_text.setText(self.tr("Không có hạn nào trong 60 ngày tới."))
        self.chart.set_points(d.attendance)

    def _deadline(self, d: Deadline) -> str:
        what = (self.tr("xét công nhận chính thức cho {name}") if d.kind == "probation_review"
                else self.tr("{name} nộp giấy giới thiệu sinh hoạt")).format(name=html.escape(d.name))
        text = self.tr("Trước {due}: {what}").format(due=formatting.date(d.due.isoformat()), what=what)
        return self.tr("<b>QUÁ HẠN</b> — ") + text if d.overdue else text
