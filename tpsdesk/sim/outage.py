"""A server that goes away and comes back, its state kept (issue 9, item 4).

Going away closes the listening socket (new connections are refused) and drops
every open connection (keep-alive ones included), so a client sees what it
would see when a real server dies: connection refused or reset. Coming back
listens on the same port again; streams, tokens and webhooks are as they were.
"""

from __future__ import annotations

from aiohttp import web


class Outage:
    """The listening site of a running simulator, which can be taken down and put back."""

    def __init__(self) -> None:
        self.gone = False
        self._site: web.TCPSite | None = None

    def attach(self, site: web.TCPSite) -> None:
        self._site = site

    async def go_away(self, runner: web.AppRunner) -> None:
        if self.gone:
            return
        self.gone = True
        if self._site is not None:
            await self._site.stop()
            self._site = None
        server = runner.server
        for handler in list(server.connections if server is not None else ()):
            transport = handler.transport
            if transport is not None:
                transport.abort()  # a reset, as from a dead host's kernel

    async def come_back(self, runner: web.AppRunner, host: str, port: int) -> None:
        if not self.gone:
            return
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._site = site
        self.gone = False

    @staticmethod
    def refuse(request: web.Request) -> web.StreamResponse:
        """A request that slipped in on an old connection while gone: reset it, answer nothing."""
        if request.transport is not None:
            request.transport.abort()
        raise ConnectionResetError("simulator is away")
