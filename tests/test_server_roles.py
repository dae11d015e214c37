"""Authorization on every change: roles × tables × own cell / another cell, adopted
minutes, insert-only ledger rows, and what each role reads. Over real HTTP."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from cellclient.schema import TABLES
from tests.server_changes import (
    CellRows,
    Writer,
    cell_rows,
    pull_all,
    push,
    rejected,
    rows_of,
    state,
)
from tests.server_proc import Device, new_device

ROLES = ("secretary", "deputy", "treasurer", "member", "upper")
TREASURER_WRITES = {"payment", "dues_adjustment", "setting"}
def new_row(writer: Writer, table: str, cell: str, refs: CellRows) -> list:
    """The changes of a valid new row of ``table`` in ``cell`` (its references are
    rows of that cell)."""
    if table == "cell":  # a cell has one cell row, its own: rename it
        return [writer.set("cell", cell, "name", f"Chi bộ mới ({writer.clock.device_id})")]
    if table == "setting":
        return writer.setting(cell, f"dues.matrix.{writer.clock.device_id}", "2000")[1]
    if table == "attendance":
        return writer.attendance(cell, refs.meeting, refs.member, state="present")[1]
    if table == "conflict":
        return writer.conflict(cell, "member", refs.member, "phone", resolved=False)[1]
    fields = {
        "member": {"given_name": "Ánh"},
        "meeting": {"place": "Nhà văn hoá thôn", "chair_id": refs.member},
        "agenda_item": {"title": "Công tác đảng phí", "meeting_id": refs.meeting},
        "dues_adjustment": {"reason": "Ốm dài ngày", "member_id": refs.member},
        "payment": {"amount": 50_000, "member_id": refs.member},
    }[table]
    return writer.row(table, cell, **fields)[1]


@dataclass
class World:
    org: str
    cell: str  # under org
    other_cell: str  # elsewhere
    devices: dict[str, Device]  # role -> a device of that role (upper: of org)
    outsider: Device  # the secretary of other_cell
    rows: CellRows  # of cell
    other_rows: CellRows  # of other_cell


@pytest.fixture(scope="module")
def world(shared_server) -> World:
    org = shared_server.add_cell("Đảng bộ xã Gia Vân")
    cell = shared_server.add_cell("Chi bộ Thôn Đông", parent=org)
    other_cell = shared_server.add_cell("Chi bộ Thôn Tây")
    devices = {role: new_device(shared_server, role=role, cell_id=org if role == "upper" else cell)
               for role in ROLES}
    outsider = new_device(shared_server, role="secretary", cell_id=other_cell)
    return World(org, cell, other_cell, devices, outsider,
                 cell_rows(shared_server, devices["secretary"], cell, "worldrows"),
                 cell_rows(shared_server, outsider, other_cell, "otherrows"))


def expected(role: str, table: str, own: bool) -> str:
    if not own:
        return "out_of_scope"
    if role in ("secretary", "deputy"):
        return "applied"
    if role == "treasurer" and table in TREASURER_WRITES:
        return "applied"
    return "role"


def test_every_table_is_in_the_matrix():
    writer = Writer("everytable")
    for table in TABLES:  # raises for a table the matrix does not know
        assert new_row(writer, table, "c", CellRows("m", "g"))


@pytest.mark.parametrize("own", [True, False], ids=["own_cell", "other_cell"])
@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(shared_server, world, role, own):
    """One batch with a new row of every table: each row lands or is refused as the
    role allows, and the refusals never stop the rest of the batch."""
    device = world.devices[role]
    target = world.cell if own else world.other_cell
    writer = Writer(f"m{role}{int(own)}")
    changes, table_of = [], []
    # Rows of its own to refer to: a derived row (an attendance mark) repeating one
    # an earlier role wrote would be a harmless repeat, not a refusal.
    refs = cell_rows(shared_server, world.devices["secretary"] if own else world.outsider,
                     target, f"refs{role}{int(own)}")
    for table in TABLES:
        made = new_row(writer, table, target, refs)
        changes += made
        table_of += [table] * len(made)

    body = push(shared_server, device, changes)

    refused = rejected(body)
    for index, table in enumerate(table_of):
        outcome = refused.get(index, "applied")
        assert outcome == expected(role, table, own), (role, table, own, body["rejected"])
    assert body["applied"] == len(changes) - len(refused)


def test_each_role_reads_its_own_cell_and_nothing_else(shared_server, world):
    writer = Writer("matrixread")
    member, changes = writer.row("member", world.cell, given_name="Bình")
    push(shared_server, world.devices["secretary"], changes)
    theirs, their_changes = writer.row("member", world.other_cell, given_name="Cường")
    push(shared_server, world.outsider, their_changes)

    for role, device in world.devices.items():
        pulled, _ = pull_all(shared_server, device)
        if role != "secretary":  # the writer does not get its own writes back
            assert ("member", member) in rows_of(pulled), role
        assert ("member", theirs) not in rows_of(pulled), role
        assert world.other_cell not in {c["value"] for c in pulled}, role
    assert ("member", member) not in rows_of(pull_all(shared_server, world.outsider)[0])


def test_me_names_the_scope_of_each_role(shared_server, world):
    for role, device in world.devices.items():
        me = shared_server.get("/v1/me", device.token).json()
        assert me["role"] == role and me["device_id"] == device.device_id
        if role == "upper":
            assert set(me["scope"]) == {world.org, world.cell} and me["writable"] == []
        else:
            assert me["scope"] == [world.cell]
            assert me["writable"] == ([] if role == "member" else [world.cell])


def test_upper_reads_every_cell_below_its_organisation(shared_server):
    province = shared_server.add_cell("Tỉnh uỷ")
    district = shared_server.add_cell("Huyện uỷ", parent=province)
    deep = shared_server.add_cell("Chi bộ xa", parent=district)
    outside = shared_server.add_cell("Chi bộ ngoài")
    upper = new_device(shared_server, role="upper", cell_id=province)
    assert set(upper.scope) == {province, district, deep}
    writer = Writer("upperread")
    near, c1 = writer.row("member", deep, given_name="Dung")
    far, c2 = writer.row("member", outside, given_name="Em")
    push(shared_server, new_device(shared_server, cell_id=deep), c1)
    push(shared_server, new_device(shared_server, cell_id=outside), c2)

    rows = rows_of(pull_all(shared_server, upper)[0])
    assert ("member", near) in rows and ("member", far) not in rows
    body = push(shared_server, upper, [writer.set("member", near, "given_name", "Sửa")])
    assert rejected(body) == {0: "role"}


def test_a_treasurers_edit_of_minutes_is_refused_and_the_rest_lands(shared_server, world):
    secretary, treasurer = world.devices["secretary"], world.devices["treasurer"]
    sec = Writer("sectreas")
    meeting, made = sec.row("meeting", world.cell, place="Hội trường", date="2026-11-05")
    push(shared_server, secretary, made)
    tre = Writer("treasurer")
    tre.saw(made)
    payment, pay = tre.row("payment", world.cell, member_id=world.rows.member, months="2026-11",
                           amount=30_000, paid_on="2026-11-10")
    dues_setting, dues = tre.setting(world.cell, "dues.qd342-2010.student_amount", "3000")
    _, other_setting = tre.setting(world.cell, "ui.theme", "dark")
    batch = [tre.set("meeting", meeting, "place", "Nhà bí thư"), *pay, *dues, *other_setting,
             tre.set("setting", dues_setting, "key", "meeting.reminder")]

    body = push(shared_server, treasurer, batch)

    first_other = 1 + len(pay) + len(dues)
    assert rejected(body) == {0: "role", **{first_other + i: "role" for i in range(4)},
                              len(batch) - 1: "role"}
    assert "treasurer" in body["rejected"][0]["message"]
    got = state(pull_all(shared_server, world.devices["member"])[0])
    assert got[("meeting", meeting, "place")] == "Hội trường"
    assert got[("payment", payment, "amount")] == 30_000
    assert got[("setting", dues_setting, "key")] == "dues.qd342-2010.student_amount"


def _adopted_meeting(server, device: Device, cell: str, writer: Writer, member: str):
    meeting, made = writer.row("meeting", cell, place="Hội trường", date="2026-11-05")
    item, agenda = writer.row("agenda_item", cell, meeting_id=meeting, position=1,
                              title="Nghị quyết tháng")
    roll, attendance = writer.attendance(cell, meeting, member, state="present")
    adopt = writer.set("meeting", meeting, "adopted_at", writer.clock.now())
    body = push(server, device, [*made, *agenda, *attendance, adopt])
    assert body["rejected"] == []
    return meeting, item, roll


def test_adopted_minutes_are_locked(shared_server, world):
    secretary = world.devices["secretary"]
    writer = Writer("locker")
    meeting, item, roll = _adopted_meeting(shared_server, secretary, world.cell, writer,
                                         world.rows.member)
    _, new_item = writer.row("agenda_item", world.cell, meeting_id=meeting, title="Thêm")
    batch = [writer.set("meeting", meeting, "place", "Nơi khác"),
             writer.set("agenda_item", item, "title", "Sửa lại"),
             writer.set("attendance", roll, "state", "excused"),
             *new_item,
             writer.set("member", "m-free", "cell_id", world.cell)]  # unrelated: lands

    body = push(shared_server, secretary, batch)

    assert rejected(body) == {i: "locked" for i in range(3 + len(new_item))}
    assert "adopted" in body["rejected"][0]["message"]
    assert body["applied"] == 1


def test_changes_before_the_adoption_in_the_same_batch_land(shared_server, world):
    deputy = world.devices["deputy"]
    writer = Writer("samebatch")
    meeting, made = writer.row("meeting", world.cell, place="Hội trường")
    batch = [*made, writer.set("meeting", meeting, "conclusion", "Thống nhất"),
             writer.set("meeting", meeting, "adopted_at", writer.clock.now()),
             writer.set("meeting", meeting, "resolution", "Quá muộn")]
    body = push(shared_server, deputy, batch)
    assert rejected(body) == {len(batch) - 1: "locked"}


def test_only_the_secretary_unlocks_and_the_unlock_is_audited(shared_server, world):
    secretary, deputy = world.devices["secretary"], world.devices["deputy"]
    writer = Writer("unlocker")
    meeting, _, _ = _adopted_meeting(shared_server, secretary, world.cell, writer,
                                         world.rows.member)

    body = push(shared_server, deputy, [writer.set("meeting", meeting, "adopted_at", None)])
    assert rejected(body) == {0: "role"}
    assert "secretary" in body["rejected"][0]["message"]

    body = push(shared_server, secretary, [writer.set("meeting", meeting, "adopted_at", None),
                                           writer.set("meeting", meeting, "place", "Sửa được")])
    assert body["rejected"] == [] and body["applied"] == 2
    from sqlalchemy import select

    from sync.server.db import make_engine
    from sync.server.tables import audit
    engine = make_engine(shared_server.db_url)
    try:
        with engine.connect() as conn:
            details = [json.loads(r.detail) for r in conn.execute(
                select(audit.c.detail).where(audit.c.kind == "unlock",
                                             audit.c.device_id == secretary.device_id))]
    finally:
        engine.dispose()
    assert {"meeting": meeting} in details


def test_payments_are_insert_only(shared_server, world):
    treasurer = world.devices["treasurer"]
    writer = Writer("ledger")
    payment, made = writer.row("payment", world.cell, member_id=world.rows.member,
                               months="2026-10",
                               amount=20_000, paid_on="2026-10-31")
    assert push(shared_server, treasurer, made)["rejected"] == []

    body = push(shared_server, treasurer, [
        writer.set("payment", payment, "amount", 25_000),      # edited: refused
        writer.set("payment", payment, "deleted", True),       # deleted: refused
        writer.set("payment", payment, "amount", 20_000),      # the same value again: harmless
        writer.set("payment", payment, "receipt_no", "BL-01"),  # a field it never had: first write
    ])
    assert rejected(body) == {0: "insert_only", 1: "insert_only"}
    assert "reversing" in body["rejected"][0]["message"]
    got = state(pull_all(shared_server, world.devices["member"])[0])
    assert got[("payment", payment, "amount")] == 20_000
    assert got[("payment", payment, "deleted")] is False


def test_rules_carry_the_shipped_sets_and_the_localitys_own(shared_server, world, tmp_path):
    shipped = shared_server.get("/v1/rules", world.devices["member"].token).json()["shipped"]
    local = dict(shipped[-1], id="gia-van-2027", effective_from="2027-01")
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(local, ensure_ascii=False), encoding="utf-8")
    assert shared_server.admin("rules", "add", "--cell", world.org, str(path)).strip() == \
        "gia-van-2027"

    body = shared_server.get("/v1/rules", world.devices["member"].token).json()
    assert [rs["id"] for rs in body["shipped"]] == [rs["id"] for rs in shipped]
    assert [rs["id"] for rs in body["cells"][world.cell]] == ["gia-van-2027"]
    outsider = shared_server.get("/v1/rules", world.outsider.token).json()
    assert outsider["cells"] == {world.other_cell: []}

    from cellclient.dues_rules import rule_book
    book = rule_book(body["cells"][world.cell])
    assert book.for_month("2027-03").id == "gia-van-2027"

    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x"}')
    result = shared_server.admin_result("rules", "add", "--cell", world.org, str(bad))
    assert result.returncode == 2 and "effective_from" in result.stderr


def test_no_cell_can_take_the_id_of_a_cell_made_offline_elsewhere(shared_server, world):
    """The id of a cell started offline is shown on its computer and passed to the
    administrator; a writer of another cell who learns it cannot claim it first."""
    offline_id = "01a21889-9646-7302-8b17-406c1950957b"
    writer = Writer("squat")
    _, changes = writer.row("cell", world.cell, row=offline_id, name="Chi bộ của tôi")
    body = push(shared_server, world.devices["secretary"], changes)
    assert set(rejected(body).values()) == {"invalid"} and body["applied"] == 0
    assert shared_server.admin("cells", "add", "--name", "Chi bộ Xóm Chợ",
                               "--id", offline_id).strip() == offline_id
    again = shared_server.admin_result("cells", "add", "--name", "X", "--id", offline_id)
    assert again.returncode == 2 and "exists already" in again.stderr
