"""Where the database key comes from: the OS keyring, else a passphrase; never a file."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends import fail

from cellclient import keys
from cellclient import profile as profiles
from cellclient.errors import KeyUnavailableError, WrongKeyError
from tests.conftest import TEST_PASSPHRASE


def test_keyring_profile_keeps_a_random_key_in_the_keyring_only(tmp_path, memory_keyring):
    profile, store = profiles.create(tmp_path)
    store.close()
    assert profile.key_mode == "keyring"
    stored = memory_keyring.get_password(keys.SERVICE, f"database-key/{profile.profile_id}")
    assert stored and len(bytes.fromhex(stored)) == 32
    on_disk = (tmp_path / "profile.json").read_text()
    assert stored not in on_disk
    assert json.loads(on_disk)["salt"] is None
    _, again = profiles.open_store(tmp_path)  # the key comes back from the keyring
    again.close()


def test_no_keyring_and_no_passphrase_is_refused_with_a_clear_message(tmp_path, capsys):
    keyring.set_keyring(fail.Keyring())
    assert not keys.keyring_usable()
    with pytest.raises(KeyUnavailableError, match="CELLCLIENT_PASSPHRASE"):
        profiles.create(tmp_path)
    assert "không có kho khóa" in capsys.readouterr().err  # says which path it took
    assert not (tmp_path / "profile.json").exists()


def test_passphrase_profile_opens_only_with_the_same_passphrase(tmp_path, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("CELLCLIENT_PASSPHRASE", TEST_PASSPHRASE)
    profile, store = profiles.create(tmp_path)
    store.close()
    assert profile.key_mode == "passphrase" and len(bytes.fromhex(profile.salt)) == 16
    _, store = profiles.open_store(tmp_path)
    store.close()
    monkeypatch.setenv("CELLCLIENT_PASSPHRASE", "a-different-passphrase")
    with pytest.raises(WrongKeyError):
        profiles.open_store(tmp_path)


def test_prompt_is_asked_when_no_environment_passphrase(tmp_path):
    keyring.set_keyring(fail.Keyring())
    asked = []

    def prompt(creating):
        asked.append(creating)
        return TEST_PASSPHRASE

    profiles.create(tmp_path, prompt)[1].close()
    profiles.open_store(tmp_path, prompt)[1].close()
    assert asked == [True, False]


def test_short_passphrase_is_refused(tmp_path, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("CELLCLIENT_PASSPHRASE", "short")
    with pytest.raises(KeyUnavailableError, match="8"):
        profiles.create(tmp_path)


def test_a_keyring_that_lost_the_key_says_so(tmp_path, memory_keyring):
    profile, store = profiles.create(tmp_path)
    store.close()
    memory_keyring.secrets.clear()
    with pytest.raises(KeyUnavailableError, match="kho khóa"):
        profiles.open_store(tmp_path)


def test_plaintext_keyring_backends_are_not_trusted(memory_keyring):
    class PlaintextKeyring(type(memory_keyring)):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    assert not keys.keyring_usable()
