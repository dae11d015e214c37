"""HTTP to the sync server over ``requests``: TLS, timeouts, gzip, byte counts, abort.

One ``Transport`` per sync run. It does one request per call and never
retries by itself (the engine decides, knowing which batch it is sending):
every failure comes back as ``NetworkProblem`` (worth retrying the same
request) or ``HttpProblem`` (the server answered with an error body).

TLS certificates are always verified: with the system's store, or with the
CA bundle of the profile. Plain ``http://`` is accepted only for the loopback
address (a server on the same machine, the tests): a device token never
crosses a network in clear text.

``abort()`` shuts the open sockets from another thread, so a cancel does not
wait for a read timeout on a stalled 2G link.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import socket
import threading
import weakref
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from cellclient import __version__
from cellclient.errors import CellClientError
from cellclient.i18n import register, tr
from sync.protocol import MAX_DECOMPRESSED_BYTES, ProtocolError, gunzip_limited

CLIENT = f"cellclient/{__version__}"
LOOPBACK_HOSTS = ("localhost",)
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # as received; a pull page is far smaller
READ_CHUNK = 16 * 1024

register({
    "sync.url_invalid": (
        "Địa chỉ máy chủ không hợp lệ: {url}. Ví dụ đúng: https://dongbo.tinhuy.vn",
        "Not a valid server address: {url}. For example: https://sync.example.vn",
    ),
    "sync.url_not_https": (
        "Địa chỉ máy chủ phải bắt đầu bằng https:// (kết nối mã hóa); http:// chỉ dùng "
        "cho máy chủ chạy ngay trên máy này.",
        "The server address must start with https:// (an encrypted link); http:// is only "
        "for a server on this very computer.",
    ),
    "sync.ca_bundle_missing": (
        "Không thấy tệp chứng chỉ {path}.",
        "The certificate file {path} does not exist.",
    ),
})


class BadServerAddress(CellClientError):
    """The server address or CA bundle given by a person is wrong: bad input."""

    exit_code = 2


class NetworkProblem(Exception):
    """No usable answer: could not connect, timed out, or the link was cut.

    ``sent`` tells whether the request may have reached the server (the
    server may have applied it): only a failed connect is known not to have.
    """

    def __init__(self, kind: str, sent: bool):
        super().__init__(kind)
        self.kind = kind  # connect | timeout | cut | tls
        self.sent = sent


@dataclass
class HttpProblem(Exception):
    """The server answered with an error status and (usually) an error body."""

    status: int
    code: str = ""
    message: str = ""
    detail: dict = field(default_factory=dict)
    retry_after: float | None = None

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.code}"


@dataclass
class Answer:
    status: int
    body: dict
    bytes_sent: int  # request line, headers and body as sent
    bytes_received: int  # status line, headers and body as received (compressed)


def check_server_url(url: str) -> str:
    """The server's base URL without a trailing slash; https, or http on loopback."""
    text = (url or "").strip()
    parts = urlsplit(text)
    problem = None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or parts.username or parts.password:
        problem = BadServerAddress(tr("sync.url_invalid", url=text))
    elif parts.scheme == "http" and not is_loopback(parts.hostname):
        problem = BadServerAddress(tr("sync.url_not_https"))
    if problem is not None:
        problem.field = "server_url"
        raise problem
    return text.rstrip("/")


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _SocketRegistry:
    """The sockets this transport has opened, so that ``abort`` can shut them."""

    def __init__(self):
        self._socks: weakref.WeakSet = weakref.WeakSet()
        self._lock = threading.Lock()
        self.aborted = False

    def add(self, sock) -> None:
        with self._lock:
            self._socks.add(sock)
            aborted = self.aborted
        if aborted:
            _shut(sock)

    def abort(self) -> None:
        with self._lock:
            self.aborted = True
            socks = list(self._socks)
        for sock in socks:
            _shut(sock)


def _shut(sock) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _adapter(registry: _SocketRegistry) -> HTTPAdapter:
    """An adapter whose connections report their sockets to ``registry``."""

    class Conn(HTTPConnection):
        def connect(self):
            super().connect()
            registry.add(self.sock)

    class TLSConn(HTTPSConnection):
        def connect(self):
            super().connect()
            registry.add(self.sock)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Conn

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = TLSConn

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TLSPool}

    # max_retries=0: urllib3 must not resend a POST behind our back; the engine
    # retries knowing which batch it sends.
    return Adapter(max_retries=0, pool_connections=1, pool_maxsize=2)


class _Bearer(requests.auth.AuthBase):
    """The device token as ``Authorization: Bearer``; given as ``auth`` so that a
    ~/.netrc entry for the host can never replace it."""

    def __init__(self, token: str):
        self._token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:  # never print the token
        return "_Bearer(***)"


class Transport:
    """Requests to one server, with the profile's TLS settings and explicit timeouts."""

    def __init__(self, base_url: str, *, token: str | None = None, ca_bundle: str | None = None,
                 connect_timeout: float = 15.0, read_timeout: float = 60.0):
        self.base_url = check_server_url(base_url)
        self.timeout = (connect_timeout, read_timeout)
        self._registry = _SocketRegistry()
        self.session = requests.Session()
        adapter = _adapter(self._registry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # Verified always: a CA bundle narrows whom we trust, it never turns checking off.
        # Given with each request: a session-wide ``verify`` loses to REQUESTS_CA_BUNDLE.
        self.verify: str | bool = ca_bundle or True
        self.session.headers.update({"User-Agent": CLIENT, "Accept-Encoding": "gzip",
                                     "Accept": "application/json"})
        self._auth = _Bearer(token) if token else None

    def close(self) -> None:
        self.session.close()

    def abort(self) -> None:
        """Shut every socket now (from any thread); the request in flight fails."""
        self._registry.abort()

    def get(self, path: str) -> Answer:
        return self._request("GET", path, None, {})

    def post_json(self, path: str, body: bytes, *, gzipped: bool) -> Answer:
        headers = {"Content-Type": "application/json"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return self._request("POST", path, body, headers)

    def _request(self, method: str, path: str, body: bytes | None, headers: dict) -> Answer:
        url = self.base_url + path
        sent = False
        try:
            response = self.session.request(method, url, data=body, headers=headers,
                                            auth=self._auth, timeout=self.timeout, stream=True,
                                            verify=self.verify)
            sent = True
            try:
                raw = _read_all(response)
            finally:
                response.close()
        except requests.exceptions.SSLError:
            raise NetworkProblem("tls", sent=False) from None
        except requests.exceptions.ConnectTimeout:
            raise NetworkProblem("connect", sent=False) from None
        except requests.exceptions.ConnectionError as exc:
            raise NetworkProblem(_kind(exc), sent=sent or _maybe_sent(exc)) from None
        except (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError):
            raise NetworkProblem("timeout", sent=True) from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
                http.client.HTTPException, OSError):
            raise NetworkProblem("cut", sent=True) from None
        bytes_sent = _request_size(response.request)
        bytes_received = _response_size(response, len(raw))
        payload = _decode(response, raw)
        if response.status_code != 200:
            raise _problem(response, payload)
        if not isinstance(payload, dict):
            raise HttpProblem(response.status_code, "bad_response", "not a JSON object")
        return Answer(response.status_code, payload, bytes_sent, bytes_received)


def _kind(exc: requests.exceptions.ConnectionError) -> str:
    text = repr(exc)
    if "NewConnectionError" in text or "NameResolution" in text or "Connection refused" in text:
        return "connect"
    if "timed out" in text.lower():
        return "timeout"
    return "cut"


def _maybe_sent(exc: requests.exceptions.ConnectionError) -> bool:
    """A refused or unresolvable connection never carried the request."""
    return _kind(exc) != "connect"


def _read_all(response: requests.Response) -> bytes:
    """The body as received (still compressed); a short read is a cut link."""
    chunks, size = [], 0
    while True:
        chunk = response.raw.read(READ_CHUNK, decode_content=False)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise HttpProblem(response.status_code, "response_too_large")
        chunks.append(chunk)
    data = b"".join(chunks)
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) != len(data):
        raise urllib3.exceptions.ProtocolError("short body")
    return data


def _framed(response: requests.Response) -> bool:
    """Whether the answer says where it ends (a length, or chunks). Without that, a
    link cut after the status line looks like a complete, empty answer."""
    chunked = "chunked" in response.headers.get("Transfer-Encoding", "").lower()
    return chunked or response.headers.get("Content-Length", "").strip().isdigit()


def _decode(response: requests.Response, raw: bytes):
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if response.status_code == 200 and not _framed(response):
        raise NetworkProblem("cut", sent=True)  # the server always frames its answers
    try:
        if encoding == "gzip":
            raw = gunzip_limited(raw, MAX_DECOMPRESSED_BYTES * 4)
        return json.loads(raw) if raw else None
    except ProtocolError as exc:
        if exc.code == "too_large":
            raise HttpProblem(response.status_code, "response_too_large") from None
        # A gzip stream that ends early came through a cut the length did not show.
        raise NetworkProblem("cut", sent=True) from None
    except ValueError:
        if response.status_code == 200:
            raise HttpProblem(response.status_code, "bad_response", "not JSON") from None
        return None  # an error page from a proxy in front of the server


def _problem(response: requests.Response, payload) -> HttpProblem:
    body = payload if isinstance(payload, dict) else {}
    detail = body.get("detail") if isinstance(body.get("detail"), dict) else {}
    retry_after = detail.get("retry_after", response.headers.get("Retry-After"))
    try:
        retry_after = float(retry_after) if retry_after is not None else None
    except (TypeError, ValueError):
        retry_after = None
    return HttpProblem(response.status_code, str(body.get("error") or ""),
                       str(body.get("message") or ""), detail, retry_after)


def _request_size(request: requests.PreparedRequest) -> int:
    head = f"{request.method} {request.path_url} HTTP/1.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in request.headers.items()) + "\r\n"
    body = request.body or b""
    return len(head.encode("latin-1", "replace")) + len(body)


def _response_size(response: requests.Response, body_size: int) -> int:
    head = f"HTTP/1.1 {response.status_code} {response.reason}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
    return len(head.encode("latin-1", "replace")) + body_size
