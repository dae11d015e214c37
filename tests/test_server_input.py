"""Bad input never hurts: size caps, gzip bombs, malformed bodies, old clients.
Every answer is a clear JSON error, never a 500 and never a partial batch."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from sync.protocol import MAX_BATCH_CHANGES, MAX_BODY_BYTES, MAX_DECOMPRESSED_BYTES
from tests.server_changes import Writer, pull_all, push
from tests.server_proc import new_device, sync_body


@pytest.fixture(scope="module")
def device(shared_server):
    return new_device(shared_server)


def error_of(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message", "detail"} and body["message"]
    return body


def test_gzip_both_ways(shared_server, device):
    writer = Writer("gzipper")
    changes = []
    for i in range(40):
        changes += writer.row("member", device.cell_id, given_name=f"Người {i}",
                              address="Thôn Đông, xã Gia Vân")[1]
    response = shared_server.sync(device.token, sync_body(changes), gzip=True,
                                  headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, response.text
    assert response.json()["applied"] == len(changes)

    reader = new_device(shared_server, role="member", cell_id=device.cell_id)
    with shared_server.client() as client:
        raw = client.post("/v1/sync", json=sync_body([]), headers={
            "Authorization": f"Bearer {reader.token}", "Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert len(raw.json()["changes"]) == len(changes) + 3  # and the cell row


def test_a_gzip_bomb_is_stopped_at_the_inflated_limit(shared_server, device):
    bomb = gzip.compress(b" " * (MAX_DECOMPRESSED_BYTES + 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    response = shared_server.sync(device.token, bomb, headers={"Content-Encoding": "gzip"})
    body = error_of(response, 413)
    assert body["error"] == "too_large" and body["detail"]["limit"] == MAX_DECOMPRESSED_BYTES
    assert shared_server.get("/v1/health").status_code == 200


def test_a_body_over_the_limit_as_sent_is_413(shared_server, device):
    big = b'{"protocol": 1, "x": "' + b"a" * MAX_BODY_BYTES + b'"}'
    body = error_of(shared_server.sync(device.token, big), 413)
    assert body["error"] == "too_large" and body["detail"]["limit"] == MAX_BODY_BYTES


def test_too_many_changes_is_413_so_the_device_halves_the_batch(shared_server, device):
    change = Writer("many").set("member", "r", "given_name", "A")
    body = error_of(shared_server.sync(device.token, sync_body([change] * (MAX_BATCH_CHANGES + 1)),
                                       gzip=True), 413)
    assert body["detail"]["path"] == "changes"


@pytest.mark.parametrize("raw, path", [
    (b"{not json", "$"),
    (b"", "$"),
    (b"[1, 2]", "$"),
    (b'{"protocol": 1, "client": "cellclient/0.1.0", "batch_id": "b", "x": NaN}', "$"),
    (b"[" * 100_000 + b"]" * 100_000, "$"),
    (b"\xff\xfe\x00garbage", "$"),
], ids=["broken", "empty", "array", "nan", "deep", "binary"])
def test_malformed_json_is_400(shared_server, device, raw, path):
    body = error_of(shared_server.sync(device.token, raw), 400)
    assert body["error"] == "bad_request" and body["detail"]["path"] == path


def test_not_gzip_with_a_gzip_header_is_400(shared_server, device):
    response = shared_server.sync(device.token, b'{"a": 1}', headers={"Content-Encoding": "gzip"})
    assert error_of(response, 400)["detail"]["path"] == "$"


@pytest.mark.parametrize("patch, path", [
    ({"table": "nope"}, "changes[1].table"),
    ({"field": "password"}, "changes[1].field"),
    ({"value": "not a date"}, "changes[1].value"),
    ({"value": 1.5}, "changes[1].value"),
    ({"value": {"a": 1}}, "changes[1].value"),
    ({"value": 2**70}, "changes[1].value"),
    ({"value": "nul\x00"}, "changes[1].value"),
    ({"hlc": "yesterday"}, "changes[1].hlc"),
    ({"base": "x"}, "changes[1].base"),
    ({"row": "x" * 65}, "changes[1].row"),
    ({"row": "a\x00b"}, "changes[1].row"),
    ({"extra": 1}, "changes[1]"),
], ids=lambda v: str(v)[:30])
def test_a_wrong_change_refuses_the_whole_batch(shared_server, device, patch, path):
    writer = Writer("typist")
    row, good = writer.row("member", device.cell_id, given_name="Đúng")
    bad = dict(writer.set("member", row, "birth_date", "1980-05-04"), **patch)
    body = error_of(shared_server.sync(device.token, sync_body([good[0], bad, *good[1:]])), 400)
    assert body["detail"]["path"] == path and path in body["message"]
    reader = new_device(shared_server, role="member", cell_id=device.cell_id)
    assert ("member", row) not in {(c["table"], c["row"]) for c in pull_all(shared_server,
                                                                            reader)[0]}


@pytest.mark.parametrize("patch, path", [
    ({"protocol": "1"}, "protocol"),
    ({"batch_id": ""}, "batch_id"),
    ({"batch_id": 5}, "batch_id"),
    ({"changes": {}}, "changes"),
    ({"changes": [1]}, "changes[0]"),
    ({"max_pull": -1}, "max_pull"),
    ({"max_pull": 10**6}, "max_pull"),
    ({"cursor": 7}, "cursor"),
    ({"client": None}, "client"),
], ids=lambda v: str(v)[:30])
def test_wrong_request_fields_are_400_with_their_path(shared_server, device, patch, path):
    body = error_of(shared_server.sync(device.token, {**sync_body([]), **patch}), 400)
    assert body["detail"]["path"] == path


@pytest.mark.parametrize("patch", [{"protocol": 0}, {"protocol": 2},
                                   {"client": "cellclient/0.0.9"}, {"client": "something-else"}])
def test_an_old_client_or_protocol_gets_426(shared_server, device, patch):
    body = error_of(shared_server.sync(device.token, {**sync_body([]), **patch}), 426)
    assert body["error"] == "upgrade_required" and body["detail"]["minimum_version"] == "0.1.0"


def test_unknown_routes_and_methods_answer_in_the_same_shape(shared_server):
    assert error_of(shared_server.get("/v2/anything"), 404)["error"] == "not_found"
    with shared_server.client() as client:
        assert error_of(client.delete("/v1/sync"), 405)["error"] == "bad_request"


def test_no_token_or_a_wrong_one_is_401(shared_server):
    for token in (None, "made-up-token"):
        assert error_of(shared_server.sync(token, sync_body([])), 401)["error"] == "unauthorized"
        assert error_of(shared_server.get("/v1/me", token), 401)["error"] == "unauthorized"
        assert error_of(shared_server.get("/v1/rules", token), 401)["error"] == "unauthorized"


def test_the_server_keeps_working_after_all_that(shared_server, device):
    writer = Writer("after")
    _, changes = writer.row("member", device.cell_id, given_name="Vẫn chạy")
    assert push(shared_server, device, changes)["applied"] == len(changes)
    assert "Traceback" not in shared_server.log()
    json.dumps(shared_server.get("/openapi.json").json())
