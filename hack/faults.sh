#!/usr/bin/env bash
# The seeded fault-injection suite (FaultInjectionIT, docs/reliability.md): RUNS runs of real
# work on sandboxed instances, each hit by one fault at a random point, every invariant checked
# after each run. The same SEED gives the same runs: a violation printed with its seed is
# replayed with exactly that command. Prints the table (runs, faults by kind, violations,
# recovery p50/p95) and leaves it in operator/target/faults-report.txt.
#
#   hack/faults.sh SEED [RUNS [FROM]]   runs FROM (default 1) to RUNS (default 500; CI runs 50
#                                       with a fresh seed). `hack/faults.sh SEED N N` replays run N
#                                       alone: the same plan, on a fleet fresh from its set-up.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEED=${1:?usage: hack/faults.sh SEED [RUNS [FROM]]}
RUNS=${2:-500}
FROM=${3:-1}
[[ "$SEED" =~ ^[0-9]+$ && "$RUNS" =~ ^[0-9]+$ && "$FROM" =~ ^[0-9]+$ ]] \
  || { echo "SEED, RUNS and FROM are numbers" >&2; exit 2; }
(( FROM >= 1 && FROM <= RUNS )) || { echo "FROM is 1 to RUNS" >&2; exit 2; }
"$ROOT/hack/provision-control-plane.sh"
cd "$ROOT"
rm -f operator/target/faults-report.txt
rc=0
mvn -B verify -pl operator -Dit.test=FaultInjectionIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfaults.seed="$SEED" -Dfaults.runs="$RUNS" -Dfaults.from="$FROM" || rc=$?
if [[ -f operator/target/faults-report.txt ]]; then cat operator/target/faults-report.txt; fi
exit "$rc"
