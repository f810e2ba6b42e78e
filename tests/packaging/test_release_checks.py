"""The release's safety checks: tag against version, pinned build tools, what the Linux proof
fails on, and what the GitHub release gets."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import bundle_rules as rules
import pytest
from packaging.requirements import Requirement

from tests.support.paths import PACKAGING, ROOT

# --- 1. the tag names __version__ ---------------------------------------------------------------


def _project(tmp_path: Path, version: str) -> Path:
    (tmp_path / "tpsdesk").mkdir()
    (tmp_path / "tpsdesk" / "__init__.py").write_text(f'__version__ = "{version}"\n')
    return tmp_path


def test_check_version_compares_the_tag_with_the_version(tmp_path: Path) -> None:
    from check_version import check

    root = _project(tmp_path, "0.2.0")
    assert check("v0.2.0", root) is None
    assert check("0.2.0", root) is None
    problem = check("v0.3.0", root)
    assert problem and "0.3.0" in problem and "0.2.0" in problem
    assert check("v0.2.0rc1", root) is not None
    assert check("vv0.2.0", root) is not None  # only one leading "v", as ${GITHUB_REF_NAME#v}


def test_check_version_script_exit_status() -> None:
    script = [sys.executable, str(PACKAGING / "check_version.py")]
    version = rules.read_version()
    ok = subprocess.run([*script, f"v{version}"], capture_output=True, text=True, timeout=30)
    assert ok.returncode == 0, ok.stderr
    wrong = subprocess.run([*script, "v999.0.0"], capture_output=True, text=True, timeout=30)
    assert wrong.returncode == 1
    assert f"__version__ = '{version}'" in wrong.stderr


# --- 2. the Linux proof: timing advisory on CI, strict by default ------------------------------------


def test_prove_linux_timing_strict_by_default_advisory_on_request() -> None:
    import prove_linux

    slow = {"--version warm": 1.9, "--self-test warm": 1.0}
    assert prove_linux.missed_targets(100, 30, slow) == (["start (--version warm)"], ["start (--version warm)"])
    missed, failing = prove_linux.missed_targets(100, 30, slow, "advisory")
    assert missed == ["start (--version warm)"] and failing == []
    # Sizes fail in either mode.
    missed, failing = prove_linux.missed_targets(151, 61, slow, "advisory")
    assert failing == ["unpacked size", "compressed size"]
    assert "start (--version warm)" in missed
    assert prove_linux.missed_targets(100, 30, {"--version warm": 1.0}, "strict") == ([], [])


def test_prove_linux_timing_option() -> None:
    text = (PACKAGING / "prove_linux.py").read_text(encoding="utf-8")
    assert re.search(r'"--timing", choices=\("strict", "advisory"\), default="strict"', text)
    assert "return 2 if failing else 0" in text


# --- 3. pinned build tools --------------------------------------------------------------------------

CONSTRAINTS = PACKAGING / "constraints.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", line)
            assert match, f"not an exact pin: {line!r}"
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


def test_constraints_pin_the_verified_versions() -> None:
    assert _pins() == {"pyside6-essentials": "6.11.3", "shiboken6": "6.11.3", "pyinstaller": "6.22.3",
                       "pyinstaller-hooks-contrib": "2026.9"}


def test_constraints_agree_with_pyproject() -> None:
    pins = _pins()
    assert pins["shiboken6"] == pins["pyside6-essentials"]  # PySide6 needs its own shiboken6
    assert pins["pyside6-essentials"] != "6.12.0"  # leaks references to None on Python 3.11
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["packaging"]]
    for requirement in map(Requirement, declared):
        pinned = pins.get(re.sub(r"[-_.]+", "-", requirement.name).lower())
        if pinned is not None:
            assert requirement.specifier.contains(pinned, prereleases=True), f"{requirement} excludes {pinned}"


# --- 4. only installers become release assets ----------------------------------------------------------


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_publish_release_attaches_installers_only(tmp_path: Path) -> None:
    log = tmp_path / "gh.log"
    fake_gh = tmp_path / "bin" / "gh"
    fake_gh.parent.mkdir()
    # "release view" fails (no release yet), so the script creates one; every call is logged.
    fake_gh.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n[ "$2" = view ] && exit 1\nexit 0\n')
    fake_gh.chmod(fake_gh.stat().st_mode | stat.S_IEXEC)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    names = ("tpsdesk-0.2.0-setup.exe", "tpsdesk-0.2.0-macos-arm64.dmg", "tpsdesk-0.2.0-linux-x86_64.tar.xz",
             "linux-figures.json")
    for name in names:
        (artifacts / name).write_text("")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_REPOSITORY"}
    env["PATH"] = f"{fake_gh.parent}{os.pathsep}{env['PATH']}"
    proc = subprocess.run(["bash", str(PACKAGING / "publish_release.sh"), "v0.2.0",
                           *sorted(str(artifacts / n) for n in names)],
                          env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    create = next(line for line in log.read_text().splitlines() if line.startswith("release create"))
    for name in names[:3]:
        assert name in create
    assert "linux-figures.json" not in log.read_text()
    assert "not attached (not an installer)" in proc.stdout

    only_figures = subprocess.run(["bash", str(PACKAGING / "publish_release.sh"), "v0.2.0",
                                   str(artifacts / "linux-figures.json")],
                                  env=env, capture_output=True, text=True, timeout=30)
    assert only_figures.returncode == 1 and "no installers to attach" in only_figures.stderr
