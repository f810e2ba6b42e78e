"""dmgbuild settings for the tpsdesk disk image: the app and a link to /Applications.

    dmgbuild -s packaging/macos/dmg_settings.py -D app=dist/tpsdesk.app tpsdesk dist/tpsdesk.dmg

(packaging/macos/build.sh runs this.) dmgbuild executes this file with ``defines``
holding the -D values; the names below are its settings. Run from the repository root.
"""

import os.path

# ``defines`` is provided by dmgbuild when it runs this file.
application = defines.get("app", "dist/tpsdesk.app")  # type: ignore[name-defined]  # noqa: F821
appname = os.path.basename(application)

# zlib-compressed, read-only: opens on every supported macOS.
format = defines.get("format", "UDZO")  # type: ignore[name-defined]  # noqa: F821
size = None  # computed from the contents
files = [application]
symlinks = {"Applications": "/Applications"}
# The volume's icon in the Finder. Paths are relative to the folder dmgbuild runs in: the repository root.
icon = defines.get("icon", "resources/icons/tpsdesk.icns")  # type: ignore[name-defined]  # noqa: F821

# The Finder window: the app on the left, Applications on the right, "drag across".
window_rect = ((200, 120), (560, 320))
default_view = "icon-view"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
show_icon_preview = False
include_icon_view_settings = True
include_list_view_settings = False
arrange_by = None
icon_size = 128
text_size = 13
icon_locations = {appname: (140, 150), "Applications": (420, 150)}
hide_extensions = [appname]
