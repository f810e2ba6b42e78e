"""The Windows proof under Wine (packaging/windows/prove_wine.py): its parsers, the one Wine-only
difference in tpsdesk.iss, the apt scripts that must survive a partial index error, and (slow,
``pytest -m slow tests/packaging``) the proof itself: about 3 minutes with its cache warm."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import prove_wine
import pytest

from tests.support.paths import PACKAGING, ROOT

WINDOWS = PACKAGING / "windows"

REG_QUERY = r"""
HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\{D568411B-A43B-4354-A896-DE3715A7BF4F}_is1
    DisplayName    REG_SZ    tpsdesk
    DisplayVersion    REG_SZ    0.1.0
    EstimatedSize    REG_DWORD    0x104ca
    Inno Setup: App Path    REG_SZ    C:\users\someone\AppData\Local\Programs\tpsdesk
    Inno Setup: Selected Tasks    REG_SZ{EMPTY}
    InstallLocation    REG_SZ    C:\users\someone\AppData\Local\Programs\tpsdesk\
    UninstallString    REG_SZ    "C:\users\someone\AppData\Local\Programs\tpsdesk\unins000.exe"

""".replace("{EMPTY}", "    ")  # reg prints an empty value with its separator

OBJDUMP = """
The Import Tables (interpreted .idata section contents)
 vma:            Hint    Time      Forward  DLL       First
                 Table   Stamp     Chain    Name      Thunk
 00996850	00996f00 00000000 00000000 00998f00 003d5630

\tDLL Name: KERNEL32.dll
\tvma:  Hint/Ord Member-Name Bound-To
\t998000	  100  GetLastError

 00996864	00997000 00000000 00000000 00998f12 003d5648

\tDLL Name: icuuc.dll
\tvma:  Hint/Ord Member-Name Bound-To
\t9989e8	  263  ucnv_open
\t9989f4	  225  ucnv_close
\t9989a6	    3  UCNV_FROM_U_CALLBACK_SUBSTITUTE

 00996878	00997100 00000000 00000000 00998f20 003d5660

\tDLL Name: MSVCP140.dll
\tvma:  Hint/Ord Member-Name Bound-To
\t998100	  5  _Thrd_yield
"""

MADISON = """\
libgstreamer-plugins-base1.0-0 | 1.22.0-3+deb12u7 | http://mirror.invalid/sec bookworm-security/main amd64 Packages
libgstreamer-plugins-base1.0-0 | 1.22.0-3+deb12u6 | http://mirror.invalid/debian bookworm/main amd64 Packages
libgstreamer-plugins-base1.0-0 | 1.22.0-3+deb12u6 | http://mirror.invalid/debian bookworm/main i386 Packages
"""


def test_reads_the_uninstall_registration() -> None:
    values = prove_wine.parse_reg_query(REG_QUERY)
    assert values["DisplayName"] == "tpsdesk"
    assert values["DisplayVersion"] == "0.1.0"
    assert values["Inno Setup: App Path"].endswith(r"Programs\tpsdesk")
    assert values["Inno Setup: Selected Tasks"] == ""
    assert values["UninstallString"] == r'"C:\users\someone\AppData\Local\Programs\tpsdesk\unins000.exe"'


def test_reads_what_a_dll_imports_from_icuuc() -> None:
    assert prove_wine.pe_imports(OBJDUMP, "icuuc.dll") == ["ucnv_open", "ucnv_close",
                                                           "UCNV_FROM_U_CALLBACK_SUBSTITUTE"]
    assert prove_wine.pe_imports(OBJDUMP, "KERNEL32.dll") == ["GetLastError"]
    assert prove_wine.pe_imports(OBJDUMP, "icuin.dll") == []


def test_finds_imports_that_neither_the_bundle_nor_windows_has() -> None:
    assert prove_wine.pe_dll_names(OBJDUMP) == ["KERNEL32.dll", "icuuc.dll", "MSVCP140.dll"]
    imports = {"_internal/PySide6/plugins/platforms/qwindows.dll": ["Qt6Gui.dll", "KERNEL32.dll",
                                                                    "api-ms-win-core-winrt-l1-1-0.dll"],
               "_internal/PySide6/Qt6Core.dll": ["icuuc.dll", "MSVCP140.dll", "Qt6Network.dll"]}
    bundled = {"qt6gui.dll", "msvcp140.dll", "qt6core.dll"}
    system = {"kernel32.dll", "icuuc.dll"}
    assert prove_wine.unresolved_imports(imports, bundled, system) == [
        "_internal/PySide6/Qt6Core.dll -> Qt6Network.dll"]


def test_icu_stub_exports_each_name_once() -> None:
    source = prove_wine.icu_stub_source(["ucnv_open", "ucnv_close", "ucnv_open"])
    exported = re.findall(r"__declspec\(dllexport\) void \*(\w+)\(void\)", source)
    assert exported == ["ucnv_close", "ucnv_open"]


def test_paths_between_linux_and_the_wine_prefix(tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    (prefix / "drive_c" / "users").mkdir(parents=True)
    (prefix / "dosdevices").mkdir()
    (prefix / "dosdevices" / "c:").symlink_to("../drive_c")
    installed = prove_wine.unix_path(prefix, r"C:\users\someone\AppData\Local\Programs\tpsdesk" + "\\")
    assert installed == (prefix / "drive_c" / "users" / "someone" / "AppData" / "Local" / "Programs" /
                         "tpsdesk").resolve()
    assert prove_wine.windows_path(Path("/work/x y/dist")) == r"Z:\work\x y\dist"


def test_pins_gstreamer_to_a_version_both_architectures_have() -> None:
    assert prove_wine.apt_pin_version(MADISON, "bookworm") == "1.22.0-3+deb12u6"
    assert prove_wine.apt_pin_version(MADISON, "trixie") is None


def test_self_test_output_must_show_the_windows_keychain() -> None:
    good = ("  ok  listed 25 streams over 3 pages\n  ok  stopped a stream with trim 00:00:30\x9600:02:00\n"
            "  ok  keyring: keyring.backends.Windows.WinVaultKeyring\ntpsdesk self-test passed in 2.0 s\n")
    assert prove_wine.self_test_problems(0, good) == []
    fail_backend = good.replace("Windows.WinVaultKeyring", "fail.Keyring")
    assert any("keyring" in p for p in prove_wine.self_test_problems(0, fail_backend))
    assert prove_wine.self_test_problems(1, good)[0] == "exit status 1"
    assert prove_wine.decode("00:30\u201300:02".encode("cp1252")) == "00:30\u201300:02"


def test_runtime_hook_escapes_what_the_output_code_page_cannot_encode() -> None:
    """Found by the Wine proof: under cp932 the self-test's en dash raised in print()."""
    hook = PACKAGING / "rthooks" / "pyi_rth_tpsdesk.py"
    code = f"exec(compile(open({str(hook)!r}).read(), 'hook', 'exec')); print('00:30\u201300:02')"
    env = {**os.environ, "PYTHONIOENCODING": "cp932"}
    unhooked = subprocess.run([sys.executable, "-c", "print('00:30\u201300:02')"], env=env, capture_output=True,
                              timeout=60)
    assert unhooked.returncode != 0 and b"UnicodeEncodeError" in unhooked.stderr
    hooked = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert hooked.returncode == 0, hooked.stderr
    assert hooked.stdout.strip() == b"00:30\\u201300:02"


def test_the_only_wine_difference_in_the_setup_script_is_the_install_folder() -> None:
    text = (WINDOWS / "tpsdesk.iss").read_text(encoding="utf-8")
    blocks = re.findall(r"^#ifdef WINE\n(.*?)^#else\n(.*?)^#endif\n", text, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1
    assert [line for line in text.splitlines() if "WINE" in line and not line.startswith(";")] == ["#ifdef WINE"]
    wine, shipped = (
        [line for line in block.splitlines() if line and not line.startswith(";")] for block in blocks[0])
    assert wine == [r"DefaultDirName={localappdata}\Programs\{#AppName}"]
    assert shipped == [r"DefaultDirName={autopf}\{#AppName}"]
    assert "WINE" not in (WINDOWS / "build.ps1").read_text(encoding="utf-8")


def _fake_apt(tmp_path: Path, update_exit: int, install_exit: int) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "apt-get"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "apt-get $*" >> "{tmp_path}/calls"\n'
        f'case "$1" in update) echo "E: Failed to fetch ... Mirror sync in progress?" >&2; exit {update_exit};; esac\n'
        f"exit {install_exit}\n")
    script.chmod(0o755)
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize(("update_exit", "install_exit", "ok"), [(100, 0, True), (0, 0, True), (100, 100, False)])
def test_linux_build_deps_survive_a_partial_apt_index(tmp_path: Path, update_exit: int, install_exit: int,
                                                      ok: bool) -> None:
    env = _fake_apt(tmp_path, update_exit, install_exit)
    proc = subprocess.run(["bash", str(PACKAGING / "linux" / "install_build_deps.sh")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode == 0) is ok, proc.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls[0] == "apt-get update -qq"
    assert calls[1].startswith("apt-get install")  # tried even though the update reported an error


def test_ci_installs_even_when_apt_get_update_reports_an_error() -> None:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert not re.search(r"apt-get update[^\n]*&&", text), "a failed update would skip the install"
    assert re.search(r"apt-get update -qq \|\|", text)
    assert "-m slow" not in text and "prove_wine" not in text  # the Wine proof is not run by default


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("wine") is None,
                    reason="needs Wine (the proof installs the rest: python3 packaging/windows/prove_wine.py)")
def test_windows_installer_under_wine(tmp_path: Path) -> None:
    figures_path = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(WINDOWS / "prove_wine.py"), "--work", str(tmp_path / "work"),
                           "--out", str(tmp_path / "dist"), "--json", str(figures_path)], cwd=ROOT, timeout=3000)
    assert proc.returncode == 0, "prove_wine.py failed or missed a target: see its report above"
    figures = json.loads(figures_path.read_text())
    assert not figures["failed"] and not figures["targets_missed"]
    assert figures["unpacked_mb"] < 150
    assert figures["setup_mib"] < 60
    assert figures["keyring"].endswith("keyring.backends.Windows.WinVaultKeyring")
    assert not (tmp_path / "work" / "dist" / "tpsdesk" / "_internal" / "icuuc.dll").exists()
