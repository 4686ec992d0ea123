#!/usr/bin/env bash
# Runs every test: unit tests (*Test, surefire) and integration tests (*IT, failsafe) against a
# real kube-apiserver + etcd (fabric8 kube-api-test, offline, binaries provisioned here) and
# sandboxed instances running real OpenSSH sshd (needs root; on a laptop without root those
# tests skip with a message, with CI=true they fail instead).
#
#   hack/test.sh                 everything
#   hack/test.sh -Dit.test=X     one integration test class (any Maven arguments pass through)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/hack/provision-control-plane.sh"
ECSLOGON_HELM=$("$ROOT/hack/provision-helm.sh")
export ECSLOGON_HELM
cd "$ROOT"
exec mvn -B clean verify "$@"
