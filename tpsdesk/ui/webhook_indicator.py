"""The status-bar indicator: is the webhook receiver live, and how many arrived.

Problems (a registration or a removal that failed) and warnings (a public URL
on a random port) show in the indicator's text and tooltip until the next
success, and once in the window's status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolButton, QWidget

from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.services.webhook_service import WebhookService


class WebhookIndicator(QToolButton):
    def __init__(self, webhooks: WebhookService, poller: AdaptivePoller, *, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._webhooks = webhooks
        self._poller = poller
        self._clock = clock
        self.setAutoRaise(True)
        self.setAccessibleName("Webhook status")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        # Made here, not by addAction(text): shiboken could drop a wrapper of a QAction made in C++
        # while the window lived (seen as "already deleted" once the window's right side was built later).
        self.remove_action = QAction("Remove this app's webhook registration", menu)
        menu.addAction(self.remove_action)
        self.remove_action.triggered.connect(self._remove)
        self.start_again_action = QAction("Try starting the webhook receiver again", menu)
        menu.addAction(self.start_again_action)
        self.start_again_action.triggered.connect(webhooks.request_start_again)
        self.setMenu(menu)
        # Coalesced: a burst of deliveries repaints once, not once per delivery.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(250)
        self._later.timeout.connect(self.refresh)
        webhooks.stateChanged.connect(self._later.start)
        webhooks.problem.connect(self._on_problem)
        webhooks.warned.connect(self._on_warning)
        webhooks.removed.connect(self._on_removed)
        self.refresh()

    def _say(self, text: str, timeout_ms: int) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, timeout_ms)

    def _on_problem(self, report: ErrorReport) -> None:
        self.refresh()
        self._say(f"{report.title}: {report.message}", 15000)

    def _on_warning(self, text: str) -> None:
        self.refresh()
        self._say(f"Webhooks: {text}", 20000)

    def _on_removed(self) -> None:
        self.refresh()
        self._say("Webhook registration removed; the status now comes from polling.", 8000)

    def _remove(self) -> None:
        # The service owns the task: cancelled on close, a failure shown through ``problem``.
        self._webhooks.remove_registration()
        self.refresh()

    def refresh(self) -> None:
        hooks = self._webhooks
        stats = hooks.receiver.stats if hooks.listening else None  # off: no receiver, no aiohttp
        if not hooks.listening and hooks.start_problem is not None:
            # Asked for and failed: never look like "off by choice".
            text = "⚠ Webhooks: not started · polling"
            tip = (f"The webhook receiver {hooks.start_problem}. The status comes from polling meanwhile; "
                   "check --webhook-host/--webhook-port, then use “Try starting the webhook receiver again”.")
        elif not hooks.listening:
            text, tip = "Webhooks: off · polling", "No receiver: the status comes from polling and the list refresh."
        elif hooks.registration is None:
            text = "Webhooks: listening, not registered"
            tip = "Give --webhook-public-url (a tunnel or proxy to this port) to register."
        else:
            text = f"⚡ Webhooks: {stats.applied if stats is not None else 0} received"
            tip = (f"Registered at {hooks.registered_base} (id {hooks.registration.id}); "
                   "polling relaxes for streams whose webhooks arrive.")
        if stats is not None and (stats.unauthorized or stats.malformed or stats.too_large):
            tip += (f"\nRefused: {stats.unauthorized} bad token, {stats.malformed} malformed, "
                    f"{stats.too_large} too large.")
        if hooks.unknown_count:
            tip += f"\n{hooks.unknown_count} for streams not in the list (the list was refreshed)."
        if hooks.warning is not None:
            text += " · ⚠ random port"
            tip += f"\n⚠ {hooks.warning}"
        problem = hooks.last_problem
        if problem is not None:
            text += f" · {problem.title.lower()}"
            tip += f"\n{problem.title}: {problem.message}"
        if hooks.removing:
            text += " · removing…"
        self.setText(text)
        self.setToolTip(tip)
        self.remove_action.setEnabled(hooks.registration is not None and not hooks.removing)
        self.start_again_action.setVisible(hooks.start_problem is not None and not hooks.listening)

    @property
    def problem_text(self) -> str:
        """The problem in plain words, as the tooltip shows it ("" when all is well)."""
        problem = self._webhooks.last_problem
        if problem is None and self._webhooks.start_problem is not None and not self._webhooks.listening:
            return f"Webhook receiver not started: {self._webhooks.start_problem}"
        return "" if problem is None else f"{problem.title}: {problem.message}"
