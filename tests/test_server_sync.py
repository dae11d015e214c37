"""Push and pull over real HTTP against ``cellserver serve``, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading

import pytest

from tests.server_changes import Writer, pull_all, push, rejected, rows_of, state
from tests.server_proc import new_device, sync_body


def test_health_needs_no_token(shared_server):
    response = shared_server.get("/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["protocol"] == 1
    assert body["database"] in ("sqlite", "postgresql")


def test_a_push_by_one_device_is_pulled_by_another_of_the_same_cell(shared_server):
    secretary = new_device(shared_server)
    deputy = new_device(shared_server, role="deputy", cell_id=secretary.cell_id)
    writer = Writer("laptop1")
    member, changes = writer.row("member", secretary.cell_id, family_name="Nguyễn",
                                 given_name="Ánh", phone="0912345678")

    body = push(shared_server, secretary, changes)
    assert body["applied"] == len(changes) and body["rejected"] == [] and body["conflicts"] == []
    # The pusher's own writes do not come back to it, yet its cursor moves past them.
    assert ("member", member) not in rows_of(body["changes"])
    again = push(shared_server, secretary, [], cursor=body["cursor"])
    assert again["changes"] == [] and again["more"] is False

    pulled, _ = pull_all(shared_server, deputy)
    got = state(pulled)
    assert got[("member", member, "given_name")] == "Ánh"
    assert got[("member", member, "phone")] == "0912345678"
    assert got[("member", member, "cell_id")] == secretary.cell_id
    # The cell row the administrator made is in the feed too: devices learn its name.
    assert got[("cell", secretary.cell_id, "name")].startswith("Chi bộ thử")


def test_the_same_batch_sent_twice_is_applied_once(shared_server):
    device = new_device(shared_server)
    other = new_device(shared_server, role="member", cell_id=device.cell_id)
    writer = Writer("laptop2")
    _, changes = writer.row("member", device.cell_id, given_name="Bình")
    changes.append(writer.set("payment", "not-a-known-row", "amount", 100))  # no cell: refused
    body = sync_body(changes)

    first = shared_server.sync(device.token, body).json()
    _, cursor = pull_all(shared_server, other)
    second = shared_server.sync(device.token, body).json()

    assert first["applied"] == 3 and rejected(first) == {3: "invalid"}
    # Applied again, the same writes would count 0: the answer is the recorded one.
    for key in ("applied", "conflicts", "rejected", "batch_id"):
        assert second[key] == first[key]
    assert pull_all(shared_server, other, cursor)[0] == []


def test_pages_follow_max_pull_and_the_cursor(shared_server):
    device = new_device(shared_server)
    reader = new_device(shared_server, role="member", cell_id=device.cell_id)
    writer = Writer("laptop3")
    changes = []
    for i in range(10):
        changes += writer.row("member", device.cell_id, given_name=f"Người {i}")[1]
    push(shared_server, device, changes)  # 30 changes

    cursor, pages, seen = None, [], []
    while True:
        body = push(shared_server, reader, [], cursor=cursor, max_pull=7)
        pages.append(body["more"])
        seen += body["changes"]
        cursor = body["cursor"]
        if not body["more"]:
            break
    assert len(pages) == 5 and pages[-1] is False and all(pages[:-1])
    assert len(seen) == 33  # the 30 changes and the three fields of the cell row
    assert len({(c["table"], c["row"], c["field"]) for c in seen}) == 33

    nothing = push(shared_server, reader, [], cursor=cursor, max_pull=0)
    assert nothing["changes"] == [] and nothing["more"] is False


def test_the_feed_is_compacted_to_the_winning_write(shared_server):
    device = new_device(shared_server)
    reader = new_device(shared_server, role="member", cell_id=device.cell_id)
    writer = Writer("laptop4")
    member, changes = writer.row("member", device.cell_id, phone="0900000001")
    push(shared_server, device, changes)
    push(shared_server, device, [writer.set("member", member, "phone", "0900000002")])
    push(shared_server, device, [writer.set("member", member, "phone", "0900000003")])

    pulled, _ = pull_all(shared_server, reader)
    phones = [c["value"] for c in pulled if c["field"] == "phone"]
    assert phones == ["0900000003"]


def test_concurrent_edits_leave_a_conflict_row_in_the_feed(shared_server):
    first = new_device(shared_server)
    second = new_device(shared_server, role="deputy", cell_id=first.cell_id)
    third = new_device(shared_server, role="member", cell_id=first.cell_id)
    a, b = Writer("deviceA"), Writer("deviceB")
    member, changes = a.row("member", first.cell_id, phone="0911111111")
    push(shared_server, first, changes)
    b.saw(changes)

    edit_a = a.set("member", member, "phone", "0922222222")  # both based on the first value
    edit_b = b.set("member", member, "phone", "0933333333")
    assert edit_b["hlc"] > edit_a["hlc"]
    push(shared_server, first, [edit_a])
    answer = push(shared_server, second, [edit_b])

    assert answer["applied"] == 1
    [note] = answer["conflicts"]
    assert (note["table"], note["row"], note["field"]) == ("member", member, "phone")
    pulled, _ = pull_all(shared_server, third)
    got = state(pulled)
    assert got[("member", member, "phone")] == "0933333333"
    conflict = {f: v for (t, r, f), v in got.items() if t == "conflict" and r == note["id"]}
    assert conflict["tbl"] == "member" and conflict["row_id"] == member
    assert conflict["field"] == "phone" and conflict["cell_id"] == first.cell_id
    assert json.loads(conflict["lost_value"]) == "0922222222"
    assert json.loads(conflict["kept_value"]) == "0933333333"
    assert conflict["resolved"] is False
    stamps = [c["hlc"] for c in pulled if c["table"] == "conflict"]
    # The server's own clock, named after its process.
    assert stamps and all(s.rsplit("-", 1)[1].startswith("server") for s in stamps)
    # The losing device pulls the winner and the conflict record.
    pulled_a = state(pull_all(shared_server, first)[0])
    assert pulled_a[("member", member, "phone")] == "0933333333"
    assert ("conflict", note["id"], "lost_value") in pulled_a


def test_a_user_of_another_cell_gets_nothing_of_this_cell_and_cannot_write_it(shared_server):
    ours = new_device(shared_server)
    theirs = new_device(shared_server)  # a secretary of another cell
    writer = Writer("laptop5")
    member, changes = writer.row("member", ours.cell_id, given_name="Cúc", phone="0944444444")
    push(shared_server, ours, changes)

    pulled, _ = pull_all(shared_server, theirs)
    assert ("member", member) not in rows_of(pulled)
    assert ours.cell_id not in {c["value"] for c in pulled}
    assert all(c["row"] != ours.cell_id for c in pulled)

    intruder = Writer("intruder")
    _, new_row = intruder.row("member", ours.cell_id, given_name="Giả")
    edit = intruder.set("member", member, "phone", "0999999999")
    body = push(shared_server, theirs, [*new_row, edit])
    assert set(rejected(body).values()) == {"out_of_scope"} and len(body["rejected"]) == 4
    assert body["applied"] == 0
    assert state(pull_all(shared_server, ours)[0]).get(("member", member, "phone")) is None
    me = shared_server.get("/v1/me", theirs.token).json()
    assert me["scope"] == [theirs.cell_id] and ours.cell_id not in me["writable"]


def test_a_row_keeps_the_cell_it_was_made_in(shared_server):
    device = new_device(shared_server)
    other_cell = shared_server.add_cell("Chi bộ khác")
    writer = Writer("laptop6")
    member, changes = writer.row("member", device.cell_id, given_name="Dũng")
    push(shared_server, device, changes)

    body = push(shared_server, device, [
        writer.set("member", member, "cell_id", other_cell),       # moving a row
        writer.set("member", "no-such-row", "given_name", "Em"),   # a row with no cell
        writer.set("member", member, "given_name", "Dũng Văn"),    # fine
    ])
    assert rejected(body) == {0: "invalid", 1: "invalid"}
    assert body["applied"] == 1


def test_a_stamp_far_in_the_future_is_refused(shared_server):
    device = new_device(shared_server)
    writer = Writer("laptop7")
    _, changes = writer.row("member", device.cell_id, given_name="Giang")
    future = dict(changes[-1], hlc="009999999999999-000000-laptop7", field="phone")
    body = push(shared_server, device, [*changes, future])
    assert rejected(body) == {len(changes): "invalid"}
    assert "ahead" in body["rejected"][0]["message"]


def test_a_bad_cursor_is_a_400_before_anything_is_written(shared_server):
    device = new_device(shared_server)
    writer = Writer("laptop8")
    _, changes = writer.row("member", device.cell_id, given_name="Hà")
    for cursor in ("not base64 at all!", "bnVsbA", "eyJhIjogLTF9"):  # "null", {"a": -1}
        response = shared_server.sync(device.token, sync_body(changes, cursor=cursor))
        assert response.status_code == 400, cursor
        assert response.json()["detail"]["path"] == "cursor"
    reader = new_device(shared_server, role="member", cell_id=device.cell_id)
    pulled, _ = pull_all(shared_server, reader)
    assert pulled and "member" not in {c["table"] for c in pulled}


@pytest.mark.parametrize("writers", [4])
def test_a_reader_during_concurrent_pushes_misses_nothing(shared_server, writers):
    """Sequence numbers commit in order: a reader pulling while others push, then
    draining the feed, ends with exactly the server's state of the cell."""
    secretary = new_device(shared_server)
    devices = [new_device(shared_server, role="deputy", cell_id=secretary.cell_id)
               for _ in range(writers)]
    reader = new_device(shared_server, role="member", cell_id=secretary.cell_id)
    errors: list[str] = []

    def write(device, n):
        writer = Writer(f"w{n}")
        rows = []
        for batch in range(8):
            changes = []
            for _ in range(5):
                row, made = writer.row("member", secretary.cell_id, given_name=f"{n}-{batch}")
                rows.append(row)
                changes += made
            changes += [writer.set("member", r, "phone", f"09{batch:08d}") for r in rows[:3]]
            response = shared_server.sync(device.token, sync_body(changes))
            if response.status_code != 200 or response.json()["rejected"]:
                errors.append(response.text[:500])

    threads = [threading.Thread(target=write, args=(d, n)) for n, d in enumerate(devices)]
    for t in threads:
        t.start()
    seen, cursor = [], None
    while any(t.is_alive() for t in threads):
        body = push(shared_server, reader, [], cursor=cursor, max_pull=13)
        seen += body["changes"]
        cursor = body["cursor"]
    for t in threads:
        t.join()
    rest, _ = pull_all(shared_server, reader, cursor, max_pull=13)
    assert errors == []

    exported = json.loads(shared_server.admin("export", "--cell", secretary.cell_id))
    expected = {(t, r, f): v for t, rows in exported["tables"].items()
                for r, fields in rows.items() for f, v in fields.items()}
    assert state(seen + rest) == expected
    assert len([k for k in expected if k[0] == "member"]) == writers * (8 * 5 * 3 + 3)


def test_a_write_based_on_a_lost_value_settles_that_conflict(shared_server):
    """The same bookkeeping as the devices (cellclient.replica): a writer whose base is
    the lost value's stamp had it in front of them, so that conflict is settled."""
    first = new_device(shared_server)
    second = new_device(shared_server, role="deputy", cell_id=first.cell_id)
    reader = new_device(shared_server, role="member", cell_id=first.cell_id)
    a, b = Writer("settleA"), Writer("settleB")
    member, changes = a.row("member", first.cell_id, phone="0911111111")
    push(shared_server, first, changes)
    b.saw(changes)
    v1 = a.set("member", member, "phone", "0922222222")
    v2 = b.set("member", member, "phone", "0933333333")
    push(shared_server, first, [v1])
    [lost_v1] = push(shared_server, second, [v2])["conflicts"]

    a.clock.observe(v2["hlc"])  # A's clock moves on; it has not pulled B's value
    v3 = a.set("member", member, "phone", "0944444444")
    assert v3["base"] == v1["hlc"]
    [lost_v2] = push(shared_server, first, [v3])["conflicts"]

    got = state(pull_all(shared_server, reader)[0])
    assert got[("member", member, "phone")] == "0944444444"
    assert got[("conflict", lost_v1["id"], "resolved")] is True
    assert got[("conflict", lost_v1["id"], "resolution")] == "seen"
    assert got[("conflict", lost_v2["id"], "resolved")] is False
    assert json.loads(got[("conflict", lost_v2["id"], "lost_value")]) == "0933333333"


def test_old_batch_records_are_pruned_and_a_late_resend_changes_nothing(shared_server):
    from sqlalchemy import create_engine, func, select, update

    from sync.server.apply import BATCH_RECORD_MS
    from sync.server.tables import batches

    device = new_device(shared_server)
    other = new_device(shared_server, role="member", cell_id=device.cell_id)
    writer = Writer("laptopold")
    _, changes = writer.row("member", device.cell_id, given_name="Lan")
    first_body = sync_body(changes)
    assert shared_server.sync(device.token, first_body).json()["applied"] == len(changes)
    _, cursor = pull_all(shared_server, other)
    engine = create_engine(shared_server.db_url)
    try:
        with engine.begin() as conn:  # that batch was recorded long ago
            conn.execute(update(batches).where(batches.c.device_id == device.device_id)
                         .values(created_at=batches.c.created_at - BATCH_RECORD_MS - 1))
        push(shared_server, device, writer.row("member", device.cell_id, given_name="Mai")[1])
        with engine.connect() as conn:
            kept = conn.execute(select(func.count()).select_from(batches)
                                .where(batches.c.device_id == device.device_id)).scalar()
        assert kept == 1  # the new batch only
        # The device comes back after months offline and resends the old batch.
        late = shared_server.sync(device.token, first_body).json()
        assert late["applied"] == 0 and late["rejected"] == [] and late["conflicts"] == []
        news = pull_all(shared_server, other, cursor)[0]
        assert {c["value"] for c in news if c["field"] == "given_name"} == {"Mai"}
    finally:
        engine.dispose()


def test_writes_by_different_server_processes_never_share_a_stamp(shared_server):
    """Two app servers (or the admin command) writing in one millisecond: each stamps
    with a node name of its own (random: in containers every replica may be
    process 1), so no two writes ever tie."""
    nodes = []
    for name in ("Chi bộ Một", "Chi bộ Hai"):  # each admin command is a process of its own
        cell = shared_server.add_cell(name)
        pulled, _ = pull_all(shared_server, new_device(shared_server, cell_id=cell))
        [stamp] = [c["hlc"] for c in pulled if c["table"] == "cell" and c["field"] == "name"]
        nodes.append(stamp.rsplit("-", 1)[1])
    assert all(n.startswith("server") and n != "server" for n in nodes)
    assert nodes[0] != nodes[1]
