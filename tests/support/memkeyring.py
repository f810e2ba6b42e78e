"""An in-memory keyring backend: the "OS keychain" of the tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class PromptingKeyring(MemoryKeyring):
    """A locked keychain: each call waits until the "user" answers its unlock prompt.

    The user is a coroutine on the event loop (it sets :attr:`answered`). Were a call
    made on the loop's own thread, the loop could not run that coroutine: the call
    would wait ``patience_s`` and be recorded in :attr:`timed_out`.
    """

    def __init__(self, patience_s: float = 5.0) -> None:
        super().__init__()
        self.asked = threading.Event()
        self.answered = threading.Event()
        self.patience_s = patience_s
        self.on_main_thread: list[str] = []
        self.timed_out: list[str] = []
        self.calls: list[str] = []

    def _prompt(self, what: str) -> None:
        self.calls.append(what)
        if threading.current_thread() is threading.main_thread():
            self.on_main_thread.append(what)
        self.asked.set()
        if not self.answered.wait(self.patience_s):
            self.timed_out.append(what)

    def get_password(self, service: str, username: str) -> str | None:
        self._prompt("get")
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._prompt("set")
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._prompt("delete")
        super().delete_password(service, username)


@contextmanager
def installed(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` keyring's current one, and put the previous one back afterwards."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
