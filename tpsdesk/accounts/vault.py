"""The token vault: the OS keychain through ``keyring``, or this session only.

Where no keychain works (a bare Linux box, CI: keyring's fail or null
backend, or ``NoKeyringError``) tokens are kept in memory for the session and
:attr:`TokenVault.state` says so, for the UI to tell the user. There is no
silent plain-text fallback.
"""

from __future__ import annotations

import logging
from enum import Enum

import keyring
import keyring.backend
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "tpsdesk"


class VaultState(Enum):
    KEYCHAIN = "keychain"
    SESSION_ONLY = "session-only"


def _usable(backend: keyring.backend.KeyringBackend) -> bool:
    from keyring.backends import fail, null

    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    try:
        return float(backend.priority) > 0  # type: ignore[arg-type]
    except Exception:  # some backends raise from priority when unusable
        return False


class TokenVault:
    def __init__(self, service: str = SERVICE) -> None:
        self._service = service
        self._memory: dict[str, str] = {}
        self._state = VaultState.KEYCHAIN if _usable(keyring.get_keyring()) else VaultState.SESSION_ONLY
        self.backend_name = type(keyring.get_keyring()).__module__.rsplit(".", 1)[-1]

    @property
    def state(self) -> VaultState:
        return self._state

    @property
    def persistent(self) -> bool:
        return self._state is VaultState.KEYCHAIN

    def describe(self) -> str:
        if self.persistent:
            return "Your token is kept in the system keychain."
        return ("No system keychain is available here: you stay signed in only until tpsdesk closes.")

    def _fall_back(self, exc: Exception) -> None:
        # Only the kind of failure is logged; the message could quote the secret.
        log.warning("keychain unavailable (%s); keeping tokens for this session only", type(exc).__name__)
        self._state = VaultState.SESSION_ONLY

    def get(self, key: str) -> str | None:
        if key in self._memory:
            return self._memory[key]
        if not self.persistent:
            return None
        try:
            return keyring.get_password(self._service, key) or None
        except keyring.errors.KeyringError as exc:
            self._fall_back(exc)
            return None

    def put(self, key: str, token: str) -> bool:
        """Store a token; True if it will survive a restart."""
        if self.persistent:
            try:
                keyring.set_password(self._service, key, token)
                self._memory.pop(key, None)
                return True
            except keyring.errors.KeyringError as exc:
                self._fall_back(exc)
        self._memory[key] = token
        return False

    def delete(self, key: str) -> None:
        self._memory.pop(key, None)
        if not self.persistent:
            return
        try:
            keyring.delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already signed out
        except keyring.errors.KeyringError as exc:
            self._fall_back(exc)
