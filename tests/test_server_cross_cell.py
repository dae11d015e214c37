"""One cell's rows stay its own, whatever another cell's device sends first: derived
ids must be the ones their fields make, and no reference crosses cells. Over real
HTTP, for every table with a derived id or a reference."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cellclient.ids import derived_id, new_id
from cellclient.schema import ANY_TABLE, TABLES
from tests.server_changes import CellRows, Writer, cell_rows, pull_all, push, rejected, state
from tests.server_proc import Device, new_device

REFERENCES = [(t.name, f.name) for t in TABLES.values() for f in t.fields if f.refers]
DERIVED = [t.name for t in TABLES.values() if t.identity]


@dataclass
class Two:
    a: str  # the cell that tries
    b: str  # the cell tried on, under org
    org: str
    sec_a: Device
    sec_b: Device
    upper_b: Device  # of org: reads b
    rows_a: CellRows
    rows_b: CellRows


@pytest.fixture(scope="module")
def two(shared_server) -> Two:
    org = shared_server.add_cell("Đảng bộ xã Gia Vân")
    a = shared_server.add_cell("Chi bộ Thôn Tây")
    b = shared_server.add_cell("Chi bộ Thôn Đông", parent=org)
    sec_a = new_device(shared_server, cell_id=a)
    sec_b = new_device(shared_server, cell_id=b)
    return Two(a, b, org, sec_a, sec_b, new_device(shared_server, role="upper", cell_id=org),
               cell_rows(shared_server, sec_a, a, "rowsa"), cell_rows(shared_server, sec_b, b, "rowsb"))


def test_the_registry_names_the_references_and_derived_ids():
    assert set(REFERENCES) == {
        ("meeting", "chair_id"), ("meeting", "minute_taker_id"), ("agenda_item", "meeting_id"),
        ("attendance", "meeting_id"), ("attendance", "member_id"),
        ("dues_adjustment", "member_id"), ("payment", "member_id"), ("payment", "reverses"),
        ("conflict", "row_id")}
    assert set(DERIVED) == {"setting", "attendance", "conflict"}


def test_a_cell_cannot_take_another_cells_setting_first(shared_server, two):
    """The reported hole: A files ``dues.start_month`` under the id B's row will have
    (it is made from B's id, no secret); B's own value must still land, and the
    level above must see B's row only."""
    key = "dues.start_month"
    theirs = derived_id("setting", two.b, key)
    squatter = Writer("squatter")
    _, taken = squatter.row("setting", two.a, row=theirs, key=key, value="2020-01")
    body = push(shared_server, two.sec_a, taken)
    assert set(rejected(body).values()) == {"invalid"} and body["applied"] == 0
    assert "cell_id and key" in body["rejected"][0]["message"]

    own = Writer("rightful")
    _, made = own.setting(two.b, key, "2026-01")
    assert push(shared_server, two.sec_b, made)["rejected"] == []
    later = push(shared_server, two.sec_b, [own.set("setting", theirs, "value", "2026-03")])
    assert later["rejected"] == [] and later["applied"] == 1

    seen = state(pull_all(shared_server, two.upper_b)[0])
    assert seen[("setting", theirs, "cell_id")] == two.b
    assert seen[("setting", theirs, "value")] == "2026-03"
    _, mine = squatter.setting(two.a, key, "2026-02")  # A's own setting row is A's to write
    assert push(shared_server, two.sec_a, mine)["rejected"] == []


def _new_row(writer: Writer, table: str, cell: str, refs: CellRows, **override) -> list:
    """A valid new row of ``table`` in ``cell``; ``override`` replaces references
    (the derived id follows them, as a device makes it)."""
    if table == "attendance":
        meeting = override.get("meeting_id", refs.meeting)
        member = override.get("member_id", refs.member)
        return writer.attendance(cell, meeting, member, state="present")[1]
    if table == "conflict":
        return writer.conflict(cell, "member", override.get("row_id", refs.member), "phone",
                               resolved=False)[1]
    fields = {
        "meeting": {"place": "Nhà văn hoá", "chair_id": refs.member,
                    "minute_taker_id": refs.member},
        "agenda_item": {"title": "Đảng phí", "meeting_id": refs.meeting},
        "dues_adjustment": {"reason": "Ốm", "member_id": refs.member},
        "payment": {"amount": 50_000, "member_id": refs.member, "months": "2026-11"},
    }[table]
    return writer.row(table, cell, **{**fields, **override})[1]


def _target(server, table: str, field: str, rows: CellRows, writer: Writer,
            device: Device, cell: str) -> str:
    """A row of the kind the reference points at, in ``cell``."""
    refers = TABLES[table].field(field).refers
    if refers == "payment":
        payment, made = writer.row("payment", cell, member_id=rows.member, amount=10_000,
                                   months="2026-10")
        assert push(server, device, made)["rejected"] == []
        return payment
    assert refers in ("meeting", "member", ANY_TABLE), refers
    return rows.meeting if refers == "meeting" else rows.member


@pytest.mark.parametrize(("table", "field"), REFERENCES, ids=[".".join(r) for r in REFERENCES])
def test_a_reference_never_points_into_another_cell(shared_server, two, table, field):
    writer = Writer(f"ref{table}{field}")
    foreign = _target(shared_server, table, field, two.rows_b, Writer(f"b{table}{field}"),
                      two.sec_b, two.b)
    own = _target(shared_server, table, field, two.rows_a, writer, two.sec_a, two.a)

    crossing = _new_row(writer, table, two.a, two.rows_a, **{field: foreign})
    body = push(shared_server, two.sec_a, crossing)
    refused = [r for r in body["rejected"] if crossing[r["index"]]["field"] == field]
    assert refused and refused[0]["error"] == "invalid"
    assert "another cell" in refused[0]["message"]

    unknown = _new_row(writer, table, two.a, two.rows_a, **{field: new_id()})
    body = push(shared_server, two.sec_a, unknown)
    assert any(unknown[r["index"]]["field"] == field and "does not have" in r["message"]
               for r in body["rejected"])

    fine = _new_row(writer, table, two.a, two.rows_a, **{field: own})
    assert push(shared_server, two.sec_a, fine)["rejected"] == []

    if TABLES[table].identity or TABLES[table].insert_only:
        return  # a derived or ledger row is not re-pointed (refused for that, see below)
    row = fine[0]["row"]
    body = push(shared_server, two.sec_a, [writer.set(table, row, field, foreign)])
    assert rejected(body) == {0: "invalid"}
    reader = new_device(shared_server, role="member", cell_id=two.a)
    assert state(pull_all(shared_server, reader)[0])[(table, row, field)] == own


@pytest.mark.parametrize("table", DERIVED)
def test_a_derived_row_must_have_the_id_its_fields_make(shared_server, two, table):
    writer = Writer(f"derive{table}")
    if table == "setting":
        made = writer.row("setting", two.a, key="dues.start_month", value="2026-01")[1]
    else:
        made = _new_row(writer, table, two.a, two.rows_a)
        random_id = new_id()
        made = [dict(c, row=random_id) for c in made]
    body = push(shared_server, two.sec_a, made)
    assert set(rejected(body).values()) == {"invalid"} and body["applied"] == 0
    assert "make" in body["rejected"][0]["message"]

    good = (writer.setting(two.a, "dues.start_month", "2026-01")[1] if table == "setting"
            else _new_row(writer, table, two.a, two.rows_a))
    assert push(shared_server, two.sec_a, good)["rejected"] == []
    identity_field = TABLES[table].identity[-1]
    other = {"setting": "dues.other", "attendance": two.rows_a.member,
             "conflict": writer.clock.now()}[table]
    if table == "attendance":  # re-pointed to another of its own members: still refused
        member, more = writer.row("member", two.a, given_name="Cúc")
        assert push(shared_server, two.sec_a, more)["rejected"] == []
        other = member
    body = push(shared_server, two.sec_a, [writer.set(table, good[0]["row"], identity_field, other)])
    assert rejected(body) == {0: "invalid"}


def test_a_new_derived_row_without_its_identity_is_refused(shared_server, two):
    writer = Writer("noidentity")
    row = derived_id("setting", two.a, "dues.x")
    body = push(shared_server, two.sec_a, [writer.set("setting", row, "cell_id", two.a),
                                            writer.set("setting", row, "value", "1")])
    assert rejected(body) == {0: "invalid", 1: "invalid"}
    assert "needs its cell_id and key" in body["rejected"][0]["message"]


def test_references_to_rows_earlier_in_the_same_batch_land(shared_server, two):
    """A new member and the payment for them travel together, as a device sends them."""
    writer = Writer("samebatch")
    member, made = writer.row("member", two.a, given_name="Dũng")
    _, pay = writer.row("payment", two.a, member_id=member, amount=20_000, months="2026-11")
    _, mark = writer.attendance(two.a, two.rows_a.meeting, member, state="present")
    body = push(shared_server, two.sec_a, made + pay + mark)
    assert body["rejected"] == [] and body["applied"] == len(made + pay + mark)
