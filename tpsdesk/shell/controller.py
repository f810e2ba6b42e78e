"""The app controller: owns the current Session and swaps it between profiles.

Start-up: flags/env/saved profile (``accounts.resolve_start``) → a stored token
is reused as is; only when there is none, or the server rejects it (a 401 from
any service), does the sign-in dialog appear. Switching profile builds a new
Session (new client) before closing the old one. A 401 mid-session re-signs in
on the same client and window, so the selection and the trim stay, and the
streams being followed or watched are polled again.

"Sign in again…" is offered only once the server has rejected the session's
token: a new token is created only when the stored one no longer works, so
the server's 20-token limit is not used up by tokens nobody revoked.

The keychain (``TokenVault``) is synchronous and may prompt the user to
unlock it: it is only ever called in a worker thread (``vault.off_loop``, over
``asyncio.to_thread``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from tpsdesk.accounts.flow import SignInResult, SignOutResult
from tpsdesk.accounts.profiles import ORG_ID_RULE, Profile, is_valid_org_id, resolve_start, unique_name
from tpsdesk.accounts.vault import TokenVault, off_loop
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.account import AccountService
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.journal import JournalService
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.journal_wiring import journal_token_sign_in
from tpsdesk.shell.session import Session
from tpsdesk.shell.settings import AppSettings
from tpsdesk.ui.dialogs.sign_in_dialog import SignInDialog, SignInRequest
from tpsdesk.ui.profile_switcher import ProfileSwitcher

log = logging.getLogger(__name__)


class AppController(QObject):
    sessionChanged = Signal(object)  # the new Session
    signInShown = Signal(object)  # the SignInDialog, for tests and screenshots

    def __init__(self, config: AppConfig, settings: AppSettings, vault: TokenVault, *,
                 request_timeout_s: float = 15.0, parent: QObject | None = None,
                 journal: JournalService | None = None) -> None:
        super().__init__(parent)
        self.journal = journal  # issue 12: app-wide, sees every client's requests (shell/journal_wiring.py)
        self.config = config
        self.settings = settings
        self.vault = vault
        self.accounts = AccountService(vault, self)
        self.accounts.signedIn.connect(self._on_signed_in)
        self.accounts.signInFailed.connect(self._on_sign_in_failed)
        self.accounts.signedOut.connect(self._on_signed_out)
        self.session: Session | None = None
        self.profile: Profile | None = None
        self.dialog: SignInDialog | None = None
        self.finished = asyncio.Event()  # the window was closed, or the first sign-in cancelled
        self._timeout = request_timeout_s
        self._purpose = "start"  # of the open dialog
        self._sign_in_client: TPStreamsClient | None = None  # the client the dialog signs in with
        self._closing_tasks: set[asyncio.Task[None]] = set()
        self._tasks = TaskOwner("controller")  # keychain look-ups at start and on a switch
        self._rejected = False  # the server turned the current session's token down (a 401)
        self._reauth_action: QAction | None = None

    # -- start-up ------------------------------------------------------------
    def start(self) -> None:
        """Open the saved/given profile, or ask to sign in; the keychain is read off the Qt thread."""
        self._tasks.spawn(self._start(), name="start")

    async def _start(self) -> None:
        c = self.config
        base_url = c.base_url if "base_url" in c.given else None
        server_tz = c.server_tz_name if "server_tz" in c.given else None
        org = c.org_id if "org" in c.given else None
        if org is not None and not is_valid_org_id(org):
            # --org / TPSDESK_ORG that cannot go into a URL: say so, and ask rather than guess
            # (no saved profile, no token); the server and profile name still pre-fill the form.
            blank = resolve_start([], profile_name=c.profile, base_url=base_url, server_tz=server_tz)
            self.ask_sign_in(blank.profile, purpose="start", notice=ORG_ID_RULE)
            return
        plan = resolve_start(self.settings.profiles(), last_profile=self.settings.last_profile(),
                             profile_name=c.profile, base_url=base_url, org_id=org, server_tz=server_tz,
                             env_token=c.token if "token" in c.given else "")
        profile = plan.profile
        if profile is not None and profile.org_id:
            token: str | None = plan.env_token
            if not token:
                token = await off_loop(lambda: self.vault.get(profile.vault_key))
            if self.session is not None or self.dialog is not None:
                return  # something else opened meanwhile
            if token:  # reuse before create: a rejected token comes back as a 401 prompt
                self._open(profile, self._client(profile, token))
                return
        self.ask_sign_in(profile, purpose="start")

    def _client(self, profile: Profile, token: str = "") -> TPStreamsClient:
        client = TPStreamsClient(profile.base_url, profile.org_id, token, timeout=self._timeout)
        if self.journal is not None:  # from the first request on: the sign-in is journalled too
            self.journal.observe(client, organization=profile.org_label, profile=profile.name)
        return client

    def _open(self, profile: Profile, client: TPStreamsClient) -> None:
        """Build the Session for a profile, show it, then retire the old one."""
        config = replace(self.config, base_url=profile.base_url, org_id=profile.org_id, token="",
                         server_tz_name=profile.server_tz)
        session = Session(config, client=client, org_label=profile.org_label, request_timeout_s=self._timeout,
                          journal=self.journal, profile_name=profile.name)
        for signal in (session.streams.loadFailed,):
            signal.connect(self._on_error)
        session.stops.stopFailed.connect(lambda _id, report: self._on_error(report))
        session.poller.followStopped.connect(lambda _id, report: self._on_error(report))
        self._decorate(session.window, profile)
        old, self.session, self.profile = self.session, session, profile
        self._set_rejected(False)
        geometry = self.settings.window_geometry()
        if geometry is not None:
            session.window.restoreGeometry(geometry)
        session.window.installEventFilter(self)
        session.window.show()
        session.start()
        if old is not None:
            self._retire(old)
        self.sessionChanged.emit(session)

    def _decorate(self, window: QMainWindow, profile: Profile) -> None:
        bar = window.findChild(QToolBar, "mainToolbar")
        switcher = ProfileSwitcher(window)
        switcher.set_profiles(self.settings.profiles(), profile.name)
        switcher.set_keychain_note(self.vault.persistent)
        switcher.profileChosen.connect(self.switch_to)
        switcher.addRequested.connect(lambda: self.ask_sign_in(None, purpose="switch"))
        switcher.signOutRequested.connect(self.sign_out)
        if bar is not None:
            bar.addSeparator()
            bar.addWidget(switcher)
        window.switcher = switcher  # type: ignore[attr-defined]
        menu = window.menuBar().addMenu("&Account")
        self._reauth_action = menu.addAction("Sign in again…", lambda: self.ask_sign_in(self.profile,
                                                                                       purpose="reauth"))
        self._reauth_action.setObjectName("reauthAction")
        menu.addAction("Add profile…", lambda: self.ask_sign_in(None, purpose="switch"))
        menu.addAction("Sign out", self.sign_out)

    def _retire(self, old: Session) -> None:
        old.window.removeEventFilter(self)
        self.settings.set_window_geometry(old.window.saveGeometry())
        old.window.close()
        task = asyncio.ensure_future(self._close_then_delete(old))
        self._closing_tasks.add(task)
        task.add_done_callback(self._closing_tasks.discard)

    @staticmethod
    async def _close_then_delete(session: Session) -> None:
        # Tasks first: a stop still in flight reports to its window while being cancelled,
        # so the widgets must outlive the session's clean-up.
        try:
            await session.aclose()
        finally:
            session.window.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.session is not None and watched is self.session.window and event.type() == QEvent.Type.Close:
            self.settings.set_window_geometry(self.session.window.saveGeometry())
            self.finished.set()
        return False

    def _set_rejected(self, rejected: bool) -> None:
        self._rejected = rejected
        if self._reauth_action is not None:
            self._reauth_action.setEnabled(rejected)
            self._reauth_action.setStatusTip(
                "Sign in again: the server no longer accepts this profile's token" if rejected else
                "Your sign-in works; to sign in as someone else, sign out first")

    # -- switching -----------------------------------------------------------
    def switch_to(self, name: str) -> None:
        self._tasks.spawn(self._switch_to(name), name="switch profile")

    async def _switch_to(self, name: str) -> None:
        profile = self.settings.profile(name)
        if profile is None:
            return
        session = self.session
        token = await off_loop(lambda: self.vault.get(profile.vault_key))
        if self.session is not session or self.dialog is not None or self.accounts.busy:
            return  # signed out, switched or asked to sign in while the keychain answered
        if token:
            self.settings.set_last_profile(profile.name)
            self._open(profile, self._client(profile, token))
        else:
            self.ask_sign_in(profile, purpose="switch")

    # -- signing in ----------------------------------------------------------
    def ask_sign_in(self, profile: Profile | None, *, purpose: str, reason: str = "", notice: str = "") -> None:
        """purpose: "start" (no window yet), "switch" (a new Session) or "reauth" (same client and window)."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        if purpose == "reauth" and (self.session is None or profile is None):
            purpose = "start"
        if purpose == "reauth" and not self._rejected and self.session is not None:
            # The token still works: another one would count against the server's 20-token limit
            # and the working one would stay valid, forgotten. Sign out (which revokes) instead.
            self.session.window.statusBar().showMessage(
                "You are signed in and the server accepts your token; to sign in as someone else, "
                "use Account → Sign out first.", 10000)
            return
        parent: QWidget | None = self.session.window if self.session is not None else None
        note = "" if self.vault.persistent else self.vault.describe()
        dialog = SignInDialog(profile, reason=reason, notice=notice, vault_note=note,
                              lock_account=purpose == "reauth", parent=parent)
        dialog.submitted.connect(self._submit)
        dialog.rejected.connect(self._dialog_cancelled)
        self._purpose = purpose
        self._sign_in_client = self.session.client if purpose == "reauth" and self.session else None
        self.dialog = dialog
        dialog.open()
        self.signInShown.emit(dialog)

    def _submit(self, request: SignInRequest) -> None:
        profile = request.profile
        client = self._sign_in_client
        if self._purpose != "reauth":
            # One client per session: this one becomes the new Session's once sign-in works.
            if client is not None and client.base_url != profile.base_url.rstrip("/"):
                self._close_later(client)
                client = None
            client = client or self._client(profile)
            client.org_id = profile.org_id
            self._sign_in_client = client
        assert client is not None
        if request.with_token:
            journal_token_sign_in(self.journal, self.accounts, organization=profile.org_label, profile=profile.name)
            self.accounts.use_token(client, profile, request.token)
        else:
            self.accounts.sign_in(client, profile, request.email, request.password)

    def _on_sign_in_failed(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_error(message)

    def _on_signed_in(self, result: SignInResult) -> None:
        purpose, client = self._purpose, self._sign_in_client
        profile = result.profile
        if self.settings.profile(profile.name) is None and purpose != "reauth":
            profile = replace(profile, name=unique_name(profile.name, [p.name for p in self.settings.profiles()]))
        self.settings.save_profile(profile)
        self.settings.set_last_profile(profile.name)
        dialog, self.dialog, self._sign_in_client = self.dialog, None, None
        if dialog is not None:
            dialog.rejected.disconnect(self._dialog_cancelled)
            dialog.accept()
            dialog.deleteLater()
        if purpose == "reauth" and self.session is not None:
            # Same client (now with the new token), same window: the user's place is kept.
            session = self.session
            self.profile = profile
            self._set_rejected(False)
            session.window.statusBar().showMessage("Signed in again.", 6000)
            session.streams.refresh()
            # The poller gave up on each stream at the 401: follow the stopped ones and watch the
            # selected one again (set_enabled re-arms them; the user's on/off choice is kept).
            poller = session.poller
            poller.set_enabled(poller.enabled)
            return
        assert client is not None
        self._open(profile, client)

    def _dialog_cancelled(self) -> None:
        dialog, self.dialog = self.dialog, None
        client, self._sign_in_client = self._sign_in_client, None
        if dialog is not None:
            dialog.deleteLater()
        if client is not None and self._purpose != "reauth":
            self._close_later(client)
        if self.session is None:
            self.finished.set()  # nothing to show without an account
        elif self._purpose == "reauth":
            self.session.window.statusBar().showMessage("Not signed in: use Account → Sign in again…", 15000)

    def _close_later(self, client: TPStreamsClient) -> None:
        task = asyncio.ensure_future(client.aclose())
        self._closing_tasks.add(task)
        task.add_done_callback(self._closing_tasks.discard)

    # -- 401 mid-session -------------------------------------------------------
    def _on_error(self, report: ErrorReport) -> None:
        if report.is_auth and report.status == 401 and self.session is not None:
            self._set_rejected(True)
        if report.is_auth and report.status == 401 and self.dialog is None and self.profile is not None:
            self.ask_sign_in(self.profile, purpose="reauth",
                             reason=f"Your sign-in for {self.profile.org_label} has expired or was revoked. "
                             "Sign in again to carry on; your selection and trim are kept.")

    # -- signing out -----------------------------------------------------------
    def sign_out(self) -> None:
        if self.session is None or self.profile is None or self.accounts.busy:
            return
        self.accounts.sign_out(self.session.client, self.profile)

    def _on_signed_out(self, result: SignOutResult) -> None:
        profile, session = self.profile, self.session
        self.session, self._reauth_action = None, None
        if session is not None:
            self._retire(session)
        self.ask_sign_in(profile, purpose="start", notice=result.message)

    async def aclose(self) -> None:
        await self._tasks.aclose()
        await self.accounts.aclose()
        if self.session is not None:
            session, self.session = self.session, None
            session.window.removeEventFilter(self)
            session.window.close()
            await self._close_then_delete(session)
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        if self._sign_in_client is not None and self._purpose != "reauth":
            await self._sign_in_client.aclose()
        if self._closing_tasks:
            await asyncio.gather(*self._closing_tasks, return_exceptions=True)
