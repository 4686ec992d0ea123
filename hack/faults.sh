#!/usr/bin/env bash
# The seeded fault-injection suite (FaultInjectionIT, docs/reliability.md): RUNS runs of real
# work on sandboxed instances, each hit by one fault at a random point, every invariant checked
# after each run. The same SEED gives the same runs: a violation printed with its seed is
# replayed with exactly that command. Prints the table (runs, faults by kind, violations,
# recovery p50/p95) and leaves it in operator/target/faults-report.txt.
#
#   hack/faults.sh SEED [RUNS]      RUNS defaults to 500 (CI runs 50 with a fresh seed)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEED=${1:?usage: hack/faults.sh SEED [RUNS]}
RUNS=${2:-500}
[[ "$SEED" =~ ^[0-9]+$ && "$RUNS" =~ ^[0-9]+$ ]] || { echo "SEED and RUNS are numbers" >&2; exit 2; }
"$ROOT/hack/provision-control-plane.sh"
cd "$ROOT"
rm -f operator/target/faults-report.txt
rc=0
mvn -B verify -pl operator -Dit.test=FaultInjectionIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfaults.seed="$SEED" -Dfaults.runs="$RUNS" || rc=$?
if [[ -f operator/target/faults-report.txt ]]; then cat operator/target/faults-report.txt; fi
exit "$rc"
