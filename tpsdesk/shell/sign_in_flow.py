"""The sign-in flow: one dialog at a time, the client it signs in with, and why it was opened.

The purpose decides what success means: START and SWITCH build a new Session around
the client that signed in (one client per session); REAUTH keeps the session, its
client and its window, so the user's place is kept, and only the token changes.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from tpsdesk.accounts.flow import SignInResult
from tpsdesk.accounts.profiles import Profile
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.account import AccountService
from tpsdesk.services.tasks import TaskOwner

if TYPE_CHECKING:  # the dialog's module loads when a sign-in is first asked for, not at start-up
    from tpsdesk.ui.dialogs.sign_in_dialog import SignInDialog, SignInRequest


class SignInPurpose(Enum):
    START = "start"  # no session yet (first start, or after signing out)
    SWITCH = "switch"  # another profile: a new Session once signed in
    REAUTH = "reauth"  # the server rejected the session's token: same client, same window


class SignInFlow(QObject):
    shown = Signal(object)  # the SignInDialog, for tests and screenshots
    succeeded = Signal(object, object, object)  # SignInResult, SignInPurpose, the client that signed in
    cancelled = Signal(object)  # SignInPurpose

    def __init__(self, accounts: AccountService, make_client: Callable[[Profile], TPStreamsClient],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._make_client = make_client
        self.dialog: SignInDialog | None = None
        self.purpose = SignInPurpose.START
        self._client: TPStreamsClient | None = None  # the client the dialog signs in with
        self._closing = TaskOwner("sign-in clients")
        accounts.signedIn.connect(self._on_signed_in)
        accounts.signInFailed.connect(self._on_failed)

    @property
    def is_open(self) -> bool:
        return self.dialog is not None

    def open(self, profile: Profile | None, purpose: SignInPurpose, *, client: TPStreamsClient | None = None,
             parent: QWidget | None = None, reason: str = "", notice: str = "", vault_note: str = "") -> None:
        """Show the dialog; ``client`` is the session's own for REAUTH (it gets the new token)."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        from tpsdesk.ui.dialogs.sign_in_dialog import SignInDialog

        dialog = SignInDialog(profile, reason=reason, notice=notice, vault_note=vault_note,
                              lock_account=purpose is SignInPurpose.REAUTH, parent=parent)
        dialog.submitted.connect(self._submit)
        dialog.rejected.connect(self._on_rejected)
        self.purpose = purpose
        self._client = client if purpose is SignInPurpose.REAUTH else None
        self.dialog = dialog
        dialog.open()
        self.shown.emit(dialog)

    def _submit(self, request: SignInRequest) -> None:
        profile = request.profile
        client = self._client
        if self.purpose is not SignInPurpose.REAUTH:
            # One client per session: this one becomes the new Session's once sign-in works.
            if client is not None and client.base_url != profile.base_url.rstrip("/"):
                self._close_later(client)
                client = None
            client = client or self._make_client(profile)
            client.org_id = profile.org_id
            self._client = client
        assert client is not None
        if request.with_token:
            self._accounts.use_token(client, profile, request.token)
        else:
            self._accounts.sign_in(client, profile, request.email, request.password)

    def _on_failed(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_error(message)

    def _on_signed_in(self, result: SignInResult) -> None:
        dialog, self.dialog = self.dialog, None
        client, self._client = self._client, None
        if dialog is not None:
            dialog.rejected.disconnect(self._on_rejected)
            dialog.accept()
            dialog.deleteLater()
        if client is not None:
            self.succeeded.emit(result, self.purpose, client)

    def _on_rejected(self) -> None:
        dialog, self.dialog = self.dialog, None
        client, self._client = self._client, None
        if dialog is not None:
            dialog.deleteLater()
        if client is not None and self.purpose is not SignInPurpose.REAUTH:
            self._close_later(client)  # made for this dialog; the session's own is not ours to close
        self.cancelled.emit(self.purpose)

    def _close_later(self, client: TPStreamsClient) -> None:
        self._closing.spawn(client.aclose(), name="close a sign-in client")

    async def aclose(self) -> None:
        if self.dialog is not None:
            self.dialog.rejected.disconnect(self._on_rejected)
            self.dialog.deleteLater()
            self.dialog = None
        client, self._client = self._client, None
        await self._closing.aclose()
        if client is not None and self.purpose is not SignInPurpose.REAUTH:
            await client.aclose()
