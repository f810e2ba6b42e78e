"""Profiles (one per organization and server) and the start-up precedence.

flags > environment (``TPSDESK_TOKEN``, ``TPSDESK_BASE_URL``, ``TPSDESK_ORG``) >
saved profile > defaults. A profile holds nothing secret: its token lives in
the keychain under :meth:`Profile.vault_key`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tpsdesk.domain.server import DEFAULT_BASE_URL, DEFAULT_SERVER_TZ

# The organization id goes into URL paths (``/api/v1/<org>/...``): nothing that could
# add a path segment, a query or a fragment.
_ORG_ID = re.compile(r"[A-Za-z0-9_-]+")
ORG_ID_RULE = ("The organization id may contain only letters, digits, '-' and '_' "
               "(copy it from the TPStreams dashboard's URL).")


class InvalidOrgId(ValueError):
    """An organization id that must not go into a URL; the message never quotes it."""

    def __init__(self) -> None:
        super().__init__(ORG_ID_RULE)


def is_valid_org_id(org_id: str) -> bool:
    return _ORG_ID.fullmatch(org_id) is not None


def check_org_id(org_id: str) -> str:
    """``org_id`` if it is safe in a URL path, else :class:`InvalidOrgId`."""
    if not is_valid_org_id(org_id):
        raise InvalidOrgId()
    return org_id


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    org_id: str
    base_url: str = DEFAULT_BASE_URL
    server_tz: str = DEFAULT_SERVER_TZ
    org_name: str = ""  # as the server names it, for the title bar
    email: str = ""  # remembered to pre-fill the sign-in form; not a secret

    def __post_init__(self) -> None:
        # Empty: not chosen yet (the sign-in form asks). Anything else must be URL-safe.
        if self.org_id:
            check_org_id(self.org_id)

    @property
    def vault_key(self) -> str:
        # Tokens belong to an organization on a server, whatever the profile is called.
        return f"{self.base_url.rstrip('/')}|{self.org_id}"

    @property
    def org_label(self) -> str:
        """How windows and the stop confirmation name the organization."""
        if self.org_name and self.org_name != self.org_id:
            return f"{self.org_name} ({self.org_id})"
        return self.org_id

    def with_org_name(self, name: str) -> Profile:
        return replace(self, org_name=name)


@dataclass(frozen=True, slots=True)
class StartPlan:
    """What to open at start: a profile, and a token when automation gave one."""

    profile: Profile | None  # None: nothing known, ask in the sign-in dialog
    env_token: str = field(default="", repr=False)  # from TPSDESK_TOKEN; never stored
    saved: bool = False  # the profile is one of the saved ones


def unique_name(wanted: str, existing: Sequence[str]) -> str:
    name, n = wanted or "Profile", 2
    while name in existing:
        name, n = f"{wanted} ({n})", n + 1
    return name


def resolve_start(
    profiles: Sequence[Profile],
    *,
    last_profile: str | None = None,
    profile_name: str | None = None,
    base_url: str | None = None,
    org_id: str | None = None,
    server_tz: str | None = None,
    env_token: str = "",
) -> StartPlan:
    """Combine what flags/env gave (``None`` = not given) with the saved profiles."""
    by_name = {p.name: p for p in profiles}
    chosen: Profile | None = None
    if profile_name:
        chosen = by_name.get(profile_name)
    elif org_id:
        # The saved profile for this org (and server, when one was given) supplies the rest.
        chosen = next((p for p in profiles if p.org_id == org_id
                       and (base_url is None or p.base_url.rstrip("/") == base_url.rstrip("/"))), None)
    else:
        chosen = by_name.get(last_profile or "") or (profiles[0] if profiles else None)
    saved = chosen is not None
    if chosen is None:
        if not org_id:
            # No org yet: what was given (a new profile's name, a server) still pre-fills the sign-in form.
            if not (profile_name or base_url or server_tz):
                return StartPlan(None, env_token)
            return StartPlan(Profile(profile_name or "", "", base_url or DEFAULT_BASE_URL,
                                     server_tz or DEFAULT_SERVER_TZ), env_token)
        chosen = Profile(name=profile_name or org_id, org_id=org_id)
    overrides: dict[str, str] = {}
    if base_url:
        overrides["base_url"] = base_url
    if org_id and org_id != chosen.org_id:
        overrides["org_id"] = org_id
        overrides["org_name"] = ""
    if server_tz:
        overrides["server_tz"] = server_tz
    return StartPlan(replace(chosen, **overrides), env_token, saved)
