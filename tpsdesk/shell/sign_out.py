"""Signing out: asked first; afterwards the window stays (greyed) behind the sign-in dialog.

Once the token is revoked and forgotten, the session's services are closed but its
window is kept, disabled, as the sign-in dialog's parent, so the app does not vanish
into a lone dialog. If another saved profile is still signed in (its token is in the
vault) the controller is told, so cancelling the dialog goes there instead of quitting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QToolBar

from tpsdesk.accounts.flow import SignOutResult
from tpsdesk.accounts.profiles import Profile
from tpsdesk.accounts.vault import TokenVault
from tpsdesk.services.account import AccountService
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.shell.session import Session
from tpsdesk.shell.settings import AppSettings
from tpsdesk.shell.startup import signed_in_elsewhere
from tpsdesk.ui.dialogs.sign_out_dialog import SignOutDialog
from tpsdesk.ui.stop.quit_guard import SIGN_OUT, ask_before_leaving


class SignOutFlow(QObject):
    confirmShown = Signal(object)  # the SignOutDialog, for tests and screenshots
    signedOut = Signal(object, object, object)  # Profile, SignOutResult, another signed-in Profile or None
    windowClosed = Signal()  # the user closed the signed-out window: they want to leave

    def __init__(self, accounts: AccountService, settings: AppSettings, vault: TokenVault,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._settings = settings
        self._vault = vault
        self._tasks = TaskOwner("sign out")
        self.confirmation: SignOutDialog | None = None
        self.window: QMainWindow | None = None  # the signed-out window, kept until another replaces it
        self._leaving: tuple[Session, Profile] | None = None
        accounts.signedOut.connect(self._on_signed_out)

    def isLeaving(self, session: Session) -> bool:
        """``session`` is being signed out (its token revoked, or about to be)."""
        return self._leaving is not None and self._leaving[0] is session

    def ask(self, session: Session, profile: Profile) -> None:
        if self.confirmation is not None or self._leaving is not None:
            return
        dialog = SignOutDialog(profile.name, profile.org_label, session.window)
        dialog.accepted.connect(lambda: self._confirmed(session, profile))
        dialog.finished.connect(self._closed)
        self.confirmation = dialog
        dialog.open()
        self.confirmShown.emit(dialog)

    def _closed(self) -> None:
        dialog, self.confirmation = self.confirmation, None
        if dialog is not None:
            dialog.deleteLater()

    def _confirmed(self, session: Session, profile: Profile) -> None:
        # A stop counting down or in flight is asked about first (send, cancel, or stay signed in).
        tracker = session.window.tracker
        if ask_before_leaving(session.window, tracker, lambda: self._sign_out(session, profile), SIGN_OUT):
            self._sign_out(session, profile)

    def _sign_out(self, session: Session, profile: Profile) -> None:
        if self._leaving is not None:
            return
        self._leaving = (session, profile)
        session.window.statusBar().showMessage(f"Signing out of {profile.org_label}…")
        self._accounts.sign_out(session.client, profile)

    def _on_signed_out(self, result: SignOutResult) -> None:
        if self._leaving is not None:
            self._tasks.spawn(self._after(result), name="after sign-out")

    async def _after(self, result: SignOutResult) -> None:
        assert self._leaving is not None
        session, profile = self._leaving
        window = session.window
        window.tracker.close()  # signed out: nothing more may be sent from this window
        self.retire_window()
        self.window = window
        window.installEventFilter(self)
        for part in (window.centralWidget(), window.menuBar(), *window.findChildren(QToolBar)):
            if part is not None:  # nothing here works without a session; the status bar says why
                part.setEnabled(False)
        window.statusBar().showMessage(f"Signed out of {profile.org_label}.")
        try:
            other = await signed_in_elsewhere(self._settings, self._vault, besides=profile)
        finally:
            self._leaving = None
        self.signedOut.emit(profile, result, other)
        await session.aclose()  # the window stays; its services and client go

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.windowClosed.emit()
        return False

    def retire_window(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.removeEventFilter(self)
            window.close()
            window.deleteLater()

    async def aclose(self) -> None:
        await self._tasks.aclose(cancel=False)  # a session being closed is closed to the end
        if self.confirmation is not None:
            self.confirmation.deleteLater()
            self.confirmation = None
        self.retire_window()
