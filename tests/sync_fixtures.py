"""Fixtures of the sync tests: one SQLite server process per module, a provisioner,
a fault proxy in front of the server, and factories of enrolled devices."""

from __future__ import annotations

import itertools
import re

import pytest

from cellclient.services.members import add_members
from tests.faultproxy import FaultProxy
from tests.server_proc import skip_without_server, start_server
from tests.sync_support import FAST, Device, Provisioner


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real ``cellserver serve`` on a SQLite file, for the whole module."""
    skip_without_server()
    folder = tmp_path_factory.mktemp("sync-server")
    srv = start_server(f"sqlite:///{folder / 'server.db'}", folder)
    yield srv
    srv.stop()
    # Whatever the devices sent, through whatever cuts (request bodies cut off by
    # the link included): never an internal error.
    kinds = set(re.findall(r"internal error: (\w+)", srv.log()))
    assert not kinds, srv.log()[-4000:]
    assert "Exception in ASGI application" not in srv.log()


@pytest.fixture(scope="module")
def prov(server):
    p = Provisioner(server)
    yield p
    p.close()


@pytest.fixture
def proxy(server):
    with FaultProxy(("127.0.0.1", server.port), lifetime=300) as p:
        yield p


@pytest.fixture
def devices(server, prov, tmp_path):
    """``devices("secretary", "deputy", via=url)``: enrolled devices of one new cell,
    each synced once (so each has the cell row); closed after the test."""
    made: list[Device] = []
    counter = itertools.count()

    def make(*roles: str, via: str | None = None, options=FAST, cell_id: str | None = None):
        cell_id = cell_id or prov.cell()
        out = []
        for role in roles:
            username = prov.user(role, cell_id)
            device = Device(tmp_path / f"device{next(counter)}", via or server.url, username,
                            prov.code(username), options)
            made.append(device)
            device.sync()
            out.append(device)
        return out

    yield make
    for device in made:
        device.close()


def add_people(device: Device, count: int, prefix: str = "Người") -> list[str]:
    """``count`` new members on ``device`` in one transaction (about 8 changes each)."""
    rows = [dict(family_name="Nguyễn", middle_name="Văn", given_name=f"{prefix}{i}",
                 phone=f"09{i:08d}", address=f"Xóm {i % 7}, thôn Đông") for i in range(count)]
    return add_members(device.store, device.cell_id, rows)
