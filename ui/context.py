"""What every page and dialog needs: the store and its helpers, in one object."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cellclient.models import Cell
from cellclient.services.cells import current_cell
from cellclient.store import Store

from .bridge import StoreBridge
from .settings import AppSettings
from .sync_controller import SyncController, SyncEngine
from .translation import Translations
from .workers import Runner


@dataclass
class AppContext:
    store: Store
    settings: AppSettings
    runner: Runner
    bridge: StoreBridge
    sync: SyncController
    translations: Translations
    today: Callable[[], dt.date] = dt.date.today
    data_dir: Path | None = None
    cell_id: str = field(default="")

    @classmethod
    def create(cls, store: Store, settings: AppSettings, *, synchronous: bool = False,
               engine: SyncEngine | None = None, translations: Translations | None = None,
               today: Callable[[], dt.date] | None = None,
               data_dir: Path | None = None) -> AppContext:
        runner = Runner(synchronous=synchronous)
        ctx = cls(store=store, settings=settings, runner=runner, bridge=StoreBridge(store),
                  sync=SyncController(runner, settings, engine),
                  translations=translations or Translations(), today=today or dt.date.today,
                  data_dir=data_dir)
        ctx.cell_id = current_cell(store).id
        return ctx

    @property
    def cell(self) -> Cell:
        return current_cell(self.store)

    def month(self) -> str:
        return self.today().strftime("%Y-%m")
