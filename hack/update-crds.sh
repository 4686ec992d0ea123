#!/usr/bin/env bash
# Regenerates the CRD YAML from the Java API types and copies it into crds/ (committed, applied
# by users and copied into the Helm chart). CrdsUpToDateTest fails when crds/ is stale.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
mvn -B -q -pl operator -am process-classes
GENERATED=operator/target/classes/META-INF/fabric8
rm -f crds/*.yaml
mkdir -p crds
for file in "$GENERATED"/*-v1.yml; do
  base=$(basename "$file" -v1.yml)   # e.g. ecsinstances.ecslogon.io
  cp "$file" "crds/$base.yaml"
done
ls crds/
