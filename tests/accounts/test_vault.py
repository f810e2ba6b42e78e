"""The token vault over keyring: keychain, and the session-only fallback that says so."""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from tests.support.memkeyring import MemoryKeyring, installed
from tpsdesk.accounts.vault import SERVICE, TokenVault, VaultState


def test_keychain_round_trip(memory_keyring: MemoryKeyring) -> None:
    vault = TokenVault()
    assert vault.state is VaultState.KEYCHAIN
    assert vault.put("https://x|org", "tok-1") is True
    assert memory_keyring.items == {(SERVICE, "https://x|org"): "tok-1"}
    assert TokenVault().get("https://x|org") == "tok-1"  # a "restart" finds it
    vault.delete("https://x|org")
    vault.delete("https://x|org")  # twice is fine
    assert memory_keyring.items == {} and vault.get("https://x|org") is None


def test_fail_and_null_backends_keep_tokens_for_the_session_only() -> None:
    for backend in (fail.Keyring(), null.Keyring()):
        with installed(backend):
            vault = TokenVault()
            assert vault.state is VaultState.SESSION_ONLY and "only until tpsdesk closes" in vault.describe()
            assert vault.put("k", "tok") is False
            assert vault.get("k") == "tok"
            assert TokenVault().get("k") is None  # gone after a "restart": no file anywhere
            vault.delete("k")
            assert vault.get("k") is None


class Broken(KeyringBackend):
    """Looks usable, then fails like a locked or missing keychain daemon."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no daemon")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no daemon")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no daemon")


def test_a_backend_that_raises_falls_back_and_says_so() -> None:
    with installed(Broken()):
        vault = TokenVault()
        assert vault.persistent
        assert vault.put("k", "tok") is False
        assert vault.state is VaultState.SESSION_ONLY and vault.get("k") == "tok"
