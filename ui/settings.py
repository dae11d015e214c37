"""The app's own settings (language, text size, window state) in QSettings.

Typed accessors keep the keys and their types in one place. These are a
person's preferences on this computer; the cell's data and its settings live
in the encrypted profile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

LANGUAGES = ("vi", "en")
# Point sizes: "normal" is already larger than Qt's default, for older eyes.
TEXT_SIZES = {"normal": 12, "large": 14, "xlarge": 16}
DEFAULT_AUTO_SYNC_MINUTES = 30


class AppSettings:
    """Preferences kept in QSettings; ``path`` gives a file of its own (tests, portable use)."""

    def __init__(self, path: str | Path | None = None):
        if path is None:
            self.qsettings = QSettings("cellclient", "cellclient")
        else:
            self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def _text(self, key: str, default: str, allowed) -> str:
        value = self.qsettings.value(key, default)
        return value if value in allowed else default

    @property
    def language(self) -> str:
        return self._text("ui/language", "vi", LANGUAGES)

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(value)
        self.qsettings.setValue("ui/language", value)

    @property
    def text_size(self) -> str:
        return self._text("ui/text_size", "normal", TEXT_SIZES)

    @text_size.setter
    def text_size(self, value: str) -> None:
        if value not in TEXT_SIZES:
            raise ValueError(value)
        self.qsettings.setValue("ui/text_size", value)

    @property
    def point_size(self) -> int:
        return TEXT_SIZES[self.text_size]

    @property
    def auto_sync_minutes(self) -> int:
        """0: no automatic sync."""
        try:
            value = int(self.qsettings.value("sync/auto_minutes", DEFAULT_AUTO_SYNC_MINUTES))
        except (TypeError, ValueError):
            return DEFAULT_AUTO_SYNC_MINUTES
        return max(0, min(value, 24 * 60))

    @auto_sync_minutes.setter
    def auto_sync_minutes(self, value: int) -> None:
        self.qsettings.setValue("sync/auto_minutes", int(value))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/state", value)

    @property
    def last_page(self) -> str:
        return str(self.qsettings.value("window/page", "overview"))

    @last_page.setter
    def last_page(self, value: str) -> None:
        self.qsettings.setValue("window/page", value)

    @property
    def receiver(self) -> str:
        """Who takes the dues payments here: remembered so it is typed once."""
        return str(self.qsettings.value("dues/receiver", "") or "")

    @receiver.setter
    def receiver(self, value: str) -> None:
        self.qsettings.setValue("dues/receiver", value or "")

    def sync(self) -> None:
        self.qsettings.sync()
