"""The in-window notices' bookkeeping, kept apart from the widgets (tested without Qt).

Three rules: a repeat for the same stream and kind is merged into one entry (×N, the
latest time and words); outcome notices (a recording ready or failed) are shown before
flap notices (an encoder that dropped) when there is not room for all; and what is not
shown is counted ("+N older"), never dropped without a word. The book is bounded; when
it must shed, flaps go before outcomes, and it counts what it let go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tpsdesk.ui.notifier import Notice, NoticeKind

MAX_SHOWN = 3
MAX_KEPT = 100
_OUTCOMES = frozenset({NoticeKind.COMPLETED, NoticeKind.ERROR})


@dataclass(eq=False, slots=True)
class NoticeEntry:
    notice: Notice  # the latest one of its stream and kind
    first_at: datetime
    last_at: datetime
    count: int = 1

    @property
    def asset_id(self) -> str:
        return self.notice.asset_id

    @property
    def is_outcome(self) -> bool:
        return self.notice.kind in _OUTCOMES


class NoticeBook:
    def __init__(self, *, max_shown: int = MAX_SHOWN, max_kept: int = MAX_KEPT) -> None:
        self.max_shown = max_shown
        self.max_kept = max_kept
        self.expanded = False
        self.shed_count = 0
        self._entries: list[NoticeEntry] = []  # newest (last seen) first

    def add(self, notice: Notice, at: datetime) -> NoticeEntry:
        for entry in self._entries:
            if entry.notice.asset_id == notice.asset_id and entry.notice.kind is notice.kind:
                self._entries.remove(entry)
                entry.notice, entry.last_at, entry.count = notice, at, entry.count + 1
                break
        else:
            entry = NoticeEntry(notice, at, at)
        self._entries.insert(0, entry)
        while len(self._entries) > self.max_kept:
            flaps = [e for e in self._entries if not e.is_outcome]
            self._entries.remove((flaps or self._entries)[-1])  # the oldest flap, else the oldest
            self.shed_count += 1
        return entry

    def entries(self) -> list[NoticeEntry]:
        return list(self._entries)

    def shown(self) -> list[NoticeEntry]:
        """What the area shows, newest first: everything when expanded, else outcomes before flaps."""
        if self.expanded or len(self._entries) <= self.max_shown:
            return list(self._entries)
        ranked = sorted(self._entries, key=lambda e: (not e.is_outcome, self._entries.index(e)))
        chosen = set(map(id, ranked[: self.max_shown]))
        return [e for e in self._entries if id(e) in chosen]

    def hidden_count(self) -> int:
        return len(self._entries) - len(self.shown())

    def dismiss(self, entry: NoticeEntry) -> None:
        if entry in self._entries:
            self._entries.remove(entry)
        if len(self._entries) <= self.max_shown:
            self.expanded = False

    def clear(self) -> None:
        self._entries.clear()
        self.expanded = False
        self.shed_count = 0
