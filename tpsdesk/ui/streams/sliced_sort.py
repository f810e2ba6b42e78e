"""Sorting 10,000 rows a slice per event-loop turn, so a header click never holds the window.

One ``sorted`` of 10,000 title keys is ~10 ms of Python comparisons; with the layout change
and the repaint that followed it in the same turn, a header click held the loop 21–27 ms
(issue 11, P3). :class:`SliceSort` cuts the same work in steps of a few milliseconds: sort
runs of :data:`RUN` rows, then merge two neighbouring runs per step (a ``sorted`` of two
sorted runs is one linear merge) until one run is left. The result is exactly what one
``sorted`` gives (keys are a total order). :class:`SortJob` runs the steps between turns
and hands the result over once; nothing is shown until then, so the list is never seen
half-sorted.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import is_
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

from tpsdesk.ui.streams.row import SortKey

T = TypeVar("T")
RUN = 1250  # rows sorted per step: ~1 ms of title comparisons on a 2-core laptop
KEYS_PER_STEP = 2500  # sort keys read per step (a Python call each)
SLICED_FROM = 3000  # fewer rows are sorted at once: a few milliseconds at most


class SliceSort(Generic[T]):
    """``sorted(items, key=key, reverse=descending)``, computed a bounded step at a time."""

    def __init__(self, items: list[T], key: Callable[[T], SortKey], descending: bool, *, run: int = RUN) -> None:
        self._items = items
        self._key = key
        self._descending = descending
        self._run = run
        self._keys: list[SortKey] = []  # read once, a few runs' worth a step, then compared with no Python call
        self._next = 0  # the first item not yet in a run
        self._runs: list[list[int]] = []  # positions in ``items``, each run in order
        self._result: list[T] | None = None

    def step(self) -> bool:
        """One slice of the work; True once :meth:`result` is ready."""
        if len(self._keys) < len(self._items):
            # A call per item: 10,000 in one step were ~4 ms of a turn.
            read = len(self._keys)
            self._keys.extend(map(self._key, self._items[read:read + KEYS_PER_STEP]))
        elif self._next < len(self._items):
            stop = min(self._next + self._run, len(self._items))
            self._runs.append(sorted(range(self._next, stop), key=self._keys.__getitem__, reverse=self._descending))
            self._next = stop
        elif len(self._runs) > 1:
            # Merge the two shortest neighbours first, so no step merges much more than it must.
            at = min(range(len(self._runs) - 1), key=lambda i: len(self._runs[i]) + len(self._runs[i + 1]))
            merged = sorted(self._runs[at] + self._runs[at + 1], key=self._keys.__getitem__, reverse=self._descending)
            self._runs[at:at + 2] = [merged]
        else:
            self._result = [self._items[i] for i in self._runs[0]] if self._runs else []
        return self.done()

    def done(self) -> bool:
        return self._result is not None

    def result(self) -> list[T]:
        assert self._result is not None, "not sorted yet"
        return self._result

    def sorted_as_is(self, current: list[T]) -> bool:
        """Whether ``current`` holds exactly the items this sorts, in the same places (nothing changed meanwhile)."""
        # ``map(is_, …)``: the comparisons run in C (a generator over 10,000 pairs was ~1 ms).
        return len(current) == len(self._items) and all(map(is_, current, self._items))


def brought_up_to_date(ordered: list[T], current: list[T], key: Callable[[T], SortKey], descending: bool) -> list[T]:
    """``ordered``, a sort of an earlier copy of ``current``, made a sort of ``current``: items
    gone since (replaced, removed, filtered out) drop out, new ones are merged in.

    Items are hashed by identity (rows are ``eq=False``): the sets are built in C, with no
    Python call per item (``id()`` for each of 10,000 rows cost ~7 ms of one turn)."""
    now = set(current)
    kept = [item for item in ordered if item in now]
    if len(kept) == len(current):
        return kept
    kept_set = set(kept)
    # Two runs (the kept order, the few new items sorted): timsort merges them in one pass.
    fresh = sorted((item for item in current if item not in kept_set), key=key, reverse=descending)
    return sorted(kept + fresh, key=key, reverse=descending)


class SortJob(QObject):
    """Runs a :class:`SliceSort` one step per event-loop turn, then calls ``finished`` once."""

    def __init__(self, sorter: SliceSort[Any], finished: Callable[[list[Any]], None], parent: QObject) -> None:
        super().__init__(parent)
        self._sorter = sorter
        self._finished = finished
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._timer.start()

    def cancel(self) -> None:
        """Superseded (another sort) or no longer needed: nothing more happens."""
        self._timer.stop()
        self.deleteLater()

    @staticmethod
    def cancelled(job: SortJob | None) -> None:
        """Cancel ``job`` if there is one; None, to put where it was kept."""
        if job is not None:
            job.cancel()

    @property
    def sorter(self) -> SliceSort[Any]:
        return self._sorter

    def _step(self) -> None:
        if self._sorter.done():  # handed over in a turn of its own: the relayout and the repaint follow it
            self.deleteLater()
            self._finished(self._sorter.result())
            return
        self._sorter.step()
        self._timer.start()
