"""Enrollment: trade a one-time code for a device token, and keep the token safe.

The token lives ONLY in the OS keyring (Windows Credential Manager, macOS
Keychain, Secret Service), under a name made from the profile id; it is never
written to a file, the profile or a log. Where no real keyring exists the
device cannot enroll: a token in a plain file would let anyone who copies the
folder sync as this device.

The code is one-time: once the server has read the request it is spent,
whether or not the answer arrives. So a failed connect is retried (the
request never left), but a cut after sending is not: the person is told to
ask for a new code, and the administrator can revoke the half-made device.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors

from cellclient import keys
from cellclient import profile as profiles
from cellclient.errors import CellClientError
from cellclient.i18n import register, tr
from cellclient.profile import PassphrasePrompt, Profile
from cellclient.services.cells import CURRENT_CELL
from cellclient.store import Store
from sync.protocol import EnrollRequest
from sync.status import DEVICE_ID, ENROLLED_AT, ROLE, SCOPE, scope
from sync.transport import (
    BadServerAddress,
    HttpProblem,
    NetworkProblem,
    Transport,
    check_server_url,
)

ENROLL_ATTEMPTS = 3
ADOPTING_ROLES = ("secretary", "deputy")  # the roles that write every table of a cell

register({
    "enroll.no_keyring": (
        "Máy này không có kho khóa của hệ điều hành (keyring), nơi duy nhất được giữ mã "
        "thiết bị. Hãy dùng máy Windows/macOS, hoặc bật Secret Service (gnome-keyring) trên Linux.",
        "This computer has no OS keyring, the only place a device token may be kept. Use "
        "Windows or macOS, or run a Secret Service (gnome-keyring) on Linux.",
    ),
    "enroll.keyring_failed": (
        "Không lưu được mã thiết bị vào kho khóa ({detail}). Thiết bị {device} đã được tạo "
        "trên máy chủ: hãy nhờ quản trị thu hồi nó rồi xin mã mới.",
        "The device token could not be saved in the keyring ({detail}). Device {device} was "
        "made on the server: ask the administrator to revoke it, then get a new code.",
    ),
    "enroll.local_cell_unknown": (
        "Chi bộ trên máy này (mã {cell}) chưa được đăng ký trên máy chủ cho tài khoản này; "
        "không lưu gì. Hãy gửi mã chi bộ cho quản trị máy chủ để thêm chi bộ với đúng mã "
        "đó, nhờ thu hồi thiết bị {device}, rồi xin mã kích hoạt mới.",
        "The cell on this computer (id {cell}) is not registered on the server for this "
        "account; nothing was saved. Send the cell id to the server administrator to add "
        "the cell under that id, ask them to revoke device {device}, then get a new code.",
    ),
    "enroll.other_server": (
        "Hồ sơ này đã đăng ký với máy chủ {url}; không chuyển sang máy chủ khác được.",
        "This profile is enrolled with the server {url}; it cannot move to another server.",
    ),
    "enroll.other_scope": (
        "Mã này thuộc người dùng của chi bộ khác với dữ liệu trong hồ sơ này; không lưu gì. "
        "Hãy nhờ quản trị thu hồi thiết bị {device}.",
        "This code belongs to a user of another cell than this profile's data; nothing was "
        "saved. Ask the administrator to revoke device {device}.",
    ),
    "enroll.local_cell_role": (
        "Sổ sách của chi bộ trên máy này chỉ được đưa lên máy chủ bằng tài khoản bí thư "
        "hoặc phó bí thư (tài khoản này có vai trò {role}); không lưu gì. Hãy nhờ quản trị "
        "thu hồi thiết bị {device} và cấp mã cho tài khoản bí thư.",
        "The records of the cell on this computer can only be taken to the server with a "
        "secretary's or deputy's account (this one has the role {role}); nothing was saved. "
        "Ask the administrator to revoke device {device} and give a secretary's code.",
    ),
    "enroll.refused": ("Máy chủ từ chối đăng ký: {message}", "The server refused: {message}"),
    "enroll.bad_code": (
        "Tên người dùng hoặc mã không đúng, mã đã dùng hay đã hết hạn ({message}). Hãy "
        "kiểm tra lại hoặc xin mã mới.",
        "Wrong username or code, or the code is used or expired ({message}). Check it or "
        "ask for a new code.",
    ),
    "enroll.busy": (
        "Thử sai quá nhiều lần; hãy đợi {seconds} giây rồi thử lại.",
        "Too many failed attempts; wait {seconds} seconds and try again.",
    ),
    "enroll.unreachable": (
        "Không kết nối được máy chủ; chưa có gì thay đổi, hãy thử lại khi có mạng.",
        "The server cannot be reached; nothing changed, try again when online.",
    ),
    "enroll.uncertain": (
        "Mất kết nối khi máy chủ đang xử lý đăng ký. Mã có thể đã được dùng: nếu thử lại bị "
        "báo mã đã dùng, hãy xin mã mới.",
        "The link dropped while the server handled the enrollment. The code may be spent: "
        "if a retry says it is used, ask for a new code.",
    ),
    "enroll.tls": (
        "Không xác minh được chứng chỉ của máy chủ: có thể địa chỉ sai, hoặc cần tệp chứng "
        "chỉ của đơn vị (ô “Tệp chứng chỉ của đơn vị”, hay --ca-bundle ở dòng lệnh). Chưa có "
        "gì thay đổi.",
        "The server's certificate could not be verified: the address may be wrong, or the "
        "organisation's certificate file is needed (the “Organisation's certificate file” "
        "box, or --ca-bundle on the command line). Nothing changed.",
    ),
    "enroll.bad_answer": ("Máy chủ trả lời không đúng giao thức.",
                          "The server's answer does not follow the protocol."),
})


# -- the token in the keyring -----------------------------------------------------------


def _token_name(profile_id: str) -> str:
    return f"device-token/{profile_id}"


def load_token(profile_id: str) -> str | None:
    try:
        return keyring.get_password(keys.SERVICE, _token_name(profile_id)) or None
    except keyring.errors.KeyringError:
        return None


def save_token(profile_id: str, token: str) -> None:
    keyring.set_password(keys.SERVICE, _token_name(profile_id), token)


def forget_token(profile_id: str) -> None:
    try:
        keyring.delete_password(keys.SERVICE, _token_name(profile_id))
    except keyring.errors.KeyringError:
        pass


# -- enrolling ----------------------------------------------------------------------


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    device_id: str
    role: str
    scope: list[str]


def default_device_name() -> str:
    name = "".join(ch for ch in socket.gethostname() if ch.isprintable()).strip()
    return (name or "cellclient")[:100]


def enroll_profile(data_dir: Path, server_url: str, username: str, code: str, *,
                   device_name: str | None = None, ca_bundle: str | None = None,
                   prompt: PassphrasePrompt | None = None,
                   timeouts: tuple[float, float] = (15.0, 60.0)
                   ) -> tuple[Profile, Store, Enrollment]:
    """Enroll the profile in ``data_dir``, making the profile first when there is none
    (and removing it again when the enrollment fails, so a retry starts clean).
    Returns the open store; the caller closes it."""
    check_keyring()
    check_server_url(server_url)
    made = not profiles.exists(data_dir)
    if made:
        profile, store = profiles.create(data_dir, prompt)
    else:
        profile, store = profiles.open_store(data_dir, prompt)
    try:
        result = enroll(data_dir, store, profile, server_url, username, code,
                        device_name=device_name, ca_bundle=ca_bundle, timeouts=timeouts)
    except BaseException:
        store.close()
        if made:
            forget_token(profile.profile_id)  # saved just before a later step failed
            profiles.discard(data_dir, profile)
        raise
    return profile, store, result


def check_keyring() -> None:
    if not keys.keyring_usable():
        raise CellClientError(tr("enroll.no_keyring"))


def enroll(data_dir: Path, store: Store, profile: Profile, server_url: str, username: str,
           code: str, *, device_name: str | None = None, ca_bundle: str | None = None,
           timeouts: tuple[float, float] = (15.0, 60.0)) -> Enrollment:
    """Trade ``code`` for a token; save the token in the keyring and the rest in the
    profile and its meta. Everything that can be checked is checked before the
    one-time code is spent."""
    check_keyring()
    url = check_server_url(server_url)
    ca_pem = None
    if ca_bundle:
        path = Path(ca_bundle).expanduser()
        try:
            ca_pem = path.read_bytes()
        except OSError:
            problem = BadServerAddress(tr("sync.ca_bundle_missing", path=path))
            problem.field = "ca_bundle"
            raise problem from None
        ca_bundle = str(path.resolve())
    old_scope = scope(store)
    if profile.server_url and profile.server_url.rstrip("/") != url and old_scope:
        raise CellClientError(tr("enroll.other_server", url=profile.server_url))
    local_cells = [] if old_scope else _local_cells(store)
    request = EnrollRequest(username.strip(), code.strip(),
                            (device_name or default_device_name()).strip()[:100])
    body = json.dumps(request.to_json(), ensure_ascii=False).encode("utf-8")
    transport = Transport(url, ca_bundle=ca_bundle, connect_timeout=timeouts[0],
                          read_timeout=timeouts[1])
    try:
        answer = _post(transport, body)
    finally:
        transport.close()
    try:
        device_id, token = str(answer["device_id"]), str(answer["token"])
        role = str(answer["role"])
        cells = [str(c) for c in answer["scope"]]
    except (KeyError, TypeError):
        raise CellClientError(tr("enroll.bad_answer")) from None
    if old_scope and sorted(old_scope) != sorted(cells):
        raise CellClientError(tr("enroll.other_scope", device=device_id))
    if local_cells and not set(local_cells) <= set(cells):
        # A cell made on this computer joins the server only under its own id,
        # which the administrator enters when adding it (cellserver cells add --id).
        raise CellClientError(tr("enroll.local_cell_unknown", cell=local_cells[0],
                                 device=device_id))
    if local_cells and role not in ADOPTING_ROLES:
        # Its history must reach the server whole: a role that may not write every
        # table would see most of it refused, and refused changes are not resent.
        raise CellClientError(tr("enroll.local_cell_role", role=role, device=device_id))
    try:
        save_token(profile.profile_id, token)
    except keyring.errors.KeyringError as exc:
        raise CellClientError(tr("enroll.keyring_failed", detail=type(exc).__name__,
                                 device=device_id)) from None
    profile.server_url = url
    if ca_pem is not None:
        # The profile keeps its own copy: the file picked (in Downloads, on a USB
        # stick) may be moved or deleted later, and every sync needs it.
        kept = data_dir / profiles.CA_NAME
        profiles.write_bytes_atomic(kept, ca_pem)
        ca_bundle = str(kept)
    profile.ca_bundle = ca_bundle
    profiles.save(data_dir, profile)
    with store.transaction() as tx:
        meta = {DEVICE_ID: device_id, ROLE: role, SCOPE: json.dumps(cells),
                ENROLLED_AT: dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        if not store.meta(CURRENT_CELL) and cells:
            meta[CURRENT_CELL] = cells[0]  # the cell row itself arrives with the first sync
        tx.db.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                               list(meta.items()))
    return Enrollment(url, device_id, role, cells)


def _local_cells(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT id FROM cell ORDER BY id")]


def _post(transport: Transport, body: bytes) -> dict:
    for attempt in range(1, ENROLL_ATTEMPTS + 1):
        try:
            return transport.post_json("/v1/enroll", body, gzipped=False).body
        except NetworkProblem as problem:
            if problem.kind == "tls":
                raise CellClientError(tr("enroll.tls")) from None
            if problem.sent:
                raise CellClientError(tr("enroll.uncertain")) from None
            if attempt == ENROLL_ATTEMPTS:
                raise CellClientError(tr("enroll.unreachable")) from None
            time.sleep(attempt)  # the request never left: trying again spends nothing
        except HttpProblem as problem:
            if problem.status == 401:
                raise CellClientError(tr("enroll.bad_code", message=problem.message or "401")
                                      ) from None
            if problem.status == 429:
                raise CellClientError(tr("enroll.busy",
                                         seconds=int(problem.retry_after or 60))) from None
            raise CellClientError(tr("enroll.refused",
                                     message=problem.message or problem.code or problem.status)
                                  ) from None
    raise AssertionError("unreachable")
