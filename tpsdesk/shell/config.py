"""Start-up settings and their precedence: flags > environment > defaults.

The token is read from ``TPSDESK_TOKEN`` only: a command-line flag would show
it in process lists and shell history.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tpsdesk import __version__
from tpsdesk.accounts.profiles import ORG_ID_RULE, is_valid_org_id
from tpsdesk.domain.server import DEFAULT_BASE_URL, DEFAULT_SERVER_TZ, check_base_url

DEMO_ORG = "demo-org"
DEMO_TOKEN = "demo-token-not-a-secret"


class ConfigError(ValueError):
    """A setting that cannot be used; the text says how to fix it."""


@dataclass(frozen=True, slots=True)
class AppConfig:
    demo: bool
    base_url: str
    org_id: str
    token: str = field(repr=False)
    server_tz_name: str = DEFAULT_SERVER_TZ
    demo_streams: int = 60
    refresh_interval_s: float = 20.0
    poll_interval_s: float = 3.0
    self_test: bool = False
    # Accounts: which of base_url/org/server_tz/token came from flags or the environment
    # (they beat a saved profile), and the profile asked for with --profile.
    given: frozenset[str] = frozenset()
    profile: str | None = None
    # Webhooks (issue 3): the receiver runs in the demo or when a --webhook-* flag is given.
    webhooks: bool = False
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 0
    webhook_public_url: str | None = None

    @property
    def server_tz(self) -> ZoneInfo:
        return ZoneInfo(self.server_tz_name)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tpsdesk",
        description="Desktop control panel for TPStreams live streams. "
        "The API token is read from the TPSDESK_TOKEN environment variable.",
    )
    parser.add_argument("--version", action="version", version=f"tpsdesk {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="run against a built-in simulated TPStreams server (no account needed)")
    parser.add_argument("--demo-streams", type=int, default=60, metavar="N",
                        help="how many streams the demo server holds (default 60, up to 10000)")
    parser.add_argument("--base-url", help=f"server address (default {DEFAULT_BASE_URL}; "
                        "env TPSDESK_BASE_URL; http only for 127.0.0.1/localhost)")
    parser.add_argument("--org", help="organization id (env TPSDESK_ORG)")
    parser.add_argument("--profile", help="open this saved profile (default: the last one used)")
    parser.add_argument("--server-tz", help="time zone the server writes its times in "
                        f"(default {DEFAULT_SERVER_TZ}; env TPSDESK_SERVER_TZ)")
    parser.add_argument("--refresh", type=float, default=20.0, metavar="SECONDS",
                        help="auto-refresh interval for the list, at least 5, 0 to turn off (default 20)")
    parser.add_argument("--webhook-port", type=int, metavar="PORT",
                        help="run the webhook receiver on this port (default: off; any free port in --demo)")
    parser.add_argument("--webhook-host", metavar="HOST",
                        help="address the receiver listens on (default 127.0.0.1; others may prompt a firewall)")
    parser.add_argument("--webhook-public-url", metavar="URL",
                        help="https address that reaches the receiver's port (a tunnel or proxy); "
                        "the app registers its webhook there")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    return parser


MIN_REFRESH_S = 5.0


def _refresh_interval(seconds: float) -> float:
    """0 (or less) turns auto-refresh off; anything else at least every 5 s, not a reload storm."""
    return 0.0 if seconds <= 0 else max(MIN_REFRESH_S, seconds)


def load_config(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    env = os.environ if env is None else env
    args = build_parser().parse_args(argv)
    tz_name = args.server_tz or env.get("TPSDESK_SERVER_TZ") or DEFAULT_SERVER_TZ
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"Unknown time zone {tz_name!r}; use a name like Asia/Kolkata or UTC.") from exc
    if not 1 <= args.demo_streams <= 10_000:
        raise ConfigError("--demo-streams must be between 1 and 10000.")
    common = dict(server_tz_name=tz_name, demo_streams=args.demo_streams,
                  refresh_interval_s=_refresh_interval(args.refresh), self_test=args.self_test,
                  **_webhook_settings(args))
    if args.demo or args.self_test:
        # The in-process simulator's address is known only once it listens.
        return AppConfig(demo=True, base_url="", org_id=DEMO_ORG, token=DEMO_TOKEN,
                         poll_interval_s=1.0, **common)  # type: ignore[arg-type]
    given_base = args.base_url or env.get("TPSDESK_BASE_URL")
    try:
        base_url = check_base_url(given_base or DEFAULT_BASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    # Org and token may be missing: a saved profile, the keychain or the sign-in dialog fill them in.
    org = args.org or env.get("TPSDESK_ORG") or ""
    if org and not is_valid_org_id(org):
        raise ConfigError(ORG_ID_RULE)  # it goes into URL paths
    token = env.get("TPSDESK_TOKEN", "").strip()
    given = {name for name, value in (("base_url", given_base), ("org", org), ("token", token),
                                      ("server_tz", args.server_tz or env.get("TPSDESK_SERVER_TZ")))
             if value}
    return AppConfig(demo=False, base_url=base_url, org_id=org, token=token, given=frozenset(given),
                     profile=args.profile, **common)  # type: ignore[arg-type]


def _webhook_settings(args: argparse.Namespace) -> dict[str, object]:
    public = args.webhook_public_url
    if public:
        try:
            # Only https leaves this machine; TPStreams posts the secret in a header.
            public = check_base_url(public)
        except ValueError as exc:
            raise ConfigError(f"--webhook-public-url: {exc}") from exc
    if args.webhook_port is not None and not 0 <= args.webhook_port <= 65535:
        raise ConfigError("--webhook-port must be between 0 and 65535.")
    wanted = bool(args.demo and not args.self_test) or any(
        v is not None for v in (args.webhook_port, args.webhook_host, public))
    return dict(webhooks=wanted, webhook_host=args.webhook_host or "127.0.0.1",
                webhook_port=args.webhook_port or 0, webhook_public_url=public or None)
