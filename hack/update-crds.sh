#!/usr/bin/env bash
# Regenerates crds/ from the API types in operator/src/main/java/io/ecslogon/operator/api/v1alpha1.
#
# The crd-generator plugin writes the CRDs at process-classes; CrdsUpToDateTest, run in update
# mode, copies them to crds/<plural>.<group>.yaml with the printer columns in declared order
# (the generator sorts them by JSON path). Without update mode the same test fails when crds/
# is stale, so `mvn verify` catches a forgotten run of this script. The build starts from
# clean so that a removed kind leaves no generated file behind.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn -B -q -pl operator clean test \
  -Dtest=CrdsUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Decslogon.updateCrds=true -Decslogon.repoRoot="$root"

echo "crds/ and helm/ecs-logon-operator/crds/ updated:"
ls -1 crds/
