"""What a journal entry holds, and the filter the window and the export share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Action(StrEnum):
    SIGN_IN = "sign-in"
    SIGN_OUT = "sign-out"
    PROFILE_SWITCH = "profile switch"
    STOP = "stop"
    STOP_READ_BACK = "stop read back"  # follows a stop whose answer was lost
    TRIM = "trim"
    TRIM_READ_BACK = "trim read back"  # follows a trim whose answer was lost
    REVERT = "revert trim"
    REVERT_READ_BACK = "revert read back"  # follows a revert whose answer was lost
    WEBHOOK_REGISTER = "webhook registration"
    WEBHOOK_REMOVE = "webhook removal"
    OTHER = "other request"


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # the server answered no (4xx): nothing happened
    UNKNOWN = "unknown"  # sent, answer lost: it may or may not have happened
    FAILED = "failed"  # the server failed (5xx) or the step did not go through
    NOT_SENT = "not sent"  # the server never saw it


@dataclass(frozen=True, slots=True)
class JournalEntry:
    time: datetime  # UTC, aware
    action: Action
    outcome: Outcome
    organization: str = ""
    profile: str = ""
    stream_id: str = ""
    stream_title: str = ""
    method: str = ""
    path: str = ""
    request_body: str = ""  # redacted
    status: int | None = None
    response_body: str = ""  # redacted, truncated
    elapsed_ms: int | None = None
    note: str = ""  # plain words: "trim 00:00:30–00:02:00", "no answer", the read-back's finding
    id: int | None = field(default=None, compare=False)  # given by the store

    def searchable(self) -> str:
        return " ".join((self.stream_id, self.stream_title, self.organization, self.profile, self.path,
                         self.note, self.request_body, self.response_body)).casefold()


@dataclass(frozen=True, slots=True)
class JournalFilter:
    """Empty fields match everything. ``matches`` and the store's SQL give the same answer."""

    stream_id: str = ""
    action: Action | None = None
    outcome: Outcome | None = None
    text: str = ""

    def matches(self, entry: JournalEntry) -> bool:
        return ((not self.stream_id or entry.stream_id == self.stream_id)
                and (self.action is None or entry.action == self.action)
                and (self.outcome is None or entry.outcome == self.outcome)
                and (not self.text.strip() or self.text.strip().casefold() in entry.searchable()))


EVERYTHING = JournalFilter()
