"""The P3 probe's server side, in a process of its own: the simulator and the webhook sender.

    python bench/p3_server.py STREAMS ORG TOKEN     (started by p3_probe.py)

In the probe's process, on a thread, the simulator's Python work (serving 100 pages,
sending 1,000 webhooks) competed with the app for the interpreter lock. Every call from
Qt into Python while painting had to take the lock back: measured here, a repaint of the
list went from 2.4 ms to 30 ms of the main thread's CPU time while another Python thread
was busy. A real server is another machine; so is this one, as far as the lock goes.

Commands come as JSON lines on stdin, each answered with one JSON line on stdout:
``{"edit": [ids]}`` appends " (edited)" to those titles; ``{"burst": {...}}`` delivers
webhooks (the assets as the server holds them, retitled) and answers when all are in;
``{"stop": true}`` ends it. The first line out is ``{"base_url": ...}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from tpsdesk.sim import SimConfig, SimServer


async def burst(sim: SimServer, order: dict[str, Any]) -> int:
    import httpx

    bodies = [json.dumps({**sim.world.asset(asset_id), "title": f"webhook {n}"}).encode()
              for n, asset_id in enumerate(order["ids"])]
    gate = asyncio.Semaphore(16)
    async with httpx.AsyncClient(base_url=order["base"], timeout=30) as client:
        async def send(body: bytes) -> int:
            async with gate:
                response = await client.post(order["path"], content=body, headers={"x-streams-token": order["secret"]})
                return response.status_code

        codes = await asyncio.gather(*(send(b) for b in bodies))
    return sum(1 for code in codes if code < 300)


async def serve(streams: int, org: str, token: str) -> None:
    sim = SimServer(SimConfig(stream_count=streams, org_id=org, token=token, lifecycle=False,
                              random_disconnects=False, quirks=True))
    base_url = await sim.start("127.0.0.1", 0)
    loop = asyncio.get_running_loop()
    print(json.dumps({"base_url": base_url}), flush=True)
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return
            order = json.loads(line)
            if "edit" in order:
                for asset_id in order["edit"]:
                    sim.world.get(asset_id).title += " (edited)"
                answer: dict[str, Any] = {"edited": len(order["edit"])}
            elif "burst" in order:
                answer = {"delivered": await burst(sim, order["burst"])}
            else:
                return
            print(json.dumps(answer), flush=True)
    finally:
        await sim.stop()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
