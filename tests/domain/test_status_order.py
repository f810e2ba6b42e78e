"""One status order: the lifecycle, and the list's live-first order derived from it."""

from __future__ import annotations

from tpsdesk.domain.models import StatusKind as K
from tpsdesk.domain.status_order import LIFECYCLE, LIST_ORDER, LIST_RANK, lifecycle_stage, stages_after


def test_the_list_shows_live_first_then_upcoming_then_the_lifecycle() -> None:
    assert LIST_ORDER == (K.STREAMING, K.DISCONNECTED, K.NOT_STARTED, K.STOPPED, K.RECORDING, K.ERROR,
                          K.COMPLETED, K.UNKNOWN)
    assert sorted(LIST_RANK, key=LIST_RANK.__getitem__) == list(LIST_ORDER)
    assert set(LIST_ORDER) == set(K) and len(LIST_ORDER) == len(K)  # every status, once


def test_the_lifecycle_places_every_known_status_once() -> None:
    placed = [kind for stage in LIFECYCLE for kind in stage]
    assert sorted(placed, key=lambda k: k.value) == sorted(set(K) - {K.UNKNOWN}, key=lambda k: k.value)
    assert lifecycle_stage(K.UNKNOWN) is None
    assert lifecycle_stage(K.STREAMING) == lifecycle_stage(K.DISCONNECTED)  # the encoder flaps
    assert lifecycle_stage(K.COMPLETED) == lifecycle_stage(K.ERROR)  # either ends a recording


def test_stages_after_counts_from_a_start() -> None:
    assert [stages_after(K.STOPPED, k) for k in (K.STOPPED, K.RECORDING, K.COMPLETED, K.ERROR)] == [0, 1, 2, 2]
    assert stages_after(K.STOPPED, K.STREAMING) == -1
    assert stages_after(K.STOPPED, K.UNKNOWN) is None
