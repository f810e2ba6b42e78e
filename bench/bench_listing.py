"""How much listing 10,000 streams costs beyond the bytes: parsing, and the whole client.

    .venv/bin/python bench/bench_listing.py [--streams 10000]

Floors are measured in the same run, so the printed ratios mean the same on any
machine: parsing is compared with ``json.loads`` of the same pages, and the
client's concurrent listing with fetching the same pages' bytes one by one.
Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable

import httpx

from tpsdesk.domain.models import parse_asset_page
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.sim import SimConfig, SimServer

ORG, TOKEN = "bench-org", "bench-token"


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


async def main(streams: int) -> None:
    async with SimServer(SimConfig(stream_count=streams, org_id=ORG, token=TOKEN, lifecycle=False,
                                   random_disconnects=False, quirks=True)) as sim:
        headers = {"Authorization": f"Token {TOKEN}"}
        url = f"{sim.base_url}/api/v1/{ORG}/assets/live_streams/"
        async with httpx.AsyncClient(headers=headers) as raw:
            started = time.perf_counter()
            bodies = [(await raw.get(url, params={"limit": 100, "offset": o})).content
                      for o in range(0, streams, 100)]
            fetch_floor = time.perf_counter() - started
        decoded = [json.loads(b) for b in bodies]
        json_floor = best_of(3, lambda: [json.loads(b) for b in bodies])
        parse = best_of(3, lambda: [parse_asset_page(d) for d in decoded])
        worst_page = max(best_of(3, lambda d=d: parse_asset_page(d)) for d in decoded[:5])

        client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=30)
        listing_times = []
        for _ in range(3):
            started = time.perf_counter()
            listing = await client.list_live_streams()
            listing_times.append(time.perf_counter() - started)
        await client.aclose()
        assert len(listing.assets) + len(listing.problems) == streams

    print(f"streams: {streams} in {len(bodies)} pages of 100")
    print(f"floor json.loads of all pages:      {json_floor * 1000:8.1f} ms")
    ratio = parse / json_floor
    print(f"parse_asset_page of all pages:      {parse * 1000:8.1f} ms  = {ratio:5.2f}x the json floor")
    print(f"one page parsed (event loop hold):  {worst_page * 1000:8.1f} ms  "
          f"= {worst_page / (json_floor / len(bodies)):5.2f}x one page's json")
    print(f"floor sequential raw page fetches:  {fetch_floor * 1000:8.1f} ms")
    median = statistics.median(listing_times)
    print(f"client.list_live_streams (median):  {median * 1000:8.1f} ms  = {median / fetch_floor:5.2f}x fetch floor")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().streams))
