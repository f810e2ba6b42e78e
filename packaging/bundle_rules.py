"""What the frozen tpsdesk leaves out, in one place: used by ``tpsdesk.spec`` and by the tests.

tpsdesk is a QtWidgets app: it uses QtCore, QtGui, QtWidgets, and Qt's SVG
plugins for its icon (through the Qt resource system). It talks HTTP with
httpx and serves the simulator with aiohttp, so QtNetwork is not used. A
PyInstaller build collects much more than that by default (measured on Linux:
200 MB unpacked, from plugins, their system libraries, translations, OpenGL
bindings and unstripped binaries). The rules here remove what the app cannot load:

* Python modules that are never imported at run time (``EXCLUDED_MODULES``),
* Qt plugins outside an allow-list per plugin folder (``QT_PLUGINS``),
* Qt libraries outside an allow-list (``QT_LIBRARIES``),
* Qt's translations (the UI is English only and installs no QTranslator),
* on Linux, any bundled system library that no remaining binary links to.

``prune`` applies them to a PyInstaller Analysis and then checks that no kept
binary links to a removed one, so a rule that is too eager fails the build
instead of the app.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "tpsdesk"
BUNDLE_ID = "io.tpsdesk.app"

# --- Python modules ---------------------------------------------------------------------------

# Every PySide6 module except the three the app imports. PyInstaller's Qt hooks collect a
# module's Qt library, plugins and translations only when the module is collected, so this
# list is what keeps WebEngine, QML/Quick, 3D, Multimedia, Pdf … out.
QT_PYTHON_MODULES_USED = ("QtCore", "QtGui", "QtWidgets")
QT_PYTHON_MODULES_EXCLUDED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDBus",
    "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLabsStyleKit", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtPrintSupport", "QtQml", "QtQmlFeatures", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    "QtXml",
)

EXCLUDED_MODULES = (
    *(f"PySide6.{name}" for name in QT_PYTHON_MODULES_EXCLUDED),
    # Other Qt bindings a virtualenv may hold: PyInstaller refuses to collect two.
    "PyQt5", "PyQt6", "PySide2", "sip",
    # Development tools that may sit in the same virtualenv.
    "pytest", "_pytest", "pytestqt", "pluggy", "iniconfig", "py", "mypy", "mypyc", "ruff",
    "PyInstaller", "setuptools", "pkg_resources", "distutils", "pip", "wheel",
    "IPython", "jedi", "parso",
    # Standard library parts the app never loads.
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc", "pydoc_data",
    "doctest", "unittest", "test", "pdb", "ensurepip", "venv", "curses",  # (sqlite3: the journal)
    "xmlrpc", "multiprocessing", "concurrent.futures.process",
    # Optional extras of the app's dependencies that tpsdesk does not use.
    "trio", "curio", "anyio._backends._trio",  # httpx/anyio/jeepney alternatives
    "brotli", "brotlicffi", "zstandard", "h2", "socksio", "rich", "click",  # httpx extras
    "pygments",  # httpx's command line imports it after click (pytest brings it into a dev venv)
    "uvloop", "aiodns", "gunicorn",  # aiohttp extras
    "dbus", "gi",  # keyring's KWallet/libsecret backends need them; SecretService does not
    "keyring.testing", "jeepney.tests", "jeepney.io.tests",
)


# --- Qt plugins, libraries and data --------------------------------------------------------------

# Plugin folder -> plugin names kept (file name without "lib" and extension). Folders not
# listed are dropped whole: tls and networkinformation (QtNetwork), printsupport, sqldrivers,
# generic (evdev input for eglfs), egldeviceintegrations, qmltooling, styles (the app sets
# Fusion, which is built into QtWidgets), wayland-graphics-integration-client (OpenGL only) …
QT_PLUGINS: dict[str, frozenset[str]] = {
    # xcb and wayland: Linux desktops; cocoa: macOS; windows: Windows; offscreen: --self-test.
    "platforms": frozenset({"qxcb", "qwayland", "qwayland-generic", "qcocoa", "qwindows", "qoffscreen"}),
    # The portal theme gives native file dialogs on Flatpak/portal desktops (D-Bus only);
    # the GTK3 theme would pull GTK's whole stack (cairo, pango, gdk-pixbuf …) for looks that
    # Fusion overrides anyway.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    # The app icon is an SVG in the Qt resources: these two render it.
    "iconengines": frozenset({"qsvgicon"}),
    "imageformats": frozenset({"qsvg"}),
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": frozenset({"bradient", "adwaita"}),
}

# Qt libraries kept (the name without "lib", "Qt6"/"Qt" and extension). Core/Gui/Widgets are
# the app; Svg serves the SVG plugins; DBus is linked by QtGui on Linux; the rest back the
# Linux platform plugins kept above.
QT_LIBRARIES = frozenset({"Core", "Gui", "Widgets", "Svg", "DBus", "XcbQpa", "WaylandClient",
                          "WlShellIntegration"})

# Windows: Qt's software OpenGL and Direct3D/ANGLE helpers, loaded only for OpenGL/Quick.
UNUSED_WINDOWS_DLLS = re.compile(r"^(opengl32sw|d3dcompiler_\d+|libegl|libglesv2)\.dll$", re.IGNORECASE)

_QT_LIB_NAME = re.compile(r"^(?:lib)?Qt6?([A-Z][A-Za-z0-9]*?)(?:\.framework|\.so(?:\.[\d.]+)?|\.dll|\.dylib|\.prl)?$")


def qt_library_of(dest: str) -> str | None:
    """'Quick' for 'PySide6/Qt/lib/libQt6Quick.so.6', 'Qt6Quick.dll' or 'QtQuick.framework/…'."""
    for part in PurePosixPath(dest.replace("\\", "/")).parts:
        match = _QT_LIB_NAME.match(part)
        if match and (part.startswith(("libQt", "Qt6")) or part.endswith(".framework")):
            return match.group(1)
    return None


def qt_plugin_of(dest: str) -> tuple[str, str] | None:
    """('platforms', 'qxcb') for 'PySide6/Qt/plugins/platforms/libqxcb.so'; None if not a plugin."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    for index in range(1, len(parts) - 2):
        if parts[index] == "plugins" and parts[index - 1] in ("Qt", "PySide6"):
            name = parts[-1]
            name = re.sub(r"\.(so|dll|dylib)$", "", name)
            if name.startswith("lib"):
                name = name[3:]
            return parts[index + 1], name
    return None


def is_translation(dest: str) -> bool:
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    return "translations" in parts and parts[-1].endswith(".qm")


def keep_file(dest: str, platform: str = sys.platform) -> bool:
    """Whether a collected binary or data file may stay in the bundle (name rules only)."""
    plugin = qt_plugin_of(dest)
    if plugin is not None:
        folder, name = plugin
        return name in QT_PLUGINS.get(folder, frozenset())
    if is_translation(dest):
        return False
    library = qt_library_of(dest)
    if library is not None:
        return library in QT_LIBRARIES
    return not (platform == "win32" and UNUSED_WINDOWS_DLLS.match(PurePosixPath(dest.replace("\\", "/")).name))


# --- applying the rules to a PyInstaller Analysis -------------------------------------------------

Entry = tuple[str, str, str]


def _linked_names(path: str) -> set[str]:
    """Base names (case-folded) of the libraries a binary links to; ldd is transitive on Linux."""
    from PyInstaller.depend import bindepend

    names = set()
    for name, resolved in bindepend.get_imports(path):
        names.add(_base(name))
        if resolved:
            names.add(_base(resolved))
    return names


def _base(path: str) -> str:
    return PurePosixPath(path.replace("\\", "/")).name.casefold()


def prune(binaries: list[Entry], datas: list[Entry], platform: str = sys.platform,
          log: Callable[[str], None] = print) -> tuple[list[Entry], list[Entry]]:
    """Apply the rules to ``a.binaries`` and ``a.datas``; returns the new lists."""
    kept = [e for e in binaries if keep_file(e[0], platform)]
    removed = [e for e in binaries if not keep_file(e[0], platform)]

    if platform.startswith("linux"):
        # Bundled system libraries are there because some binary links to them. Once that
        # binary is gone, nothing loads them: keep only what the remaining roots reach.
        roots = [e for e in kept if e[2] == "EXTENSION" or qt_plugin_of(e[0])
                 or PurePosixPath(e[0]).name.startswith("libpython")]
        reachable = {_base(e[0]) for e in roots}
        for entry in roots:
            reachable |= _linked_names(entry[1])
        unreachable = [e for e in kept if _base(e[0]) not in reachable]
        kept = [e for e in kept if e not in unreachable]
        removed += unreachable

    check_no_dangling_links(kept, removed)
    removed_names = {_base(e[0]) for e in removed}
    kept_data = []
    for entry in datas:
        dest, target, kind = entry
        if kind == "SYMLINK" and (_base(target) in removed_names or not keep_file(target, platform)):
            continue
        if keep_file(dest, platform):
            kept_data.append(entry)
    log(f"tpsdesk prune: kept {len(kept)} binaries, removed {len(removed)}; "
        f"kept {len(kept_data)} data files, removed {len(datas) - len(kept_data)}")
    for dest in sorted(e[0] for e in removed):
        log(f"  - {dest}")
    return kept, kept_data


def check_no_dangling_links(kept: Iterable[Entry], removed: Iterable[Entry]) -> None:
    """Fail the build if a kept binary links to a removed one (a rule that went too far)."""
    removed_names = {_base(e[0]) for e in removed}
    if not removed_names:
        return
    problems = []
    for dest, src, _ in kept:
        missing = _linked_names(src) & removed_names
        if missing:
            problems.append(f"{dest} links to removed {sorted(missing)}")
    if problems:
        raise SystemExit("tpsdesk prune removed libraries still in use:\n  " + "\n  ".join(problems))


# --- version ----------------------------------------------------------------------------------------

def read_version(root: Path = ROOT) -> str:
    """``__version__`` from tpsdesk/__init__.py, read as text (importing would import the app)."""
    text = (root / "tpsdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not match:
        raise ValueError("no __version__ in tpsdesk/__init__.py")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'1.2.3rc1' -> (1, 2, 3, 0): the four numbers Windows version resources hold."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    return (*numbers, *[0] * (4 - len(numbers)))  # type: ignore[return-value]


# --- macOS ------------------------------------------------------------------------------------------

# Qt 6.10+ supports macOS 13 or later; raise this when the PySide6 wheels raise theirs
# (macos/build.sh compares it with the minimum QtCore was built for).
MACOS_MINIMUM = "13.0"


def macos_info_plist(version: str) -> dict[str, object]:
    """Info.plist keys added to PyInstaller's defaults (name, executable, icon, bundle id)."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundleDevelopmentRegion": "en",
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "NSHumanReadableCopyright": "MIT licensed",
    }
