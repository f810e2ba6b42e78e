"""Full collections are held off during a listing and its objects frozen; no garbage is frozen that way.
The start runs with no collections until its window is complete."""

from __future__ import annotations

import gc

from tests.support.qt import Demo
from tpsdesk.services import collector
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


def test_the_start_holds_every_collection_until_it_ends(collector_restored: None) -> None:
    collector.hold_during_start()
    assert collector.start_held() and not gc.isenabled()
    frozen_before = gc.get_freeze_count()
    made: list[list[int]] = [[] for _ in range(1_000)]  # what the start makes lives on: frozen with the rest
    collector.end_start_hold()
    assert gc.isenabled() and not collector.start_held()
    assert gc.get_freeze_count() >= frozen_before + len(made)
    collector.end_start_hold()  # the second caller (the limit's timer after the window): nothing more
    assert gc.isenabled()


def test_ending_a_hold_that_never_began_changes_nothing(collector_restored: None) -> None:
    # Tests build sessions without the app's main(): their process's objects are never frozen.
    frozen_before = gc.get_freeze_count()
    collector.end_start_hold()
    assert gc.isenabled() and gc.get_freeze_count() == frozen_before
    gc.disable()  # disabled by someone else: not the start's to hold, nor to turn back on
    collector.hold_during_start()
    collector.end_start_hold()
    assert not collector.start_held() and not gc.isenabled()


def test_a_listing_that_ends_before_the_window_is_complete_ends_the_hold(collector_restored: None) -> None:
    # Else its young-generation collection would go over everything the start made (all young then).
    collector.hold_during_start()
    with long_lived_objects():
        pass
    assert gc.isenabled() and not collector.start_held()
