#!/usr/bin/env bash
# Provisions etcd, kube-apiserver and kubectl where fabric8 kube-api-test looks for them, and
# kube-controller-manager beside them (namespace deletion and garbage collection in the tests and
# the quickstart):
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl,kube-controller-manager}
# Routes, in order:
#   1. already there                         (seconds)
#   2. the official envtest release archive  (needs internet; skipped quickly when unreachable)
#   3. a build from Go modules               (Go module proxy only; several minutes the first time,
#                                             Go's module and build caches make later builds fast)
# Idempotent: safe to run again; it never rebuilds what is present.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-3.6.4}"   # what k8s.io/kubernetes v1.34.x requires
API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$API_TEST_DIR/k8s/${K8S_VERSION}-linux-amd64"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/ecs-logon-operator/control-plane-build"
ENVTEST_URL="https://github.com/kubernetes-sigs/controller-tools/releases/download/envtest-v${K8S_VERSION}/envtest-v${K8S_VERSION}-linux-amd64.tar.gz"

log() { printf '[provision-control-plane] %s\n' "$*" >&2; }

have_all() {
  [[ -x "$TARGET/etcd" && -x "$TARGET/kube-apiserver" && -x "$TARGET/kubectl" && -x "$TARGET/kube-controller-manager" ]]
}

if have_all; then
  log "binaries present in $TARGET"
  exit 0
fi
mkdir -p "$TARGET"

try_download() {
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  log "trying the official envtest archive: $ENVTEST_URL"
  if curl -fsSL --connect-timeout 10 --max-time 300 -o "$tmp/envtest.tgz" "$ENVTEST_URL" \
      && tar -xzf "$tmp/envtest.tgz" -C "$tmp"; then
    local dir
    dir=$(dirname "$(find "$tmp" -name kube-apiserver -type f | head -n 1)")
    [[ -n "$dir" && -f "$dir/etcd" && -f "$dir/kubectl" ]] || return 1
    install -m 0755 "$dir/etcd" "$dir/kube-apiserver" "$dir/kubectl" "$TARGET/"
    # envtest archives carry no kube-controller-manager: the module build adds it.
    [[ -x "$TARGET/kube-controller-manager" ]] || build_from_modules
  fi
  return 1
}

staging_replaces() {
  # The staging modules are the replace block of k8s.io/kubernetes' own go.mod (pointing into
  # ./staging, which module downloads do not contain); each is published as v0.<minor>.<patch>.
  local mod="$1" staging_version="v0.${K8S_VERSION#*.}"
  sed -n '/^replace (/,/^)/p' "$mod" | awk '/=>/ {print $1}' | while read -r m; do
    printf '\t%s => %s %s\n' "$m" "$m" "$staging_version"
  done
}

# Builds one binary unless present, saying what it builds: each takes minutes on 2 cores the
# first time, and a silent terminal for that long looks like a hang.
BUILT=0
build_one() {
  local name="$1" flags="$2" pkg="$3" start=$SECONDS pid
  BUILT=$((BUILT + 1))
  [[ -x "$TARGET/$name" ]] && return 0
  log "[$BUILT/4] building $name ($pkg) ..."
  go build -trimpath -ldflags "$flags" -o "$TARGET/$name.partial" "$pkg" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    (( (SECONDS - start) % 30 == 0 )) && log "[$BUILT/4] still building $name: $((SECONDS - start)) s"
  done
  wait "$pid" || { log "[$BUILT/4] building $name failed"; return 1; }
  mv "$TARGET/$name.partial" "$TARGET/$name"
  log "[$BUILT/4] built $name in $((SECONDS - start)) s"
}

build_from_modules() {
  command -v go >/dev/null || { log "go is not installed"; return 1; }
  mkdir -p "$CACHE"
  cd "$CACHE"
  log "building from Go modules in $CACHE (first time: several minutes)"
  local kmod
  kmod=$(GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  [[ -f "$kmod" ]] || { log "could not download k8s.io/kubernetes v${K8S_VERSION}"; return 1; }
  {
    echo "module local/controlplane"
    echo
    echo "go 1.24"
    echo
    echo "require ("
    echo "	k8s.io/kubernetes v${K8S_VERSION}"
    echo "	go.etcd.io/etcd/server/v3 v${ETCD_VERSION}"
    echo ")"
    echo
    echo "replace ("
    staging_replaces "$kmod"
    echo ")"
  } > go.mod
  # A tiny main of our own for etcd: its module root is not a main package in every release.
  mkdir -p etcd
  cat > etcd/main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "downloading the module graph (a few hundred MB the first time) ..."
  GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || GOFLAGS=-mod=mod go mod download
  local ldflags
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} -X k8s.io/component-base/version.gitMajor=${K8S_VERSION%%.*} -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X k8s.io/client-go/pkg/version.gitVersion=v${K8S_VERSION}"
  export GOFLAGS=-mod=mod CGO_ENABLED=0
  build_one kube-apiserver "$ldflags" k8s.io/kubernetes/cmd/kube-apiserver
  build_one etcd "-s -w" ./etcd
  build_one kubectl "$ldflags" k8s.io/kubernetes/cmd/kubectl
  build_one kube-controller-manager "$ldflags" k8s.io/kubernetes/cmd/kube-controller-manager
}

if [[ "${SKIP_DOWNLOAD:-}" != "true" ]] && try_download; then
  log "installed from the official archive into $TARGET"
elif build_from_modules; then
  log "built from Go modules into $TARGET"
else
  log "could not provision the control-plane binaries"; exit 1
fi
have_all
"$TARGET/kube-apiserver" --version >&2 || true
