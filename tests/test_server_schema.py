"""Fuzz the running server from its own OpenAPI description: no input gets a 5xx, and
what the description calls valid is not refused where it could have said so.

Schemathesis reads ``/openapi.json`` of a real ``cellserver serve`` process
(SQLite, and PostgreSQL where it can run) and sends generated requests to
every operation, with a valid device token so that the authenticated paths
are reached too. Generated sync bodies mostly speak protocol 1 and name real
tables and fields, so that they get past the version check into the per-change
checks and the merge. The budget is small so CI stays fast;
``CELLCLIENT_LONG_TESTS=1`` runs twenty times more examples.
"""

from __future__ import annotations

import re

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from cellclient.hlc import Stamp, is_stamp
from cellclient.schema import TABLES
from sync.protocol import PROTOCOL_VERSION
from tests.conftest import LONG
from tests.server_proc import CLIENT, new_device, server_unavailable_reason

pytestmark = pytest.mark.skipif(server_unavailable_reason() is not None,
                                reason=server_unavailable_reason() or "")

MAX_EXAMPLES = 500 if LONG else 25
CONTRACT = {("get", "/v1/health"), ("post", "/v1/enroll"), ("post", "/v1/sync")}


@pytest.fixture(scope="module")
def device(shared_server):
    """An enrolled secretary of a fresh cell on the module's server."""
    return new_device(shared_server)


@pytest.fixture(scope="module")
def api_schema(shared_server):
    return schemathesis.openapi.from_url(f"{shared_server.url}/openapi.json", timeout=30)


def test_openapi_lists_the_contract(shared_server):
    spec = httpx.get(f"{shared_server.url}/openapi.json", timeout=30).json()
    operations = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert spec["openapi"].startswith("3.")
    assert CONTRACT <= operations


def _operations(schema) -> list:
    """Every operation of the spec; a spec schemathesis cannot read fails here."""
    return [result.ok() for result in schema.get_all_operations()]


def _speak_protocol(case, cell_id: str, rewrite_changes: bool):
    """Make a generated sync body pass the version check, and (positive cases) name
    real fields, half of them with clock stamps of now, some in the device's own cell.
    A positive body stays valid: a current client must send a batch id."""
    body = case.body
    if case.path != "/v1/sync" or not isinstance(body, dict):
        return case
    body["protocol"], body["client"] = PROTOCOL_VERSION, CLIENT
    if rewrite_changes and "batch_id" not in body:
        body["batch_id"] = f"fuzz-{len(str(body))}-{len(body.get('changes') or ())}"
    changes = body.get("changes")
    if rewrite_changes and isinstance(changes, list):
        for i, change in enumerate(changes):
            table = TABLES.get(change.get("table")) if isinstance(change, dict) else None
            if table is None:
                continue
            pick = len(str(change.get("field", ""))) + len(str(change.get("row", "")))
            change["field"] = table.field_names[pick % len(table.field_names)]
            if change["field"] == "cell_id" and pick % 2 == 0:
                change["value"] = cell_id
            if i % 2 == 0:  # the others keep the stamps drawn from the description
                change["hlc"] = Stamp(1_790_000_000_000 + i, pick % 7, "fuzz").encode()
            if not is_stamp(change.get("base")):
                change["base"] = None
    return case


# Where a body the description calls valid may still be refused: what the schema
# registry says of a change's field and value, and a cursor the server never gave.
OPAQUE = re.compile(r"^(?:cursor|changes\[\d+\]\.(?:field|value))$")


def _refused_though_valid(operation, response) -> str | None:
    """Why a positive case's answer breaks the description, or None when it keeps it."""
    documented = {str(code) for code in operation.definition.raw.get("responses", {})}
    if str(response.status_code) not in documented:
        return f"status {response.status_code} is not in the description ({sorted(documented)})"
    if response.status_code == 400:
        path = response.json().get("detail", {}).get("path") or "$"
        if not OPAQUE.match(path):
            return f"400 at {path}, which the description calls valid"
    return None


def _check_operation(operation, mode, device, calls: dict, statuses: dict, server) -> None:
    """Up to MAX_EXAMPLES generated requests to one operation; none may get a 5xx, and
    a positive one no answer its description does not allow."""
    auth = {"Authorization": f"Bearer {device.token}"}
    strategy = operation.as_strategy(mode).map(
        lambda case: _speak_protocol(case, device.cell_id, mode is GenerationMode.POSITIVE))

    @given(case=strategy)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=not LONG,
              database=None, suppress_health_check=list(HealthCheck))
    def no_server_error(case):
        response = case.call(headers=auth, timeout=60)
        calls[operation.label] = calls.get(operation.label, 0) + 1
        statuses.setdefault(operation.label, set()).add(response.status_code)
        assert response.status_code < 500, (
            f"{operation.label} -> {response.status_code}\n"
            f"request: {case.as_curl_command(headers=auth)}\n"
            f"response: {response.text[:2000]}\n"
            f"server log:\n{server.log()[-3000:]}")
        if mode is GenerationMode.POSITIVE:
            problem = _refused_though_valid(operation, response)
            assert problem is None, (
                f"{operation.label}: {problem}\nrequest: {case.as_curl_command(headers=auth)}\n"
                f"response: {response.text[:2000]}")

    no_server_error()


# Schemathesis' own pytest integration (``schemathesis.pytest.from_fixture``) does not
# run under the pytest here, so each operation gets a plain Hypothesis test.
def test_valid_input_never_gets_a_server_error(api_schema, shared_server, device):
    calls: dict[str, int] = {}
    statuses: dict[str, set[int]] = {}
    operations = _operations(api_schema)
    for operation in operations:
        _check_operation(operation, GenerationMode.POSITIVE, device, calls, statuses,
                         shared_server)
    assert shared_server.alive()
    assert {(op.method.lower(), op.path) for op in operations} >= CONTRACT
    assert set(calls) == {op.label for op in operations}  # every operation was called
    assert 200 in statuses["POST /v1/sync"]  # some bodies got as far as the merge


def test_invalid_input_never_gets_a_server_error(api_schema, shared_server, device):
    calls: dict[str, int] = {}
    statuses: dict[str, set[int]] = {}
    for operation in _operations(api_schema):
        try:
            _check_operation(operation, GenerationMode.NEGATIVE, device, calls, statuses,
                             shared_server)
        except Unsatisfiable:
            continue  # nothing in this operation's description can be made invalid
    assert shared_server.alive()
    assert calls.get("POST /v1/sync", 0) > 0
    assert statuses["POST /v1/sync"] & {400, 413}  # bad bodies were refused as such


# -- the description is as strict as the server ----------------------------------------


def _validator(spec: dict, path: str):
    """A JSON Schema validator for the request body of ``POST path`` in the served spec."""
    import jsonschema_rs

    schema = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "components": spec.get("components", {})}  # "#/components/..." resolves here
    return jsonschema_rs.validator_for(root)


def _sync_body(**patch) -> dict:
    body = {"protocol": PROTOCOL_VERSION, "client": CLIENT, "cursor": None,
            "batch_id": "0193a5b2-7c1e-7d4f-8a9b-0c1d2e3f4a5b", "changes": []}
    body.update(patch)
    return {k: v for k, v in body.items() if v is not _ABSENT}


_ABSENT = object()
_STAMP = Stamp(1_790_000_000_000, 0, "dev1").encode()


def _change(**patch) -> dict:
    return {"table": "member", "row": "0193a5b2-0000-7d4f-8a9b-0c1d2e3f4a5b",
            "field": "given_name", "value": "Ánh", "hlc": _STAMP, "base": None, **patch}


# (body, what the description must say of it); the server's answer must agree.
SYNC_CASES = [
    (_sync_body(), True),
    (_sync_body(client=""), False),
    (_sync_body(client="   "), False),
    (_sync_body(client="cellclient/0.1.0\x07"), False),
    (_sync_body(client="x" * 201), False),
    (_sync_body(protocol=0, batch_id=_ABSENT), True),  # answered 426 before batch_id is read
    (_sync_body(client="cellclient/0.0.9", batch_id=_ABSENT), True),  # 426 likewise
    (_sync_body(client="other/1.0", batch_id=_ABSENT), True),
    (_sync_body(client="cellclient/0.2.0 (Linux)", batch_id=_ABSENT), False),
    (_sync_body(batch_id=_ABSENT), False),
    (_sync_body(batch_id=" "), False),
    (_sync_body(batch_id="a\x00b"), False),
    (_sync_body(batch_id="x" * 65), False),
    (_sync_body(max_pull=5000), True),
    (_sync_body(max_pull=5001), False),
    (_sync_body(max_pull=0.0, protocol=1.0), True),  # JSON Schema's integer: 0.0 is one
    (_sync_body(max_pull=2.5), False),
    (_sync_body(changes=[_change()]), True),
    (_sync_body(changes=[_change(hlc="yesterday")]), False),
    (_sync_body(changes=[_change(hlc="1790000000000-000000-dev1")]), False),
    (_sync_body(changes=[_change(base="x")]), False),
    (_sync_body(changes=[_change(base=_STAMP)]), True),
    (_sync_body(changes=[_change(row=" ")]), False),
    (_sync_body(changes=[_change(row="a\nb")]), False),
    (_sync_body(changes=[_change(value="nul\x00")]), False),
    (_sync_body(changes=[_change(field="dues_base", value=2**70)]), False),
    (_sync_body(changes=[_change(field="dues_base", value=2**62)]), True),
]

ENROLL_CASES = [
    ({"username": "bithu", "code": "ABCD-EFGH-JKMN", "device_name": "Máy"}, True),
    ({"username": "bithu", "code": "abcd efgh jkmn", "device_name": "Máy"}, True),
    ({"username": "bithu", "code": "ABCDEFGHJKMN", "device_name": "Máy"}, True),
    ({"username": "bithu", "code": "WRNG-CODE-XXXX", "device_name": "Máy"}, False),
    ({"username": "bithu", "code": "ABCD-EFGH-JKM", "device_name": "Máy"}, False),
    ({"username": "bithu", "code": "ABCD-EFGH-JKMN-P", "device_name": "Máy"}, False),
    ({"username": " ", "code": "ABCD-EFGH-JKMN", "device_name": "Máy"}, False),
    ({"username": "bithu", "code": "ABCD-EFGH-JKMN", "device_name": "Máy\u200b"}, False),
    ({"username": "bithu", "code": "ABCD-EFGH-JKMN", "device_name": "x" * 101}, False),
]


def test_the_description_says_what_the_server_enforces(shared_server, device):
    spec = httpx.get(f"{shared_server.url}/openapi.json", timeout=30).json()
    sync = spec["paths"]["/v1/sync"]["post"]
    assert "426" in sync["responses"] and "protocol" in sync["responses"]["426"]["description"]
    enroll_schema = _validator(spec, "/v1/enroll")
    sync_schema = _validator(spec, "/v1/sync")
    auth = {"Authorization": f"Bearer {device.token}"}
    with httpx.Client(base_url=shared_server.url, timeout=30) as client:
        for body, valid in SYNC_CASES:
            assert sync_schema.is_valid(body) is valid, body
            status = client.post("/v1/sync", json=body, headers=auth).status_code
            if valid:
                assert status in (200, 426), (body, status)
                assert str(status) in sync["responses"]
            else:
                assert status in (400, 426), (body, status)
            if body.get("protocol") == 0:
                assert status == 426
        for body, valid in ENROLL_CASES:
            assert enroll_schema.is_valid(body) is valid, body
            status = client.post("/v1/enroll", json=body).status_code
            # A code that cannot exist is refused like a wrong one (401, or 429 once the
            # attempts run out), so the description is stricter than the answer, never looser.
            assert (status != 400) if valid else status in (400, 401, 429), (body, status)
