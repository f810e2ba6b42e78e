"""The TPStreams client: one shared ``httpx.AsyncClient``, typed results.

httpx stays behind this one module (swapping it is a one-file change); no Qt here.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from tpsdesk import __version__
from tpsdesk.domain.hook_registration import WebhookRegistration, parse_webhook, parse_webhook_page
from tpsdesk.domain.models import (
    Asset,
    AssetPage,
    AssetPageReader,
    Organization,
    PayloadError,
    StopResult,
    parse_asset,
    parse_login_token,
    parse_organization_page,
    parse_stop_result,
)
from tpsdesk.domain.server import check_base_url
from tpsdesk.domain.trim import Trim
from tpsdesk.domain.trim_job import (
    RevertAccepted,
    TrimAccepted,
    TrimJob,
    parse_revert_accepted,
    parse_trim_accepted,
    parse_trim_job,
)
from tpsdesk.httpapi.errors import (
    ApiError,
    NetworkError,
    NotFoundError,
    RequestNotSent,
    RequestTimeout,
    UnexpectedResponse,
    error_from_response,
)
from tpsdesk.httpapi.exchange import Exchange, ExchangeListener, parse_http_date
from tpsdesk.httpapi.listing import StreamListing, limit_offset, list_all_pages
from tpsdesk.httpapi.paths import api_path
from tpsdesk.httpapi.request_record import send_recorded
from tpsdesk.httpapi.retry import PAGE_BACKOFF_S, RetryCallback, fetch_page_with_retries
from tpsdesk.httpapi.tls import shared_context
from tpsdesk.httpapi.turns import OnePerTurn

DEFAULT_PAGE_SIZE = 100
DEFAULT_PAGE_CONCURRENCY = 4
PARSE_PER_TURN_S = 0.002  # list items parsed per event-loop turn: as many as fit in this
MAX_PAGES = 1000  # a server that keeps paginating forever is cut off here


class TPStreamsClient:
    """Async access to the part of the TPStreams API tpsdesk uses."""

    def __init__(
        self,
        base_url: str,
        org_id: str,
        token: str,
        *,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
        page_backoff_s: tuple[float, ...] = PAGE_BACKOFF_S,
    ) -> None:
        self._page_backoff_s = page_backoff_s
        self.base_url = check_base_url(base_url)
        self.org_id = org_id
        self._token = token
        self._exchange_listeners: list[ExchangeListener] = []
        self.last_server_date: datetime | None = None  # the last answer's Date header (UTC)
        # One listing page's parse slice per event-loop turn, however many pages arrived together:
        # the four fetched at once were parsed in the same turn (~8 ms of it).
        self._parse_turns = OnePerTurn()
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            # Retrying connect errors is safe even for POST: nothing was sent.
            transport=transport or httpx.AsyncHTTPTransport(retries=2, verify=shared_context()),
            headers={"User-Agent": f"tpsdesk/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )

    @property
    def closed(self) -> bool:
        return self._http.is_closed

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def has_token(self) -> bool:
        return bool(self._token)

    @property
    def token(self) -> str:
        """The token sent now (so a failed switch can put the previous one back)."""
        return self._token

    def set_token(self, token: str) -> None:
        """Use a new token from the next request on: the one HTTP client is kept after a sign-in."""
        self._token = token

    def add_exchange_listener(self, listener: ExchangeListener) -> None:
        """Told after every request whether an answer came, and the server's clock (no httpx)."""
        self._exchange_listeners.append(listener)

    def _tell(self, exchange: Exchange) -> None:
        if exchange.server_date is not None:
            self.last_server_date = exchange.server_date
        for listener in list(self._exchange_listeners):
            listener(exchange)

    def _org_path(self, template: str, *segments: str) -> str:
        return api_path("/api/v1/{}/" + template, self.org_id, *segments)  # each id one quoted segment

    async def _exchange(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One HTTP exchange, reported to the listeners (an answer or none, the server's clock)."""
        try:
            response = await send_recorded(self, self._http, method, path, **kwargs)  # the journal's hook
        except httpx.TransportError:
            self._tell(Exchange(answered=False))
            raise
        self._tell(Exchange(answered=True, server_date=parse_http_date(response.headers.get("date"))))
        return response

    async def _request(self, method: str, path: str, *, action: str, auth: bool = True,
                       **kwargs: Any) -> httpx.Response:
        # Login is the one call without a token (and an empty token is no header at all).
        headers = {"Authorization": f"Token {self._token}"} if auth and self._token else {}
        if headers and (refusal := RequestNotSent.for_token(self._token, action)):
            raise refusal  # httpx would refuse it too; this names the cause (never the token)
        try:
            response = await self._exchange(method, path, headers=headers, **kwargs)
        except (httpx.LocalProtocolError, httpx.InvalidURL, UnicodeEncodeError) as exc:  # nothing left here
            raise RequestNotSent.built_badly(action, exc) from exc
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise RequestTimeout(
                f"{action} timed out while connecting to {self.base_url}; nothing was sent.",
                maybe_applied=False) from exc
        except httpx.TimeoutException as exc:
            raise RequestTimeout(
                f"{action} got no answer in time from {self.base_url}.", maybe_applied=True) from exc
        except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
            raise NetworkError(
                f"Could not reach {self.base_url}; check the address and your connection.") from exc
        except httpx.TransportError as exc:
            # The request was (at least partly) sent: whether it was applied is unknown.
            raise NetworkError(
                f"{action} failed: the connection to {self.base_url} broke before the answer came "
                f"({type(exc).__name__}).", maybe_applied=True) from exc
        if response.status_code >= 400:
            raise error_from_response(
                response.status_code, response.content,
                content_type=response.headers.get("content-type", ""),
                retry_after=response.headers.get("retry-after"), action=action)
        if 300 <= response.status_code < 400:
            raise UnexpectedResponse(
                f"{action}: the server redirected ({response.status_code}); check the base URL.",
                status=response.status_code)
        return response

    @staticmethod
    def _json(response: httpx.Response, action: str) -> Any:
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise UnexpectedResponse(
                f"{action}: the server answered {response.status_code} but not with JSON.",
                status=response.status_code) from exc

    async def list_live_streams_page(self, *, limit: int, offset: int,
                                     on_retry: RetryCallback | None = None) -> AssetPage:
        """One page, with 429s waited out and transient failures retried (``httpapi.retry``)."""
        return await fetch_page_with_retries(lambda: self._list_page(limit=limit, offset=offset),
                                             page=offset // limit + 1 if limit > 0 else 1, on_retry=on_retry,
                                             backoff_s=self._page_backoff_s)

    async def _list_page(self, *, limit: int, offset: int) -> AssetPage:
        response = await self._request(
            "GET", self._org_path("assets/live_streams/"),
            params={"limit": limit, "offset": offset}, action="Listing live streams")
        await asyncio.sleep(0)  # reading the answer (~2 ms) and decoding it (~2 ms) in turns of their own
        try:
            reader: AssetPageReader | None = None
            # ~2 ms of parsing per turn: 100 streams in one go were ~5 ms (~20 cold, the first page).
            while reader is None or not reader.done():
                async with self._parse_turns.turn():
                    if reader is None:  # the JSON, then the streams: ~1 ms and ~5 ms a page
                        reader = AssetPageReader(self._json(response, "Listing live streams"))
                    else:
                        turn_ends = time.perf_counter() + PARSE_PER_TURN_S
                        while not reader.read(5) and time.perf_counter() < turn_ends:
                            pass
                if not reader.done():
                    await asyncio.sleep(0)  # the next slice (this page's or another's) in a later turn
            return reader.page()
        except PayloadError as exc:
            raise UnexpectedResponse(f"Listing live streams: {exc}.", status=response.status_code) from exc

    async def list_live_streams(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, concurrency: int = DEFAULT_PAGE_CONCURRENCY,
        on_retry: RetryCallback | None = None, on_first_page: Callable[[AssetPage], None] | None = None,
    ) -> StreamListing:
        """Every page (``httpapi.listing``); ``on_first_page`` sees the first as soon as it is in."""
        return await list_all_pages(
            lambda limit, offset: self.list_live_streams_page(limit=limit, offset=offset, on_retry=on_retry),
            page_size=page_size, concurrency=concurrency, max_pages=MAX_PAGES, on_first_page=on_first_page)

    async def get_asset(self, asset_id: str) -> Asset:
        action = "Reading the stream"
        response = await self._request("GET", self._org_path("assets/{}/", asset_id), action=action)
        try:
            data = self._json(response, action)
            return parse_asset(data, raw_json=_pretty(data))
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    async def stop_live_stream(self, asset_id: str, trim: Trim | None = None) -> StopResult:
        """Stop, with an optional trim. Never retried: see :class:`RequestTimeout`."""
        action = "Stopping the stream"
        kwargs: dict[str, Any] = {"json": trim.as_body()} if trim is not None else {}
        response = await self._request(
            "POST", self._org_path("assets/{}/stop_live_stream/", asset_id), action=action, **kwargs)
        if not response.content.strip():
            return StopResult(message="", trim_scheduled=False, raw_json="")
        try:
            data = self._json(response, action)
            return parse_stop_result(data, _pretty(data))
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    # ----- trimming a completed video: never retried, a lost answer is read back ---------
    async def trim_video(self, asset_id: str, trim: Trim) -> TrimAccepted:
        action = "Trimming the video"
        response = await self._request("POST", self._org_path("assets/{}/trim/", asset_id), action=action,
                                       json=trim.as_body())
        try:
            return parse_trim_accepted(self._json(response, action))
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    async def trim_status(self, asset_id: str) -> TrimJob | None:
        """The video's latest trim job; None when the server says it has none (404)."""
        action = "Reading the trim status"
        try:
            response = await self._request("GET", self._org_path("assets/{}/trim/status/", asset_id),
                                           action=action)
        except NotFoundError:
            return None
        try:
            return parse_trim_job(self._json(response, action))
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    async def revert_trim(self, asset_id: str) -> RevertAccepted:
        action = "Reverting the trim"
        response = await self._request("POST", self._org_path("assets/{}/trim/revert/", asset_id), action=action)
        try:
            return parse_revert_accepted(self._json(response, action) if response.content.strip() else {})
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    # -- webhooks (the secret travels in bodies only; never in a path or a log) --
    async def list_webhooks(self, *, page_size: int = DEFAULT_PAGE_SIZE) -> list[WebhookRegistration]:
        action = "Listing webhooks"
        hooks: list[WebhookRegistration] = []
        offset = 0
        for _ in range(MAX_PAGES):
            response = await self._request("GET", self._org_path("webhooks/"),
                                           params={"limit": page_size, "offset": offset}, action=action)
            try:
                page = parse_webhook_page(self._json(response, action))
            except PayloadError as exc:
                raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc
            hooks.extend(page.registrations)
            if not page.next_url or not page.registrations:
                break
            _, offset = limit_offset(page.next_url, default_limit=page_size)
        return hooks

    async def create_webhook(self, url: str, secret_token: str) -> WebhookRegistration:
        return await self._send_webhook("POST", url, secret_token, "Registering the webhook")

    async def update_webhook(self, hook_id: str, url: str, secret_token: str) -> WebhookRegistration:
        return await self._send_webhook("PUT", url, secret_token, "Updating the webhook", hook_id)

    async def delete_webhook(self, hook_id: str) -> None:
        await self._request("DELETE", self._org_path("webhooks/{}/", hook_id), action="Removing the webhook")

    async def _send_webhook(self, method: str, url: str, secret: str, action: str, *hook_id: str
                            ) -> WebhookRegistration:  # hook_id: none (create) or one (update)
        response = await self._request(method, self._org_path("webhooks/" + "{}/" * len(hook_id), *hook_id),
                                       action=action, json={"url": url, "secret_token": secret})
        try:
            return parse_webhook(self._json(response, action))
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    # ----- accounts -------------------------------------------------------------
    async def login(self, email: str, password: str, organization_id: str) -> str:
        """Create a token. The password goes into this one request body and nowhere else."""
        action = "Signing in"
        response = await self._request(
            "POST", "/api/auth/login/", action=action, auth=False,
            json={"username": email, "password": password, "organization_id": organization_id})
        try:
            return parse_login_token(self._json(response, action))
        except PayloadError as exc:
            raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc

    async def logout(self) -> None:
        """Revoke the current token on the server for good."""
        await self._request("POST", "/api/auth/logout/", action="Signing out")

    async def list_organizations(self) -> list[Organization]:
        """Every organization the token's user belongs to, following ``next`` links."""
        action = "Listing organizations"
        orgs: dict[str, Organization] = {}
        params: dict[str, int] = {}
        for _ in range(MAX_PAGES):
            response = await self._request("GET", "/api/v1/organizations/", params=params, action=action)
            try:
                page = parse_organization_page(self._json(response, action))
            except PayloadError as exc:
                raise UnexpectedResponse(f"{action}: {exc}.", status=response.status_code) from exc
            for org in page.organizations:
                orgs.setdefault(org.uuid, org)
            if not page.next_url or not page.organizations:
                break
            limit, offset = limit_offset(page.next_url, default_limit=len(page.organizations))
            params = {"limit": limit, "offset": offset}
        return list(orgs.values())


def _pretty(data: Any) -> str:
    """The answer as the response panel shows it (already parsed once by ``_json``)."""
    return json.dumps(data, indent=2, ensure_ascii=False)


__all__ = ["ApiError", "StreamListing", "TPStreamsClient"]
