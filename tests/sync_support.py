"""What the sync tests share: devices (real profiles and encrypted stores) enrolled
with a real server process, fast provisioning, and state comparison.

``Provisioner`` makes cells, users and enrollment codes with the server's own
admin functions on the server's database (what ``cellserver cells add`` and
friends run), in this process: a property test that needs a fresh cell per
example cannot pay a second per admin command. Devices then enroll and sync
over HTTP like any device.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from keyring.backend import KeyringBackend

from cellclient import profile as profiles
from cellclient.schema import TABLES
from cellclient.store import Store
from sync.client import SyncClient, SyncOptions
from sync.enroll import enroll_profile
from tests.server_proc import ServerProcess, unique

# Small waits so that tests exercise every retry path in well under a second.
FAST = SyncOptions(connect_timeout=2.0, read_timeout=5.0, retry_budget=20.0, backoff_base=0.01,
                   backoff_max=0.05, max_retry_after=10.0)


class Provisioner:
    """Cells, users and one-time codes on the server's database, in this process."""

    def __init__(self, server: ServerProcess):
        from sync.server import db

        self.server = server
        self.engine = db.make_engine(server.db_url)

    def cell(self, name: str | None = None, parent: str | None = None,
             adopt: str | None = None) -> str:
        """A new cell; ``adopt``: the id of a cell made offline on a device."""
        from sync.server.admin import add_node

        return add_node(self.engine, name or unique("Chi bộ "), parent, adopt)

    def user(self, role: str, cell_id: str, username: str | None = None) -> str:
        from sync.server.admin import add_user

        username = username or unique("u")
        add_user(self.engine, username, role, cell_id)
        return username

    def code(self, username: str) -> str:
        from sync.server.admin import new_enroll_code

        return new_enroll_code(self.engine, username)[0]

    def export(self, cell_id: str) -> dict:
        from sync.server.admin import export_cell

        return export_cell(self.engine, cell_id)

    def batches(self, device_id: str) -> list[dict]:
        """The batches the server recorded for a device (its idempotency record)."""
        from sqlalchemy import select

        from sync.server.tables import batches

        with self.engine.connect() as conn:
            rows = conn.execute(select(batches.c.batch_id, batches.c.result)
                                .where(batches.c.device_id == device_id)
                                .order_by(batches.c.created_at)).all()
        return [{"batch_id": r.batch_id, **json.loads(r.result)} for r in rows]

    def close(self) -> None:
        self.engine.dispose()


class Device:
    """One enrolled profile: its folder, profile and open encrypted store."""

    def __init__(self, folder: Path, url: str, username: str, code: str,
                 options: SyncOptions = FAST, ca_bundle: str | None = None):
        self.folder = folder
        self.options = options
        self.profile, self.store, self.enrollment = enroll_profile(
            folder, url, username, code, ca_bundle=ca_bundle)

    @property
    def cell_id(self) -> str:
        return self.enrollment.scope[0]

    def client(self, **kwargs) -> SyncClient:
        kwargs.setdefault("options", self.options)
        return SyncClient(self.store, profiles.load(self.folder), **kwargs)

    def sync(self, **kwargs):
        return self.client(**kwargs).sync()

    def point_at(self, url: str) -> None:
        """Talk to the server through another address (a proxy); the token stays."""
        profile = profiles.load(self.folder)
        profile.server_url = url
        profiles.save(self.folder, profile)

    def reopen(self) -> None:
        """Close and open again, as after a restart: nothing kept in memory."""
        self.store.close()
        self.profile, self.store = profiles.open_store(self.folder)

    def close(self) -> None:
        self.store.close()


def enroll_device(server: ServerProcess, folder: Path, role: str = "secretary",
                  cell_id: str | None = None, url: str | None = None,
                  provisioner: Provisioner | None = None,
                  options: SyncOptions = FAST) -> Device:
    own = provisioner is None
    prov = provisioner or Provisioner(server)
    try:
        cell_id = cell_id or prov.cell()
        username = prov.user(role, cell_id)
        return Device(folder, url or server.url, username, prov.code(username), options)
    finally:
        if own:
            prov.close()


# -- comparing replicas ------------------------------------------------------------------


def _clean(fields: dict) -> dict:
    """A row's fields as every replica must agree on them; a field never written and a
    false tombstone flag look the same everywhere."""
    return {k: v for k, v in fields.items()
            if v is not None and not (k == "deleted" and v is False)}


def device_state(store: Store, cell_id: str) -> dict[str, dict[str, dict]]:
    """``{table: {row id: fields}}`` of one cell, as in the schema registry."""
    out: dict[str, dict[str, dict]] = {}
    for name, table in TABLES.items():
        for row in store.rows(name, "cell_id = ?", [cell_id]):
            fields = _clean({f: row.get(f) for f in table.field_names})
            if fields:
                out.setdefault(name, {})[row["id"]] = fields
    return out


def server_state(export: dict) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for name, rows in export["tables"].items():
        for row_id, fields in rows.items():
            cleaned = _clean(fields)
            if cleaned:
                out.setdefault(name, {})[row_id] = cleaned
    return out


def change_log(store: Store) -> list[dict]:
    rows = store.db.execute(
        "SELECT seq, tbl, row_id, field, value, hlc, base, state, batch_id, reject_code "
        "FROM change_log ORDER BY seq").fetchall()
    keys = ("seq", "table", "row", "field", "value", "hlc", "base", "state", "batch_id",
            "reject_code")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# -- a keyring for child processes ----------------------------------------------------------


class FileKeyring(KeyringBackend):
    """Test only: a keyring in a JSON file named by CELLCLIENT_TEST_KEYRING, so that a
    ``cellclient`` child process (killed and restarted by a test) finds its secrets.
    Select it with PYTHON_KEYRING_BACKEND=tests.sync_support.FileKeyring."""

    priority = 1
    _lock = threading.Lock()

    @property
    def _path(self) -> Path:
        return Path(os.environ["CELLCLIENT_TEST_KEYRING"])

    def _load(self) -> dict:
        try:
            return json.loads(self._path.read_text())
        except (OSError, ValueError):
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        with self._lock:
            data = self._load()
            data[f"{service}/{username}"] = password
            tmp = self._path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data))
            os.replace(tmp, self._path)

    def delete_password(self, service, username):
        with self._lock:
            data = self._load()
            data.pop(f"{service}/{username}", None)
            self._path.write_text(json.dumps(data))


@dataclass
class Wire:
    """Bytes through a proxy during a block of work."""

    up: int = 0
    down: int = 0
