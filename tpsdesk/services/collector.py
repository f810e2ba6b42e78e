"""Keeping Python's cyclic garbage collector's full collections away from a big listing.

Parsing 10,000 streams makes ~400,000 long-lived objects; while they were being
made the collector ran full (oldest-generation) collections over all of them,
each holding the loop 30–160 ms (measured with ``bench/p3_probe.py``). During a
listing only the young generations are collected (a few thousand objects at a
time, so short-lived reference cycles still go at once); at the end the
survivors are frozen (``gc.freeze``: out of every later collection's reach;
reference counting still frees them when a newer reading replaces them).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_NO_FULL_COLLECTION = 1 << 30
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def long_lived_objects() -> Iterator[None]:
    """Objects made inside live for the session: no full collection meanwhile, frozen at the end."""
    global _depth, _saved
    if _depth == 0:
        _saved = gc.get_threshold()
        gc.set_threshold(_saved[0], _saved[1], _NO_FULL_COLLECTION)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _saved is not None:
            gc.collect(1)  # the young ones only (a few thousand objects): don't freeze fresh garbage
            gc.freeze()
            gc.set_threshold(*_saved)
            _saved = None
