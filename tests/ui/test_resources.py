"""The compiled Qt resources load by package and match resources/."""

import importlib.util
import re
import sys
from pathlib import Path

from tpsdesk.ui import theme

ROOT = Path(__file__).resolve().parents[2]


def _data_sections(source: str) -> str:
    # rcc's struct section carries file timestamps, which a fresh clone changes; compare the data.
    return "".join(re.findall(r"qt_resource_(?:data|name) = b\"(.*?)\"\n", source, re.DOTALL))


def test_style_and_icon_load_from_qt_resources(qapp: object) -> None:
    from PySide6.QtGui import QIcon

    assert "QGroupBox" in theme.read_resource(theme.STYLE_SHEET)
    assert not QIcon(theme.APP_ICON).pixmap(32, 32).isNull()


def test_compiled_resources_are_current() -> None:
    spec = importlib.util.spec_from_file_location("build_resources", ROOT / "packaging" / "build_resources.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_resources"] = module
    spec.loader.exec_module(module)
    fresh = module.compile_resources().decode()
    committed = (ROOT / "tpsdesk" / "ui" / "_resources_rc.py").read_text()
    assert _data_sections(fresh) and _data_sections(fresh) == _data_sections(committed), (
        "resources/ changed: run python packaging/build_resources.py")
