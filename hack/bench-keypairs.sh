#!/usr/bin/env bash
# KeyPair throughput benchmark: N ed25519 KeyPairs and N LogonUsers referencing them (matching no
# instance) in one namespace of a real API server, with the operator running in-process; prints
# the time until every KeyPair is Ready (KeyPairs/s) and the time to delete the LogonUsers.
# Asserts nothing. Needs the control-plane binaries (hack/provision-control-plane.sh).
#   hack/bench-keypairs.sh [keypairs [logonusers]]     (default 500 of each)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
mvn -B -q -pl operator -am test-compile
mvn -B -q -pl operator dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="operator/target/classes:operator/target/test-classes:$(cat operator/target/bench.classpath)"
exec java -Decslogon.kubeVersion="${KUBE_VERSION:-1.34.4}" -cp "$CP" \
  io.ecslogon.operator.keypair.KeyPairThroughputBenchmark "${1:-500}" "${2:-${1:-500}}"
