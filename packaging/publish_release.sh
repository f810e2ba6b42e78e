#!/usr/bin/env bash
# Attach the built installers to the GitHub release of a tag, creating the release if needed.
#
#   GH_TOKEN=... bash packaging/publish_release.sh v0.1.0 artifacts/*
#
# Only installers are attached (tpsdesk-*-setup.exe, tpsdesk-*.dmg, tpsdesk-*-linux-*.tar.xz);
# anything else given, such as the Linux proof's linux-figures.json, stays a workflow artifact.
#
# Uses the GitHub CLI (gh). In the release workflow GH_TOKEN is the workflow's own token and
# the repository is the current one; by hand, run it inside a clone with gh logged in.
set -euo pipefail

tag="${1:?usage: publish_release.sh TAG FILE...}"
shift
assets=()
for file in "$@"; do
    case "$(basename "$file")" in
        tpsdesk-*-setup.exe | tpsdesk-*.dmg | tpsdesk-*-linux-*.tar.xz) assets+=("$file") ;;
        *) echo "not attached (not an installer): $file" ;;
    esac
done
(( ${#assets[@]} > 0 )) || { echo "no installers to attach" >&2; exit 1; }
repo_args=()
if [[ -n "${GITHUB_REPOSITORY:-}" ]]; then repo_args=(--repo "$GITHUB_REPOSITORY"); fi

if gh release view "$tag" "${repo_args[@]}" > /dev/null 2>&1; then
    gh release upload "$tag" "${assets[@]}" --clobber "${repo_args[@]}"
else
    gh release create "$tag" "${assets[@]}" --title "tpsdesk ${tag#v}" --generate-notes --verify-tag "${repo_args[@]}"
fi
echo "attached to release $tag: ${assets[*]}"
