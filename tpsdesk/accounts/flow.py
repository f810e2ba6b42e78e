"""Sign in, sign in with a pasted token, sign out: async steps over one client.

Reuse before create (the server allows 20 tokens per organization): callers
try the stored token first and come here only when it was rejected.

The vault is synchronous (keyring); every call to it runs in a worker thread
(``vault.off_loop``, over ``asyncio.to_thread``), so a keychain unlock prompt
cannot freeze the Qt loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from tpsdesk.accounts.profiles import InvalidOrgId, Profile, check_org_id
from tpsdesk.accounts.vault import TokenVault, off_loop
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import ApiError, AuthError, NetworkError, UnexpectedResponse, ValidationError

log = logging.getLogger(__name__)

BAD_CREDENTIALS = "The email, password or organization id was not accepted."


@dataclass(frozen=True, slots=True)
class SignInResult:
    profile: Profile  # with the organization's name when the server told it
    stored: bool  # in the keychain (survives a restart) rather than for this session only


@dataclass(frozen=True, slots=True)
class SignOutResult:
    revoked: bool
    message: str


async def _named(client: TPStreamsClient, profile: Profile) -> Profile:
    """Best effort: the org's name for the title bar; a failure here is no reason to fail sign-in."""
    try:
        for org in await client.list_organizations():
            if org.uuid == profile.org_id:
                return profile.with_org_name(org.name)
    except ApiError as exc:
        log.info("could not read the organization's name (%s)", type(exc).__name__)
    return profile


async def sign_in(client: TPStreamsClient, vault: TokenVault, profile: Profile,
                  email: str, password: str) -> SignInResult:
    """Create a token with the password (used once, here) and store it."""
    token = await client.login(email, password, check_org_id(profile.org_id))
    client.set_token(token)
    stored = await off_loop(lambda: vault.put(profile.vault_key, token))
    log.info("signed in to %s", profile.org_id)
    named = await _named(client, replace(profile, email=email))
    return SignInResult(named, stored)


async def use_token(client: TPStreamsClient, vault: TokenVault, profile: Profile, token: str) -> SignInResult:
    """A pasted API token: checked against the server before it is stored.

    On any failure the client gets back the token it had (none, or the session's
    current one when re-signing in), never keeps the rejected one.
    """
    check_org_id(profile.org_id)
    previous = client.token
    client.set_token(token.strip())
    try:
        await client.list_live_streams_page(limit=1, offset=0)  # org-scoped: proves token and org together
    except BaseException:
        client.set_token(previous)
        raise
    stored = await off_loop(lambda: vault.put(profile.vault_key, token.strip()))
    return SignInResult(await _named(client, profile), stored)


async def sign_out(client: TPStreamsClient, vault: TokenVault, profile: Profile) -> SignOutResult:
    """Revoke on the server, then forget locally whatever the server said."""
    try:
        await client.logout()
        result = SignOutResult(True, "Signed out; the token was revoked on the server.")
    except AuthError:
        result = SignOutResult(True, "Signed out; the server no longer accepted the token.")
    except ApiError as exc:
        result = SignOutResult(False, "Signed out on this computer, but the token could not be revoked "
                               f"on the server: {exc.message}")
    finally:
        client.set_token("")
        await off_loop(lambda: vault.delete(profile.vault_key))
    return result


def describe_sign_in_error(exc: BaseException) -> str:
    """Plain words for the sign-in form; never echoes what was typed."""
    if isinstance(exc, ValidationError):
        said = " ".join(exc.non_field_errors) or exc.server_text or ""
        if "unable to log in" in said.lower() or not said:
            return f"{BAD_CREDENTIALS} Check them and try again."
        return f"Sign-in was refused: {said}"
    if isinstance(exc, AuthError):
        return "The server did not accept this API token for that organization."
    if isinstance(exc, UnexpectedResponse) and "token" in exc.message:
        return ("The server answered without a token, so tpsdesk cannot sign you in. "
                "Check the server address; it may not be a TPStreams server.")
    if isinstance(exc, InvalidOrgId):
        return str(exc)
    if isinstance(exc, NetworkError):
        return exc.message
    if isinstance(exc, ApiError):
        return exc.message
    return f"Something went wrong inside tpsdesk ({type(exc).__name__})."
