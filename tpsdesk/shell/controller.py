"""The app controller: owns the current Session and swaps it between profiles.

Start-up (``startup.first_open``) gives a profile and, when one is stored, its token:
the session opens at once; otherwise the sign-in flow asks. Switching profile builds a
new Session (new client) before closing the old one. A 401 from any service (the
session's one problem channel) re-signs in on the same client and window, so the
selection and the trim stay. Demo mode is a profile like any other, with a token that
is never saved.

"Sign in again…" is offered only once the server has rejected the session's token:
a new token is created only when the stored one no longer works, so the server's
20-token limit is not used up by tokens nobody revoked.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from tpsdesk.accounts.flow import SignInResult, SignOutResult
from tpsdesk.accounts.profiles import Profile, unique_name
from tpsdesk.accounts.vault import TokenVault, off_loop
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.account import AccountService
from tpsdesk.services.journal import JournalService
from tpsdesk.services.problems import Problem
from tpsdesk.services.tasks import TaskOwner
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.journal_wiring import watch_sign_ins
from tpsdesk.shell.session import Session
from tpsdesk.shell.settings import AppSettings
from tpsdesk.shell.sign_in_flow import SignInFlow, SignInPurpose
from tpsdesk.shell.sign_out import SignOutFlow
from tpsdesk.shell.startup import first_open
from tpsdesk.ui.profile_switcher import ProfileSwitcher
from tpsdesk.ui.settings_notice import add_settings_notice
from tpsdesk.ui.stop.quit_guard import SWITCH_PROFILE, Leaving, ask_before_leaving

if TYPE_CHECKING:  # the demo's module imports the simulator (aiohttp): only the demo pays for it
    from tpsdesk.shell.demo import DemoAccount
    from tpsdesk.ui.dialogs.sign_in_dialog import SignInDialog  # loaded when a sign-in is asked for


class AppController(QObject):
    sessionChanged = Signal(object)  # the new Session
    signInShown = Signal(object)  # the SignInDialog, for tests and screenshots

    def __init__(self, config: AppConfig, settings: AppSettings, vault: TokenVault, *,
                 demo: DemoAccount | None = None, request_timeout_s: float = 15.0,
                 parent: QObject | None = None, journal: JournalService | None = None,
                 list_first: bool = False) -> None:
        """``list_first``: each window shows its list first and builds the rest after (the app)."""
        super().__init__(parent)
        self._list_first = list_first
        self.journal = journal  # issue 12: app-wide, sees every client's requests (shell/journal_wiring.py)
        self.config = config
        self.settings = settings
        self.vault = vault
        self.accounts = AccountService(vault, self)
        self.sign_in_flow = SignInFlow(self.accounts, self._client, self)
        self.sign_in_flow.shown.connect(self.signInShown)
        self.sign_in_flow.succeeded.connect(self._on_signed_in)
        self.sign_in_flow.cancelled.connect(self._on_sign_in_cancelled)
        watch_sign_ins(journal, self.sign_in_flow, self.accounts)  # a pasted token sends no POST of its own
        self.sign_out_flow = SignOutFlow(self.accounts, settings, vault, self)
        self.sign_out_flow.signedOut.connect(self._on_signed_out)
        self.session: Session | None = None
        self.profile: Profile | None = None
        self.finished = asyncio.Event()  # the window was closed, or the first sign-in cancelled
        self.sign_out_flow.windowClosed.connect(self.finished.set)  # closing a window ends the app, always
        self._demo = demo  # its profile and token live here only: never saved, never in the keychain
        self._timeout = request_timeout_s
        self._tasks = TaskOwner("controller")  # keychain look-ups at start and on a switch
        self._closing = TaskOwner("retired sessions")  # drained, never cancelled, on close
        self._rejected = False  # the server turned the current session's token down (a 401)
        self._reauth_action: QAction | None = None
        self._return_to: Profile | None = None  # still signed in: where cancelling the dialog goes

    @property
    def dialog(self) -> SignInDialog | None:
        return self.sign_in_flow.dialog

    # -- start-up ------------------------------------------------------------
    def start(self) -> asyncio.Task[None]:
        """Open the saved/given profile, or ask to sign in; the keychain is read off the Qt thread.

        The task is returned so that the app can end with an error if it fails (shell/crash.py).
        """
        return self._tasks.spawn(self._start(), name="start")

    async def _start(self) -> None:
        plan = await first_open(self.config, self.settings, self.vault, self._demo)
        if self.session is not None or self.dialog is not None:
            return  # something else opened meanwhile
        if plan.profile is not None and plan.token:  # reuse before create: a rejected token comes back as a 401
            self._open(plan.profile, self._client(plan.profile, plan.token))
        else:
            self.ask_sign_in(plan.profile, purpose=SignInPurpose.START, notice=plan.notice)

    def _client(self, profile: Profile, token: str = "") -> TPStreamsClient:
        client = TPStreamsClient(profile.base_url, profile.org_id, token, timeout=self._timeout)
        if self.journal is not None:  # from the first request on: the sign-in is journalled too
            self.journal.observe(client, organization=profile.org_label, profile=profile.name)
        return client

    def _is_demo(self, profile: Profile) -> bool:
        return self._demo is not None and profile == self._demo.profile

    def _open(self, profile: Profile, client: TPStreamsClient) -> None:
        """Build the Session for a profile, show it, then retire the old one."""
        config = replace(self.config, base_url=profile.base_url, org_id=profile.org_id, token="",
                         server_tz_name=profile.server_tz, demo=self._is_demo(profile))
        session = Session(config, client=client, org_label=profile.org_label, request_timeout_s=self._timeout,
                          journal=self.journal, profile_name=profile.name, list_first=self._list_first)
        session.problems.raised.connect(self._on_problem)
        self._add_account_controls(session, profile)
        session.window.serverZoneChosen.connect(lambda zone: self._remember_zone(profile.name, zone))
        old, self.session, self.profile = self.session, session, profile
        self._return_to = None
        self._set_rejected(False)
        geometry = self.settings.window_geometry()
        if geometry is not None:
            session.window.restoreGeometry(geometry)
        session.window.closed.connect(lambda window=session.window: self._on_window_closed(window))
        tracker = session.window.tracker
        tracker.setUndoSeconds(self.settings.undo_seconds())
        tracker.undoSecondsChanged.connect(self.settings.set_undo_seconds)
        session.window.show()
        self._note_saved_problems(session, profile)
        session.start()
        if self._list_first:
            session.buildRestAfterFirstRows()
        if old is not None:
            self._retire(old)
        self.sign_out_flow.retire_window()  # the signed-out window, kept until this one showed
        self.sessionChanged.emit(session)

    def _note_saved_problems(self, session: Session, profile: Profile) -> None:
        problems = self.settings.problems_of(profile.name)
        if problems:
            def reset() -> None:
                saved = self.settings.profile(profile.name)  # the defaults, not this run's flags
                if saved is not None:
                    self.settings.save_profile(saved)

            session.settings_notice = add_settings_notice(  # type: ignore[attr-defined]
                session.window, [p.message for p in problems], on_reset=reset)

    def _add_account_controls(self, session: Session, profile: Profile) -> None:
        window = session.window
        switcher = ProfileSwitcher(window)
        profiles = self.settings.profiles()
        if self._demo is not None:
            profiles = [self._demo.profile, *profiles]
        switcher.set_profiles(profiles, profile.name)
        if self.vault.state_known:
            switcher.set_keychain_note(self.vault.persistent)
        else:  # the token came from the environment (or the demo): no keychain was read, and
            # finding one imports keyring and probes its backends (~10 MiB): when profiles matter
            switcher.keychainNoteWanted.connect(
                lambda: self._tasks.spawn(self._note_keychain(switcher), name="keychain note"))
        switcher.profileChosen.connect(self.switch_to)
        switcher.addRequested.connect(self.add_profile)
        switcher.signOutRequested.connect(self.sign_out)
        window.setProfileSwitcher(switcher)
        self._reauth_action = QAction("Sign in again…", window)
        self._reauth_action.setObjectName("reauthAction")
        self._reauth_action.triggered.connect(lambda: self.ask_sign_in(self.profile, purpose=SignInPurpose.REAUTH))
        add = QAction("Add profile…", window)
        add.triggered.connect(self.add_profile)
        # Issue 9, item 9: keys for the profile list and sign-out (Help ▸ Keyboard shortcuts lists them).
        switch = QAction("Switch profile…", window)
        switch.setShortcut("Ctrl+Shift+P")
        switch.triggered.connect(switcher.combo.showPopup)
        sign_out = QAction("Sign out…", window)
        sign_out.setObjectName("signOutAction")
        sign_out.setShortcut("Ctrl+Shift+O")
        sign_out.triggered.connect(self.sign_out)
        window.addAccountMenu([self._reauth_action, add, switch, sign_out])

    def _remember_zone(self, name: str, zone: str) -> None:
        """The window switched the server's zone (issue 9): keep it in the saved profile."""
        saved = self.settings.profile(name)
        if saved is not None:
            self.settings.save_profile(replace(saved, server_tz=zone))
        if self.profile is not None and self.profile.name == name:
            self.profile = replace(self.profile, server_tz=zone)

    async def _note_keychain(self, switcher: ProfileSwitcher) -> None:
        persistent = await off_loop(lambda: self.vault.persistent)
        with contextlib.suppress(RuntimeError):  # the window (and its switcher) closed meanwhile
            switcher.set_keychain_note(persistent)

    def _retire(self, old: Session) -> None:
        old.window.removeEventFilter(self)
        self.settings.set_window_geometry(old.window.saveGeometry())
        old.window.close()
        self._closing.spawn(self._close_then_delete(old), name="close a session")

    @staticmethod
    async def _close_then_delete(session: Session) -> None:
        # Tasks first: a stop still in flight reports to its window while being cancelled,
        # so the widgets must outlive the session's clean-up.
        try:
            await session.aclose()
        finally:
            session.window.deleteLater()

    def _on_window_closed(self, window: QWidget) -> None:
        # Only a close the window accepted (it may first ask about a stop counting down).
        if self.session is not None and window is self.session.window:
            self.settings.set_window_geometry(window.saveGeometry())
            self.finished.set()

    def _set_rejected(self, rejected: bool) -> None:
        self._rejected = rejected
        if self._reauth_action is not None:
            self._reauth_action.setEnabled(rejected)
            self._reauth_action.setStatusTip(
                "Sign in again: the server no longer accepts this profile's token" if rejected else
                "Your sign-in works; to sign in as someone else, sign out first")

    # -- switching -----------------------------------------------------------
    def _leave_then(self, leaving: Leaving, proceed: Callable[[], None]) -> None:
        """Replace the session only once a stop counting down or in flight has been asked about
        (send it, cancel it, or stay: ui/stop/quit_guard.py), as quitting does."""
        session = self.session
        if session is None:
            proceed()
            return

        def go() -> None:
            if self.session is session:  # still the session the person chose to leave
                proceed()

        if ask_before_leaving(session.window, session.window.tracker, go, leaving):
            proceed()

    def switch_to(self, name: str) -> None:
        def go() -> None:
            self._tasks.spawn(self._switch_to(name), name="switch profile")

        self._leave_then(SWITCH_PROFILE, go)

    def add_profile(self) -> None:
        """Sign in to another profile; it replaces this session, so a pending stop is asked about first."""
        self._leave_then(SWITCH_PROFILE, lambda: self.ask_sign_in(None, purpose=SignInPurpose.SWITCH))

    async def _switch_to(self, name: str) -> None:
        if self._demo is not None and name == self._demo.profile.name:
            profile, token = self._demo.profile, self._demo.token
            session = self.session
        else:
            found = self.settings.profile(name)
            if found is None:
                return
            profile, session = found, self.session
            token = await off_loop(lambda: self.vault.get(profile.vault_key) or "")
        if self.session is not session or self.dialog is not None or self.accounts.busy:
            return  # signed out, switched or asked to sign in while the keychain answered
        if token:
            if not self._is_demo(profile):
                self.settings.set_last_profile(profile.name)
            self._open(profile, self._client(profile, token))
        else:
            self.ask_sign_in(profile, purpose=SignInPurpose.SWITCH)

    # -- signing in ----------------------------------------------------------
    def ask_sign_in(self, profile: Profile | None, *, purpose: SignInPurpose, reason: str = "",
                    notice: str = "") -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        if purpose is SignInPurpose.REAUTH and (self.session is None or profile is None):
            purpose = SignInPurpose.START
        if purpose is SignInPurpose.REAUTH and not self._rejected and self.session is not None:
            # The token still works: another one would count against the server's 20-token limit
            # and the working one would stay valid, forgotten. Sign out (which revokes) instead.
            self.session.window.statusBar().showMessage(
                "You are signed in and the server accepts your token; to sign in as someone else, "
                "use Account → Sign out first.", 10000)
            return
        parent = self.session.window if self.session is not None else self.sign_out_flow.window
        client = self.session.client if purpose is SignInPurpose.REAUTH and self.session is not None else None
        self.sign_in_flow.open(profile, purpose, client=client, parent=parent, reason=reason, notice=notice,
                               vault_note="" if self.vault.persistent else self.vault.describe())

    def _on_signed_in(self, result: SignInResult, purpose: SignInPurpose, client: TPStreamsClient) -> None:
        profile = result.profile
        if self.settings.profile(profile.name) is None and purpose is not SignInPurpose.REAUTH:
            profile = replace(profile, name=unique_name(profile.name, [p.name for p in self.settings.profiles()]))
        self.settings.save_profile(profile)
        self.settings.set_last_profile(profile.name)
        if purpose is SignInPurpose.REAUTH and self.session is not None:
            # Same client (now with the new token), same window: the user's place is kept.
            self.profile = profile
            self._set_rejected(False)
            self.session.window.statusBar().showMessage("Signed in again.", 6000)
            self.session.resume()
            return
        self._open(profile, client)

    def _on_sign_in_cancelled(self, purpose: SignInPurpose) -> None:
        if self.session is None and self._return_to is not None:
            # Signed out of one profile while another is still signed in: go there, don't quit
            # (once: should its token have gone meanwhile, cancelling that dialog ends the app).
            other, self._return_to = self._return_to, None
            self.switch_to(other.name)
        elif self.session is None:
            self.finished.set()  # nothing to show without an account
        elif purpose is SignInPurpose.REAUTH:
            self.session.window.statusBar().showMessage("Not signed in: use Account → Sign in again…", 15000)

    # -- problems from any service --------------------------------------------------
    def _on_problem(self, problem: Problem) -> None:
        if not problem.token_rejected or self.session is None or self.profile is None:
            return
        if self.sign_out_flow.isLeaving(self.session):
            return  # its own sign-out revoked the token: a request still going gets a 401, not news
        self._set_rejected(True)
        if self.dialog is None:
            env_token = self.config.token if "token" in self.config.given else ""
            if env_token and self.session.client.token == env_token:  # not the user's stored sign-in
                reason = (f"The token in TPSDESK_TOKEN was not accepted by the server ({self.profile.org_label}). "
                          "Sign in to carry on, or start with a valid token in TPSDESK_TOKEN.")
            else:
                reason = (f"Your sign-in for {self.profile.org_label} has expired or was revoked. "
                          "Sign in again to carry on; your selection and trim are kept.")
            self.ask_sign_in(self.profile, purpose=SignInPurpose.REAUTH, reason=reason)

    # -- signing out -----------------------------------------------------------
    def sign_out(self) -> None:
        """Ask first (naming the profile); the token is revoked and forgotten only once confirmed."""
        if self.session is None or self.profile is None or self.accounts.busy or self.dialog is not None:
            return
        self.sign_out_flow.ask(self.session, self.profile)

    def _on_signed_out(self, profile: Profile, result: SignOutResult, other: Profile | None) -> None:
        session, self.session, self._reauth_action = self.session, None, None
        if session is not None:
            session.window.removeEventFilter(self)
            self.settings.set_window_geometry(session.window.saveGeometry())
        self._return_to = other
        notice = result.message
        if other is not None:
            notice += f" Cancel to go back to “{other.name}”, which is still signed in."
        self.ask_sign_in(profile, purpose=SignInPurpose.START, notice=notice)

    async def aclose(self) -> None:
        await self._tasks.aclose()
        await self.accounts.aclose()
        await self.sign_in_flow.aclose()
        await self.sign_out_flow.aclose()
        if self.session is not None:
            session, self.session = self.session, None
            session.window.removeEventFilter(self)
            session.window.close()
            await self._close_then_delete(session)
        await self._closing.aclose(cancel=False)
