"""The search words and status filter as one value that can pick the accepted rows of a whole list fast.

Asking a predicate row by row cost a Python call (and an ``all`` over the words) for each of
10,000 rows: ~14 ms of a search keystroke on a 2-core laptop. :meth:`RowFilter.select` runs one
list comprehension per word instead, with no call per row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from tpsdesk.domain.models import StatusKind
from tpsdesk.ui.streams.row import StreamRow


def accepts(row: StreamRow, kinds: Collection[StatusKind] | None, terms: tuple[str, ...]) -> bool:
    """One row: its status is one of ``kinds`` (None: any) and its haystack holds every term."""
    if kinds is not None and row.kind not in kinds:
        return False
    haystack = row.haystack
    return all(term in haystack for term in terms)


class RowFilter:
    """Rows whose status is one of ``kinds`` (None: any) and whose haystack contains every term."""

    __slots__ = ("kinds", "terms")

    def __init__(self, kinds: Iterable[StatusKind] | None, terms: tuple[str, ...]) -> None:
        # A tuple, not a set: the kinds are compared by identity, without the enum's Python __hash__.
        self.kinds = tuple(kinds) if kinds is not None else None
        self.terms = terms

    def __call__(self, row: StreamRow) -> bool:
        return accepts(row, self.kinds, self.terms)

    @staticmethod
    def picker(accepts: Callable[[StreamRow], bool] | None) -> Callable[[Iterable[StreamRow]], list[StreamRow]]:
        """What picks the accepted rows of a list, in order (None accepts all; any predicate works)."""
        if accepts is None:
            return list
        if isinstance(accepts, RowFilter):
            return accepts.select
        return lambda rows: [row for row in rows if accepts(row)]

    def select(self, rows: Iterable[StreamRow]) -> list[StreamRow]:
        """The accepted rows, in the order given (a new list)."""
        kept = list(rows)
        if self.kinds is not None:
            kinds = self.kinds
            kept = [row for row in kept if row.kind in kinds]
        for term in self.terms:
            kept = [row for row in kept if term in row.haystack]
        return kept
