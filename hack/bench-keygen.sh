#!/usr/bin/env bash
# Key generation benchmark: keys per second and bytes allocated per key for every KeyPair type
# and size, next to ssh-keygen on the same machine. Prints a table; asserts nothing.
#   hack/bench-keygen.sh [seconds-per-case]     (default 5)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
mvn -B -q -pl operator -am test-compile
mvn -B -q -pl operator dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="operator/target/classes:operator/target/test-classes:$(cat operator/target/bench.classpath)"
exec java -cp "$CP" io.ecslogon.operator.keypair.material.KeyGenerationBenchmark "${1:-5}"
