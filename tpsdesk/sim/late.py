"""A late server: a stop whose answer is lost and which the backend applies seconds later.

Seen on real deployments behind a proxy: the proxy gives up (a time-out or a 502)
while the backend is still working, and the stream ends a little later. Armed per
stream with :meth:`SimServer.arm_late_stop`; the next stop of that stream

* is answered with a 502 page at once (``answer="502"``) or never answered in time
  (``answer="timeout"``: held until the apply, past any sane client time-out);
* is applied ``apply_after_s`` seconds after it arrived, with the body it carried
  (a trim the rules refuse is then simply not applied, as a crashed worker would);
* with ``readbacks_hang=True``, reads of that stream hang too until the stop is applied
  (the whole server is stuck, not only the stop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from .paths import segments

log = logging.getLogger("tpsdesk.sim")

LATE_ANSWERS = ("timeout", "502")


@dataclass
class LateStop:
    asset_id: str
    apply_after_s: float
    answer: str
    readbacks_hang: bool
    applied: asyncio.Event = field(default_factory=asyncio.Event)
    received: bool = False


class LateStops:
    """The armed late stops, and the holding of answers they need."""

    def __init__(self, apply: Callable[[str, web.Request, bytes], None],
                 closing: Callable[[], asyncio.Event]) -> None:
        self._apply = apply  # (asset id, the stop request, its body) -> None; raises to refuse
        self._closing = closing
        self._armed: dict[str, LateStop] = {}
        self._timers: list[asyncio.TimerHandle] = []

    def arm(self, asset_id: str, apply_after_s: float, answer: str, readbacks_hang: bool) -> None:
        if answer not in LATE_ANSWERS:
            raise ValueError(f"answer must be one of {LATE_ANSWERS}")
        if apply_after_s < 0:
            raise ValueError("apply_after_s must be >= 0")
        self._armed[asset_id] = LateStop(asset_id, apply_after_s, answer, readbacks_hang)

    def clear(self) -> None:
        self._armed.clear()
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

    def _target(self, request: web.Request) -> tuple[LateStop, bool] | None:
        """(the late stop, is this the stop itself) for a request it concerns."""
        parts = segments(request)
        if request.method == "POST" and parts[-1:] == ["stop_live_stream"] and len(parts) >= 2:
            late = self._armed.get(parts[-2])
            if late is not None and not late.received:
                return late, True
        if request.method == "GET" and len(parts) >= 2 and parts[-2] == "assets":
            late = self._armed.get(parts[-1])
            if late is not None and late.received and late.readbacks_hang and not late.applied.is_set():
                return late, False
        return None

    async def intercept(self, request: web.Request, body: bytes) -> web.StreamResponse | None:
        """The response for a request a late stop concerns; None to serve it normally."""
        target = self._target(request)
        if target is None:
            return None
        late, is_stop = target
        if not is_stop:  # a read-back while the server is stuck: answered only once the stop is done
            await self._hold(late)
            return None
        late.received = True
        loop = asyncio.get_running_loop()
        self._timers.append(loop.call_later(late.apply_after_s, self._apply_now, late, request, body))
        if late.answer == "502":
            return web.Response(status=502, text="<html><title>502 Bad Gateway</title><body>nginx</body></html>",
                                content_type="text/html")
        await self._hold(late)
        return web.Response(status=504, text="<html><title>504 Gateway Time-out</title></html>",
                            content_type="text/html")

    def _apply_now(self, late: LateStop, request: web.Request, body: bytes) -> None:
        self._armed.pop(late.asset_id, None)
        try:
            self._apply(late.asset_id, request, body)
        except Exception as exc:  # the stop the backend finally ran was refused (e.g. its trim)
            log.info("late stop of %s not applied: %s", late.asset_id, exc)
        late.applied.set()

    async def _hold(self, late: LateStop) -> None:
        closing = self._closing()
        waits = [asyncio.ensure_future(late.applied.wait()), asyncio.ensure_future(closing.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await wait
