#!/usr/bin/env bash
# The k3s end-to-end suite (K3sChartE2E): builds the operator image from the Dockerfile, starts k3s
# with Testcontainers, installs the chart and runs the quickstart scenario in the cluster. Needs a
# Docker engine (it is skipped with the reason otherwise) and network access to pull rancher/k3s,
# debian and the Maven/Temurin base images. Not part of .ci/run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ECSLOGON_HELM=$("$ROOT/hack/provision-helm.sh")
export ECSLOGON_HELM
cd "$ROOT"
exec mvn -B verify -pl operator -Dit.test=K3sChartE2E -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "$@"
