"""Sign in / pasted token / sign out against the simulator over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest

from tests.support.memkeyring import MemoryKeyring, PromptingKeyring, installed
from tpsdesk.accounts import flow
from tpsdesk.accounts.profiles import Profile
from tpsdesk.accounts.vault import SERVICE, TokenVault
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import AuthError, NetworkError, UnexpectedResponse, ValidationError
from tpsdesk.sim import SimConfig, SimServer

T = TypeVar("T")
ORG = "acc-org"
EMAIL, PASSWORD = "demo@example.com", "demo-password"


def with_sim(scenario: Callable[[SimServer, TPStreamsClient], Awaitable[T]], **config: Any) -> T:
    async def main() -> T:
        async with SimServer(SimConfig(stream_count=3, org_id=ORG, token="seed-token", lifecycle=False,
                                       random_disconnects=False, **config)) as sim:
            client = TPStreamsClient(sim.base_url, ORG, "", timeout=5.0)
            try:
                return await scenario(sim, client)
            finally:
                await client.aclose()

    return asyncio.run(main())


def test_sign_in_stores_the_token_and_names_the_org(memory_keyring: MemoryKeyring) -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        profile = Profile("Mine", ORG, sim.base_url)
        result = await flow.sign_in(client, TokenVault(), profile, EMAIL, PASSWORD)
        assert result.stored and result.profile.org_name == "Acc Org" and result.profile.email == EMAIL
        token = memory_keyring.items[(SERVICE, profile.vault_key)]
        assert sim.tokens.org_of(token) == ORG
        assert len((await client.list_live_streams()).assets) == 3  # same client, new token
        orgs = await client.list_organizations()
        assert orgs[0].uuid == ORG and len(orgs) == 2

    with_sim(scenario)


def test_wrong_password_is_a_clear_message_and_nothing_is_stored(memory_keyring: MemoryKeyring) -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        with pytest.raises(ValidationError) as caught:
            await flow.sign_in(client, TokenVault(), Profile("p", ORG, sim.base_url), EMAIL, "wrong")
        message = flow.describe_sign_in_error(caught.value)
        assert message.startswith(flow.BAD_CREDENTIALS) and "wrong" not in message
        assert not client.has_token

    with_sim(scenario)
    assert memory_keyring.items == {}


def test_pasted_token_is_checked_before_it_is_stored(memory_keyring: MemoryKeyring) -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        profile = Profile("p", ORG, sim.base_url)
        with pytest.raises(AuthError):
            await flow.use_token(client, TokenVault(), profile, "not-a-token")
        assert memory_keyring.items == {} and not client.has_token
        result = await flow.use_token(client, TokenVault(), profile, " seed-token ")
        assert result.stored and memory_keyring.items[(SERVICE, profile.vault_key)] == "seed-token"

    with_sim(scenario)


def test_a_rejected_pasted_token_leaves_the_working_one_on_the_client(memory_keyring: MemoryKeyring) -> None:
    # Re-signing in on a session's client: a bad paste must not replace the token that works.
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        profile = Profile("p", ORG, sim.base_url)
        client.set_token("seed-token")
        with pytest.raises(AuthError):
            await flow.use_token(client, TokenVault(), profile, "not-a-token")
        assert client.token == "seed-token"
        assert len((await client.list_live_streams()).assets) == 3  # still signed in
        assert memory_keyring.items == {}

    with_sim(scenario)


def test_keychain_calls_leave_the_event_loop_free() -> None:
    """An unlock prompt (the keychain waiting for the user) must not stop the loop."""
    keychain = PromptingKeyring(patience_s=3.0)

    async def user_answers_the_prompt() -> None:
        while not keychain.asked.is_set():
            await asyncio.sleep(0.01)  # runs only while the loop is free
        keychain.answered.set()

    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        profile = Profile("p", ORG, sim.base_url)
        user = asyncio.ensure_future(user_answers_the_prompt())
        result = await flow.sign_in(client, TokenVault(), profile, EMAIL, PASSWORD)
        await user
        assert result.stored
        await flow.use_token(client, TokenVault(), profile, "seed-token")
        await flow.sign_out(client, TokenVault(), profile)

    with installed(keychain):
        with_sim(scenario)
    assert keychain.calls == ["set", "set", "delete"]
    assert keychain.on_main_thread == [] and keychain.timed_out == []


def test_sign_out_revokes_on_the_server_and_forgets_locally(memory_keyring: MemoryKeyring) -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        profile = Profile("p", ORG, sim.base_url)
        await flow.sign_in(client, TokenVault(), profile, EMAIL, PASSWORD)
        token = memory_keyring.items[(SERVICE, profile.vault_key)]
        result = await flow.sign_out(client, TokenVault(), profile)
        assert result.revoked and memory_keyring.items == {}
        async with httpx.AsyncClient(base_url=sim.base_url) as raw:
            answer = await raw.get(f"/api/v1/{ORG}/assets/live_streams/", headers={"Authorization": f"Token {token}"})
        assert answer.status_code == 401

    with_sim(scenario)


def test_sign_out_while_the_server_is_down_still_forgets(memory_keyring: MemoryKeyring) -> None:
    async def main() -> None:
        profile = Profile("p", ORG, "http://127.0.0.1:9")  # nothing listens on port 9
        memory_keyring.items[(SERVICE, profile.vault_key)] = "tok"
        client = TPStreamsClient(profile.base_url, ORG, "tok", timeout=2.0)
        try:
            result = await flow.sign_out(client, TokenVault(), profile)
        finally:
            await client.aclose()
        assert not result.revoked and "could not be revoked" in result.message
        assert memory_keyring.items == {}

    asyncio.run(main())


def test_a_login_answer_without_a_token_says_so() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"key": "something"})

    async def main() -> None:
        client = TPStreamsClient("https://example.test", ORG, "", transport=httpx.MockTransport(handler))
        try:
            with pytest.raises(UnexpectedResponse) as caught:
                await client.login(EMAIL, PASSWORD, ORG)
        finally:
            await client.aclose()
        assert "without a token" in caught.value.message
        assert "without a token" in flow.describe_sign_in_error(caught.value)
        assert "not reach" in flow.describe_sign_in_error(NetworkError("Could not reach x"))

    asyncio.run(main())


def test_login_sends_no_authorization_header_and_the_token_limit_is_explained() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        client.set_token("seed-token")
        for _ in range(19):  # the seed token is the 1st of 20
            await client.login(EMAIL, PASSWORD, ORG)
        with pytest.raises(ValidationError) as caught:
            await client.login(EMAIL, PASSWORD, ORG)
        assert "maximum of 20" in flow.describe_sign_in_error(caught.value)

    with_sim(scenario)
