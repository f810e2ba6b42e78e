"""Run a frozen tpsdesk's ``--self-test`` and check what the bundle holds.

    python packaging/run_self_test.py [--dist DIR | --exe PATH]

The self-test starts Qt offscreen, serves the in-process simulator, lists
streams, stops one with a trim and loads the keychain backend; it exits 0 on
success. This script also checks the files the self-test cannot see fail
silently: the SVG plugins that draw the app icon, keyring's entry points, and the
platform's native Qt plugin (the self-test runs offscreen, so without that plugin it would
pass while the app could not open a window for users).
Output is read through a pipe, which also works for the windowed Windows exe.
Exit status: the self-test's, or 1 if a check fails.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from freeze import ROOT, bundle_executable, bundle_root  # noqa: E402

# (description, pattern) that must each match at least one path in the bundle. Patterns match
# from the right, as PurePath.match does: "iconengines/*qsvgicon*" is any such file anywhere.
REQUIRED = (
    ("Qt SVG icon engine (the app icon)", "iconengines/*qsvgicon*"),
    ("Qt SVG image format plugin", "imageformats/*qsvg*"),
    ("Qt offscreen platform plugin (--self-test)", "platforms/*qoffscreen*"),
    ("keyring's entry points (its backends are found through them)", "keyring-*.dist-info/entry_points.txt"),
)
# The platform plugin that opens real windows, per sys.platform (Linux also keeps Wayland's).
NATIVE_PLATFORM_PLUGINS = {
    "win32": ("Qt Windows platform plugin (the app's window)", "platforms/qwindows.dll"),
    "darwin": ("Qt Cocoa platform plugin (the app's window)", "platforms/libqcocoa.dylib"),
    "linux": ("Qt XCB platform plugin (the app's window on X11 and XWayland)", "platforms/libqxcb.so"),
}
# Must not be in the bundle: a sign that the pruning rules stopped working.
FORBIDDEN = ("*Qt6Quick*", "*Qt6Qml*", "*Qt6WebEngine*", "*Qt6Network*", "*Qt6Pdf*", "QtQuick.framework",
             "QtNetwork.framework", "translations/*.qm", "opengl32sw.dll")


def bundle_paths(root: Path) -> list[PurePosixPath]:
    """Every file and folder under ``root``, relative; symlinked folders are not entered."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            paths.append(PurePosixPath(Path(dirpath, name).relative_to(root).as_posix()))
    return paths


def required(platform: str = sys.platform) -> tuple[tuple[str, str], ...]:
    """REQUIRED plus the native platform plugin of ``platform`` (a sys.platform value)."""
    native = NATIVE_PLATFORM_PLUGINS.get("linux" if platform.startswith("linux") else platform)
    return (*REQUIRED, native) if native else REQUIRED


def check_contents(root: Path, platform: str = sys.platform) -> list[str]:
    if not root.is_dir():
        return [f"no bundle at {root}"]
    paths = bundle_paths(root)
    problems = []
    for what, pattern in required(platform):
        if not any(path.match(pattern) for path in paths):
            problems.append(f"missing: {what} ({pattern})")
    for pattern in FORBIDDEN:
        found = sorted(str(path) for path in paths if path.match(pattern))
        if found:
            problems.append(f"should have been pruned: {', '.join(found[:3])}")
    return problems


def keychain_tools() -> tuple[str, str] | None:
    """dbus-run-session and gnome-keyring-daemon, if both are installed (Linux)."""
    dbus, daemon = shutil.which("dbus-run-session"), shutil.which("gnome-keyring-daemon")
    return (dbus, daemon) if dbus and daemon else None


def run_self_test(exe: Path, timeout: float = 120.0, keychain: bool = False) -> tuple[int, str, float]:
    """Run ``exe --self-test`` offscreen: (exit status, output, seconds).

    ``keychain``: on Linux, inside a private D-Bus session with an unlocked GNOME Keyring, so
    that keyring must find and use its SecretService backend (not only import it).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [str(exe), "--self-test"]
    if keychain:
        tools = keychain_tools()
        if tools is None:
            raise RuntimeError("the keychain check needs dbus-run-session and gnome-keyring-daemon")
        dbus, daemon = tools
        env["TPSDESK_TEST_KEYRING_PASSWORD"] = secrets.token_hex(8)
        script = ('printf %s "$TPSDESK_TEST_KEYRING_PASSWORD" | "$1" --unlock --components=secrets >/dev/null'
                  ' && exec "$2" --self-test')
        cmd = [dbus, "--", "sh", "-c", script, "sh", daemon, str(exe)]
    started = time.perf_counter()
    with subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace") as proc:
        try:
            output, _ = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
            output += f"\n(killed: no answer after {timeout:.0f} s)"
            code = 124
    return code, output, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--dist", type=Path, default=ROOT / "dist", help="folder holding the bundle (default dist/)")
    group.add_argument("--exe", type=Path, help="the bundle's executable")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--keychain", action="store_true",
                        help="Linux: also run it with a GNOME Keyring on a private D-Bus session and "
                             "require keyring's SecretService backend")
    args = parser.parse_args(argv)
    exe = args.exe or bundle_executable(args.dist)
    # The bundle's top folder: dist/tpsdesk, an installed copy, or the .app around Contents/MacOS.
    root = bundle_root(args.dist) if args.exe is None else next(
        (parent for parent in exe.parents if parent.suffix == ".app"), exe.parent)
    if not exe.exists():
        print(f"no bundle at {exe}: run packaging/freeze.py first", file=sys.stderr)
        return 1
    problems = check_contents(root)
    code, output, seconds = run_self_test(exe, args.timeout)
    print(output.rstrip())
    print(f"self-test exit status {code} after {seconds:.1f} s")
    if code == 0 and args.keychain:
        problems += check_keychain(exe, args.timeout)
    for problem in problems:
        print(f"bundle check FAILED: {problem}", file=sys.stderr)
    return code or (1 if problems else 0)


def check_keychain(exe: Path, timeout: float = 120.0) -> list[str]:
    """The SecretService backend found and chosen in the bundle; [] or the problem."""
    code, output, _ = run_self_test(exe, timeout, keychain=True)
    line = next((ln.strip() for ln in output.splitlines() if "keyring:" in ln), "(no keyring line)")
    print(f"with a GNOME Keyring on D-Bus: {line}")
    if code != 0 or "keyring.backends.SecretService" not in line:
        return [f"keyring did not use its SecretService backend in the bundle: {line}\n{output[-1500:]}"]
    return []


if __name__ == "__main__":
    raise SystemExit(main())
