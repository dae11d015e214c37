"""Fuzz the running server from its own OpenAPI description: no input gets a 5xx.

Schemathesis reads ``/openapi.json`` of a real ``cellserver serve`` process
(SQLite, and PostgreSQL where it can run) and sends generated requests to
every operation, with a valid device token so that the authenticated paths
are reached too. Generated sync bodies mostly speak protocol 1 and name real
tables and fields, so that they get past the version check into the per-change
checks and the merge. The budget is small so CI stays fast;
``CELLCLIENT_LONG_TESTS=1`` runs twenty times more examples.
"""

from __future__ import annotations

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
    real fields with valid clock stamps, some of them in the device's own cell."""
    body = case.body
    if case.path != "/v1/sync" or not isinstance(body, dict):
        return case
    body["protocol"], body["client"] = PROTOCOL_VERSION, CLIENT
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
            change["hlc"] = Stamp(1_790_000_000_000 + i, pick % 7, "fuzz").encode()
            if not is_stamp(change.get("base")):
                change["base"] = None
    return case


def _check_operation(operation, mode, device, calls: dict, statuses: dict, server) -> None:
    """Up to MAX_EXAMPLES generated requests to one operation; none may get a 5xx."""
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
