"""Sign-in, pasted-token sign-in and sign-out as Qt signals over the pure flows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from tpsdesk.accounts import flow
from tpsdesk.accounts.profiles import InvalidOrgId, Profile
from tpsdesk.accounts.vault import TokenVault
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError
from tpsdesk.services.tasks import TaskOwner

log = logging.getLogger(__name__)


class AccountService(QObject):
    busyChanged = Signal(bool)
    signedIn = Signal(object)  # flow.SignInResult
    signInFailed = Signal(str)  # plain words for the form; never what was typed
    signedOut = Signal(object)  # flow.SignOutResult

    def __init__(self, vault: TokenVault, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._tasks = TaskOwner("accounts")
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    def sign_in(self, client: TPStreamsClient, profile: Profile, email: str, password: str) -> None:
        self._start(flow.sign_in(client, self.vault, profile, email, password))

    def use_token(self, client: TPStreamsClient, profile: Profile, token: str) -> None:
        self._start(flow.use_token(client, self.vault, profile, token))

    def _start(self, step: object) -> None:
        self._set_busy(True)
        self._tasks.spawn(self._run(step), name="sign in")  # type: ignore[arg-type]

    async def _run(self, step: object) -> None:
        try:
            result = await step  # type: ignore[misc]
        except Exception as exc:
            if isinstance(exc, ApiError | InvalidOrgId):
                # The kind only: an exception's text could quote a request body.
                log.info("sign-in failed: %s", type(exc).__name__)
            else:  # a bug (or a keychain failing oddly): the form says so in plain words
                log.exception("sign-in failed inside tpsdesk")
            self._set_busy(False)
            self.signInFailed.emit(flow.describe_sign_in_error(exc))
            return
        finally:
            self._set_busy(False)  # also when cancelled: never busy for good
        self.signedIn.emit(result)

    def sign_out(self, client: TPStreamsClient, profile: Profile) -> None:
        self._set_busy(True)
        self._tasks.spawn(self._sign_out(client, profile), name="sign out")

    async def _sign_out(self, client: TPStreamsClient, profile: Profile) -> None:
        try:
            result = await flow.sign_out(client, self.vault, profile)
        except Exception:
            # Not an ApiError (those are in the result): a bug, or a keychain that failed oddly.
            # The client has already dropped the token, so the session is over either way: say
            # so, and re-raise for the task owner to log.
            self._set_busy(False)
            self.signedOut.emit(flow.SignOutResult(
                False, "Sign-out did not finish: the token may still be stored on this computer "
                "and may not have been revoked on the server."))
            raise
        finally:
            self._set_busy(False)  # also when cancelled: never busy for good
        self.signedOut.emit(result)

    async def aclose(self) -> None:
        await self._tasks.aclose()
