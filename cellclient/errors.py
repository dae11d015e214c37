"""One exception root for everything the core raises on purpose."""

from __future__ import annotations

from .i18n import tr


class CellClientError(Exception):
    """Root of the errors the core raises; its text is already localised."""

    exit_code = 1
    field: str | None = None  # the input a person gave that caused it, when one did


class NotFoundError(CellClientError):
    """An id given by a person that names no record: bad input."""

    exit_code = 2

    def __init__(self, table: str, row_id: str):
        super().__init__(tr("error.not_found", table=tr(f"table.{table}"), id=row_id))
        self.table = table
        self.row_id = row_id


class LockedError(CellClientError):
    """A write touched adopted minutes, which must not change silently: bad input."""

    exit_code = 2

    def __init__(self, what: str):
        super().__init__(tr("error.locked", what=what))


class LedgerError(CellClientError):
    """A write tried to edit or delete a ledger entry (the ledger is append-only)."""


class StoreKeyError(CellClientError):
    """Base for problems opening the encrypted store (wrong key, no keyring)."""


class WrongKeyError(StoreKeyError):
    def __init__(self):
        super().__init__(tr("error.wrong_key"))


class KeyUnavailableError(StoreKeyError):
    pass


class PassphraseTooShortError(KeyUnavailableError):
    """A passphrase shorter than the minimum: bad input, nothing is made or opened."""

    exit_code = 2
    field = "passphrase"
