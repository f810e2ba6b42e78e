"""Start-up settings and their precedence: flags > environment > defaults.

The token is read from ``TPSDESK_TOKEN`` only: a command-line flag would show
it in process lists and shell history.

Every flag and variable goes through the checks in ``domain.checks`` and
``domain.server`` (the same ones saved profiles and the sign-in form use); a
bad one is a ``ConfigError`` with one line that names the flag or variable.
argparse's own errors become ``ConfigError`` too, so ``main`` reports every
bad start the same way: one line, a dialog, exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NoReturn, TypeVar
from zoneinfo import ZoneInfo

from tpsdesk import __version__
from tpsdesk.accounts.profiles import ORG_ID_RULE, is_valid_org_id
from tpsdesk.domain.checks import check_host, check_port, check_refresh_interval, check_token, check_zone
from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.server import DEFAULT_BASE_URL, DEFAULT_SERVER_TZ, check_base_url

T = TypeVar("T")
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
    # Qt's own options (-platform offscreen, -style …), handed to QApplication as they came.
    qt_args: tuple[str, ...] = ()

    @property
    def server_tz(self) -> ZoneInfo:
        return ZoneInfo(self.server_tz_name)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse would print the usage and exit; one line and the dialog are what a user sees instead.
        raise ConfigError(f"{message[0].upper()}{message[1:]} (see tpsdesk --help).")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tpsdesk",
        description="Desktop control panel for TPStreams live streams. "
        "The API token is read from the TPSDESK_TOKEN environment variable.",
    )
    parser.add_argument("--version", action="version", version=f"tpsdesk {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="run against a built-in simulated TPStreams server (no account needed)")
    parser.add_argument("--demo-streams", default="60", metavar="N",
                        help="how many streams the demo server holds (default 60, up to 10000)")
    parser.add_argument("--base-url", help=f"server address (default {DEFAULT_BASE_URL}; "
                        "env TPSDESK_BASE_URL; http only for 127.0.0.1/localhost)")
    parser.add_argument("--org", help="organization id (env TPSDESK_ORG)")
    parser.add_argument("--profile", help="open this saved profile (default: the last one used)")
    parser.add_argument("--server-tz", help="time zone the server writes its times in "
                        f"(default {DEFAULT_SERVER_TZ}; env TPSDESK_SERVER_TZ)")
    parser.add_argument("--refresh", default="20", metavar="SECONDS",
                        help="auto-refresh interval for the list, 5 to 86400, 0 to turn off (default 20)")
    parser.add_argument("--webhook-port", metavar="PORT",
                        help="run the webhook receiver on this port (default: off; any free port in --demo)")
    parser.add_argument("--webhook-host", metavar="HOST",
                        help="address the receiver listens on (default 127.0.0.1; others may prompt a firewall)")
    parser.add_argument("--webhook-public-url", metavar="URL",
                        help="https address that reaches the receiver's port (a tunnel or proxy); "
                        "the app registers its webhook there")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    return parser


def _checked(what: str, check: Callable[[str], T], value: str) -> T:
    """``check(value)``, its ValueError turned into a ConfigError naming the flag or variable."""
    try:
        return check(value)
    except ValueError as exc:
        raise ConfigError(f"{what}: {exc}") from None


# Qt's standard command-line options (QApplication/QGuiApplication docs) that a user or an
# installer may pass; with a value unless listed as a switch. Anything else single-dashed is refused.
_QT_VALUED = frozenset({"platform", "platformpluginpath", "platformtheme", "plugin", "style", "stylesheet",
                        "qwindowgeometry", "qwindowtitle", "qwindowicon", "display", "session"})
_QT_SWITCHES = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """(our arguments, Qt's options). ``-platform offscreen`` matters on Wine, which drops QT_* variables."""
    ours: list[str] = []
    qt: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        name = item[1:].split("=", 1)[0]
        if item.startswith("-") and not item.startswith("--") and (name in _QT_VALUED or name in _QT_SWITCHES):
            qt.append(item)
            if name in _QT_VALUED and "=" not in item:
                if i + 1 >= len(items) or items[i + 1].startswith("-"):
                    raise ConfigError(f"Qt's option {item} needs a value (e.g. {item} offscreen).")
                qt.append(items[i + 1])
                i += 1
        else:
            ours.append(item)
        i += 1
    return ours, tuple(qt)


def load_config(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    env = os.environ if env is None else env
    ours, qt_args = split_qt_options(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(ours)
    if args.server_tz is not None:  # an empty --server-tz "" is a mistake, not the default
        tz_name = _checked("--server-tz", check_zone, args.server_tz)
    elif env.get("TPSDESK_SERVER_TZ"):
        tz_name = _checked("TPSDESK_SERVER_TZ", check_zone, env["TPSDESK_SERVER_TZ"])
    else:
        tz_name = DEFAULT_SERVER_TZ
    demo_streams = args.demo_streams.strip()
    if not demo_streams.isdigit() or not 1 <= int(demo_streams) <= 10_000:
        raise ConfigError("--demo-streams must be a whole number between 1 and 10000.")
    try:
        refresh = check_refresh_interval(args.refresh)
    except ValueError as exc:
        raise ConfigError(f"--refresh {exc}") from None
    common = dict(server_tz_name=tz_name, demo_streams=int(demo_streams),
                  refresh_interval_s=refresh, self_test=args.self_test, qt_args=qt_args,
                  **_webhook_settings(args))
    if args.demo or args.self_test:
        # The in-process simulator's address is known only once it listens.
        return AppConfig(demo=True, base_url="", org_id=DEMO_ORG, token=DEMO_TOKEN,
                         poll_interval_s=1.0, **common)  # type: ignore[arg-type]
    given_base = args.base_url or env.get("TPSDESK_BASE_URL")
    base_source = "--base-url" if args.base_url else "TPSDESK_BASE_URL"
    base_url = _checked(base_source, check_base_url, given_base) if given_base else DEFAULT_BASE_URL
    # Org and token may be missing: a saved profile, the keychain or the sign-in dialog fill them in.
    org = args.org or env.get("TPSDESK_ORG") or ""
    if org and not is_valid_org_id(org):
        # It goes into URL paths; never quoted (it may be anything).
        raise ConfigError(f"{'--org' if args.org else 'TPSDESK_ORG'}: {ORG_ID_RULE}")
    token = env.get("TPSDESK_TOKEN", "")
    token = _checked("TPSDESK_TOKEN", check_token, token) if token.strip() else ""
    given = {name for name, value in (("base_url", given_base), ("org", org), ("token", token),
                                      ("server_tz", args.server_tz or env.get("TPSDESK_SERVER_TZ")))
             if value}
    return AppConfig(demo=False, base_url=base_url, org_id=org, token=token, given=frozenset(given),
                     profile=args.profile, **common)  # type: ignore[arg-type]


def check_profile_choice(config: AppConfig, saved_names: Sequence[str]) -> None:
    """``--profile NAME`` must name a saved profile, unless it names a new one for a given org.

    Otherwise a typo would silently open a sign-in form for a new profile called the typo.
    """
    name = config.profile
    if config.demo or name is None or name in saved_names or (config.org_id and "org" in config.given):
        return
    shown = f"there is no saved profile named “{printable(name, 60)}”"
    if not saved_names:
        raise ConfigError(f"--profile: {shown}; there are no saved profiles yet "
                          "(start without --profile to sign in and create one).")
    names = ", ".join(f"“{printable(n, 60)}”" for n in sorted(saved_names, key=str.casefold))
    raise ConfigError(f"--profile: {shown}; the saved profiles are {names}.")


def _webhook_settings(args: argparse.Namespace) -> dict[str, object]:
    public = args.webhook_public_url
    if public:
        try:
            # Only https leaves this machine; TPStreams posts the secret in a header.
            public = check_base_url(public)
        except ValueError as exc:
            raise ConfigError(f"--webhook-public-url: {exc}") from exc
    port = None if args.webhook_port is None else _checked("--webhook-port", check_port, args.webhook_port)
    host = None if args.webhook_host is None else _checked("--webhook-host", check_host, args.webhook_host)
    wanted = bool(args.demo and not args.self_test) or any(v is not None for v in (port, host, public))
    return dict(webhooks=wanted, webhook_host=host or "127.0.0.1",
                webhook_port=port or 0, webhook_public_url=public or None)
