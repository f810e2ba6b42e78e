"""Payloads and a loopback receiver for the webhook tests (no Qt)."""

from __future__ import annotations

import json
from typing import Any

SECRET = "s3cret-for-tests"


def payload(asset_id: str = "a1", status: str = "Recording", activities: int = 2, **extra: Any) -> dict[str, Any]:
    acts = [{"status": "Streaming", "timestamp": f"October 9, 2025, 10:{i:02d} AM"} for i in range(activities)]
    return {"id": asset_id, "title": f"Stream {asset_id}", "type": "livestream",
            "live_stream": {"status": status, "start": "2025-10-09 10:00:00", "rtmp_url": "",
                            "stream_key": None, "activities": acts},
            "video": None, **extra}


def body(asset_id: str = "a1", status: str = "Recording", activities: int = 2) -> bytes:
    return json.dumps(payload(asset_id, status, activities)).encode()
