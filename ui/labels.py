"""Words for the stored codes (statuses, categories, methods), in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from .translation import translate

STATUS = {
    "probationary": QT_TRANSLATE_NOOP("Labels", "Dự bị"),
    "official": QT_TRANSLATE_NOOP("Labels", "Chính thức"),
    "exempt": QT_TRANSLATE_NOOP("Labels", "Miễn sinh hoạt"),
    "suspended": QT_TRANSLATE_NOOP("Labels", "Đình chỉ sinh hoạt"),
    "transferred_out": QT_TRANSLATE_NOOP("Labels", "Đã chuyển đi"),
    "deceased": QT_TRANSLATE_NOOP("Labels", "Từ trần"),
    "removed": QT_TRANSLATE_NOOP("Labels", "Đã xóa tên"),
}
DUES_CATEGORY = {
    "insured": QT_TRANSLATE_NOOP("Labels", "Hưởng lương (BHXH)"),
    "pensioner": QT_TRANSLATE_NOOP("Labels", "Hưu trí"),
    "student": QT_TRANSLATE_NOOP("Labels", "Học sinh, sinh viên"),
    "other": QT_TRANSLATE_NOOP("Labels", "Đối tượng khác"),
}
SEX = {
    "male": QT_TRANSLATE_NOOP("Labels", "Nam"),
    "female": QT_TRANSLATE_NOOP("Labels", "Nữ"),
}
METHOD = {
    "cash": QT_TRANSLATE_NOOP("Labels", "Tiền mặt"),
    "portal": QT_TRANSLATE_NOOP("Labels", "Cổng dịch vụ công"),
}
ATTENDANCE = {
    "present": QT_TRANSLATE_NOOP("Labels", "Có mặt"),
    "excused": QT_TRANSLATE_NOOP("Labels", "Vắng có lý do"),
    "unexcused": QT_TRANSLATE_NOOP("Labels", "Vắng không lý do"),
    None: QT_TRANSLATE_NOOP("Labels", "Chưa điểm danh"),
}
MEETING_KIND = {
    "regular": QT_TRANSLATE_NOOP("Labels", "Thường kỳ"),
    "thematic": QT_TRANSLATE_NOOP("Labels", "Chuyên đề"),
    "combined": QT_TRANSLATE_NOOP("Labels", "Thường kỳ kết hợp chuyên đề"),
    "extraordinary": QT_TRANSLATE_NOOP("Labels", "Bất thường"),
}
MEETING_KIND_SHORT = {
    "regular": QT_TRANSLATE_NOOP("Labels", "thường kỳ"),
    "thematic": QT_TRANSLATE_NOOP("Labels", "chuyên đề"),
    "combined": QT_TRANSLATE_NOOP("Labels", "thường kỳ + chuyên đề"),
    "extraordinary": QT_TRANSLATE_NOOP("Labels", "bất thường"),
}
DUES_CATEGORY_SHORT = {
    "insured": QT_TRANSLATE_NOOP("Labels", "Hưởng lương"),
    "pensioner": QT_TRANSLATE_NOOP("Labels", "Hưu trí"),
    "student": QT_TRANSLATE_NOOP("Labels", "HS, SV"),
    "other": QT_TRANSLATE_NOOP("Labels", "Khác"),
}
DUES_FLAG = {
    "unpaid_3_months": QT_TRANSLATE_NOOP("Labels", "⚠ nợ từ 3 tháng"),
    "temporarily_attached": QT_TRANSLATE_NOOP("Labels", "Sinh hoạt tạm thời"),
    "missing_base": QT_TRANSLATE_NOOP("Labels", "Thiếu mức lương"),
    "leaving": QT_TRANSLATE_NOOP("Labels", "Rời chi bộ sau tháng này"),
    "not_on_roll": QT_TRANSLATE_NOOP("Labels", "Ngoài danh sách tháng này"),
}
TEXT_SIZE = {
    "normal": QT_TRANSLATE_NOOP("Labels", "Bình thường"),
    "large": QT_TRANSLATE_NOOP("Labels", "Lớn"),
    "xlarge": QT_TRANSLATE_NOOP("Labels", "Rất lớn"),
}
LANGUAGE = {"vi": "Tiếng Việt", "en": "English"}  # each in its own language, never translated


def word(table: dict, code) -> str:
    """The label of ``code`` in ``table``, translated; unknown codes show as they are."""
    text = table.get(code)
    return translate("Labels", text) if text else (code or "")
