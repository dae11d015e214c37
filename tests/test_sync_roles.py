"""A change the server refuses is kept, marked and shown; the rest of its batch arrives."""

from __future__ import annotations

import datetime as dt

from cellclient.cli import run
from cellclient.services.attendance import mark_all_present
from cellclient.services.dues_ledger import list_payments, record_payment
from cellclient.services.meetings import create_meeting, get_meeting
from cellclient.services.members import add_member
from cellclient.services.minutes import adopt_meeting, set_minutes
from sync.desktop import DesktopSyncEngine
from sync.status import read_status
from tests import sync_fixtures
from tests.sync_support import change_log, device_state, server_state

server, prov, devices = sync_fixtures.server, sync_fixtures.prov, sync_fixtures.devices
LAST_MONTH = (dt.date.today().replace(day=1) - dt.timedelta(days=1))


def _meeting_with_minutes(secretary):
    cell = secretary.cell_id
    members = [add_member(secretary.store, cell, family_name="Trần", given_name=n).id
               for n in ("An", "Bình", "Chi")]
    meeting = create_meeting(secretary.store, cell, "regular", LAST_MONTH.isoformat(),
                             start_time="08:00", end_time="09:30", place="Nhà văn hóa",
                             chair_id=members[0], minute_taker_id=members[1],
                             agenda=["Kiểm điểm tháng", "Thu đảng phí"])
    set_minutes(secretary.store, meeting.id, items={1: "Chi bộ đánh giá tốt."},
                conclusion="Hoàn thành nhiệm vụ.")
    return meeting, members


def test_the_treasurers_edit_to_minutes_is_refused_kept_and_shown_and_the_payment_arrives(
        devices, prov, capsys):
    secretary, treasurer = devices("secretary", "treasurer")
    meeting, members = _meeting_with_minutes(secretary)
    secretary.sync()
    treasurer.sync()
    # Offline, the treasurer edits the minutes (not theirs to write) and records dues.
    set_minutes(treasurer.store, meeting.id, items={1: "Thủ quỹ ghi lại."},
                conclusion="Thủ quỹ sửa kết luận.")
    payment = record_payment(treasurer.store, members[2], [LAST_MONTH.strftime("%Y-%m")], 20000,
                             receipt_no="BL001", paid_on=LAST_MONTH.isoformat())
    result = treasurer.sync()
    assert result.rejected == 2 and result.sent > 2
    log = change_log(treasurer.store)
    refused = [c for c in log if c["state"] == "rejected"]
    assert {(c["table"], c["field"], c["reject_code"]) for c in refused} == {
        ("meeting", "conclusion", "role"), ("agenda_item", "discussion", "role")}
    assert all(c["state"] == "sent" for c in log if c["table"] == "payment")
    # Kept on the treasurer's device, shown by status, the CLI and the desktop seam.
    assert get_meeting(treasurer.store, meeting.id).conclusion == "Thủ quỹ sửa kết luận."
    status = read_status(treasurer.store, treasurer.profile, has_token=True)
    assert sorted((r.table, r.code) for r in status.rejected) == [
        ("agenda_item", "role"), ("meeting", "role")]
    assert all("vai trò" in r.reason for r in status.rejected)
    capsys.readouterr()
    assert run(["--data-dir", str(treasurer.folder), "status"]) == 0
    shown = capsys.readouterr().out
    assert "Thay đổi bị máy chủ từ chối: 2" in shown
    assert f"Buổi sinh hoạt ngày {LAST_MONTH.strftime('%d/%m/%Y')}" in shown
    engine = DesktopSyncEngine(treasurer.store, treasurer.folder)
    assert {r.field for r in engine.rejected_changes()} == {"Kết luận", "Ý kiến thảo luận"}
    # The rest of the batch arrived: the secretary gets the payment, not the edit.
    secretary.sync()
    assert [p.id for p in list_payments(secretary.store, secretary.cell_id)] == [payment.id]
    assert get_meeting(secretary.store, meeting.id).conclusion == "Hoàn thành nhiệm vụ."
    on_server = server_state(prov.export(secretary.cell_id))
    assert on_server["meeting"][meeting.id]["conclusion"] == "Hoàn thành nhiệm vụ."
    assert list(on_server["payment"]) == [payment.id]
    assert device_state(secretary.store, secretary.cell_id) == on_server
    # Refused changes are not sent again: the next sync is in step at once.
    again = treasurer.sync()
    assert (again.sent, again.rejected, again.round_trips) == (0, 0, 1)


def test_an_edit_to_minutes_adopted_meanwhile_is_refused_as_locked(devices, prov):
    secretary, deputy = devices("secretary", "deputy")
    meeting, _ = _meeting_with_minutes(secretary)
    mark_all_present(secretary.store, meeting.id)
    secretary.sync()
    deputy.sync()
    adopt_meeting(secretary.store, meeting.id)
    secretary.sync()
    set_minutes(deputy.store, meeting.id, conclusion="Sửa sau khi đã thông qua.")  # offline
    result = deputy.sync()
    assert result.rejected == 1
    (refused,) = [c for c in change_log(deputy.store) if c["state"] == "rejected"]
    assert (refused["field"], refused["reject_code"]) == ("conclusion", "locked")
    assert get_meeting(deputy.store, meeting.id).adopted_at  # the adoption came down too
    on_server = server_state(prov.export(secretary.cell_id))
    assert on_server["meeting"][meeting.id]["conclusion"] == "Hoàn thành nhiệm vụ."
