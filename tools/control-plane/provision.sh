#!/usr/bin/env bash
# Provisions the binaries of the test control plane: etcd (Debian etcd-server), kube-apiserver and
# kube-controller-manager (built from Debian's `kubernetes` source package). Idempotent: a complete
# cache is reused. Prints the directory holding the binaries (envtest layout) as its last line.
#
#   KUBEBUILDER_ASSETS set and complete -> used as is, nothing is built.
#   otherwise -> ${SLUICE_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/control-plane}/<version>/bin
#
# Installing packages needs root (apt-get); the build needs ~2 GB of disk and ~6 min on 2 cores.
set -euo pipefail

K8S_SOURCE_VERSION="1.20.5+really1.20.2"
cache_root="${SLUICE_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice/control-plane}"
dir="$cache_root/$K8S_SOURCE_VERSION"
bin="$dir/bin"
need_bins=(etcd kube-apiserver kube-controller-manager)

complete() { local d="$1" b; for b in "${need_bins[@]}"; do [ -x "$d/$b" ] || return 1; done; }
log() { echo "provision: $*" >&2; }

if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  if complete "$KUBEBUILDER_ASSETS"; then echo "$KUBEBUILDER_ASSETS"; exit 0; fi
  log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks one of: ${need_bins[*]}; provisioning the cache instead"
fi
if complete "$bin"; then echo "$bin"; exit 0; fi

apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"; exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
apt_install etcd-server golang-go rsync make dpkg-dev ca-certificates

mkdir -p "$bin" "$dir/src"
ln -sf "$(command -v etcd)" "$bin/etcd"

if ! [ -x "$bin/kube-apiserver" ] || ! [ -x "$bin/kube-controller-manager" ]; then
  work="$dir/src"
  tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  if [ -z "$tree" ]; then
    log "downloading the kubernetes $K8S_SOURCE_VERSION source package"
    apt_state="$dir/apt"
    mkdir -p "$apt_state/lists/partial"
    echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt_state/sources.list"
    opts=(-o "Dir::Etc::SourceList=$apt_state/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_state/lists")
    apt-get "${opts[@]}" update -qq 2>/dev/null
    (cd "$work" && apt-get "${opts[@]}" source --download-only -qq kubernetes >/dev/null)
    orig=$(ls "$work"/kubernetes_*.orig.tar.* | head -n1)
    tar -C "$work" -xf "$orig"
    tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes*' | head -n1)
    if [[ "$(basename "$tree")" != kubernetes-* ]]; then mv "$tree" "$work/kubernetes-src"; tree="$work/kubernetes-src"; fi
  fi
  log "building kube-apiserver and kube-controller-manager in $tree (several minutes)"
  mkdir -p "$tree/.go/src/k8s.io"
  ln -sfn ../../.. "$tree/.go/src/k8s.io/kubernetes"
  (cd "$tree" && GOPATH="$tree/.go" GOFLAGS=-mod=vendor CGO_ENABLED=0 GO111MODULE=auto \
     make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >"$dir/build.log" 2>&1) \
    || { tail -n 40 "$dir/build.log" >&2; log "build failed; full log: $dir/build.log"; exit 1; }
  install -m 0755 "$tree/_output/bin/kube-apiserver" "$tree/_output/bin/kube-controller-manager" "$bin/"
  rm -rf "$tree" "$work"/kubernetes_* "$dir/apt"
fi

complete "$bin" || { log "provisioning finished but $bin is incomplete"; exit 1; }
echo "$bin"
