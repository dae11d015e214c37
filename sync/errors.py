"""What can stop a sync, in words a person can act on. Local data is kept in every case.

``Unreachable`` (the server did not answer in time: network error, timeout,
cut link, busy server) is exit code 3 of ``cellclient sync``; the others are 1.
"""

from __future__ import annotations

from cellclient.errors import CellClientError
from cellclient.i18n import register, tr

register({
    "sync.unreachable": (
        "Không kết nối được máy chủ ({why}). {unsent} thay đổi đang chờ gửi, không mất gì; "
        "lần đồng bộ sau sẽ tiếp tục từ chỗ dừng.",
        "The server cannot be reached ({why}). {unsent} changes are waiting, nothing is lost; "
        "the next sync picks up where this one stopped.",
    ),
    "sync.why.connect": ("không mở được kết nối", "no connection"),
    "sync.why.timeout": ("quá thời gian chờ", "timed out"),
    "sync.why.cut": ("đường truyền bị ngắt", "the link dropped"),
    "sync.why.tls": ("chứng chỉ máy chủ không hợp lệ", "the server's certificate is not valid"),
    "sync.why.busy": ("máy chủ đang bận", "the server is busy"),
    "sync.why.server": ("máy chủ gặp lỗi", "the server failed"),
    "sync.enroll_again": (
        "Máy chủ không nhận thiết bị này nữa (có thể đã bị thu hồi). Hãy xin mã mới và "
        "đăng ký lại: cellclient enroll ... Dữ liệu trên máy vẫn giữ nguyên.",
        "The server no longer accepts this device (it may have been revoked). Get a new code "
        "and enroll again: cellclient enroll ... The data on this computer is kept.",
    ),
    "sync.not_enrolled": (
        "Hồ sơ này chưa đăng ký với máy chủ. Hãy chạy: cellclient enroll --server URL "
        "--username TÊN --code MÃ",
        "This profile is not enrolled with a server. Run: cellclient enroll --server URL "
        "--username NAME --code CODE",
    ),
    "sync.forbidden": (
        "Máy chủ từ chối đồng bộ thiết bị này: {message}. Dữ liệu trên máy vẫn giữ nguyên.",
        "The server refuses to sync this device: {message}. The data on this computer is kept.",
    ),
    "sync.upgrade": (
        "Cần cập nhật phần mềm: máy chủ yêu cầu cellclient {version} trở lên. Dữ liệu trên "
        "máy vẫn giữ nguyên và sẽ được gửi sau khi cập nhật.",
        "Please update the app: the server needs cellclient {version} or newer. The data on "
        "this computer is kept and will be sent after the update.",
    ),
    "sync.refused": (
        "Máy chủ không nhận yêu cầu đồng bộ ({status}: {message}). Dữ liệu vẫn giữ nguyên; "
        "hãy báo lỗi này cho bộ phận kỹ thuật.",
        "The server refused the sync request ({status}: {message}). The data is kept; "
        "please report this to technical support.",
    ),
    "sync.clock_behind": (
        "Đồng hồ của máy tính này chậm hơn máy chủ hơn một ngày. Hãy chỉnh ngày giờ rồi "
        "đồng bộ lại; dữ liệu vẫn giữ nguyên.",
        "This computer's clock is more than a day behind the server's. Set the date and "
        "time, then sync again; the data is kept.",
    ),
    "sync.cancelled": (
        "Đã dừng đồng bộ. Dữ liệu vẫn giữ nguyên; lần sau sẽ tiếp tục.",
        "Sync stopped. The data is kept; the next sync carries on.",
    ),
})


class SyncError(CellClientError):
    """A sync that could not finish; the text says what to do. Local data is kept."""

    code = "error"


class Unreachable(SyncError):
    """No answer within the retry budget (network error, timeout, cut, busy)."""

    code = "unreachable"
    exit_code = 3

    def __init__(self, why: str, unsent: int):
        super().__init__(tr("sync.unreachable", why=tr(f"sync.why.{why}"), unsent=unsent))
        self.why = why
        self.unsent = unsent


class NeedsEnrollment(SyncError):
    code = "unauthorized"


class Forbidden(SyncError):
    code = "forbidden"


class UpgradeRequired(SyncError):
    code = "upgrade_required"


class ServerRefused(SyncError):
    """A 400/404/405 or an answer that breaks the protocol: a bug to report."""

    code = "bad_request"


class ClockSkew(SyncError):
    code = "clock"


class Cancelled(SyncError):
    code = "cancelled"
    exit_code = 130
