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

# Bump when the build recipe changes, so caches built by an older recipe are rebuilt.
recipe=2
complete() { local d="$1" b; for b in "${need_bins[@]}"; do [ -x "$d/$b" ] || return 1; done; }
built() { complete "$1" && [ "$(cat "$1/.recipe" 2>/dev/null)" = "$recipe" ]; }
log() { echo "provision: $*" >&2; }

if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  if complete "$KUBEBUILDER_ASSETS"; then echo "$KUBEBUILDER_ASSETS"; exit 0; fi
  log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS lacks one of: ${need_bins[*]}; provisioning the cache instead"
fi
if built "$bin"; then echo "$bin"; exit 0; fi

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
# reflect2 1.0.2 replaces the vendored 1.0.1, which crashes (SIGSEGV in map iteration) when built with
# Go >= 1.18: the apiserver died serializing custom resources.
apt_install etcd-server golang-go rsync make dpkg-dev ca-certificates golang-github-modern-go-reflect2-dev

mkdir -p "$bin" "$dir/src"
ln -sf "$(command -v etcd)" "$bin/etcd"

if ! built "$bin"; then
  rm -f "$bin/kube-apiserver" "$bin/kube-controller-manager"
  work="$dir/src"
  tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  if [ -z "$tree" ]; then
    log "downloading the kubernetes $K8S_SOURCE_VERSION source package"
    apt_state="$dir/apt"
    mkdir -p "$apt_state/lists/partial"
    echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt_state/sources.list"
    opts=(-o "Dir::Etc::SourceList=$apt_state/sources.list" -o Dir::Etc::SourceParts=/dev/null -o APT::Sandbox::User=root
          -o "Dir::State::Lists=$apt_state/lists")
    apt-get "${opts[@]}" update -qq
    (cd "$work" && apt-get "${opts[@]}" source --download-only -qq kubernetes >/dev/null)
    orig=$(ls "$work"/kubernetes_*.orig.tar.* | head -n1)
    tar -C "$work" -xf "$orig"
    tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes*' | head -n1)
    if [[ "$(basename "$tree")" != kubernetes-* ]]; then mv "$tree" "$work/kubernetes-src"; tree="$work/kubernetes-src"; fi
  fi
  reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
  [ -f "$reflect2/reflect2.go" ] || { log "$reflect2 is missing (golang-github-modern-go-reflect2-dev)"; exit 1; }
  rm -rf "$tree/vendor/github.com/modern-go/reflect2"
  mkdir -p "$tree/vendor/github.com/modern-go/reflect2"
  find "$reflect2" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' -o -name LICENSE \) ! -name '*_test.go' \
    -exec cp {} "$tree/vendor/github.com/modern-go/reflect2/" \;
  sed -i "s|modern-go/reflect2 v1.0.1|modern-go/reflect2 v1.0.2|g" "$tree/vendor/modules.txt" "$tree/go.mod"
  log "building kube-apiserver and kube-controller-manager in $tree (several minutes)"
  mkdir -p "$tree/.go/src/k8s.io"
  ln -sfn ../../.. "$tree/.go/src/k8s.io/kubernetes"
  (cd "$tree" && GOPATH="$tree/.go" GOFLAGS=-mod=vendor CGO_ENABLED=0 GO111MODULE=auto \
     make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >"$dir/build.log" 2>&1) \
    || { tail -n 40 "$dir/build.log" >&2; log "build failed; full log: $dir/build.log"; exit 1; }
  install -m 0755 "$tree/_output/bin/kube-apiserver" "$tree/_output/bin/kube-controller-manager" "$bin/"
  echo "$recipe" >"$bin/.recipe"
  rm -rf "$work" "$dir/apt"
fi

built "$bin" || { log "provisioning finished but $bin is incomplete"; exit 1; }
echo "$bin"
