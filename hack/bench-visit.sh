#!/usr/bin/env bash
# Instance visit benchmark: one sandboxed instance (real sshd), the operator's host layer on one
# connection: connect time, the first sshd change, and steady-state visits (facts + sshd check):
# ms, SSH commands and KiB allocated per visit. Prints figures; asserts nothing. Needs root.
#   hack/bench-visit.sh [visits]     (default 200)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export ECSLOGON_SANDBOX_DIR="${ECSLOGON_SANDBOX_DIR:-/tmp/ecslogon-bench}"
PORT="${BENCH_PORT:-22980}"
trap 'hack/sandbox.sh destroy bench >/dev/null 2>&1 || true' EXIT
hack/sandbox.sh destroy bench >/dev/null 2>&1 || true
hack/sandbox.sh start bench --port "$PORT" --admin root
mvn -B -q -pl operator -am test-compile
mvn -B -q -pl operator dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="operator/target/classes:operator/target/test-classes:$(cat operator/target/bench.classpath)"
java -cp "$CP" io.ecslogon.operator.host.sshd.InstanceVisitBenchmark "$PORT" \
  "$ECSLOGON_SANDBOX_DIR/bench/admin_key" "$(cat "$ECSLOGON_SANDBOX_DIR/bench/host_key_fingerprint")" "${1:-200}"
