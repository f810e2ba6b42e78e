"""Issue 12's journal, wired into the app: where the file lives, and each session's hooks.

The journal is app-wide (one file, one writer thread); sessions come and go
with profile switches and each is attached here: its client's requests, its
stops' read-backs, its window's menu item and failure badge.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

from tpsdesk.journal.entries import Action, Outcome
from tpsdesk.journal.writer import JournalWriter
from tpsdesk.services.account import AccountService
from tpsdesk.services.journal import JournalService
from tpsdesk.ui.journal.hooks import JournalPausedBadge, add_to_file_menu, make_journal_action

if TYPE_CHECKING:
    from tpsdesk.services.trim_jobs import TrimJobService
    from tpsdesk.shell.session import Session
    from tpsdesk.shell.sign_in_flow import SignInFlow
    from tpsdesk.ui.dialogs.sign_in_dialog import SignInDialog, SignInRequest
    from tpsdesk.ui.journal.window import JournalWindow

JOURNAL_FILE = "journal.sqlite3"
DEMO_JOURNAL_FILE = "journal-demo.sqlite3"  # the simulator's actions never mix with real ones


def journal_path(*, demo: bool) -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / (DEMO_JOURNAL_FILE if demo else JOURNAL_FILE)


def open_journal(path: Path) -> JournalService:
    """Never fails: a file that cannot be opened pauses the journal at its first write."""
    return JournalService(JournalWriter(path))


class SessionJournal:
    """One session's part of the journal: File ▸ Journal…, the paused badge, the window once opened."""

    def __init__(self, session: Session, journal: JournalService | None) -> None:
        self._journal = journal
        self._parent = session.window
        self.window: JournalWindow | None = None
        self.action = make_journal_action(session.window, None if journal is None else self.open)
        add_to_file_menu(session.window, self.action)
        self.badge = JournalPausedBadge(session.window)
        session.window.statusBar().addPermanentWidget(self.badge)

    def open(self) -> None:
        assert self._journal is not None
        if self.window is None:
            from tpsdesk.ui.journal.window import JournalWindow  # loaded on first use, not at start-up

            self.window = JournalWindow(self._journal, parent=self._parent)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    async def aclose(self) -> None:
        if self.window is not None:
            await self.window.aclose()


def wire_session(session: Session, journal: JournalService | None, *, organization: str,
                 profile: str, trim_jobs: TrimJobService) -> SessionJournal:
    hooks = SessionJournal(session, journal)
    if journal is None:
        return hooks
    journal.observe(session.client, organization=organization, profile=profile, store=session.store)
    journal.watch_stops(session.stops, organization=organization, profile=profile)
    journal.watch_trims(trim_jobs, organization=organization, profile=profile, store=session.store)
    journal.enter_profile(profile, organization=organization)
    if journal.failure:  # said when it happened; a later session's window keeps the badge only
        hooks.badge.showFailure(journal.failure, announce=False)
    journal.writeFailed.connect(hooks.badge.showFailure)  # a method of a child: dropped with the window
    return hooks


def watch_sign_ins(journal: JournalService | None, flow: SignInFlow, accounts: AccountService) -> None:
    """Each sign-in dialog's pasted-token submissions are journalled (a password sign-in is its POST)."""
    if journal is None:
        return

    def on_dialog(dialog: SignInDialog) -> None:
        def submitted(request: SignInRequest) -> None:
            if request.with_token:
                journal_token_sign_in(journal, accounts, organization=request.profile.org_label,
                                      profile=request.profile.name)

        dialog.submitted.connect(submitted)

    flow.shown.connect(on_dialog)


def journal_token_sign_in(journal: JournalService | None, accounts: AccountService, *, organization: str,
                          profile: str) -> None:
    """A pasted token is checked with a GET, which the journal does not see: record the
    sign-in from the account service's answer (one-shot)."""
    if journal is None:
        return

    def done(_result: object) -> None:
        disconnect()
        journal.record_action(Action.SIGN_IN, Outcome.OK, organization=organization, profile=profile,
                              note="with a pasted API token")

    def failed(message: str) -> None:
        disconnect()
        journal.record_action(Action.SIGN_IN, Outcome.FAILED, organization=organization, profile=profile,
                              note=f"with a pasted API token: {message}")

    def disconnect() -> None:
        accounts.signedIn.disconnect(done)
        accounts.signInFailed.disconnect(failed)

    accounts.signedIn.connect(done)
    accounts.signInFailed.connect(failed)
