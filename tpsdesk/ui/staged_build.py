"""Building in parts: what would hold the event loop ~65 ms at once, a few ms per turn instead.

The parts are a generator that yields between them. :meth:`StagedBuild.finish` runs what
is left at once (a caller that needs the result now); :meth:`StagedBuild.runInTurns`
runs one part per event-loop turn, so input, answers and repaints come in between.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Generator, Iterable

from PySide6.QtCore import QObject

from tpsdesk.ui.next_turn import NextTurn

Parts = Generator[None, None, None]


class StagedBuild:
    def __init__(self, parts: Callable[[], Parts], *, stop_if: Callable[[], bool] = lambda: False) -> None:
        """``parts`` makes the generator (called at the first step); ``stop_if``: build nothing more once true."""
        self._make = parts
        self._parts: Parts | None = None
        self._stop_if = stop_if
        self._done = False
        self._running = False
        self._failed = False  # a part raised: the build stays incomplete, and is not run again

    def isDone(self) -> bool:
        return self._done

    def step(self) -> bool:
        """Run the next part. False when nothing is left, nothing more may be built, a part failed,
        or when asked from inside one of its own parts (that part is running: it goes on after)."""
        if self._done or self._failed or self._running or self._stop_if():
            return False
        if self._parts is None:
            self._parts = self._make()
        self._running = True
        try:
            next(self._parts)
        except StopIteration:
            self._done = True
            return False
        except BaseException:
            self._failed = True
            raise
        finally:
            self._running = False
        return True

    def finish(self) -> None:
        """Everything that is left, now (from inside one of its parts: nothing; that part's
        driver goes on)."""
        while self.step():
            pass

    def runInTurns(self, context: QObject) -> None:
        """A part now and one per event-loop turn after it, on a zero-time timer of ``context`` (none
        fires once it is deleted). A timer, not a queued call: queued calls run before the repaints
        waiting in the queue, so each part's repaint was added to the next part's turn; nor in a
        turn that began with a repaint of ``context``'s window (:mod:`tpsdesk.ui.next_turn`). A
        turn that comes while a part runs (a nested event loop) waits for the next."""
        if not (self._running or self.step()):
            return
        turns: NextTurn

        def turn() -> None:
            more = False
            try:
                more = self._running or self.step()
            finally:  # a part that raised ends the build: its timer goes too
                if more:
                    turns.start()
                else:
                    turns.deleteLater()

        # Started again after each part (a repeating zero-time timer fired twice in a row).
        turns = NextTurn(context, turn)
        turns.start()


def imports(modules: Iterable[str]) -> Parts:
    """A part per module: what a build needs imported a module per turn (each ~1–4 ms)."""
    for name in modules:
        importlib.import_module(name)
        yield
