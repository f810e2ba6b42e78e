"""The connectivity state machine, without widgets or a network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from tpsdesk.httpapi.exchange import Exchange
from tpsdesk.services.connectivity import Connectivity, Reach

T0 = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def test_unreachable_since_the_last_answer_and_online_again_on_any_answer(qtbot: QtBot) -> None:
    clock = Clock()
    reach = Connectivity(clock=clock)
    seen: list[Reach] = []
    reach.changed.connect(seen.append)
    back: list[bool] = []
    reach.cameBack.connect(lambda: back.append(True))
    assert reach.state is Reach.ONLINE and reach.since is None
    reach.note(Exchange(answered=True))
    clock.now += timedelta(seconds=40)
    reach.note(Exchange(answered=False))
    clock.now += timedelta(seconds=20)
    reach.note(Exchange(answered=False))  # still gone: no new signal, same "since"
    assert reach.state is Reach.UNREACHABLE
    assert reach.since == T0
    clock.now += timedelta(seconds=5)
    reach.note(Exchange(answered=True))
    assert reach.state is Reach.ONLINE and reach.since is None
    assert reach.last_answer == clock.now
    assert seen == [Reach.UNREACHABLE, Reach.ONLINE]
    assert back == [True]  # once, on the way back


def test_never_answered_is_unreachable_since_the_first_failure(qtbot: QtBot) -> None:
    clock = Clock()
    reach = Connectivity(clock=clock)
    clock.now += timedelta(seconds=3)
    reach.note_silence()
    clock.now += timedelta(seconds=3)
    reach.note_silence()
    assert reach.since == T0 + timedelta(seconds=3)


def test_probes_while_unreachable_only(qtbot: QtBot) -> None:
    reach = Connectivity(probe_s=0.05)
    reach.note_silence()
    with qtbot.waitSignal(reach.probeDue, timeout=2000):
        pass
    reach.note_answer()
    with qtbot.assertNotEmitted(reach.probeDue, wait=200):
        pass
    reach.close()
