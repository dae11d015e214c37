"""The HTTP face of the server: a FastAPI app served by uvicorn.

Routes read their bodies themselves (size caps and gzip before parsing), do
the blocking database work in the thread pool, and answer every error with
``{"error", "message", "detail"}`` and the protocol's status codes.
"""


import logging
import os
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect

from sync.protocol import (
    PROTOCOL_VERSION,
    ErrorCode,
    ProtocolError,
    SyncResponse,
    error_body,
    parse_enroll_request,
    parse_sync_request,
)

from . import db
from .apply import apply_batch, server_clock
from .auth import caller_for_token, enroll
from .bodies import read_json
from .feed import decode_cursor, pull
from .openapi import ENROLL_REQUEST, SYNC_REQUEST, body, errors, install
from .roles import Caller
from .rules import rules_for

log = logging.getLogger(__name__)

try:
    SERVER_VERSION = version("cellclient")
except PackageNotFoundError:  # running from a source tree
    SERVER_VERSION = "0"


def create_app(db_url: str | None = None) -> FastAPI:
    """The app on the database at ``db_url`` (default: the SQLite file in the data dir)."""
    url = db.normalize_url(db_url or db.default_db_url())
    engine = db.make_engine(url)
    clock = server_clock()
    bearer = HTTPBearer(auto_error=False, description="The device token from /v1/enroll")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        engine.dispose()

    app = FastAPI(title="Chi bộ số sync server", version=SERVER_VERSION, lifespan=lifespan)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.state.engine = engine
    _error_handlers(app)

    async def caller(credentials: Annotated[HTTPAuthorizationCredentials | None,
                                            Depends(bearer)]) -> Caller:
        token = credentials.credentials if credentials is not None else None
        return await run_in_threadpool(caller_for_token, engine, token)

    Device = Annotated[Caller, Depends(caller)]

    @app.get("/v1/health", responses=errors(503))
    async def health():
        """Up and reaching its database (for load balancers and monitoring); no token."""
        await run_in_threadpool(db.read, engine, lambda conn: conn.execute(text("SELECT 1")))
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "server": SERVER_VERSION,
                "database": engine.dialect.name}

    @app.post("/v1/enroll", openapi_extra=body(ENROLL_REQUEST),
              responses=errors(400, 401, 413, 429, 503))
    async def enroll_device(request: Request):
        """Trade a one-time enrollment code for a device token (shown once)."""
        payload = await read_json(request)
        enroll_request = parse_enroll_request(payload)
        address = request.client.host if request.client else "unknown"
        response = await run_in_threadpool(enroll, engine, enroll_request, address)
        return response.to_json()

    @app.post("/v1/sync", openapi_extra=body(SYNC_REQUEST),
              responses=errors(400, 401, 413, 426, 429, 503))
    async def sync(request: Request, who: Device):
        """Push a batch and pull the changes of the device's cells after its cursor."""
        payload = await read_json(request)
        sync_request = await run_in_threadpool(parse_sync_request, payload)
        after = decode_cursor(sync_request.cursor)  # a bad cursor is refused before any write
        result = await run_in_threadpool(apply_batch, engine, who, sync_request, clock)
        page = await run_in_threadpool(
            db.read, engine, lambda conn: pull(conn, who, after, sync_request.max_pull))
        return SyncResponse(PROTOCOL_VERSION, sync_request.batch_id, result.applied,
                            result.conflicts, result.rejected, page.changes, page.cursor,
                            page.more).to_json()

    @app.get("/v1/me", responses=errors(401, 503))
    async def me(who: Device):
        """The device, its user and role, and the cells it reads and writes."""
        return {"protocol": PROTOCOL_VERSION, "device_id": who.device_id,
                "device_name": who.device_name, "username": who.username, "role": who.role,
                "node_id": who.node_id, "scope": sorted(who.scope),
                "writable": sorted(who.writable)}

    @app.get("/v1/rules", responses=errors(401, 503))
    async def rules(who: Device):
        """The dues rule sets: the shipped ones, and each cell's local ones."""
        return await run_in_threadpool(db.read, engine, lambda conn: rules_for(conn, who))

    install(app)  # the shared schemas (printable text, clock stamps) the bodies refer to
    return app


def create_app_from_env() -> FastAPI:
    """For uvicorn workers (``--workers``): the database URL comes from CELLSERVER_DB."""
    return create_app(os.environ.get("CELLSERVER_DB"))


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProtocolError)
    async def protocol_error(_request: Request, exc: ProtocolError):
        headers = {}
        if "retry_after" in exc.detail:
            headers["Retry-After"] = str(exc.detail["retry_after"])
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        code = ErrorCode.NOT_FOUND if exc.status_code == 404 else ErrorCode.BAD_REQUEST
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        path = ".".join(str(p) for p in first.get("loc", ())) or "$"
        return JSONResponse(error_body(ErrorCode.BAD_REQUEST, f"{path}: {first.get('msg', '')}",
                                       path=path), status_code=400)

    @app.exception_handler(ClientDisconnect)
    async def client_gone(_request: Request, _exc: ClientDisconnect):
        # A 2G link dropped mid-upload: nothing was read whole, nothing applied, and
        # the device will resend the same batch. Routine, not an operator's alarm.
        log.info("client went away before its request body arrived")
        return JSONResponse(error_body(ErrorCode.BAD_REQUEST, "request body cut off"),
                            status_code=400)

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception):
        log.error("internal error: %s", type(exc).__name__, exc_info=exc)
        return JSONResponse({"error": "internal", "message": "The server failed; try again later.",
                             "detail": {}}, status_code=500)
