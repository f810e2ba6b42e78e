"""The Windows and macOS installer recipes, checked as text where the tools themselves can't run here."""

from __future__ import annotations

import ast
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import bundle_rules as rules
import pytest

from tests.support.paths import PACKAGING, ROOT

WINDOWS = PACKAGING / "windows"
MACOS = PACKAGING / "macos"


def _iss_setup() -> dict[str, str]:
    """The [Setup] directives of tpsdesk.iss (preprocessor lines and comments left out)."""
    text = (WINDOWS / "tpsdesk.iss").read_text(encoding="utf-8")
    section = re.search(r"^\[Setup\]\n(.*?)^\[", text, re.MULTILINE | re.DOTALL)
    assert section, "no [Setup] section"
    directives = {}
    for line in section.group(1).splitlines():
        if line and not line.startswith((";", "#")) and "=" in line:
            key, value = line.split("=", 1)
            directives[key.strip()] = value.strip()
    return directives


def test_inno_setup_installs_per_user_without_admin() -> None:
    setup = _iss_setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")  # %LOCALAPPDATA%\Programs when per user
    assert setup["OutputBaseFilename"] == "{#AppName}-{#AppVersion}-setup"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["UninstallDisplayIcon"] == r"{app}\{#AppExe}"
    assert setup["VersionInfoVersion"] == "{#AppVersionNumbers}"
    assert "SignTool" not in setup  # only from the generated include, when signing is configured


def test_inno_setup_paths_exist() -> None:
    setup = _iss_setup()
    icon = (WINDOWS / setup["SetupIconFile"].replace("\\", "/")).resolve()
    assert icon == (ROOT / "resources" / "icons" / "tpsdesk.ico").resolve() and icon.exists()
    text = (WINDOWS / "tpsdesk.iss").read_text(encoding="utf-8")
    dist = re.search(r'#define DistDir "([^"]+)"', text)
    assert dist and (WINDOWS / dist.group(1).replace("\\", "/")).resolve() == (ROOT / "dist" / "tpsdesk").resolve()


def test_inno_setup_has_shortcut_uninstaller_and_clean_upgrades() -> None:
    text = (WINDOWS / "tpsdesk.iss").read_text(encoding="utf-8")
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"', text, re.MULTILINE)
    assert re.search(r"^Source: .*recursesubdirs", text, re.MULTILINE)
    assert re.search(r'^Type: filesandordirs; Name: "\{app\}\\_internal"', text, re.MULTILINE)
    assert "Uninstallable=no" not in text  # Inno Setup writes unins000.exe unless told not to
    assert "#include SigningInclude" in text


def test_windows_version_resource() -> None:
    import make_version_info

    text = make_version_info.version_info_text("1.2.3")
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates this file as a Python expression
    assert isinstance(tree.body, ast.Call) and getattr(tree.body.func, "id", None) == "VSVersionInfo"
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    assert "StringStruct('OriginalFilename', 'tpsdesk.exe')" in text


def test_windows_build_script_signs_only_from_the_environment() -> None:
    script = (WINDOWS / "build.ps1").read_text(encoding="utf-8")
    for needle in ("TPSDESK_SIGN_CMD", "WINDOWS_CERT_PFX_BASE64", "WINDOWS_CERT_PASSWORD", "packaging/freeze.py",
                   "packaging/run_self_test.py", "tpsdesk.iss", "/DAppVersion=", "-TestInstall"):
        assert needle in script, needle
    for secret_looking in ("BEGIN CERTIFICATE", "BEGIN PRIVATE KEY", "/p "):
        assert secret_looking not in script


def test_windows_build_script_signs_with_the_certificate_holding_the_key() -> None:
    """A PFX with its chain imports several certificates; $cert.Thumbprint must be one value."""
    script = (WINDOWS / "build.ps1").read_text(encoding="utf-8")
    assert re.search(r"\$cert = Import-PfxCertificate [^\n]*\|\s*\n\s*Where-Object HasPrivateKey \| "
                     r"Select-Object -First 1\n", script)
    assert "if (-not $cert) { throw" in script
    assert script.index("if (-not $cert)") < script.index("$($cert.Thumbprint)")


def test_macos_build_script_self_tests_the_signed_app() -> None:
    """The hardened runtime can stop libraries loading: the signed app runs the self-test again."""
    script = (MACOS / "build.sh").read_text(encoding="utf-8")
    signing = re.search(r'^if \[\[ -n "\$identity" \]\]; then\n(.*?)^else\n', script, re.MULTILINE | re.DOTALL)
    assert signing, "no signing block"
    block = signing.group(1)
    verify = block.index("codesign --verify")
    assert block.index('"$python" packaging/run_self_test.py', verify) > verify


def test_dmg_settings() -> None:
    settings: dict[str, object] = {"defines": {"app": "dist/tpsdesk.app"}}
    exec(compile((MACOS / "dmg_settings.py").read_text(encoding="utf-8"), "dmg_settings.py", "exec"), settings)
    assert settings["files"] == ["dist/tpsdesk.app"]
    assert settings["symlinks"] == {"Applications": "/Applications"}
    assert set(settings["icon_locations"]) == {"tpsdesk.app", "Applications"}  # type: ignore[arg-type]
    assert (ROOT / str(settings["icon"])).exists()


def test_macos_build_script_signs_and_notarizes_only_from_the_environment() -> None:
    script = (MACOS / "build.sh").read_text(encoding="utf-8")
    for needle in ("MACOS_SIGN_IDENTITY", "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD", "notarytool",
                   "stapler staple", "--options runtime", "dmgbuild", "packaging/macos/dmg_settings.py",
                   "packaging/freeze.py", "packaging/run_self_test.py", "LSMinimumSystemVersion"):
        assert needle in script, needle
    entitlements = plistlib.loads((MACOS / "entitlements.plist").read_bytes())
    assert all(key.startswith("com.apple.security.") for key in entitlements)


SHELL_SCRIPTS = sorted(PACKAGING.rglob("*.sh"))


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: str(p.relative_to(PACKAGING)))
def test_shell_scripts_parse(script: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    subprocess.run([bash, "-n", str(script)], check=True)
    shellcheck = shutil.which("shellcheck")
    if shellcheck:
        result = subprocess.run([shellcheck, str(script)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_bundle_id_is_not_a_real_organisation() -> None:
    assert rules.BUNDLE_ID == "io.tpsdesk.app"
