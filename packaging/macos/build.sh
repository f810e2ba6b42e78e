#!/usr/bin/env bash
# Build dist/tpsdesk-<version>-macos-<arch>.dmg: freeze, self-test, sign and notarize (optional), DMG.
#
#   bash packaging/macos/build.sh              # from anywhere, in the Python 3.11 environment
#                                              # where `pip install -e ".[packaging]"` was done
#   SKIP_FREEZE=1 bash packaging/macos/build.sh   # reuse dist/tpsdesk.app
#
# Signing and notarization are optional, driven by environment variables (unset or empty:
# skipped, the app keeps PyInstaller's ad-hoc signature and Gatekeeper will ask the user
# to confirm the first launch; the README says how):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: <name> (<team id>)", or its SHA-1,
#                         from a keychain (CI: packaging/macos/import_cert.sh puts it there)
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                         notarize the signed DMG with notarytool (an app-specific password)
#                         and staple the ticket; needs MACOS_SIGN_IDENTITY too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
python="${PYTHON:-python}"

version="$("$python" -c "import sys; sys.path.insert(0, 'packaging'); import bundle_rules as r; print(r.read_version())")"
arch="$(uname -m)"
app="dist/tpsdesk.app"
dmg="dist/tpsdesk-${version}-macos-${arch}.dmg"
echo "tpsdesk ${version} for macOS ${arch}"
if ! "$python" -c "import PyInstaller, dmgbuild" 2> /dev/null; then
    echo "PyInstaller and dmgbuild are needed: pip install -e \".[packaging]\"" >&2
    exit 1
fi

# 1. freeze and self-test ---------------------------------------------------------------
if [[ -z "${SKIP_FREEZE:-}" ]]; then
    echo "==> freeze (PyInstaller)"
    "$python" packaging/freeze.py
fi
echo "==> self-test of the bundle"
"$python" packaging/run_self_test.py

# The app must not claim an older macOS than its Qt libraries were built for.
plist_min="$(/usr/libexec/PlistBuddy -c 'Print :LSMinimumSystemVersion' "$app/Contents/Info.plist")"
qtcore="$(find "$app" -path '*QtCore.framework/Versions/A/QtCore' -type f -print -quit)"
if [[ -n "$qtcore" ]]; then
    qt_min="$(otool -l "$qtcore" | awk '/LC_BUILD_VERSION/{found=1} found && $1=="minos"{print $2; exit}')"
    if [[ -n "$qt_min" ]] && ! "$python" -c 'import sys; v = lambda s: tuple(int(n) for n in s.split("."))
sys.exit(v(sys.argv[1]) > v(sys.argv[2]))' "$qt_min" "$plist_min"; then
        echo "LSMinimumSystemVersion is $plist_min but QtCore needs macOS $qt_min:" \
             "raise MACOS_MINIMUM in packaging/bundle_rules.py" >&2
        exit 1
    fi
fi

# 2. sign (optional) -------------------------------------------------------------------
identity="${MACOS_SIGN_IDENTITY:-}"
entitlements="packaging/macos/entitlements.plist"
if [[ -n "$identity" ]]; then
    echo "==> codesign with the hardened runtime: $identity"
    sign() { codesign --force --timestamp --options runtime --entitlements "$entitlements" --sign "$identity" "$@"; }
    # Inside out: every Mach-O file, then the Qt frameworks, then the app itself.
    while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then sign "$file"; fi
    done < <(find "$app/Contents" -type f ! -path "$app/Contents/MacOS/tpsdesk" -print0)
    while IFS= read -r -d '' framework; do
        sign "$framework"
    done < <(find "$app/Contents" -type d -name '*.framework' -print0)
    sign "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
    # The hardened runtime and the new signatures can stop libraries loading: test the signed app.
    echo "==> self-test of the signed bundle"
    "$python" packaging/run_self_test.py
else
    echo "==> signing skipped (MACOS_SIGN_IDENTITY not set): ad-hoc signature only"
fi

# 3. disk image -----------------------------------------------------------------------
echo "==> disk image (dmgbuild)"
rm -f "$dmg"
"$python" -m dmgbuild -s packaging/macos/dmg_settings.py -D app="$app" \
    -D icon=resources/icons/tpsdesk.icns "tpsdesk ${version}" "$dmg"
hdiutil verify "$dmg"

# 4. sign and notarize the DMG (optional) ----------------------------------------------
if [[ -n "$identity" ]]; then
    codesign --force --timestamp --sign "$identity" "$dmg"
    if [[ -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
        echo "==> notarize (notarytool; usually a few minutes)"
        auth=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
        result="$(xcrun notarytool submit "$dmg" "${auth[@]}" --wait --output-format json)"
        echo "$result"
        read -r submission status < <("$python" -c \
            'import json, sys; r = json.load(sys.stdin); print(r.get("id", "?"), r.get("status", "?"))' <<< "$result")
        if [[ "$status" != "Accepted" ]]; then
            xcrun notarytool log "$submission" "${auth[@]}" || true
            echo "notarization ended with status $status" >&2
            exit 1
        fi
        xcrun stapler staple "$dmg"
        spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
    else
        echo "==> notarization skipped (APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not set)"
    fi
fi

echo "built $dmg ($(du -h "$dmg" | cut -f1))"
