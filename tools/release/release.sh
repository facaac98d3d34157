#!/usr/bin/env bash
# Builds the release artifacts of one version into OUT_DIR (default artifacts/release/VERSION):
#
#   tools/release/release.sh VERSION [OUT_DIR]          everything below
#   tools/release/release.sh --chart-only VERSION DIR   the chart package and the CRD bundle only
#
#   sluice-VERSION.tgz                           Helm chart (`helm package`), version = appVersion = VERSION
#   sluice-crds-VERSION.yaml                     every CRD of config/crds in one file (kubectl apply -f)
#   sluice-{operator,engine,bench}-VERSION-linux-{x64,arm64}.tar.gz
#                                                self-contained binaries (the engine trimmed, as in its image)
#   SHA256SUMS                                   sha256sum of every file above
#
# Then checks that they agree: the chart's version and appVersion, the image tags it renders for the
# operator and the engine, and what each linux-x64 binary prints for --version are all VERSION; each
# linux-arm64 binary is an aarch64 ELF executable.
set -euo pipefail
cd "$(dirname "$0")/../.."
chart_only=false
if [ "${1:-}" = "--chart-only" ]; then chart_only=true; shift; fi
version=${1:?usage: release.sh [--chart-only] VERSION [OUT_DIR]}
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "release: '$version' is not a semantic version (x.y.z)" >&2; exit 1; }
out=${2:-artifacts/release/$version}
rm -rf "$out" && mkdir -p "$out" && out=$(cd "$out" && pwd)
log() { echo "release: $*" >&2; }
fail() { echo "release: $*" >&2; exit 1; }
helm=$(tools/helm/provision.sh | tail -n1)

log "chart sluice-$version.tgz"
"$helm" package charts/sluice --version "$version" --app-version "$version" -d "$out" >/dev/null
chart="$out/sluice-$version.tgz"
shown=$("$helm" show chart "$chart")
grep -qx "version: $version" <<<"$shown" || fail "the packaged chart's version is not $version"
grep -qx "appVersion: $version" <<<"$shown" || fail "the packaged chart's appVersion is not $version"
rendered=$("$helm" template sluice "$chart" -n sluice-system)
for image in sluice-operator sluice-engine; do
  tags=$(grep -oE "$image:[^\" ]+" <<<"$rendered" | sort -u)
  [ "$tags" = "$image:$version" ] || fail "the chart renders $image as '${tags:-nothing}', expected $image:$version"
done

log "CRD bundle sluice-crds-$version.yaml"
for crd in config/crds/*.yaml; do echo "---"; cat "$crd"; done >"$out/sluice-crds-$version.yaml"

if ! $chart_only; then
  declare -A projects=([operator]=src/Operator [engine]=src/EngineSidecar [bench]=src/Bench)
  declare -A flags=([operator]="" [engine]="-p:PublishTrimmed=true" [bench]="")
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for rid in linux-x64 linux-arm64; do
    for name in operator engine bench; do
      log "sluice-$name $rid"
      dir="$work/sluice-$name-$version-$rid"
      # shellcheck disable=SC2086 # flags[...] is a list of MSBuild switches
      dotnet publish "${projects[$name]}" -c Release -r "$rid" --self-contained ${flags[$name]} \
        -p:Version="$version" -p:IncludeSourceRevisionInInformationalVersion=false -o "$dir" -nologo -v quiet >"$work/publish.log" 2>&1 \
        || { tail -n 40 "$work/publish.log" >&2; fail "publishing sluice-$name for $rid failed"; }
      binary="$dir/sluice-$name"
      if [ "$rid" = linux-x64 ]; then
        printed=$("$binary" --version)
        [ "$printed" = "$version" ] || fail "sluice-$name --version prints '$printed', expected $version"
      else
        # e_machine (offset 18, little-endian) 0xb7 = aarch64
        machine=$(od -An -tx1 -j18 -N1 "$binary" | tr -d ' ')
        [ "$machine" = b7 ] || fail "$binary is not an aarch64 executable (e_machine 0x$machine)"
      fi
      tar -czf "$out/$(basename "$dir").tar.gz" -C "$work" "$(basename "$dir")"
    done
  done
fi

(cd "$out" && sha256sum -- * >SHA256SUMS)
log "done: $out"
ls -1 "$out"
