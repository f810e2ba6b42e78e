"""One problem channel: every service's failures, tagged with where they came from.

The session collects its services' error signals here, so whoever must react to a
kind of problem (the shell: a 401 from *any* service means the server rejected the
token) connects once, and a new service is covered by adding one line where the
session wires it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

from tpsdesk.services.errors import ErrorReport


class ProblemSource(Enum):
    STREAM_LIST = "stream list"
    STOP = "stop"
    STATUS_CHECK = "status check"
    WEBHOOKS = "webhooks"
    TRIM = "trim"  # trimming a completed video, its status, a revert (issue 12)


@dataclass(frozen=True, slots=True)
class Problem:
    source: ProblemSource
    report: ErrorReport
    asset_id: str | None = None

    @property
    def token_rejected(self) -> bool:
        """The server turned the session's token down: only signing in again helps."""
        return self.report.is_auth and self.report.status == 401


class ProblemChannel(QObject):
    raised = Signal(object)  # Problem

    def report(self, problem: Problem) -> None:
        self.raised.emit(problem)

    def collect(self, signal: SignalInstance, source: ProblemSource) -> None:
        """Forward ``signal(report)`` or ``signal(asset_id, report)`` into this channel."""

        def forward(*args: Any) -> None:
            *asset, report = args
            self.report(Problem(source, report, asset[0] if asset else None))

        signal.connect(forward)
