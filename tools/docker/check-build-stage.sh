#!/usr/bin/env bash
# Checks a Dockerfile of deploy/ without a container runtime: its build stages run here for real, from a
# directory that holds only what they COPY, and its runtime stage is checked against their output.
#
#   tools/docker/check-build-stage.sh deploy/operator.Dockerfile [WORK_DIR]
#
# Build stages (every stage but the last): ARG defaults are exported, WORKDIR/COPY are replayed under
# WORK_DIR/root (a stand-in for the image's /), the Dockerfile's own .dockerignore is applied to the
# copied files (patterns `**/name/` and `name/`, the only forms deploy/ uses), and each RUN runs with its
# absolute paths moved under that root. Only `dotnet` RUN lines are supported there (the SDK image's job);
# anything else fails the check rather than being skipped.
# Runtime stage (the last): `COPY --from=<stage> SRC DST` must name a directory the build produced, the
# ENTRYPOINT binary must exist in what it copies (a bare name is looked up in the stage's WORKDIR, like a
# symlink into PATH), and the last USER must be neither root nor uid 0.
# A missing COPY, a broken restore or publish, or a renamed binary therefore fails here as in `docker build`.
set -euo pipefail
dockerfile=${1:?usage: check-build-stage.sh DOCKERFILE [WORK_DIR]}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${2:-$(mktemp -d)}
root="$work/root"
rm -rf "$root" && mkdir -p "$root"
ignore_file="$dockerfile.dockerignore"
fail() { echo "check-build-stage: $(basename "$dockerfile"): $*" >&2; exit 1; }
log() { echo "check-build-stage: $(basename "$dockerfile"): $*"; }

# Joins continuation lines and drops comments: one instruction per line.
instructions=$(sed -e '/^\s*#/d' "$dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' | sed -e '/^\s*$/d')
stages=$(grep -c '^FROM ' <<<"$instructions")
[ "$stages" -ge 2 ] || fail "expected a build stage and a runtime stage, found $stages FROM lines"

under_root() { # an absolute path in the image -> the same path under $root
  case "$1" in /*) echo "$root$1" ;; *) echo "$root$workdir/$1" ;; esac
}
context_copy() { # $1: a path of the build context -> a fresh copy of it in $work/context, the .dockerignore applied
  local staged="$work/context"
  rm -rf "$staged" && mkdir -p "$staged/$(dirname "$1")"
  cp -a "$repo/$1" "$staged/$1"
  if [ -f "$ignore_file" ]; then
    while read -r pattern; do
      case "$pattern" in
        ''|'#'*) ;;
        '**/'*/) name=${pattern#\*\*/}; find "$staged" -depth -type d -name "${name%/}" -exec rm -rf {} + ;;
        */) rm -rf "${staged:?}/${pattern%/}" ;;
        *) fail "unsupported .dockerignore pattern '$pattern'" ;;
      esac
    done <"$ignore_file"
  fi
  echo "$staged/$1"
}

stage=0 workdir=/ user=root entrypoint='' runtime_copy=()
while read -r keyword rest; do
  case "$keyword" in
    FROM) stage=$((stage + 1)); workdir=/; user=root ;;
    ARG) [[ "$rest" == *=* ]] && export "${rest%%=*}=${rest#*=}" ;;
    WORKDIR) workdir=$rest; mkdir -p "$(under_root "$workdir")" ;;
    USER) user=$rest ;;
    ENTRYPOINT) entrypoint=$rest ;;
    ENV|EXPOSE|CMD|LABEL) ;;
    COPY)
      read -ra parts <<<"$rest"
      if [[ "${parts[0]}" == --from=* ]]; then
        [ "$stage" -eq "$stages" ] || fail "COPY --from in a build stage is not supported"
        runtime_copy=("${parts[1]}" "${parts[2]}")
        continue
      fi
      [ "$stage" -lt "$stages" ] || continue   # runtime-stage files from the context are not built here
      dest=$(under_root "${parts[-1]}")
      for src in "${parts[@]:0:${#parts[@]}-1}"; do
        [ -e "$repo/$src" ] || fail "COPY $src: no such file in the repository"
        staged=$(context_copy "$src")
        if [[ "${parts[-1]}" == */ ]]; then mkdir -p "$dest"; fi
        if [ -d "$staged" ]; then mkdir -p "$dest" && cp -a "$staged/." "$dest/"; else cp -a "$staged" "$dest"; fi
      done
      ;;
    RUN)
      [ "$stage" -lt "$stages" ] || continue   # runtime-stage RUN lines need the image's package manager
      [[ "$rest" == dotnet\ * ]] || fail "build-stage RUN is not a dotnet command: $rest"
      command=$(sed -E "s#(^| )/#\1$root/#g" <<<"$rest")
      log "RUN $rest"
      (cd "$(under_root "$workdir")" && eval "$command") >"$work/run.log" 2>&1 \
        || { tail -n 40 "$work/run.log" >&2; fail "RUN failed: $rest"; }
      ;;
    *) fail "unsupported instruction $keyword" ;;
  esac
done <<<"$instructions"

# The runtime stage.
[ ${#runtime_copy[@]} -eq 2 ] || fail "the runtime stage copies nothing from a build stage"
built=$(under_root "${runtime_copy[0]}")
[ -d "$built" ] && [ -n "$(ls -A "$built")" ] || fail "COPY --from=… ${runtime_copy[0]}: the build stage left nothing there"
binary=$(sed -E 's/^\[ *"([^"]+)".*/\1/' <<<"$entrypoint")
[ -n "$binary" ] || fail "no ENTRYPOINT"
binary_name=$(basename "$binary")
[ -x "$built/$binary_name" ] || fail "ENTRYPOINT $binary: $binary_name is not an executable in the published output"
case "${user%%:*}" in root|0|'') fail "the runtime stage runs as '$user' (must be a non-root user)" ;; esac
"$built/$binary_name" --version >"$work/version.txt" || fail "$binary_name --version failed"
log "ok: $binary_name $(cat "$work/version.txt") runs as $user"
