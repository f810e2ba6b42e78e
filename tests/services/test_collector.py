"""Full collections are held off during a listing and its objects frozen; no garbage is frozen that way."""

from __future__ import annotations

import gc

from tests.support.qt import Demo
from tpsdesk.services.collector import long_lived_objects


def test_full_collections_are_held_off_inside_and_restored_after() -> None:
    normal = gc.get_threshold()
    try:
        with long_lived_objects():
            inside = gc.get_threshold()
            with long_lived_objects():  # nested (two loads overlapping): restored once, at the end
                pass
            assert gc.get_threshold() == inside
        assert inside[:2] == normal[:2] and inside[2] > 1_000_000 and gc.isenabled()
        assert gc.get_threshold() == normal
    finally:
        gc.unfreeze()


def test_repeated_listings_freeze_no_garbage(demo: Demo) -> None:
    """What a listing leaves frozen is what still lives: reference cycles it made and dropped
    are collected young, so a full collection afterwards finds (almost) nothing of theirs."""
    session = demo.session

    def refresh() -> None:
        session.streams.refresh()
        demo.qtbot.waitUntil(lambda: not session.streams.loading, timeout=10_000)

    try:
        refresh()
        gc.unfreeze()
        gc.collect()
        for _ in range(5):
            refresh()
        gc.unfreeze()
        garbage = gc.collect()
        assert garbage < 5 * 10, f"{garbage} unreachable objects were frozen by 5 listings"
    finally:
        gc.unfreeze()
