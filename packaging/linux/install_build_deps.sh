#!/usr/bin/env bash
# Debian/Ubuntu: the system libraries Qt's Linux plugins link to. PyInstaller copies them
# into the bundle from the build machine, so they must be installed where it builds
# (a CI runner or a container may lack some). Also dbus and gnome-keyring, which are not
# bundled: packaging/prove_linux.py uses them to prove that keyring's SecretService backend
# works in the bundle. Needs root: sudo bash packaging/linux/install_build_deps.sh
set -euo pipefail

packages=(
    libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
    libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1
    libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1
    libwayland-client0 libwayland-cursor0
    dbus gnome-keyring
)
export DEBIAN_FRONTEND=noninteractive
# A partial index error (e.g. the i386 one "Mirror sync in progress?" on a machine that added
# that architecture for Wine) is only a warning: the install fails if a package is really missing.
apt-get update -qq || echo "warning: apt-get update reported errors; installing from the indexes it has" >&2
apt-get install -y -qq --no-install-recommends "${packages[@]}"
