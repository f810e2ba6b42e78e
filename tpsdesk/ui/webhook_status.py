"""The status-bar indicator: is the webhook receiver live, and how many arrived."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ..services.errors import ErrorReport
from ..services.poller import AdaptivePoller
from ..services.webhooks import WebhookService


class WebhookIndicator(QToolButton):
    def __init__(self, webhooks: WebhookService, poller: AdaptivePoller, *, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._webhooks = webhooks
        self._poller = poller
        self._clock = clock
        self._problem: ErrorReport | None = None
        self.setAutoRaise(True)
        self.setAccessibleName("Webhook status")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.remove_action = menu.addAction("Remove this app's webhook registration")
        self.remove_action.triggered.connect(self._remove)
        self.setMenu(menu)
        # Coalesced: a burst of deliveries repaints once, not once per delivery.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(250)
        self._later.timeout.connect(self.refresh)
        webhooks.stateChanged.connect(self._later.start)
        webhooks.problem.connect(self._on_problem)
        self.refresh()

    def _on_problem(self, report: ErrorReport) -> None:
        self._problem = report
        self.refresh()

    def _remove(self) -> None:
        task = asyncio.ensure_future(self._webhooks.unregister())
        task.add_done_callback(lambda _t: self.refresh())
        self._pending = task  # a strong reference until done (qasync keeps weak ones)

    def refresh(self) -> None:
        hooks = self._webhooks
        stats = hooks.receiver.stats
        if not hooks.listening:
            text, tip = "Webhooks: off · polling", "No receiver: the status comes from polling and the list refresh."
        elif hooks.registration is None:
            text = "Webhooks: listening, not registered"
            tip = "Give --webhook-public-url (a tunnel or proxy to this port) to register."
        else:
            text = f"⚡ Webhooks: {stats.applied} received"
            tip = (f"Registered at {hooks.registered_base} (id {hooks.registration.id}); "
                   "polling relaxes for streams whose webhooks arrive.")
        if stats.unauthorized or stats.malformed or stats.too_large:
            tip += (f"\nRefused: {stats.unauthorized} bad token, {stats.malformed} malformed, "
                    f"{stats.too_large} too large.")
        if hooks.unknown_count:
            tip += f"\n{hooks.unknown_count} for streams not in the list (the list was refreshed)."
        if self._problem is not None:
            text += " · registration failed"
            tip += f"\n{self._problem.title}: {self._problem.message}"
        self.setText(text)
        self.setToolTip(tip)
        self.remove_action.setEnabled(hooks.registration is not None)
