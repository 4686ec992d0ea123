#!/usr/bin/env bash
# Puts the helm binary the chart tests use at ${ECSLOGON_HELM:-~/.cache/ecs-logon-operator/bin/helm}:
# already there -> the official release archive from get.helm.sh -> a build from Go modules through
# the Go module proxy (machines without general internet access still reach the proxy).
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-3.22.0}"
TARGET="${ECSLOGON_HELM:-$HOME/.cache/ecs-logon-operator/bin/helm}"
log() { printf '[provision-helm] %s\n' "$*" >&2; }

installed() {
  [[ -x "$TARGET" ]] && "$TARGET" version --short 2>/dev/null | grep -q "v${HELM_VERSION}"
}

from_release() {
  local archive tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  archive="helm-v${HELM_VERSION}-linux-amd64.tar.gz"
  log "trying the official release https://get.helm.sh/$archive"
  curl -fsSL --connect-timeout 5 -m 120 -o "$tmp/$archive" "https://get.helm.sh/$archive" || return 1
  curl -fsSL --connect-timeout 5 -m 30 -o "$tmp/$archive.sha256sum" "https://get.helm.sh/$archive.sha256sum" || return 1
  (cd "$tmp" && sha256sum -c "$archive.sha256sum" >/dev/null) || return 1
  tar -xzf "$tmp/$archive" -C "$tmp" linux-amd64/helm
  install -m 0755 "$tmp/linux-amd64/helm" "$TARGET"
}

from_go_modules() {
  command -v go >/dev/null || { log "go is not installed"; return 1; }
  log "building helm v${HELM_VERSION} from Go modules (a few minutes the first time)"
  local bin
  bin=$(mktemp -d)
  CGO_ENABLED=0 GOBIN="$bin" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v${HELM_VERSION}" \
    "helm.sh/helm/v3/cmd/helm@v${HELM_VERSION}"
  install -m 0755 "$bin/helm" "$TARGET"
  rm -rf "$bin"
}

mkdir -p "$(dirname "$TARGET")"
if installed; then
  log "helm v${HELM_VERSION} already at $TARGET"
elif from_release || from_go_modules; then
  log "helm: $("$TARGET" version --short) at $TARGET"
else
  log "could not provision helm"; exit 1
fi
echo "$TARGET"
