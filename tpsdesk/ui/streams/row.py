"""What the list keeps about one stream: display text, search haystack and sort keys, computed once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from tpsdesk.domain.models import Asset, StatusKind
from tpsdesk.domain.status_order import LIST_RANK


class Column(IntEnum):
    TITLE = 0
    STATUS = 1
    ELAPSED = 2
    START = 3
    ID = 4


# Live ones first, then what will go live, then the recording's journey, then the ends.
STATUS_SORT_RANK: dict[StatusKind, int] = LIST_RANK

SortKey = tuple[Any, ...]
_EPOCH = datetime(1970, 1, 1)
_NO_START = float("inf")


@dataclass(frozen=True, slots=True, eq=False)
class StreamRow:
    asset_id: str
    title: str  # one line, for the cell
    full_title: str
    kind: StatusKind
    label: str  # what the badge says: the kind, or an unknown status as the server sent it
    raw_status: str
    start: datetime | None  # naive, in the server's time zone
    start_problem: str | None
    is_live: bool
    haystack: str  # case-folded "title\nid"
    keys: tuple[SortKey, ...]  # indexed by Column; every key ends with the id, so orders are total

    @classmethod
    def from_asset(cls, asset: Asset) -> StreamRow:
        status = asset.status
        live = asset.live_stream
        start = live.start if live is not None else None
        rank = STATUS_SORT_RANK.get(status.kind, len(STATUS_SORT_RANK))
        # Naive times all share the server's zone, so their order needs no zone.
        stamp = (start - _EPOCH).total_seconds() if start is not None else None
        newest_first = -stamp if stamp is not None else _NO_START
        # Within a status the newest start comes first, except upcoming streams: the next one to start.
        within = (stamp if stamp is not None else _NO_START) if status.kind is StatusKind.NOT_STARTED \
            else newest_first
        folded = asset.title.casefold()  # one string for the title's sort key and the search
        one_line = " ".join(asset.title.split())
        keys: tuple[SortKey, ...] = (
            (folded, asset.id),
            (rank, within, asset.id),
            # Live elapsed grows at the same rate for all, so its order is the start order.
            (0, newest_first, asset.id) if status.is_live and stamp is not None
            else (1, rank, within, asset.id),
            (0, stamp, asset.id) if stamp is not None else (1, 0.0, asset.id),
            (asset.id,),
        )
        return cls(
            asset_id=asset.id,
            title=asset.title if one_line == asset.title else one_line,  # 10,000 titles: share, not copy
            full_title=asset.title,
            kind=status.kind,
            label=status.label,
            raw_status=status.raw,
            start=start,
            start_problem=live.start_problem if live is not None else None,
            is_live=status.is_live,
            haystack=f"{folded}\n{asset.id.casefold()}",
            keys=keys,
        )


def format_start(start: datetime) -> str:
    """``2026-11-30 09:05``: by hand, because ``strftime`` imports ``time`` at each call, and under
    PySide6 every import goes through its hook (~4 µs; the Start cells are formatted at every repaint)."""
    return f"{start.year:04d}-{start.month:02d}-{start.day:02d} {start.hour:02d}:{start.minute:02d}"


def sort_rows(rows: list[StreamRow], column: Column, descending: bool) -> list[StreamRow]:
    """``rows`` sorted by ``column``'s key: the keys are read once and compared with no Python call."""
    keys = [row.keys[column] for row in rows]
    order = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
    return [rows[i] for i in order]


def contiguous_runs(rows: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Contiguous (first, last) runs of sorted row numbers, in the order given."""
    first = last = None
    for row in rows:
        if last is not None and abs(row - last) == 1:
            last = row
            continue
        if first is not None and last is not None:
            yield min(first, last), max(first, last)
        first = last = row
    if first is not None and last is not None:
        yield min(first, last), max(first, last)
