"""The freeze recipe's pruning rules: what stays out of the bundle, and that the app needs none of it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bundle_rules as rules
import pytest

from tests.support.paths import PACKAGING, ROOT

HEAVY_QT = ("QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "QtQuickWidgets", "Qt3DCore",
            "QtMultimedia", "QtPdf", "QtCharts", "QtDataVisualization", "QtGraphs", "QtDesigner",
            "QtNetwork", "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest", "QtPrintSupport")


@pytest.mark.parametrize("module", HEAVY_QT)
def test_heavy_qt_modules_are_excluded(module: str) -> None:
    assert f"PySide6.{module}" in rules.EXCLUDED_MODULES


@pytest.mark.parametrize("module", ["tkinter", "unittest", "pytest", "_pytest", "mypy", "ruff", "pydoc",
                                    "PyInstaller", "setuptools", "PyQt5", "PyQt6", "PySide2"])
def test_tools_and_other_bindings_are_excluded(module: str) -> None:
    assert module in rules.EXCLUDED_MODULES


def _app_imports() -> set[str]:
    """Every absolute module name imported anywhere in tpsdesk/ (top level or inside functions)."""
    names: set[str] = set()
    for path in (ROOT / "tpsdesk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return names


def test_the_app_imports_only_the_qt_modules_the_bundle_keeps() -> None:
    qt = {name.split(".")[1] for name in _app_imports() if name.startswith("PySide6.")}
    unexpected = qt - set(rules.QT_PYTHON_MODULES_USED)
    assert not unexpected, (
        f"tpsdesk now imports {sorted(unexpected)}: add them to QT_PYTHON_MODULES_USED in "
        "packaging/bundle_rules.py (and remove them from QT_PYTHON_MODULES_EXCLUDED)")


def test_no_module_the_app_imports_is_excluded() -> None:
    excluded = set(rules.EXCLUDED_MODULES)
    clashes = sorted(name for name in _app_imports()
                     if any(name == ex or name.startswith(ex + ".") for ex in excluded))
    assert not clashes, f"packaging/bundle_rules.py excludes modules tpsdesk imports: {clashes}"


def test_used_and_excluded_qt_modules_do_not_overlap() -> None:
    assert not set(rules.QT_PYTHON_MODULES_USED) & set(rules.QT_PYTHON_MODULES_EXCLUDED)


@pytest.mark.parametrize(("dest", "platform", "kept"), [
    # Linux wheel layout
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", "linux", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", "linux", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "linux", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "linux", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", "linux", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", "linux", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", "linux", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "linux", False),
    ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", "linux", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "linux", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "linux", True),
    ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", "linux", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", "linux", True),
    ("PySide6/Qt/lib/libQt6Svg.so.6", "linux", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "linux", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", "linux", False),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", "linux", False),
    ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "linux", False),
    ("PySide6/Qt/translations/qtbase_de.qm", "linux", False),
    ("PySide6/QtCore.abi3.so", "linux", True),
    ("libpython3.11.so.1.0", "linux", True),
    ("PySide6/Qt/lib/libicudata.so.73", "linux", True),
    # Windows wheel layout
    ("PySide6/plugins/platforms/qwindows.dll", "win32", True),
    ("PySide6/plugins/platforms/qdirect2d.dll", "win32", False),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", "win32", False),
    ("PySide6/Qt6Core.dll", "win32", True),
    ("PySide6/Qt6Widgets.dll", "win32", True),
    ("PySide6/Qt6Network.dll", "win32", False),
    ("PySide6/Qt6Pdf.dll", "win32", False),
    ("PySide6/opengl32sw.dll", "win32", False),
    ("PySide6/d3dcompiler_47.dll", "win32", False),
    ("PySide6/QtWidgets.pyd", "win32", True),
    ("python311.dll", "win32", True),
    # macOS wheel layout (frameworks)
    ("PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", "darwin", True),
    ("PySide6/Qt/lib/QtCore.framework/Resources/Info.plist", "darwin", True),
    ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", "darwin", False),
    ("PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", "darwin", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "darwin", True),
    ("PySide6/Qt/plugins/permissions/libqdarwincamerapermission.dylib", "darwin", False),
])
def test_keep_file(dest: str, platform: str, kept: bool) -> None:
    assert rules.keep_file(dest, platform) is kept


def test_the_spec_applies_the_rules() -> None:
    spec = (PACKAGING / "tpsdesk.spec").read_text(encoding="utf-8")
    compile(spec, "tpsdesk.spec", "exec")  # valid Python
    for needle in ("rules.EXCLUDED_MODULES", "rules.prune(", "upx=False",
                   "pyi_rth_tpsdesk.py", 'collect_submodules("keyring.backends")', 'copy_metadata("keyring")',
                   "BUNDLE(", "rules.macos_info_plist(VERSION)", "tpsdesk.ico", "tpsdesk.icns",
                   "write_version_info"):
        assert needle in spec, needle
    # One folder: the executable leaves the libraries to COLLECT instead of packing them in.
    assert "exclude_binaries=True" in spec and "COLLECT(" in spec


def test_version_is_read_without_importing_the_app() -> None:
    import tpsdesk

    assert rules.read_version() == tpsdesk.__version__


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.3rc1", (2, 0, 3, 0)), ("1.2.3.dev4+g1", (1, 2, 3, 0)),
])
def test_version_tuple(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert rules.version_tuple(version) == numbers


def test_macos_info_plist() -> None:
    plist = rules.macos_info_plist("1.2.3")
    assert plist["CFBundleIdentifier"] == "io.tpsdesk.app"
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == "1.2.3"
    assert plist["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", str(plist["LSMinimumSystemVersion"]))


def test_bundle_content_check(tmp_path: Path) -> None:
    from run_self_test import check_contents

    internal = tmp_path / "_internal"
    for name in ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
                 "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqxcb.so",
                 "keyring-25.7.0.dist-info/entry_points.txt"):
        (internal / name).parent.mkdir(parents=True, exist_ok=True)
        (internal / name).write_text("")
    assert check_contents(tmp_path, "linux") == []
    (internal / "PySide6/Qt/lib").mkdir(parents=True)
    (internal / "PySide6/Qt/lib/libQt6Quick.so.6").write_text("")
    (internal / "PySide6/Qt/plugins/iconengines/libqsvgicon.so").unlink()
    problems = check_contents(tmp_path, "linux")
    assert any("missing: Qt SVG icon engine" in p for p in problems)
    assert any("should have been pruned" in p and "libQt6Quick" in p for p in problems)


@pytest.mark.parametrize(("platform", "plugin", "other"), [
    ("linux", "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so"),
    ("win32", "PySide6/plugins/platforms/qwindows.dll", "PySide6/Qt/plugins/platforms/libqxcb.so"),
    ("darwin", "PySide6/Qt/plugins/platforms/libqcocoa.dylib", "PySide6/plugins/platforms/qwindows.dll"),
])
def test_bundle_content_check_requires_the_native_platform_plugin(tmp_path: Path, platform: str, plugin: str,
                                                                   other: str) -> None:
    """The self-test runs offscreen: only this check notices a bundle that cannot open a window."""
    from run_self_test import check_contents

    internal = tmp_path / "_internal"
    for name in ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
                 "PySide6/Qt/plugins/platforms/libqoffscreen.so", "keyring-25.7.0.dist-info/entry_points.txt",
                 other):
        (internal / name).parent.mkdir(parents=True, exist_ok=True)
        (internal / name).write_text("")
    problems = check_contents(tmp_path, platform)
    assert len(problems) == 1 and "missing: Qt" in problems[0] and "platform plugin" in problems[0], problems
    (internal / plugin).parent.mkdir(parents=True, exist_ok=True)
    (internal / plugin).write_text("")
    assert check_contents(tmp_path, platform) == []
