"""The Qt binding survives thousands of signals (a day's use of the window).

PySide6 6.12.0 dropped a reference to True on every ``Signal.emit()``; after a
few hundred emits Python freed True itself and the process aborted with
"bool_dealloc". Run in a child process so such an abort is a failed exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

CHILD = """
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

app = QApplication([])

class Source(QObject):
    changed = Signal(object)

got = []
source = Source()
source.changed.connect(got.append, Qt.ConnectionType.QueuedConnection)
for n in range(3000):
    source.changed.emit(n)
for _ in range(20):
    app.processEvents()
assert len(got) == 3000
print("ok", flush=True)
"""


def test_thousands_of_signals_and_a_clean_exit():
    r = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-400:]
