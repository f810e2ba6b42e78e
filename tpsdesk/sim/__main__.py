"""``python -m tpsdesk.sim``: run the simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Sequence

from .config import SimConfig
from .server import SimServer


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tpsdesk-sim", description="Local TPStreams API simulator (loopback only)."
    )
    p.add_argument("--streams", type=int, default=200, help="number of seeded live streams (max 10000)")
    p.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 picks a free one)")
    p.add_argument("--org", default="demo-org", help="organization id used in the paths")
    p.add_argument("--token", default="demo-token", help="API token the simulator accepts")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--server-tz", default="Asia/Kolkata", help="zone the naive times are written in")
    p.add_argument("--no-lifecycle", action="store_true", help="freeze the sped-up clock")
    p.add_argument("--no-disconnects", action="store_true", help="no random Streaming/Disconnected flips")
    p.add_argument("--no-quirks", action="store_true", help="clean, uniform asset JSON")
    p.add_argument("--malformed-every", type=int, default=None, metavar="N",
                   help="make every Nth listed asset structurally wrong")
    p.add_argument("--rate-limit", type=float, default=None, metavar="PER_S", help="throttle above this rate")
    p.add_argument("-v", "--verbose", action="store_true", help="log requests and webhook deliveries")
    return p


def config_from_args(args: argparse.Namespace) -> SimConfig:
    return SimConfig(
        stream_count=args.streams, org_id=args.org, token=args.token, seed=args.seed,
        server_tz=args.server_tz, lifecycle=not args.no_lifecycle,
        random_disconnects=not args.no_disconnects, quirks=not args.no_quirks,
        malformed_every=args.malformed_every, rate_limit_per_s=args.rate_limit,
    )


async def serve(config: SimConfig, port: int) -> None:
    sim = SimServer(config)
    await sim.start("127.0.0.1", port)
    try:
        user = next(iter(config.users), None)
        print(f"TPStreams simulator running at {sim.base_url}", flush=True)
        print(f"  organization: {config.org_id}")
        print(f"  token:        {config.token}  (a demo token for this simulator, not a real credential)")
        if user:
            print(f"  login:        {user} / {config.users[user]}  (fake demo account)")
        print(f"  streams:      {len(sim.world)}, times in {config.server_tz}")
        print("Press Ctrl-C to stop.", flush=True)
        await asyncio.Event().wait()  # until Ctrl-C cancels us
    finally:
        await sim.stop()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(message)s")
    try:
        config = config_from_args(args)
    except ValueError as exc:
        print(f"tpsdesk-sim: {exc}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        try:
            asyncio.run(serve(config, args.port))
        except OSError as exc:  # port taken, most likely
            print(f"tpsdesk-sim: cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
            return 1
    print("Simulator stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
