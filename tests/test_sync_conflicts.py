"""Conflicts through the real server: made on every replica, settled by a person, synced.

The last test is the case a device alone cannot judge (C saw B's value, never
A's): the server, which receives every write in order, judges exactly and keeps
A's edit as a conflict.
"""

from __future__ import annotations

import json
import time

from cellclient.services.conflicts import list_open_conflicts, resolve_conflict
from cellclient.services.members import add_member, edit_member, get_member
from tests import sync_fixtures
from tests.sync_support import device_state, server_state

server, prov, devices = sync_fixtures.server, sync_fixtures.prov, sync_fixtures.devices


def test_three_devices_see_the_same_conflict_and_one_choice_settles_it_everywhere(devices, prov):
    a, b, c = devices("secretary", "deputy", "secretary")
    hoa = add_member(a.store, a.cell_id, family_name="Lê", given_name="Hoa", address="Xóm 1")
    a.sync()
    b.sync()
    c.sync()
    edit_member(b.store, hoa.id, address="Xóm 2")
    time.sleep(0.002)  # distinct clock stamps, as two people typing minutes apart
    edit_member(c.store, hoa.id, address="Xóm 3")
    for device in (b, c, a, b):
        device.sync()
    expected = server_state(prov.export(a.cell_id))
    (record,) = expected["conflict"].values()
    assert (json.loads(record["kept_value"]), json.loads(record["lost_value"])) == \
        ("Xóm 3", "Xóm 2")  # the later stamp wins; the other value is kept
    assert record["lost_hlc"].endswith(b.store.device_id)  # who wrote the lost value
    assert record["kept_hlc"].endswith(c.store.device_id)
    for device in (a, b, c):
        assert device_state(device.store, a.cell_id) == expected
        (shown,) = list_open_conflicts(device.store, a.cell_id)
        assert shown.record == "Lê Hoa" and shown.mine_at and shown.theirs_at
    # B's person keeps their own value: an edit that syncs like any other.
    (mine,) = list_open_conflicts(b.store, a.cell_id)
    assert (mine.mine, mine.theirs) == ("Xóm 2", "Xóm 3")
    resolve_conflict(b.store, mine.id, keep="mine")
    for device in (b, a, c):
        device.sync()
    expected = server_state(prov.export(a.cell_id))
    for device in (a, b, c):
        assert device_state(device.store, a.cell_id) == expected
        assert get_member(device.store, hoa.id).address == "Xóm 2"
        assert list_open_conflicts(device.store, a.cell_id) == []


def test_a_concurrent_edit_overwritten_by_a_third_device_is_still_a_conflict(devices, prov):
    a, b, c = devices("secretary", "deputy", "secretary")
    hoa = add_member(a.store, a.cell_id, family_name="Lê", given_name="Hoa")
    a.sync()
    b.sync()
    c.sync()
    edit_member(a.store, hoa.id, phone="0911111111")  # A, offline
    time.sleep(0.002)
    edit_member(b.store, hoa.id, phone="0922222222")  # B, concurrently
    b.sync()
    c.sync()
    edit_member(c.store, hoa.id, phone="0933333333")  # C saw B's value, never A's
    c.sync()
    a.sync()
    b.sync()
    values = {json.loads(r["lost_value"]) for r in
              server_state(prov.export(a.cell_id)).get("conflict", {}).values()}
    assert "0911111111" in values  # A's edit must not vanish silently
