"""The English translation is complete, up to date with the code, and compiled."""

from __future__ import annotations

import importlib.util
import shutil

from tests.conftest import ROOT

TS = ROOT / "resources" / "translations" / "cellclient_en.ts"


def _tools():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_interface_string_has_an_english_translation(tmp_path):
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    _tools().update(copy)  # what lupdate finds in ui/ today
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "run scripts/translations.py and translate the new strings"
    assert 'type="vanished"' not in text and 'type="obsolete"' not in text
    assert text == TS.read_text(encoding="utf-8"), "the .ts is behind the code: run scripts/translations.py"


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path):
    fresh = _tools().release(TS, tmp_path / "fresh.qm")
    assert fresh.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run scripts/translations.py"
