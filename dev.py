#!/usr/bin/env python3
"""Set up and run tpsdesk from a clone with nothing but Python 3.11+.

    python3 dev.py demo    # create .venv, install, open the app in demo mode
    python3 dev.py test    # create .venv, install, run ruff, mypy, lint-imports and the whole test suite
    python3 dev.py run -- --base-url ... --org ...   # the app with any arguments
    python3 dev.py bench   # the benchmarks in bench/ (-- --runs 2 for a quick run_all.py)

Standard library only, so it works before anything is installed. The venv is
reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".tpsdesk-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def lint_imports_script(python: Path) -> Path:
    return python.parent / ("lint-imports.exe" if os.name == "nt" else "lint-imports")


def ensure_env(extras: str) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036  (this script runs before any venv exists)
        sys.exit(f"tpsdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print(f"Installing tpsdesk{extras} into .venv …", flush=True)
        python = str(venv_python())
        subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "-e", f".{extras}"], check=True, cwd=ROOT)
        STAMP.write_text(wanted)
    return venv_python()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "demo"
    rest = argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if command in ("demo", "run"):
        python = ensure_env("[test]")
        args = [str(python), "-m", "tpsdesk", *(["--demo"] if command == "demo" else []), *rest]
        if os.name == "posix":
            # Become the app: signals and window-manager kills reach it, no orphan is left behind.
            os.chdir(ROOT)
            os.execv(args[0], args)
        return subprocess.call(args, cwd=ROOT)
    if command == "test":
        python = ensure_env("[test]")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        steps = [
            [str(python), "-m", "ruff", "check", "."],
            [str(python), "-m", "mypy", "tpsdesk"],
            [str(lint_imports_script(python)), "--no-cache"],  # the layer contracts in pyproject.toml
            # Four workers on two cores: most tests wait on a loopback server or a timer, not the CPU.
            [str(python), "-m", "pytest", *(rest if any(a.startswith("-n") for a in rest) else ["-n", "4", *rest])],
        ]
        for step in steps:
            print("$", " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)), flush=True)
            code = subprocess.call(step, cwd=ROOT, env=env)
            if code != 0:
                return code
        return 0
    if command == "bench":
        python = ensure_env("[test]")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        code = 0
        # The micro-benches, then run_all.py (app against the floor), whose summary is the last line.
        scripts = [*sorted((ROOT / "bench").glob("bench_*.py")), ROOT / "bench" / "run_all.py"]
        for script in scripts:
            print(f"== {script.name}", flush=True)
            code |= subprocess.call([str(python), str(script), *(rest if script.name == "run_all.py" else [])],
                                    cwd=ROOT, env=env)
        return code
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
