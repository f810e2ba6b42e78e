#!/usr/bin/env bash
# Import a Developer ID Application certificate into a temporary keychain (CI).
#
#   MACOS_CERT_P12_BASE64=... MACOS_CERT_PASSWORD=... bash packaging/macos/import_cert.sh
#
# Does nothing when MACOS_CERT_P12_BASE64 is unset or empty (an unsigned build). On a
# developer's Mac the certificate is usually in the login keychain already: skip this and
# set MACOS_SIGN_IDENTITY for build.sh.
set -euo pipefail

if [[ -z "${MACOS_CERT_P12_BASE64:-}" ]]; then
    echo "no MACOS_CERT_P12_BASE64: nothing to import, the build will be unsigned"
    exit 0
fi
: "${MACOS_CERT_PASSWORD:?MACOS_CERT_P12_BASE64 is set but MACOS_CERT_PASSWORD is not}"

tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
keychain="$tmp/tpsdesk-signing.keychain-db"
keychain_password="$(uuidgen)"
p12="$tmp/tpsdesk-signing.p12"

trap 'rm -f "$p12"' EXIT
printf '%s' "$MACOS_CERT_P12_BASE64" | base64 --decode > "$p12"

security create-keychain -p "$keychain_password" "$keychain"
security set-keychain-settings -lut 21600 "$keychain"
security unlock-keychain -p "$keychain_password" "$keychain"
security import "$p12" -P "$MACOS_CERT_PASSWORD" -A -t cert -f pkcs12 -k "$keychain"
security set-key-partition-list -S apple-tool:,apple: -k "$keychain_password" "$keychain" > /dev/null
# Search the new keychain first, then the user's usual ones.
# shellcheck disable=SC2046  # the list is one keychain path per line, without spaces
security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
security find-identity -v -p codesigning "$keychain"
echo "imported the signing certificate into $keychain"
