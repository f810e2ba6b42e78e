"""How a moment is shown: one zone everywhere (the server's), always labelled; the other on hover.

The server writes naive times in its zone (``start``, activities); the window
shows every moment — start times, the journey, activities, "no answer since" —
in that same zone with its abbreviation ("14:02:10 IST"), and the machine's
own time only in the tooltip ("08:32:10 UTC on this computer"). Pure: no Qt.
"""

from __future__ import annotations

from datetime import datetime, tzinfo


def zone_label(zone: tzinfo, at: datetime | None = None) -> str:
    """The zone's abbreviation at that moment ("IST", "CET"/"CEST"), else its name."""
    name = at.astimezone(zone).tzname() if at is not None and at.tzinfo is not None else None
    if name is None and at is not None:
        name = at.replace(tzinfo=zone).tzname()
    if name and name.startswith(("+", "-")):
        return f"UTC{name}"  # tzdata's "+04" for zones without an abbreviation
    return name or getattr(zone, "key", None) or str(zone)


def localise(naive_server_time: datetime, zone: tzinfo) -> datetime:
    """A naive time the server wrote, read in its zone: aware."""
    return naive_server_time.replace(tzinfo=zone) if naive_server_time.tzinfo is None else naive_server_time


def show_time(moment: datetime, zone: tzinfo, *, seconds: bool = True) -> str:
    """An aware moment as ``14:02:10 IST`` in the server's zone."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"


def show_clock(moment: datetime, zone: tzinfo, *, seconds: bool = True) -> str:
    """``14:02:10 IST``: the time and the zone's label."""
    return f"{show_time(moment, zone, seconds=seconds)} {zone_label(zone, moment)}"


def show_datetime(moment: datetime, zone: tzinfo, *, seconds: bool = True) -> str:
    """``2026-11-30 14:02:10 IST``."""
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d} {show_clock(moment, zone, seconds=seconds)}"


def on_this_computer(moment: datetime, machine_zone: tzinfo | None = None, *, with_date: bool = True) -> str:
    """The hover text: the same moment in the machine's zone (``machine_zone`` None: the system's)."""
    local = moment.astimezone(machine_zone) if machine_zone is not None else moment.astimezone()
    label = local.tzname() or "local time"
    when = f"{local:%Y-%m-%d %H:%M:%S}" if with_date else f"{local:%H:%M:%S}"
    return f"{when} {label} on this computer"


def show_age(seconds: float) -> str:
    """A short, rounded age: ``12 s``, ``3 min``, ``2 h 05 min``, ``3 d``."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min"
    if whole < 86_400:
        hours, rest = divmod(whole, 3600)
        return f"{hours} h {rest // 60:02d} min"
    return f"{whole // 86_400} d"
