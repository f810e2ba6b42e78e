"""The filtered journal as CSV or JSON, and back (pure; the round trip is tested).

Export files are for people and spreadsheets: one row per entry, the same
columns in both formats, times in ISO 8601 UTC. Everything in them was
redacted before it was first written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tpsdesk.journal.entries import Action, JournalEntry, Outcome

FIELDS = ("id", "time", "organization", "profile", "stream_id", "stream_title", "action", "outcome", "method",
          "path", "request_body", "status", "response_body", "elapsed_ms", "note")
FORMAT_VERSION = 1


def _row(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": entry.id, "time": entry.time.isoformat(), "organization": entry.organization,
        "profile": entry.profile, "stream_id": entry.stream_id, "stream_title": entry.stream_title,
        "action": entry.action.value, "outcome": entry.outcome.value, "method": entry.method, "path": entry.path,
        "request_body": entry.request_body, "status": entry.status, "response_body": entry.response_body,
        "elapsed_ms": entry.elapsed_ms, "note": entry.note,
    }


def _optional_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    return int(str(value))


def _entry(row: dict[str, Any]) -> JournalEntry:
    try:
        return JournalEntry(
            time=datetime.fromisoformat(str(row["time"])), action=Action(row["action"]),
            outcome=Outcome(row["outcome"]), organization=str(row["organization"]), profile=str(row["profile"]),
            stream_id=str(row["stream_id"]), stream_title=str(row["stream_title"]), method=str(row["method"]),
            path=str(row["path"]), request_body=str(row["request_body"]), status=_optional_int(row["status"]),
            response_body=str(row["response_body"]), elapsed_ms=_optional_int(row["elapsed_ms"]),
            note=str(row["note"]), id=_optional_int(row["id"]))
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"not a tpsdesk journal export: {exc}") from exc


def to_csv(entries: Iterable[JournalEntry]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        # The csv module cannot carry NUL; a body from the network could hold one.
        writer.writerow({k: v.replace("\x00", "\ufffd") if isinstance(v, str) else v
                         for k, v in _row(entry).items()})
    return out.getvalue()


def from_csv(text: str) -> list[JournalEntry]:
    return [_entry(row) for row in csv.DictReader(io.StringIO(text, newline=""))]


def to_json(entries: Iterable[JournalEntry]) -> str:
    document = {"format": "tpsdesk-journal", "version": FORMAT_VERSION, "entries": [_row(e) for e in entries]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> list[JournalEntry]:
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != "tpsdesk-journal":
        raise ValueError("not a tpsdesk journal export")
    return [_entry(row) for row in document.get("entries", [])]
