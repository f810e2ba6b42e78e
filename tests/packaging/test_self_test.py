"""``tpsdesk --self-test``: what every frozen bundle runs to prove itself.

The fast test runs it from the virtualenv (a second or two); the slow one freezes the app
and runs it from the bundle (``pytest -m slow tests/packaging``, about two minutes).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import PACKAGING, ROOT

OFFSCREEN = dict(os.environ, QT_QPA_PLATFORM="offscreen")


@pytest.mark.parametrize("qt_options", [[], ["-platform", "offscreen"]])
def test_self_test_passes_from_the_virtualenv(qt_options: list[str]) -> None:
    """Qt's own options (``-platform offscreen``: Wine drops QT_* variables) reach Qt, not our parser."""
    try:
        proc = subprocess.run([sys.executable, "-m", "tpsdesk", "--self-test", *qt_options], cwd=ROOT, env=OFFSCREEN,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired as exc:
        output = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        pytest.fail(f"tpsdesk --self-test did not finish in 30 s:\n{output[-3000:]}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    assert "keyring:" in proc.stdout


needs_pyinstaller = pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                                       reason='PyInstaller is not installed: pip install -e ".[packaging]"')


@pytest.mark.slow
@needs_pyinstaller
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux proof; see the next test elsewhere")
def test_linux_proof_meets_the_targets(tmp_path: Path) -> None:
    figures_path = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(PACKAGING / "prove_linux.py"), "--work", str(tmp_path / "work"),
                           "--archive", str(tmp_path / "tpsdesk.tar.xz"), "--runs", "3",
                           "--json", str(figures_path)], cwd=ROOT, timeout=900)
    assert proc.returncode == 0, "prove_linux.py failed or missed a target: see its report above"
    figures = json.loads(figures_path.read_text())
    assert figures["self_test_exit"] == 0
    assert figures["unpacked_mb"] < 150
    assert figures["compressed_mib"] < 60
    assert all(ratio <= 1.5 for ratio in figures["start_ratio"].values())


@pytest.mark.slow
@needs_pyinstaller
@pytest.mark.skipif(sys.platform.startswith("linux"), reason="Linux runs the full proof above")
def test_frozen_bundle_self_test(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, str(PACKAGING / "freeze.py"), "--dist", str(dist), "--work",
                    str(tmp_path / "work"), "--quiet"], cwd=ROOT, check=True, timeout=900)
    proc = subprocess.run([sys.executable, str(PACKAGING / "run_self_test.py"), "--dist", str(dist)], cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0
