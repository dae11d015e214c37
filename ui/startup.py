"""Opening the profile at start-up: the first-start wizard, the unlock screen, the
first sync that brings an enrolled profile its cell, and starting over when a
profile holds nothing yet.

A start can be cut anywhere (power, a closed window, a revoked device). A
profile that has no cell and none of the person's own changes is worth nothing
and is never a dead end: it is removed (key and device token too) and the
wizard opens again. A profile with changes of its own is never removed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from cellclient import profile as profiles
from cellclient.errors import CellClientError
from cellclient.keys import passphrase_from_env
from cellclient.replica import has_local_changes
from cellclient.services.cells import current_cell, has_cell
from cellclient.store import Store

from .dialogs.first_sync import FirstSyncDialog
from .dialogs.unlock import UnlockDialog
from .dialogs.wizard import FirstStartWizard
from .settings import AppSettings
from .sync_controller import SyncEngine
from .workers import Runner

log = logging.getLogger("ui")

OPEN, FIRST_SYNC, START_OVER, NO_CELL = "open", "first_sync", "start_over", "no_cell"


def make_sync_engine(store: Store, folder: Path) -> SyncEngine:
    """The sync engine of this profile; until it is enrolled it says so, and the
    sync page offers to connect."""
    from sync.desktop import DesktopSyncEngine  # HTTP is loaded only with the window

    return DesktopSyncEngine(store, folder)


def enroll_with_server(folder: Path, url: str, username: str, code: str,
                       ca_bundle: str | None = None) -> Store:
    """First-start enrollment, on the network worker: makes the profile and enrolls it
    (nothing is left when the server says no). The cell comes with the first sync."""
    from sync.enroll import enroll_profile

    return enroll_profile(folder, url, username, code, ca_bundle=ca_bundle)[1]


def start_over(folder: Path) -> None:
    """Remove a profile that holds nothing of the person's: files, key, device token."""
    from sync.enroll import forget_token

    profile = profiles.load(folder)
    forget_token(profile.profile_id)
    profiles.discard(folder, profile)
    log.info("an empty profile was removed; the first-start wizard opens again")


def next_step(store: Store, engine: SyncEngine | None) -> str:
    """What an opened profile needs before the window can show it."""
    if has_cell(store):
        return OPEN
    if engine is not None and (engine.is_enrolled() or engine.server_url()):
        # Enrolled once (the address is saved only then): even with the token
        # unreadable now, the first-sync window explains and offers to start over.
        return FIRST_SYNC
    return NO_CELL if has_local_changes(store) else START_OVER


def open_profile(folder: Path, demo: bool = False) -> Store | None:
    """The store of the profile in ``folder``: made by the wizard on first start (on
    the demo cell at once with ``demo``), unlocked with a passphrase where there is
    no keyring. None: the person left."""
    if not profiles.exists(folder):
        wizard = FirstStartWizard(folder, enroll_with_server, demo=demo)
        return wizard.store if wizard.exec() else None
    try:
        if profiles.load(folder).key_mode == "passphrase" and passphrase_from_env() is None:
            unlock = UnlockDialog(folder)
            return unlock.store if unlock.exec() else None
        return profiles.open_store(folder)[1]
    except CellClientError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("App", "Chi bộ số"), str(exc))
        return None


def first_sync(store: Store, engine: SyncEngine, settings: AppSettings) -> str:
    runner = Runner()
    try:
        dialog = FirstSyncDialog(store, engine, settings, runner)
        result = dialog.exec()
    finally:
        runner.wait()
    if result == FirstSyncDialog.START_OVER:
        return START_OVER
    return OPEN if result else ""


def open_cell_profile(folder: Path, settings: AppSettings,
                      demo: bool = False) -> tuple[Store, SyncEngine] | None:
    """The profile's store and sync engine, with its cell there; None: the person left
    (or the profile cannot be opened, which was said). ``demo`` (``cellclient --demo``):
    a first start makes the demo cell; a profile that exists opens as usual."""
    while True:
        store = open_profile(folder, demo)
        if store is None:
            return None
        engine = make_sync_engine(store, folder)
        step = next_step(store, engine)
        if step == FIRST_SYNC:
            step = first_sync(store, engine, settings)
        if step == OPEN:
            return store, engine
        if step == NO_CELL:
            try:
                current_cell(store)  # raises the core's words for "this profile has no cell"
            except CellClientError as exc:
                QMessageBox.critical(None, QCoreApplication.translate("App", "Chi bộ số"),
                                     str(exc))
        store.close()
        if step != START_OVER:
            return None
        start_over(folder)
