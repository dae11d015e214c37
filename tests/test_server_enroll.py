"""Enrollment, tokens, revocation, the rate limit on failed attempts, and the admin CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import time

from sqlalchemy import select, update

from sync.server.auth import MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_USERNAME
from sync.server.db import make_engine
from sync.server.tables import devices, enroll_codes
from tests.server_changes import Writer, push
from tests.server_proc import (
    cellserver_command,
    new_device,
    run_admin,
    server_env,
    sync_body,
    unique,
)


def _db(server):
    return make_engine(server.db_url)


def _user(server, role="secretary"):
    cell = server.add_cell(unique("Chi bộ "))
    username = unique("u")
    server.add_user(username, role, cell)
    return cell, username


def _enroll(server, username, code, address="10.1.0.1"):
    with server.client() as client:
        return client.post("/v1/enroll", json={"username": username, "code": code,
                                               "device_name": "Máy bí thư"},
                           headers={"X-Forwarded-For": address})


def test_a_code_enrolls_one_device_once(shared_server):
    cell, username = _user(shared_server)
    code = shared_server.enroll_code(username)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    first = _enroll(shared_server, username, code.lower().replace("-", " "))  # as typed
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["scope"] == [cell] and body["role"] == "secretary"
    assert len(body["token"]) >= 43 and body["device_id"]

    again = _enroll(shared_server, username, code)
    assert again.status_code == 401 and "already used" in again.json()["message"]
    me = shared_server.get("/v1/me", body["token"]).json()
    assert me["username"] == username and me["device_name"] == "Máy bí thư"


def test_only_hashes_are_stored(shared_server):
    _, username = _user(shared_server)
    code = shared_server.enroll_code(username)
    token = _enroll(shared_server, username, code).json()["token"]
    engine = _db(shared_server)
    try:
        with engine.connect() as conn:
            hashes = [r.code_hash for r in conn.execute(select(enroll_codes.c.code_hash))]
            tokens = [r.token_hash for r in conn.execute(select(devices.c.token_hash))]
    finally:
        engine.dispose()
    assert all(h.startswith("$argon2id$") and code not in h for h in hashes)
    assert token not in tokens and all(len(t) == 64 for t in tokens)


def test_wrong_codes_and_unknown_users_are_refused_alike(shared_server):
    _, username = _user(shared_server)
    shared_server.enroll_code(username)
    wrong = _enroll(shared_server, username, "AAAA-BBBB-CCCC", address="10.2.0.1")
    nobody = _enroll(shared_server, unique("ghost"), "AAAA-BBBB-CCCC", address="10.2.0.2")
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json()["message"] == nobody.json()["message"]


def test_a_code_expires_after_72_hours(shared_server):
    _, username = _user(shared_server)
    result = run_admin(shared_server.db_url, "enroll-code", "--username", username)
    code = result.stdout.strip()
    assert result.stdout == code + "\n"  # the code alone on stdout
    until = dt.datetime.fromisoformat(re.search(r"valid until (\S+)", result.stderr)[1])
    hours = (until - dt.datetime.now(dt.UTC)).total_seconds() / 3600
    assert 71.9 < hours <= 72

    engine = _db(shared_server)
    try:
        with engine.begin() as conn:
            conn.execute(update(enroll_codes).values(expires_at=int(time.time() * 1000) - 1))
    finally:
        engine.dispose()
    response = _enroll(shared_server, username, code, address="10.3.0.1")
    assert response.status_code == 401 and "expired" in response.json()["message"]


def test_failed_attempts_are_rate_limited_per_username(shared_server):
    _, username = _user(shared_server)
    code = shared_server.enroll_code(username)
    for i in range(MAX_FAILURES_PER_USERNAME):
        assert _enroll(shared_server, username, "WRNG-CODE-XXXX", f"10.4.0.{i}").status_code == 401
    limited = _enroll(shared_server, username, code, "10.4.1.1")  # even the right code now
    assert limited.status_code == 429
    body = limited.json()
    assert body["error"] == "busy" and 1 <= body["detail"]["retry_after"] <= 15 * 60
    assert limited.headers["retry-after"] == str(body["detail"]["retry_after"])
    _, other = _user(shared_server)  # another user is not held back
    assert _enroll(shared_server, other, "WRNG-CODE-XXXX", "10.4.1.2").status_code == 401


def test_a_burst_of_simultaneous_guesses_cannot_pass_the_limit(shared_server):
    from concurrent.futures import ThreadPoolExecutor

    _, username = _user(shared_server)
    guesses = 4 * MAX_FAILURES_PER_USERNAME
    with ThreadPoolExecutor(max_workers=guesses) as pool:
        statuses = list(pool.map(
            lambda i: _enroll(shared_server, username, "WRNG-CODE-XXXX", f"10.6.0.{i}"
                              ).status_code, range(guesses)))
    assert statuses.count(401) == MAX_FAILURES_PER_USERNAME  # checked; the rest refused unheard
    assert statuses.count(429) == guesses - MAX_FAILURES_PER_USERNAME


def test_failed_attempts_are_rate_limited_per_address_across_servers(shared_server,
                                                                      server_factory):
    """The count lives in the database: a second app server on it refuses too."""
    second = server_factory(shared_server.db_url, init=False)
    address = "10.5.0.9"
    for i in range(MAX_FAILURES_PER_ADDRESS):
        server = shared_server if i % 2 else second
        assert _enroll(server, unique("guess"), "WRNG-CODE-XXXX", address).status_code == 401
    _, username = _user(shared_server)
    code = shared_server.enroll_code(username)
    for server in (shared_server, second):
        assert _enroll(server, username, code, address).status_code == 429
    assert _enroll(second, username, code, "10.5.0.10").status_code == 200


def test_a_revoked_device_gets_401_and_keeps_nothing_open(shared_server):
    device = new_device(shared_server)
    spare = new_device(shared_server, cell_id=device.cell_id, username=unique("spare"))
    shared_server.admin("devices", "revoke", device.device_id)

    for response in (shared_server.sync(device.token, sync_body([])),
                     shared_server.get("/v1/me", device.token),
                     shared_server.get("/v1/rules", device.token)):
        assert response.status_code == 401
        assert "revoked" in response.json()["message"]
    listed = {d["id"]: d for d in json.loads(shared_server.admin("devices", "list", "--json"))}
    assert listed[device.device_id]["revoked_at"] is not None
    assert listed[spare.device_id]["revoked_at"] is None
    writer = Writer("spare")
    assert push(shared_server, spare, writer.row("member", device.cell_id)[1])["rejected"] == []


def test_admin_cli_contract(shared_server):
    org = shared_server.add_cell("Đảng bộ xã")
    cell = shared_server.admin("cells", "add", "--name", "Chi bộ 1", "--parent", org).strip()
    assert re.fullmatch(r"[0-9a-f-]{36}", cell)
    listed = json.loads(shared_server.admin("cells", "list", "--json"))
    assert {"id": cell, "name": "Chi bộ 1", "parent_id": org} in listed

    for args, problem in [
        (("cells", "add", "--name", "X", "--parent", "no-such-id"), "no-such-id"),
        (("users", "add", "--username", "a", "--role", "secretary", "--cell", "nope"), "nope"),
        (("enroll-code", "--username", "nobody-here"), "nobody-here"),
        (("devices", "revoke", "no-device"), "no-device"),
        (("export", "--cell", "no-cell"), "no-cell"),
    ]:
        result = shared_server.admin_result(*args)
        assert result.returncode == 2 and problem in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    bad_role = shared_server.admin_result("users", "add", "--username", "b", "--role", "king",
                                          "--cell", cell)
    assert bad_role.returncode == 2
    shared_server.add_user("dup-user", "member", cell)
    taken = shared_server.admin_result("users", "add", "--username", "dup-user", "--role",
                                       "member", "--cell", cell)
    assert taken.returncode == 2 and "taken" in taken.stderr

    exported = json.loads(shared_server.admin("export", "--cell", cell))
    assert exported["cell"] == {"id": cell, "name": "Chi bộ 1", "parent_id": org}
    assert exported["tables"]["cell"][cell] == {"cell_id": cell, "name": "Chi bộ 1",
                                                "parent_org": "Đảng bộ xã", "deleted": False}
    table = shared_server.admin("devices", "list")
    assert table.splitlines()[0].split()[:3] == ["id", "username", "role"]


def test_default_database_and_uninitialised_database(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "CELLSERVER_DB": ""}
    result = run_admin_no_db("init", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xdg" / "cellserver" / "cellserver.db").is_file()

    url = f"sqlite:///{tmp_path / 'via-env.db'}"
    assert run_admin_no_db("init", env={"CELLSERVER_DB": url}).returncode == 0
    assert (tmp_path / "via-env.db").is_file()

    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    for args in (("cells", "list"), ("serve", "--port", "1")):
        refused = run_admin(fresh, *args, check=False, timeout=60)
        assert refused.returncode == 1 and "init" in refused.stderr, args


def run_admin_no_db(*args, env):
    """``cellserver`` without ``--db``."""
    return subprocess.run([*cellserver_command(), *args], capture_output=True, text=True,
                          env=server_env(env), timeout=120, check=False)
