#!/usr/bin/env bash
# Provisions etcd, kube-apiserver and kubectl where fabric8 kube-api-test looks for them:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}
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

have_all() { [[ -x "$TARGET/etcd" && -x "$TARGET/kube-apiserver" && -x "$TARGET/kubectl" ]]; }

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
    return 0
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
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || GOFLAGS=-mod=mod go mod download
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} -X k8s.io/component-base/version.gitMajor=${K8S_VERSION%%.*} -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X k8s.io/client-go/pkg/version.gitVersion=v${K8S_VERSION}"
  export GOFLAGS=-mod=mod CGO_ENABLED=0
  [[ -x "$TARGET/kube-apiserver" ]] || go build -trimpath -ldflags "$ldflags" -o "$TARGET/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
  [[ -x "$TARGET/etcd" ]] || go build -trimpath -ldflags "-s -w" -o "$TARGET/etcd" ./etcd
  [[ -x "$TARGET/kubectl" ]] || go build -trimpath -ldflags "$ldflags" -o "$TARGET/kubectl" k8s.io/kubernetes/cmd/kubectl
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
