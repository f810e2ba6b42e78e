"""Keeping Python's cyclic garbage collector away from the start, and its full collections from a big listing.

Parsing 10,000 streams makes ~400,000 long-lived objects; while they were being
made the collector ran full (oldest-generation) collections over all of them,
each holding the loop 30–160 ms (measured with ``bench/p3_probe.py``). During a
listing only the young generations are collected (a few thousand objects at a
time, so short-lived reference cycles still go at once); at the end the
survivors are frozen (``gc.freeze``: out of every later collection's reach;
reference counting still frees them when a newer reading replaces them).

The app's start runs with no collections at all (:func:`hold_during_start`): its
~300 modules, the window and the first listing make hundreds of thousands of objects
that live as long as the app, and the collector went over them ~110 times before the
first rows were painted (~40 ms of a ~0.45 s start; one full collection alone ~20 ms).
Once the window is complete they are frozen and collections resume
(:func:`end_start_hold`). What the start left in reference cycles, the first listing's
so far included, stays frozen with them: ~2,500 objects after a 10,000-stream start,
counted here (the app's peak memory did not grow).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_NO_FULL_COLLECTION = 1 << 30
_depth = 0
_saved: tuple[int, int, int] | None = None
_start_held = False


def hold_during_start() -> None:
    """No collections until :func:`end_start_hold` (the app's ``main``, before it imports Qt)."""
    global _start_held
    if gc.isenabled():
        gc.disable()
        _start_held = True


def end_start_hold(*, freeze: bool = True) -> None:
    """Freeze what the start made and collect again; nothing when the start held nothing (tests)."""
    global _start_held
    if _start_held:
        _start_held = False
        if freeze:
            gc.freeze()
        gc.enable()


def start_held() -> bool:
    return _start_held


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
            end_start_hold()  # a listing that ends first: the start's objects are not all young ones
            gc.collect(1)  # the young ones only (a few thousand objects): don't freeze fresh garbage
            gc.freeze()
            gc.set_threshold(*_saved)
            _saved = None
