"""HTTP routes of the simulated TPStreams API, answering the way DRF does.

Routing is done here rather than with aiohttp's router so that unknown paths
and wrong methods get DRF's JSON bodies, and so checks run in DRF's order:
authentication, organization permission, throttling, then the method check;
the request body is parsed only when a handler needs it (a bad body behind a
bad token is a 401, not a 400).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from aiohttp import web

from .auth import TokenStore
from .config import SimConfig
from .deliveries import WebhookHub
from .errors import ApiError, detail, not_found
from .fields import expect_dict
from .model import Stream
from .pagination import page_of, paginated, read_page
from .paths import raw_path
from .world import World

log = logging.getLogger("tpsdesk.sim")
Handler = Callable[["Call"], Awaitable[web.Response]]
THROTTLED = "Request was throttled. Expected available in 3 seconds."


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # DRF's renderer: compact, UTF-8, not ASCII-escaped.
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return web.Response(text=text, status=status, content_type="application/json", headers=headers)


def no_content() -> web.Response:
    return web.Response(status=204)


def _reject_constant(name: str) -> float:
    raise ValueError(f"Out of range float values are not JSON compliant: {name}")


def parse_body(content_type: str, raw: bytes) -> Any:
    """DRF's JSON and form parsers; an empty body is empty data."""
    if not raw.strip():
        return {}
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        try:
            return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise detail(400, f"JSON parse error - {exc}") from None
    if media == "application/x-www-form-urlencoded":
        return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    raise detail(415, f'Unsupported media type "{content_type}" in request.')


@dataclass
class Call:
    request: web.Request
    raw: bytes
    params: dict[str, str]

    def data(self) -> Any:
        return parse_body(self.request.headers.get("Content-Type", ""), self.raw)

    def dict_data(self) -> dict[str, Any]:
        return expect_dict(self.data())

    def absolute_url(self) -> str:
        # Built from the Host header the client sent, like Django's build_absolute_uri.
        return f"{self.request.scheme}://{self.request.host}{self.request.path_qs}"

    def query(self) -> dict[str, str]:
        return dict(self.request.query)


@dataclass
class Route:
    pattern: re.Pattern[str]
    methods: dict[str, Handler]
    auth: bool = True
    org_scoped: bool = True


@dataclass
class RateLimiter:
    """Token bucket; a burst of one second's worth of requests is allowed."""

    rate: float
    tokens: float = 0.0
    last: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = max(1.0, self.rate)

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(max(1.0, self.rate), self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class Api:
    def __init__(self, config: SimConfig, world: World, tokens: TokenStore, hub: WebhookHub) -> None:
        self.config, self.world, self.tokens, self.hub = config, world, tokens, hub
        self.limiter = RateLimiter(config.rate_limit_per_s) if config.rate_limit_per_s else None
        self.second_org = f"{config.org_id}-sandbox"  # listed, but no token here may use it
        org = r"^/api/v1/(?P<org>[^/]+)/"
        self.routes: list[Route] = [
            Route(re.compile(r"^/api/auth/login/$"), {"POST": self.login}, auth=False, org_scoped=False),
            Route(re.compile(r"^/api/auth/logout/$"), {"POST": self.logout}, org_scoped=False),
            Route(re.compile(r"^/api/v1/organizations/$"), {"GET": self.organizations}, org_scoped=False),
            Route(re.compile(org + r"assets/live_streams/$"), {"GET": self.list_assets, "POST": self.create}),
            Route(re.compile(org + r"assets/$"), {"GET": self.list_assets}),
            Route(re.compile(org + r"assets/(?P<id>[^/]+)/$"), {
                "GET": self.get_asset, "DELETE": self.delete,
            }),
            Route(re.compile(org + r"assets/(?P<id>[^/]+)/stop_live_stream/$"), {"POST": self.stop}),
            Route(re.compile(org + r"assets/(?P<id>[^/]+)/start_server/$"), {"POST": self.start_server}),
            Route(re.compile(org + r"assets/(?P<id>[^/]+)/trim/$"), {"POST": self.trim}),
            Route(re.compile(org + r"assets/(?P<id>[^/]+)/trim/status/$"), {"GET": self.trim_status}),
            Route(re.compile(org + r"assets/(?P<id>[^/]+)/trim/revert/$"), {"POST": self.trim_revert}),
            Route(re.compile(org + r"webhooks/$"), {"GET": self.list_hooks, "POST": self.create_hook}),
            Route(re.compile(org + r"webhooks/(?P<id>[^/]+)/$"), {
                "GET": self.get_hook, "PUT": self.put_hook,
                "PATCH": self.patch_hook, "DELETE": self.delete_hook,
            }),
        ]

    async def handle(self, request: web.Request, raw: bytes) -> web.Response:
        try:
            return await self._dispatch(request, raw)
        except ApiError as err:
            return json_response(err.body, err.status, err.headers or None)
        except Exception:
            log.exception("simulator error on %s %s", request.method, request.path)
            # Django's production 500 page: HTML, not JSON.
            return web.Response(status=500, text="<h1>Server Error (500)</h1>", content_type="text/html")

    async def _dispatch(self, request: web.Request, raw: bytes) -> web.Response:
        path = raw_path(request)  # matched undecoded: an id's %2F is not a separator (sim/paths.py)
        for route in self.routes:
            match = route.pattern.match(path)
            if match:
                break
        else:
            raise not_found()
        params = {name: unquote(value) for name, value in match.groupdict().items()}
        token = self.tokens.authenticate(request.headers.get("Authorization")) if route.auth else None
        if route.org_scoped and token is not None:
            self._check_org(params["org"], token)
        if self.limiter is not None and not self.limiter.allow():
            raise ApiError(429, {"detail": THROTTLED}, {"Retry-After": "3"})
        handler = route.methods.get(request.method)
        if handler is None:
            allow = ", ".join(sorted(route.methods))
            raise ApiError(405, {"detail": f'Method "{request.method}" not allowed.'}, {"Allow": allow})
        if token is not None:
            params["token"] = token
        return await handler(Call(request, raw, params))

    def _check_org(self, org: str, token: str) -> None:
        if self.tokens.org_of(token) == org:
            return
        if org == self.second_org:
            raise detail(403, "You do not have permission to perform this action.")
        raise not_found()

    # ----- auth and organizations -------------------------------------------------
    async def login(self, call: Call) -> web.Response:
        return json_response({"token": self.tokens.login(call.dict_data())})

    async def logout(self, call: Call) -> web.Response:
        self.tokens.revoke(call.params["token"])
        return no_content()

    async def organizations(self, call: Call) -> web.Response:
        orgs = [
            {"name": self.config.org_id.replace("-", " ").title(), "uuid": self.config.org_id},
            {"name": "Sandbox (read-only)", "uuid": self.second_org},
        ]
        page = read_page(call.query(), self.config.default_page_size, self.config.max_page_size)
        return json_response(paginated(call.absolute_url(), page, len(orgs), page_of(orgs, page)))

    # ----- assets -------------------------------------------------------------
    async def list_assets(self, call: Call) -> web.Response:
        query = call.query()
        page = read_page(query, self.config.default_page_size, self.config.max_page_size)
        if query.get("parent"):  # no simulated asset lives in a folder
            return json_response(paginated(call.absolute_url(), page, 0, []))
        count, items = self.world.page(page.offset, page.limit)
        return json_response(paginated(call.absolute_url(), page, count, items))

    async def get_asset(self, call: Call) -> web.Response:
        return json_response(self.world.asset(call.params["id"]))

    async def create(self, call: Call) -> web.Response:
        stream = self.world.create(call.dict_data())
        return json_response(self.world.render(stream), 201)

    async def delete(self, call: Call) -> web.Response:
        self.world.delete(call.params["id"])
        return no_content()

    async def stop(self, call: Call) -> web.Response:
        asset_id = call.params["id"]
        if asset_id not in self.world.streams:  # 404 before the body is looked at, like DRF
            raise not_found()
        return json_response(self.world.stop(asset_id, call.dict_data()))

    async def start_server(self, call: Call) -> web.Response:
        return json_response(self.world.start_server(call.params["id"]))

    # ----- trimming a completed video (sim/trim_jobs.py) ------------------------------
    def _stream(self, call: Call) -> Stream:
        stream = self.world.streams.get(call.params["id"])
        if stream is None:
            raise not_found()
        return stream

    async def trim(self, call: Call) -> web.Response:
        stream = self._stream(call)
        return json_response(self.world.trim_jobs.request(stream, call.dict_data()))

    async def trim_status(self, call: Call) -> web.Response:
        return json_response(self.world.trim_jobs.status(self._stream(call)))

    async def trim_revert(self, call: Call) -> web.Response:
        return json_response(self.world.trim_jobs.revert(self._stream(call)))

    # ----- webhooks -------------------------------------------------------------
    async def list_hooks(self, call: Call) -> web.Response:
        hooks = self.hub.listing()
        page = read_page(call.query(), self.config.default_page_size, self.config.max_page_size)
        return json_response(paginated(call.absolute_url(), page, len(hooks), page_of(hooks, page)))

    async def create_hook(self, call: Call) -> web.Response:
        return json_response(self.hub.create(call.dict_data()).as_json(), 201)

    async def get_hook(self, call: Call) -> web.Response:
        return json_response(self.hub.get(call.params["id"]).as_json())

    async def put_hook(self, call: Call) -> web.Response:
        return json_response(self.hub.update(call.params["id"], call.dict_data(), partial=False).as_json())

    async def patch_hook(self, call: Call) -> web.Response:
        return json_response(self.hub.update(call.params["id"], call.dict_data(), partial=True).as_json())

    async def delete_hook(self, call: Call) -> web.Response:
        self.hub.delete(call.params["id"])
        return no_content()
