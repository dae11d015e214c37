"""The minutes of one meeting, as a guided form, saved as a draft while it is typed.

Sections follow docs/domain.md: who took part (computed from the attendance),
what was said on each agenda item, the chair's conclusion, the resolution and
its vote with the pass rule worked out as the numbers are typed.

Drafts: two seconds after the last keystroke the form is kept in the local
``minute_draft`` table (encrypted, never synced), and at once when the window
closes or another meeting is opened; a crash loses at most those two seconds.
"Lưu biên bản" writes the minutes through ``set_minutes`` and drops the draft
in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient.services.drafts import Draft, discard_draft, save_draft
from cellclient.services.minutes import MeetingDetail, VoteResult, set_minutes
from cellclient.validation import ValidationError, label

from ..context import AppContext
from ..forms import field_message
from ..style import set_role
from ..widgets import banner, muted, set_banner

AUTOSAVE_MS = 2000
VOTES = ("votes_for", "votes_against", "votes_abstain")
TEXTS = ("conclusion", "resolution")


def saved_body(detail: MeetingDetail) -> dict:
    """The minutes as stored, in the shape of a draft."""
    m = detail.meeting
    return {"items": {i.id: i.discussion or "" for i in detail.agenda},
            **{k: getattr(m, k) or "" for k in TEXTS},
            **{k: "" if getattr(m, k) is None else str(getattr(m, k)) for k in VOTES}}


def minutes_arguments(agenda_ids: list[str], body: dict) -> dict:
    """``set_minutes`` keyword arguments from a form body ("" clears a field)."""
    items = {n: body["items"].get(item_id, "") for n, item_id in enumerate(agenda_ids, 1)}
    return {"items": items, **{k: body.get(k, "") for k in TEXTS + VOTES}}


def save_minutes(store, meeting_id: str, agenda_ids: list[str], body: dict) -> None:
    """Write the minutes and drop the draft, in one transaction."""
    with store.transaction():
        set_minutes(store, meeting_id, **minutes_arguments(agenda_ids, body))
        discard_draft(store, meeting_id)


def local_time(saved_at: str) -> str:
    return dt.datetime.fromisoformat(saved_at).astimezone().strftime("%H:%M:%S %d/%m/%Y")


def _editor(name: str, lines: int = 4) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setTabChangesFocus(True)
    editor.setAccessibleName(name)
    editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines + 12)
    return editor


class MinutesForm(QWidget):
    """``failed(error)``: a save was refused for a reason that is not a field's."""

    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.detail: MeetingDetail | None = None
        self.agenda_ids: list[str] = []
        self.locked = False
        self.dirty = False  # the form differs from the saved minutes
        self._pending = False  # typed since the last draft save
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_draft)

        self.draft_banner = banner(kind="info")
        self.discard_button = QPushButton(self.tr("Bỏ bản nháp"))
        self.discard_button.clicked.connect(self.discard)
        self.discard_button.setVisible(False)
        self.problem = banner(kind="warn")
        self.composition = QLabel()
        self.composition.setWordWrap(True)
        self.items_box = QVBoxLayout()
        self.item_editors: dict[str, QPlainTextEdit] = {}
        self.conclusion = _editor(label("conclusion"))
        self.resolution = _editor(label("resolution"))
        self.votes = {k: QLineEdit() for k in VOTES}
        self.errors = {k: QLabel() for k in (*TEXTS, "votes")}
        for error in self.errors.values():
            error.setWordWrap(True)
            error.setVisible(False)
            set_role(error, "error")
        self.vote_rule = QLabel()
        self.vote_rule.setWordWrap(True)
        self.autosaved = muted()
        self.save_button = QPushButton(self.tr("Lưu biên bản"))
        self.save_button.setToolTip(self.tr("Lưu biên bản (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        for editor in (self.conclusion, self.resolution):
            editor.textChanged.connect(self._edited)
        for name, box in self.votes.items():
            box.setValidator(QIntValidator(0, 100_000, box))
            box.setAccessibleName(label(name))
            box.setMaximumWidth(box.fontMetrics().averageCharWidth() * 8 + 16)
            box.textChanged.connect(self._edited)
        self._layout()

    def _layout(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        who = QGroupBox(self.tr("1. Thời gian, địa điểm, thành phần"))
        QVBoxLayout(who).addWidget(self.composition)
        items = QGroupBox(self.tr("2. Nội dung và ý kiến thảo luận"))
        items.setLayout(self.items_box)
        conclusion = QGroupBox(self.tr("3. Kết luận của đồng chí chủ trì"))
        box = QVBoxLayout(conclusion)
        box.addWidget(self.conclusion)
        box.addWidget(self.errors["conclusion"])
        resolution = QGroupBox(self.tr("4. Nghị quyết và biểu quyết"))
        box = QVBoxLayout(resolution)
        box.addWidget(self.resolution)
        box.addWidget(self.errors["resolution"])
        counts = QHBoxLayout()
        for name, text in (("votes_for", self.tr("Tán thành")),
                           ("votes_against", self.tr("Không tán thành")),
                           ("votes_abstain", self.tr("Không biểu quyết"))):
            caption = QLabel(text + ":")
            caption.setBuddy(self.votes[name])
            counts.addWidget(caption)
            counts.addWidget(self.votes[name])
        counts.addStretch(1)
        box.addLayout(counts)
        box.addWidget(self.errors["votes"])
        box.addWidget(self.vote_rule)
        for group in (who, items, conclusion, resolution):
            column.addWidget(group)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.draft_banner, 1)
        draft_row.addWidget(self.discard_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.autosaved, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(draft_row)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    # -- showing ---------------------------------------------------------

    def show_meeting(self, detail: MeetingDetail, draft: Draft | None, locked: bool) -> bool:
        """Show a meeting's minutes; True when an unsaved draft was brought back."""
        restored = False
        same = detail.meeting.id == self.meeting_id
        agenda_ids = [i.id for i in detail.agenda]
        self.detail, self.locked = detail, locked
        self._loading = True
        if same and self.dirty and not locked:
            # Someone else's change (or an attendance mark) arrived while typing:
            # keep every word typed; only a changed agenda rebuilds its boxes.
            if agenda_ids != self.agenda_ids:
                self._build_items(detail, self.body()["items"])
        else:
            self.meeting_id = detail.meeting.id
            stored = saved_body(detail)
            if draft is not None and not locked and draft.body != stored:
                self._fill(detail, draft.body)
                self.dirty = restored = True
                set_banner(self.draft_banner, self.tr(
                    "Đang hiện bản nháp chưa lưu (tự lưu lúc {time}). Bấm “Lưu biên bản” để ghi "
                    "vào biên bản, hoặc “Bỏ bản nháp” để trở lại bản đã lưu.").format(
                    time=local_time(draft.saved_at)))
            else:
                self._fill(detail, stored)
                self.dirty = False
                set_banner(self.draft_banner, "")
                if draft is not None:  # the same as saved, or the minutes are adopted
                    self.ctx.runner.write(discard_draft, self.ctx.store, detail.meeting.id)
            self._pending = False
            if not same:  # the reload after a save must not hide its "saved"
                self.autosaved.setText("")
            self.clear_errors()
        self.discard_button.setVisible(self.draft_banner.isVisible())
        self._loading = False
        self._show_composition(detail)
        self._update_vote_rule()
        self.set_locked(locked)
        return restored

    def _fill(self, detail: MeetingDetail, body: dict) -> None:
        self._build_items(detail, body.get("items", {}))
        for k in TEXTS:
            getattr(self, k).setPlainText(body.get(k, ""))
        for k in VOTES:
            self.votes[k].setText(body.get(k, ""))

    def _build_items(self, detail: MeetingDetail, texts: dict) -> None:
        while self.items_box.count():
            widget = self.items_box.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.item_editors = {}
        self.agenda_ids = [i.id for i in detail.agenda]
        for number, item in enumerate(detail.agenda, 1):
            caption = QLabel(f"{number}. {item.title}")
            caption.setWordWrap(True)
            editor = _editor(self.tr("Ý kiến thảo luận về nội dung {n}").format(n=number))
            editor.setPlaceholderText(self.tr("Ý kiến của từng đồng chí phát biểu…"))
            editor.setPlainText(texts.get(item.id, ""))
            editor.textChanged.connect(self._edited)
            caption.setBuddy(editor)
            self.items_box.addWidget(caption)
            self.items_box.addWidget(editor)
            self.item_editors[item.id] = editor
            editor.setReadOnly(self.locked)
        if not detail.agenda:
            self.items_box.addWidget(muted(self.tr(
                "Chưa có nội dung sinh hoạt: thêm ở thẻ “Thông tin chung”.")))

    def _show_composition(self, detail: MeetingDetail) -> None:
        m, v = detail.meeting, detail.votes
        t = v.totals
        lines = [self.tr("Thời gian: {start}–{end} ngày {date}; địa điểm: {place}.").format(
                     start=m.start_time or "…", end=m.end_time or "…",
                     date=formatting.date(m.date) or "…", place=m.place or "…"),
                 self.tr("Chủ trì: {chair}. Thư ký: {taker}. Khách mời: {guests}.").format(
                     chair=detail.chair_name or "…", taker=detail.minute_taker_name or "…",
                     guests=m.guests or self.tr("không")),
                 self.tr("Tổng số đảng viên: {n} (chính thức {official}, dự bị {prob}, miễn sinh "
                         "hoạt {exempt}, đình chỉ {susp}); sinh hoạt tạm thời: {att}.").format(
                     n=t.headcount, official=t.official, prob=t.probationary, exempt=t.exempt,
                     susp=t.suspended, att=t.temporarily_attached),
                 self.tr("Có mặt: {n}.").format(n=v.present)]
        if v.absent_excused:
            lines.append(self.tr("Vắng có lý do ({n}): {names}.").format(
                n=len(v.absent_excused),
                names="; ".join(f"{a.name} ({a.reason})" for a in v.absent_excused)))
        if v.absent_unexcused:
            lines.append(self.tr("Vắng không lý do ({n}): {names}.").format(
                n=len(v.absent_unexcused), names="; ".join(a.name for a in v.absent_unexcused)))
        if v.unmarked:
            lines.append(self.tr("Chưa điểm danh: {n} đảng viên.").format(n=len(v.unmarked)))
        self.composition.setText("\n".join(lines))

    def _update_vote_rule(self) -> None:
        if self.detail is None:
            return
        v: VoteResult = self.detail.votes
        text = self.tr("Đảng viên có quyền biểu quyết: {eligible}, có mặt {present}. Nghị quyết "
                       "được thông qua khi có trên một nửa tán thành, tức ít nhất {needed} "
                       "phiếu.").format(eligible=v.eligible, present=v.present_voters,
                                        needed=v.needed)
        typed = self.votes["votes_for"].text().strip()
        if typed.isdigit():
            passed = int(typed) * 2 > v.eligible
            text += " " + (self.tr("Với {n} phiếu tán thành: NGHỊ QUYẾT ĐƯỢC THÔNG QUA.") if passed
                           else self.tr("Với {n} phiếu tán thành: CHƯA ĐỦ để thông qua.")
                           ).format(n=int(typed))
        cast = sum(int(b.text()) for b in self.votes.values() if b.text().strip().isdigit())
        if cast > v.present_voters:
            text += " " + self.tr("Tổng số phiếu ({cast}) nhiều hơn số người có quyền biểu quyết "
                                  "đang có mặt ({present}).").format(cast=cast,
                                                                    present=v.present_voters)
        self.vote_rule.setText(text)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for editor in (self.conclusion, self.resolution, *self.item_editors.values()):
            editor.setReadOnly(locked)
        for box in self.votes.values():
            box.setReadOnly(locked)
        self.save_button.setEnabled(not locked)
        if locked:
            self._timer.stop()

    # -- typing and saving ----------------------------------------------

    def body(self) -> dict:
        return {"items": {i: e.toPlainText() for i, e in self.item_editors.items()},
                **{k: getattr(self, k).toPlainText() for k in TEXTS},
                **{k: self.votes[k].text().strip() for k in VOTES}}

    def _edited(self) -> None:
        if self._loading or self.locked or self.meeting_id is None:
            return
        self.dirty = self._pending = True
        self._update_vote_rule()
        self._timer.start()

    def save_draft(self) -> None:
        if not self._pending or self.meeting_id is None or self.locked:
            return
        self._timer.stop()
        self._pending = False
        self.ctx.runner.write(save_draft, self.ctx.store, self.meeting_id, self.body(),
                              done=lambda d: self.autosaved.setText(
                                  self.tr("Đã tự lưu bản nháp lúc {time}").format(
                                      time=local_time(d.saved_at))))

    def flush(self) -> None:
        """Keep what was typed now (closing, switching meeting); waits for nothing."""
        if self._pending:
            self.save_draft()

    def save(self) -> None:
        if self.meeting_id is None or self.locked:
            return
        self._timer.stop()
        self._pending = False
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.ctx.runner.write(save_minutes, self.ctx.store, self.meeting_id, self.agenda_ids,
                              self.body(), done=self._saved, failed=self._save_failed)

    def _saved(self, _result) -> None:
        self.dirty = False
        self.save_button.setEnabled(not self.locked)
        set_banner(self.draft_banner, "")
        self.discard_button.setVisible(False)
        self.autosaved.setText(self.tr("Đã lưu biên bản."))

    def _save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(not self.locked)
        self._pending = True
        self.save_draft()  # the text stays safe as a draft
        if isinstance(error, ValidationError):
            self.show_errors(error)
        else:
            self.failed.emit(error)

    def discard(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        self._timer.stop()
        self._pending = False
        self.dirty = False
        self.meeting_id = None  # so that the reload below fills the stored minutes

        def reshow(_none=None):
            if self.detail is not None and self.detail.meeting.id == meeting_id:
                self.show_meeting(self.detail, None, self.locked)

        self.ctx.runner.write(discard_draft, self.ctx.store, meeting_id, done=reshow)

    def clear_errors(self) -> None:
        set_banner(self.problem, "")
        for error in self.errors.values():
            error.clear()
            error.setVisible(False)

    def show_errors(self, error: ValidationError) -> None:
        """Messages under the boxes they are about, and all of them on top."""
        self.clear_errors()
        lines = []
        for e in error.errors:
            box = self.errors.get("votes" if e.field in VOTES else e.field)
            message = field_message(e)
            lines.append(f"{label(e.field)}: {message}")
            if box is not None:
                box.setText("\n".join(filter(None, [box.text(), f"{label(e.field)}: {message}"])))
                box.setVisible(True)
        set_banner(self.problem, "\n".join(lines))

