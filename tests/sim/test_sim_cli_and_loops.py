"""The CLI entry point, and running on a qasync loop as the app's demo mode does."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import urllib.request

import pytest

from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.sim.__main__ import build_parser, config_from_args, main


def test_cli_arguments_map_to_config() -> None:
    args = build_parser().parse_args([
        "--streams", "12", "--org", "acme", "--token", "tk", "--seed", "5", "--no-lifecycle",
        "--server-tz", "UTC", "--no-quirks", "--malformed-every", "4",
    ])
    cfg = config_from_args(args)
    assert (cfg.stream_count, cfg.org_id, cfg.token, cfg.seed, cfg.server_tz) == (12, "acme", "tk", 5, "UTC")
    assert not cfg.lifecycle and not cfg.quirks and cfg.malformed_every == 4


def test_cli_rejects_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--streams", "20000"]) == 2
    assert "stream_count" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery to a child differs on Windows")
def test_cli_serves_until_ctrl_c() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tpsdesk.sim", "--streams", "5", "--port", "0", "--no-lifecycle"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("TPStreams simulator running at http://127.0.0.1:")
        base = first.rsplit(" ", 1)[1].strip()
        banner = "".join(proc.stdout.readline() for _ in range(5))
        assert "demo-org" in banner and "demo token" in banner
        req = urllib.request.Request(f"{base}/api/v1/demo-org/assets/live_streams/",
                                     headers={"Authorization": "Token demo-token"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert json.load(resp)["count"] == 5
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert "Simulator stopped." in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_loopback_only() -> None:
    async def scenario() -> None:
        sim = SimServer(SimConfig(stream_count=1, lifecycle=False))
        with pytest.raises(ValueError):
            await sim.start(host="0.0.0.0")
        with pytest.raises(RuntimeError):
            _ = sim.port

    asyncio.run(scenario())


def test_runs_on_a_qasync_loop(qapp: object) -> None:
    qasync = pytest.importorskip("qasync")
    import httpx

    async def scenario() -> None:
        sim = SimServer(SimConfig(stream_count=3, lifecycle=True, tick_s=0.01, random_disconnects=True))
        base = await sim.start()
        try:
            async with httpx.AsyncClient(base_url=base, headers={"Authorization": "Token demo-token"}) as c:
                r = await c.get("/api/v1/demo-org/assets/live_streams/")
                assert r.json()["count"] == 3
        finally:
            await sim.stop()

    loop = qasync.QEventLoop(qapp)
    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
