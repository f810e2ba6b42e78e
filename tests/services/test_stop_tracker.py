"""The stop's state machine without widgets or network: a fake StopService, a real store, a fake clock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal

from tests.support.deliveries import payload
from tpsdesk.domain.models import StopResult, parse_asset
from tpsdesk.domain.trim import Trim
from tpsdesk.services.errors import ErrorReport
from tpsdesk.services.stop import StopCheck, StopOutcome
from tpsdesk.services.stop_tracker import MAX_UNDO_S, StopGuard, StopState, StopTracker
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore

S = StopState


class FakeStops(QObject):
    stopStarted = Signal(str)
    stopSucceeded = Signal(str, object)
    stopFailed = Signal(str, object)
    stopUncertain = Signal(str, object)
    stopChecked = Signal(str, object)
    stopReconciled = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, Trim | None]] = []
        self.busy: set[str] = set()

    def in_flight(self, asset_id: str) -> bool:
        return asset_id in self.busy

    def stop(self, asset_id: str, trim: Trim | None) -> bool:
        if asset_id in self.busy:
            return False
        self.busy.add(asset_id)
        self.sent.append((asset_id, trim))
        self.stopStarted.emit(asset_id)
        return True

    def answer(self, asset_id: str) -> None:
        self.busy.discard(asset_id)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def rig(qapp: object) -> tuple[StopTracker, FakeStops, StatusStore, Clock]:
    store, stops, clock = StatusStore(), FakeStops(), Clock()
    store.apply_listing([parse_asset(payload("a", "Streaming")), parse_asset(payload("b", "Streaming"))])
    tracker = StopTracker(stops, store, undo_s=5, monotonic=clock)  # type: ignore[arg-type]
    return tracker, stops, store, clock


def status(store: StatusStore, asset_id: str, value: str, activities: int) -> None:
    store.apply(parse_asset(payload(asset_id, value, activities)), Source.WEBHOOK)


def ask(tracker: StopTracker, asset_id: str = "a", trim: Trim | None = None) -> bool:
    return tracker.request(asset_id, trim, title=f"Stream {asset_id}", trim_text="no trim")


def test_nothing_is_sent_until_the_countdown_ends(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, clock = rig
    assert ask(tracker, trim=Trim(30, 120))
    assert tracker.state("a") is S.COUNTDOWN and stops.sent == []
    assert tracker.remaining("a") == pytest.approx(5.0)
    assert tracker.guard("a") is StopGuard.BUSY and not ask(tracker)  # a second confirmation changes nothing
    clock.now += 4.9
    tracker.poll()
    assert stops.sent == [] and tracker.remaining("a") == pytest.approx(0.1)
    clock.now += 0.2
    tracker.poll()
    assert stops.sent == [("a", Trim(30, 120))] and tracker.state("a") is S.SENDING
    tracker.poll()
    assert len(stops.sent) == 1 and tracker.countdowns() == []


def test_undo_sends_nothing_ever(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, clock = rig
    ask(tracker)
    clock.now += 2
    assert tracker.undo("a") and not tracker.undo("a")
    assert tracker.state("a") is S.CANCELLED
    clock.now += 60
    tracker.poll()
    assert stops.sent == [] and not tracker.sendNow("a")
    assert tracker.guard("a") is StopGuard.FREE


def test_stop_now_sends_exactly_once(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, clock = rig
    ask(tracker)
    assert tracker.sendNow("a") and not tracker.sendNow("a") and not tracker.undo("a")
    clock.now += 10
    tracker.poll()
    assert stops.sent == [("a", None)]


def test_zero_seconds_sends_at_once_and_the_setting_is_clamped(
        rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, _clock = rig
    tracker.setUndoSeconds(99)
    assert tracker.undoSeconds() == MAX_UNDO_S
    tracker.setUndoSeconds(-3)
    assert tracker.undoSeconds() == 0
    ask(tracker)
    assert stops.sent == [("a", None)] and tracker.state("a") is S.SENDING


def test_each_stream_has_its_own_countdown(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, clock = rig
    ask(tracker, "a")
    clock.now += 2
    ask(tracker, "b")
    assert tracker.countdowns() == ["a", "b"]
    clock.now += 3.5
    tracker.poll()
    assert stops.sent == [("a", None)] and tracker.countdowns() == ["b"]
    tracker.undoAll()
    assert tracker.state("b") is S.CANCELLED and len(stops.sent) == 1


def test_a_stream_that_ends_during_the_countdown_is_not_sent(
        rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, store, clock = rig
    ask(tracker)
    status(store, "a", "Stopped", 3)
    record = tracker.record("a")
    assert record is not None and record.state is S.CANCELLED and record.ended_elsewhere
    clock.now += 10
    tracker.poll()
    assert stops.sent == []


def test_success_then_the_recording_to_done(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, store, _clock = rig
    tracker.setUndoSeconds(0)
    ask(tracker)
    stops.answer("a")
    stops.stopSucceeded.emit("a", StopResult("whatever words", True, "{}"))
    record = tracker.record("a")
    assert record is not None and record.state is S.STOPPED and record.answer_seen
    status(store, "a", "Recording", 3)
    assert tracker.state("a") is S.STOPPED
    status(store, "a", "Completed", 4)
    record = tracker.record("a")
    assert record is not None and record.state is S.DONE and record.final_status == "Completed"


@pytest.mark.parametrize("words", ["", "Following the recording…", "Stop refused", "Not stopped"])
def test_wording_never_decides_a_state(rig: tuple[StopTracker, FakeStops, StatusStore, Clock], words: str) -> None:
    """Messages are display only: any text (even misleading) gives the same transitions."""
    tracker, stops, store, _clock = rig
    tracker.setUndoSeconds(0)
    ask(tracker, "a")
    stops.answer("a")
    stops.stopFailed.emit("a", ErrorReport(words, words, status=400))
    assert tracker.state("a") is S.REFUSED
    ask(tracker, "b")
    stops.answer("b")
    stops.stopFailed.emit("b", ErrorReport(words, words))
    assert tracker.state("b") is S.NOT_SENT
    ask(tracker, "b")
    stops.answer("b")
    stops.stopUncertain.emit("b", ErrorReport(words, words))
    assert tracker.state("b") is S.UNKNOWN and tracker.guard("b") is StopGuard.CONFIRM_AGAIN
    stops.stopChecked.emit("b", StopCheck("b", store.asset("b"), None, 2.0, 4.0))
    assert tracker.state("b") is S.UNKNOWN
    stops.stopReconciled.emit("b", StopOutcome("b", False, store.asset("b"), words, settled=True))
    assert tracker.state("b") is S.NOT_STOPPED
    status(store, "b", "Stopped", 3)  # the server applied it after all: the headline follows the truth
    assert tracker.state("b") is S.CONFIRMED_STOPPED
    status(store, "b", "Completed", 4)
    assert tracker.state("b") is S.DONE


def test_unknown_stays_unknown_when_no_read_back_worked(
        rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, store, _clock = rig
    tracker.setUndoSeconds(0)
    ask(tracker)
    stops.answer("a")
    stops.stopUncertain.emit("a", ErrorReport("t", "m"))
    record = tracker.record("a")
    assert record is not None and record.following
    stops.stopReconciled.emit("a", StopOutcome("a", False, None, "m", settled=False))
    record = tracker.record("a")
    assert record is not None and record.state is S.UNKNOWN and not record.following
    assert tracker.guard("a") is StopGuard.CONFIRM_AGAIN
    status(store, "a", "Stopped", 3)
    assert tracker.state("a") is S.CONFIRMED_STOPPED


def test_undoing_a_second_stop_goes_back_to_the_unknown_one(
        rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, _clock = rig
    tracker.setUndoSeconds(0)
    ask(tracker)
    stops.answer("a")
    stops.stopUncertain.emit("a", ErrorReport("t", "m"))
    tracker.setUndoSeconds(5)
    assert ask(tracker)  # the user confirmed again, knowing the first may have gone through
    assert tracker.state("a") is S.COUNTDOWN
    tracker.undo("a")
    assert tracker.state("a") is S.UNKNOWN and len(stops.sent) == 1
    ask(tracker)
    tracker.sendNow("a")
    record = tracker.record("a")
    assert record is not None and record.after_unknown and record.previous is None and len(stops.sent) == 2


def test_a_late_answer_after_the_truth_does_not_move_it_back(
        rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, store, _clock = rig
    tracker.setUndoSeconds(0)
    ask(tracker)
    stops.answer("a")
    stops.stopUncertain.emit("a", ErrorReport("t", "m"))
    status(store, "a", "Stopped", 3)
    stops.stopReconciled.emit("a", StopOutcome("a", False, None, "m", settled=True))
    assert tracker.state("a") is S.CONFIRMED_STOPPED


def test_a_removed_stream_is_forgotten(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, _stops, store, _clock = rig
    ask(tracker)
    store.forget("a")
    assert tracker.record("a") is None and tracker.countdowns() == []


def test_held_countdowns_do_not_run_out(rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, _store, clock = rig
    ask(tracker)
    clock.now += 2
    tracker.holdCountdowns(True)
    clock.now += 60
    tracker.poll()
    assert stops.sent == [] and tracker.remaining("a") == pytest.approx(3.0)
    tracker.holdCountdowns(False)
    assert tracker.remaining("a") == pytest.approx(3.0)
    clock.now += 3.1
    tracker.poll()
    assert stops.sent == [("a", None)]


def test_the_truth_arriving_during_a_second_countdown_answers_the_first_stop(
        rig: tuple[StopTracker, FakeStops, StatusStore, Clock]) -> None:
    tracker, stops, store, clock = rig
    tracker.setUndoSeconds(0)
    ask(tracker)
    stops.answer("a")
    stops.stopUncertain.emit("a", ErrorReport("t", "m"))
    tracker.setUndoSeconds(5)
    ask(tracker)  # stop again, confirmed; counting down
    status(store, "a", "Stopped", 3)  # the first one went through after all
    record = tracker.record("a")
    assert record is not None and record.state is S.CONFIRMED_STOPPED and not record.ended_elsewhere
    clock.now += 10
    tracker.poll()
    assert len(stops.sent) == 1  # the second was never sent
