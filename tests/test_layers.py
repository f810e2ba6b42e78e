"""The layer rules hold (import-linter's contracts in pyproject.toml), and modules stay short.

The contracts are proven to bite: a copy of the package with forbidden imports added
must break each of them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

PACKAGE = ROOT / "tpsdesk"
MAX_LINES = 400
GENERATED = {PACKAGE / "ui" / "_resources_rc.py"}

# One forbidden import per contract, each in a module of its own, and the contract that must catch it.
BAD_MODULES = {
    "ui/bad_http.py": ("import httpx\n", "The UI never touches HTTP directly"),
    "ui/bad_client.py": ("from tpsdesk.httpapi import client\n", "The UI never touches HTTP directly"),
    "domain/bad_qt.py": ("from PySide6 import QtCore\n", "The domain is pure"),
    "httpapi/bad_qt.py": ("from PySide6 import QtCore\n", "The HTTP layer imports no Qt"),
    "services/bad_upward.py": ("from tpsdesk.ui import main_window\n", "Layers:"),
    "sim/bad_client_side.py": ("from tpsdesk.domain import models\n", "The simulator imports nothing"),
    "ui/bad_sim.py": ("from tpsdesk import sim\n", "Only the shell"),
}


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package found at ``root`` (run from there, so its pyproject.toml applies)."""
    script = Path(sys.executable).parent / ("lint-imports.exe" if os.name == "nt" else "lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(script), "--no-cache"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=60)


def contract_lines(output: str) -> dict[str, str]:
    """Each contract's name → KEPT or BROKEN, from lint-imports' summary."""
    verdicts: dict[str, str] = {}
    for line in output.splitlines():
        for verdict in ("KEPT", "BROKEN"):
            if line.endswith(f" {verdict}"):
                verdicts[line.removesuffix(f" {verdict}")] = verdict
    return verdicts


def test_the_real_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    verdicts = contract_lines(result.stdout)
    assert len(verdicts) == 6 and set(verdicts.values()) == {"KEPT"}, result.stdout


def test_each_contract_breaks_on_a_forbidden_import(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "tpsdesk", ignore=shutil.ignore_patterns("__pycache__"))
    clean = lint_imports(tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr  # the copy alone is fine
    for relative, (source, _contract) in BAD_MODULES.items():
        (tmp_path / "tpsdesk" / relative).write_text(source)
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    verdicts = contract_lines(result.stdout)
    for relative, (_source, contract) in BAD_MODULES.items():
        matching = [verdict for name, verdict in verdicts.items() if name.startswith(contract)]
        assert matching == ["BROKEN"], f"{relative} did not break “{contract}”:\n{result.stdout}"
        assert f"tpsdesk.{relative.removesuffix('.py').replace('/', '.')}" in result.stdout


def test_no_module_is_over_400_lines() -> None:
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py") if p not in GENERATED}
    assert len(sizes) > 50  # the walk found the package
    too_long = {module: lines for module, lines in sizes.items() if lines > MAX_LINES}
    assert not too_long, f"split these by responsibility: {too_long}"
