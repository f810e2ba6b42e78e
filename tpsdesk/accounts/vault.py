"""The token vault: the OS keychain through ``keyring``, or this session only.

Where no keychain works (a bare Linux box, CI: keyring's fail or null
backend, or ``NoKeyringError``) tokens are kept in memory for the session and
:attr:`TokenVault.state` says so, for the UI to tell the user. There is no
silent plain-text fallback.

The methods are synchronous and may block (a keychain can ask the user to
unlock it): async callers run them through :func:`off_loop`. A lock keeps
calls from several worker threads one at a time.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from enum import Enum
from typing import Generic, TypeVar

import keyring
import keyring.backend
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "tpsdesk"
T = TypeVar("T")


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
    def __init__(self, service: str = SERVICE, *, keychain: bool = True) -> None:
        """``keychain=False``: memory only (the demo never touches the user's keychain)."""
        self._service = service
        self._memory: dict[str, str] = {}
        self._lock = threading.RLock()
        usable = keychain and _usable(keyring.get_keyring())
        self._state = VaultState.KEYCHAIN if usable else VaultState.SESSION_ONLY

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
        with self._lock:
            return self._get(key)

    def _get(self, key: str) -> str | None:
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
        with self._lock:
            return self._put(key, token)

    def _put(self, key: str, token: str) -> bool:
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
        with self._lock:
            self._delete(key)

    def _delete(self, key: str) -> None:
        self._memory.pop(key, None)
        if not self.persistent:
            return
        try:
            keyring.delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already signed out
        except keyring.errors.KeyringError as exc:
            self._fall_back(exc)


class _Sealed(Generic[T]):
    """What a worker thread hands back: a value or an exception, with a repr that shows neither."""

    __slots__ = ("error", "value")

    def __init__(self, value: T | None = None, error: BaseException | None = None) -> None:
        self.value, self.error = value, error

    def __repr__(self) -> str:
        return "<sealed>"


async def off_loop(call: Callable[[], T]) -> T:
    """Run a (possibly blocking) vault call in a worker thread: ``await off_loop(lambda: vault.get(key))``.

    A keychain may prompt the user to unlock it; on the Qt loop that would freeze the
    window. The call goes in as a closure and comes back sealed because qasync's thread
    executor logs each callback's arguments and result at DEBUG level, and a token must
    be neither.
    """

    def sealed() -> _Sealed[T]:
        try:
            return _Sealed(call())
        except Exception as exc:
            return _Sealed(error=exc)

    box = await asyncio.to_thread(sealed)
    if box.error is not None:
        raise box.error
    return box.value  # type: ignore[return-value]
