"""Token authentication, login/logout, the 20-token limit, throttling."""

from __future__ import annotations

import httpx

from tpsdesk.sim import SimServer

from .helpers import ORG, assets_url, run

LOGIN = {"username": "demo@example.com", "password": "demo-password", "organization_id": ORG}


def test_missing_malformed_and_invalid_tokens() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        url = assets_url("live_streams/")
        cases = [
            (None, "Authentication credentials were not provided."),
            ("Bearer demo-token", "Authentication credentials were not provided."),
            ("Token", "Invalid token header. No credentials provided."),
            ("Token a b", "Invalid token header. Token string should not contain spaces."),
            ("Token wrong-token", "Invalid token."),
        ]
        for header, message in cases:
            headers = {} if header is None else {"Authorization": header}
            async with httpx.AsyncClient(base_url=sim.base_url, headers=headers) as bare:
                r = await bare.get(url)
            assert (r.status_code, r.json()) == (401, {"detail": message}), header
            assert r.headers["www-authenticate"] == "Token"
        # The keyword is case-insensitive in DRF.
        assert (await client.get(url, headers={"Authorization": "token demo-token"})).status_code == 200
        # Authentication comes before the method check and the body.
        async with httpx.AsyncClient(base_url=sim.base_url) as bare:
            r = await bare.put(url, content=b"{not json", headers={"Content-Type": "application/json"})
        assert r.status_code == 401

    run(scenario)


def test_login_logout_and_revoked_token() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        async with httpx.AsyncClient(base_url=sim.base_url) as anon:
            r = await anon.post("/api/auth/login/", json=LOGIN)
            assert r.status_code == 200
            token = r.json()["token"]
            assert len(token) == 40 and token != "demo-token"
            auth = {"Authorization": f"Token {token}"}
            assert (await anon.get(assets_url(), headers=auth)).status_code == 200
            r = await anon.post("/api/auth/logout/", headers=auth)
            assert r.status_code == 204 and r.content == b""
            r = await anon.get(assets_url(), headers=auth)
            assert (r.status_code, r.json()) == (401, {"detail": "Invalid token."})
            # The configured token is untouched.
            assert (await client.get(assets_url())).status_code == 200

    run(scenario)


def test_login_rejections() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        bad = {"non_field_errors": ["Unable to log in with provided credentials."]}
        for body in ({**LOGIN, "password": "nope"}, {**LOGIN, "username": "x@example.com"},
                     {**LOGIN, "organization_id": "other-org"}):
            r = await client.post("/api/auth/login/", json=body)
            assert (r.status_code, r.json()) == (400, bad)
        r = await client.post("/api/auth/login/", json={"username": "demo@example.com"})
        assert r.json() == {"password": ["This field is required."], "organization_id": ["This field is required."]}
        r = await client.post("/api/auth/login/", content=b"{", headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error - ")

    run(scenario)


def test_at_most_twenty_tokens_per_org() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        tokens = []
        for _ in range(19):  # the configured token is the 20th
            r = await client.post("/api/auth/login/", json=LOGIN)
            assert r.status_code == 200
            tokens.append(r.json()["token"])
        r = await client.post("/api/auth/login/", json=LOGIN)
        assert r.status_code == 400
        assert "maximum of 20" in r.json()["non_field_errors"][0]
        await client.post("/api/auth/logout/", headers={"Authorization": f"Token {tokens[0]}"})
        assert (await client.post("/api/auth/login/", json=LOGIN)).status_code == 200

    run(scenario)


def test_rate_limit_answers_429_with_retry_after() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        statuses = [(await client.get(assets_url())).status_code for _ in range(6)]
        assert statuses[:2] == [200, 200] and 429 in statuses
        r = await client.get(assets_url())
        assert r.status_code == 429
        assert r.json() == {"detail": "Request was throttled. Expected available in 3 seconds."}
        assert r.headers["retry-after"] == "3"

    run(scenario, rate_limit_per_s=2.0)
