"""What to open first: the demo, or flags > environment > the saved profile, and its token.

A stored token is reused as is (a rejected one comes back as a 401 and the re-sign-in
prompt); only when there is none does the sign-in dialog open. The keychain is read off
the Qt thread (``off_loop``): it may ask the user to unlock it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tpsdesk.accounts.profiles import ORG_ID_RULE, Profile, is_valid_org_id, resolve_start
from tpsdesk.accounts.vault import TokenVault, off_loop
from tpsdesk.domain.checks import token_problem
from tpsdesk.shell.config import AppConfig
from tpsdesk.shell.demo import DemoAccount
from tpsdesk.shell.settings import AppSettings


@dataclass(frozen=True, slots=True)
class FirstOpen:
    profile: Profile | None  # what the sign-in form is pre-filled with when there is no token
    token: str = field(default="", repr=False)  # empty: ask to sign in
    notice: str = ""  # why the form is asking (an organization id that cannot be used, a bad saved value)


async def first_open(config: AppConfig, settings: AppSettings, vault: TokenVault,
                     demo: DemoAccount | None = None) -> FirstOpen:
    if demo is not None:
        return FirstOpen(demo.profile, demo.token)
    base_url = config.base_url if "base_url" in config.given else None
    server_tz = config.server_tz_name if "server_tz" in config.given else None
    org = config.org_id if "org" in config.given else None
    if org is not None and not is_valid_org_id(org):
        # --org / TPSDESK_ORG that cannot go into a URL: say so, and ask rather than guess
        # (no saved profile, no token); the server and profile name still pre-fill the form.
        blank = resolve_start([], profile_name=config.profile, base_url=base_url, server_tz=server_tz)
        return FirstOpen(blank.profile, notice=ORG_ID_RULE)
    plan = resolve_start(settings.profiles(), last_profile=settings.last_profile(),
                         profile_name=config.profile, base_url=base_url, org_id=org, server_tz=server_tz,
                         env_token=config.token if "token" in config.given else "")
    profile = plan.profile
    # Saved values that failed their checks were replaced by defaults: the form says so (issue 10).
    notice = " ".join(p.message for p in settings.problems_of(profile.name)) if profile else ""
    if profile is None or not profile.org_id:
        return FirstOpen(profile, notice=notice)
    if plan.env_token:
        return FirstOpen(profile, plan.env_token)
    stored = await off_loop(_token_lookup(vault, profile.vault_key))
    problem = token_problem(stored) if stored else None
    if problem is not None:  # a keychain entry that cannot go into a header: never sent, never quoted
        return FirstOpen(profile, notice=f"The keychain's token for {profile.org_label}: {problem}. {notice}".strip())
    return FirstOpen(profile, stored or "", notice=notice)


async def signed_in_elsewhere(settings: AppSettings, vault: TokenVault, *, besides: Profile | None) -> Profile | None:
    """The first saved profile other than ``besides`` whose token is in the vault."""
    for profile in settings.profiles():
        if besides is not None and profile.name == besides.name:
            continue
        if await off_loop(_token_lookup(vault, profile.vault_key)):
            return profile
    return None


def _token_lookup(vault: TokenVault, key: str) -> Callable[[], str | None]:
    return lambda: vault.get(key)
