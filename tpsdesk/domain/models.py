"""Typed payload models and their tolerant parsers.

The contract says fields come and go between server versions, statuses have
two spellings and one malformed asset must never lose the rest of a page, so
every parser here defaults what is missing, ignores what is unknown and
reports (rather than raises) problems with single list items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from tpsdesk.domain.logsafe import printable
from tpsdesk.domain.timefmt import parse_activity_timestamp, parse_server_datetime

MAX_ID_LENGTH = 200  # real ids are ~11 characters; the receiver caps deliveries' ids the same


class PayloadError(ValueError):
    """A JSON value does not have the shape an asset must have."""


class StatusKind(Enum):
    NOT_STARTED = "Not Started"
    STREAMING = "Streaming"
    DISCONNECTED = "Disconnected"
    STOPPED = "Stopped"
    RECORDING = "Recording"
    COMPLETED = "Completed"
    ERROR = "Error"
    UNKNOWN = "Unknown"


_STATUS_BY_KEY = {kind.value.upper().replace(" ", "_"): kind for kind in StatusKind}
_STATUS_BY_KEY.pop("UNKNOWN")


_PARSED_STATUS: dict[str, StreamStatus] = {}
_PARSED_STATUS_MAX = 256  # spellings seen; a server inventing statuses cannot grow it without bound


@dataclass(frozen=True, slots=True)
class StreamStatus:
    """A live-stream status; an unrecognised one keeps the server's text."""

    kind: StatusKind
    raw: str

    @classmethod
    def parse(cls, value: object) -> StreamStatus:
        raw = "" if value is None else str(value)
        known = _PARSED_STATUS.get(raw)
        if known is not None:  # one shared (immutable) status per spelling, not one per stream
            return known
        key = raw.strip().upper().replace(" ", "_").replace("-", "_")
        status = cls(_STATUS_BY_KEY.get(key, StatusKind.UNKNOWN), raw)
        if len(_PARSED_STATUS) < _PARSED_STATUS_MAX:
            _PARSED_STATUS[raw] = status
        return status

    @classmethod
    def of(cls, kind: StatusKind) -> StreamStatus:
        return cls(kind, kind.value)

    @property
    def label(self) -> str:
        if self.kind is StatusKind.UNKNOWN:
            return self.raw.strip() or "(no status)"
        return self.kind.value

    @property
    def is_live(self) -> bool:
        return self.kind in (StatusKind.STREAMING, StatusKind.DISCONNECTED)

    @property
    def can_stop(self) -> bool:
        return self.kind in (StatusKind.NOT_STARTED, StatusKind.STREAMING, StatusKind.DISCONNECTED)

    @property
    def is_final(self) -> bool:
        return self.kind in (StatusKind.COMPLETED, StatusKind.ERROR)


@dataclass(frozen=True, slots=True)
class Activity:
    status: str
    timestamp: datetime | None  # naive, in the server's time zone
    raw_timestamp: str


@dataclass(frozen=True, slots=True)
class VideoInfo:
    status: str | None
    progress: float | None
    playback_url: str | None
    dash_url: str | None
    duration: float | None
    resolutions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LiveStreamInfo:
    status: StreamStatus
    start: datetime | None  # naive, in the server's time zone
    rtmp_url: str
    stream_key: str | None
    hls_url: str | None
    chat_embed_url: str | None
    transcode_recorded_video: bool | None
    latency: str | None
    resolutions: tuple[str, ...]
    activities: tuple[Activity, ...] | None  # None: the server sent no list
    start_problem: str | None = None  # the start text could not be read


@dataclass(frozen=True, slots=True)
class Asset:
    id: str
    title: str
    type: str
    live_stream: LiveStreamInfo | None
    video: VideoInfo | None
    raw_json: str = field(default="", compare=False, repr=False)

    @property
    def status(self) -> StreamStatus:
        if self.live_stream is None:
            return StreamStatus.parse(None)
        return self.live_stream.status


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """One list item that could not be read; the rest of the page survives."""

    index: int
    asset_id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class AssetPage:
    count: int | None
    next_url: str | None
    previous_url: str | None
    assets: tuple[Asset, ...]
    problems: tuple[ItemProblem, ...]


@dataclass(frozen=True, slots=True)
class StopResult:
    message: str
    trim_scheduled: bool
    raw_json: str


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise PayloadError(f"{key} should be text, got {type(value).__name__}")


def _str_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return tuple(str(v) for v in value)
    return ()


def _opt_float(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def parse_activities(value: object) -> tuple[Activity, ...] | None:
    if value is None:
        return None
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        raise PayloadError("activities should be a list")
    activities = []
    for entry in value:
        if not isinstance(entry, Mapping):
            continue  # one odd entry does not hide the others
        raw_ts = str(entry.get("timestamp") or "")
        try:
            when: datetime | None = parse_activity_timestamp(raw_ts)
        except ValueError:
            when = None
        activities.append(Activity(str(entry.get("status") or ""), when, raw_ts))
    return tuple(activities)


def parse_video(value: object) -> VideoInfo | None:
    if not isinstance(value, Mapping):
        return None
    return VideoInfo(
        status=_opt_str(value, "status"),
        progress=_opt_float(value.get("progress")),
        playback_url=_opt_str(value, "playback_url"),
        dash_url=_opt_str(value, "dash_url"),
        duration=_opt_float(value.get("duration")),
        resolutions=_str_tuple(value.get("resolutions")),
    )


def parse_live_stream(value: object) -> LiveStreamInfo | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise PayloadError("live_stream should be an object")
    start_text = _opt_str(value, "start")
    start: datetime | None = None
    start_problem: str | None = None
    if start_text:
        try:
            start = parse_server_datetime(start_text)
        except ValueError:
            start_problem = f"unreadable start time {start_text!r}"
    transcode = value.get("transcode_recorded_video")
    return LiveStreamInfo(
        status=StreamStatus.parse(value.get("status")),
        start=start,
        rtmp_url=_opt_str(value, "rtmp_url") or "",
        stream_key=_opt_str(value, "stream_key") or None,
        hls_url=_opt_str(value, "hls_url") or None,
        chat_embed_url=_opt_str(value, "chat_embed_url") or None,
        transcode_recorded_video=transcode if isinstance(transcode, bool) else None,
        latency=_opt_str(value, "latency"),
        resolutions=_str_tuple(value.get("resolutions")),
        activities=parse_activities(value.get("activities")),
        start_problem=start_problem,
    )


def check_id(value: str, what: str) -> str:
    """An id from the network, refused when no real server would send it.

    Ids go into request paths (quoted there, ``httpapi/paths.py``), logs and the
    list: a line break, an escape sequence, a bidi override or 10,000 characters
    is a hostile or broken server, reported rather than silently kept.
    """
    if not value:
        raise PayloadError(f"the {what} has no id")
    if len(value) > MAX_ID_LENGTH:
        raise PayloadError(f"the {what}'s id is absurdly long ({len(value)} characters)")
    if not value.isprintable():
        raise PayloadError(f"the {what}'s id holds control or invisible characters")
    return value


def parse_asset(data: object, *, raw_json: str | None = None) -> Asset:
    if not isinstance(data, Mapping):
        raise PayloadError("an asset should be a JSON object")
    asset_id = data.get("id")
    if not isinstance(asset_id, (str, int)) or isinstance(asset_id, bool) or asset_id == "":
        raise PayloadError("the asset has no id")
    check_id(str(asset_id), "asset")
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        raise PayloadError("title should be text")
    return Asset(
        id=str(asset_id),
        title=title or "(untitled)",
        type=_opt_str(data, "type") or "",
        live_stream=parse_live_stream(data.get("live_stream")),
        video=parse_video(data.get("video")),
        # Pretty JSON only where a view shows it (one asset): 10,000 list items don't pay for it.
        raw_json=raw_json or "",
    )


def parse_asset_page(data: object) -> AssetPage:
    """Read a DRF page; items that fail are reported, never fatal."""
    reader = AssetPageReader(data)
    reader.read()
    return reader.page()


class AssetPageReader:
    """:func:`parse_asset_page` a few items at a time.

    A page of 100 streams is several milliseconds of parsing; the HTTP layer reads it in
    parts with the event loop turning between them, so the window keeps painting.
    """

    def __init__(self, data: object) -> None:
        if isinstance(data, list):  # an unpaginated server answers a bare list
            data = {"count": len(data), "next": None, "previous": None, "results": data}
        if not isinstance(data, Mapping) or not isinstance(data.get("results"), list):
            raise PayloadError("a list page should hold a 'results' list")
        self._data = data
        self._items: list[object] = data["results"]
        self._next = 0
        self._assets: list[Asset] = []
        self._problems: list[ItemProblem] = []

    def read(self, count: int | None = None) -> bool:
        """Parse up to ``count`` more items (None: all); True once every item is read."""
        stop = len(self._items) if count is None else min(len(self._items), self._next + max(1, count))
        for index in range(self._next, stop):
            item = self._items[index]
            try:
                self._assets.append(parse_asset(item))
            except PayloadError as exc:
                item_id = item.get("id") if isinstance(item, Mapping) else None
                shown_id = printable(item_id, 60) if item_id is not None else None  # safe to show and log
                self._problems.append(ItemProblem(index, shown_id, str(exc)))
        self._next = stop
        return self.done()

    def done(self) -> bool:
        return self._next >= len(self._items)

    def page(self) -> AssetPage:
        """The page; every item must have been read."""
        if not self.done():
            raise RuntimeError("the page is not read to its end yet")
        data = self._data
        count = data.get("count")
        return AssetPage(
            count=count if isinstance(count, int) and not isinstance(count, bool) else None,
            next_url=data.get("next") if isinstance(data.get("next"), str) else None,
            previous_url=data.get("previous") if isinstance(data.get("previous"), str) else None,
            assets=tuple(self._assets),
            problems=tuple(self._problems),
        )


def parse_stop_result(data: object, raw_json: str) -> StopResult:
    if not isinstance(data, Mapping):
        raise PayloadError("the stop answer should be a JSON object")
    message = data.get("message")
    return StopResult(
        message=str(message) if message is not None else "",
        trim_scheduled=data.get("trim_scheduled") is True,
        raw_json=raw_json,
    )


@dataclass(frozen=True, slots=True)
class Organization:
    uuid: str
    name: str


@dataclass(frozen=True, slots=True)
class OrganizationPage:
    organizations: tuple[Organization, ...]
    next_url: str | None


def parse_organization_page(data: object) -> OrganizationPage:
    """A page of ``/api/v1/organizations/``; entries without a uuid are skipped."""
    if isinstance(data, list):  # tolerate an unpaginated list
        data = {"results": data}
    if not isinstance(data, Mapping) or not isinstance(data.get("results"), list):
        raise PayloadError("the organizations page should hold a 'results' list")
    orgs = []
    for item in data["results"]:
        if isinstance(item, Mapping) and isinstance(item.get("uuid"), str) and item["uuid"]:
            name = item.get("name")
            orgs.append(Organization(uuid=item["uuid"], name=str(name) if name else item["uuid"]))
    next_url = data.get("next")
    return OrganizationPage(tuple(orgs), next_url if isinstance(next_url, str) and next_url else None)


def parse_login_token(data: object) -> str:
    """The login answer's token; the contract only guesses the field name ``token``."""
    token = data.get("token") if isinstance(data, Mapping) else None
    if not isinstance(token, str) or not token.strip():
        raise PayloadError("the server answered without a token")
    return token.strip()
