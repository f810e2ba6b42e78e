"""Freeze tpsdesk with PyInstaller (packaging/tpsdesk.spec) into a one-folder bundle.

    python packaging/freeze.py [--dist DIR] [--work DIR]

Defaults: dist/ for the bundle (dist/tpsdesk/, or dist/tpsdesk.app on macOS) and
build/pyinstaller/ for PyInstaller's cache. Needs the app and its packaging
extra installed in the running Python: ``pip install -e ".[packaging]"``.
Prints the path of the bundle's executable as the last line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "tpsdesk.spec"
APP = "tpsdesk"


def bundle_executable(dist: Path) -> Path:
    """The executable inside a finished bundle, per platform."""
    if sys.platform == "darwin":
        return dist / f"{APP}.app" / "Contents" / "MacOS" / APP
    return dist / APP / (f"{APP}.exe" if sys.platform == "win32" else APP)


def bundle_root(dist: Path) -> Path:
    return dist / (f"{APP}.app" if sys.platform == "darwin" else APP)


def freeze(dist: Path = ROOT / "dist", work: Path = ROOT / "build" / "pyinstaller", quiet: bool = False) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean",
           "--distpath", str(dist), "--workpath", str(work)]
    if quiet:
        cmd += ["--log-level", "WARN"]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    exe = bundle_executable(dist)
    if not exe.exists():
        raise SystemExit(f"PyInstaller finished but {exe} is missing")
    print(f"froze {bundle_root(dist)} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return exe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--quiet", action="store_true", help="only PyInstaller's warnings")
    args = parser.parse_args(argv)
    print(freeze(args.dist.resolve(), args.work.resolve(), args.quiet))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
