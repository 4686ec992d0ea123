#!/usr/bin/env bash
# The local demo: a real control plane, two sandboxed instances, the operator, the quickstart
# examples applied, and the result shown.
#
#   hack/quickstart.sh up     start everything that is not running yet (safe to re-run)
#   hack/quickstart.sh down   stop everything `up` started
#
# Stable interface (scripts and docs rely on it):
#   .quickstart/kubeconfig              admin kubeconfig of the local API server
#   .quickstart/instances.env           WEB_1_PORT / WEB_2_PORT and the admin key paths
#   .quickstart/instances/<name>/admin_key   each instance's admin private key
#   .quickstart/logs/                   etcd, kube-apiserver and operator logs
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QS="$ROOT/.quickstart"
K8S_VERSION="${K8S_VERSION:-1.34.4}"
BIN="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64"
export ECSLOGON_SANDBOX_DIR="$QS/instances"
WEB_1_PORT=22221
WEB_2_PORT=22222

log() { printf '\n[quickstart] %s\n' "$*" >&2; }
kc() { "$BIN/kubectl" --kubeconfig "$QS/kubeconfig" "$@"; }
running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

operator_jar() { ls "$ROOT"/operator/target/ecs-logon-operator-*-runnable.jar 2>/dev/null | head -n 1; }

build_operator() {
  local jar
  jar=$(operator_jar)
  if [[ -n "$jar" && -z "$(find "$ROOT/operator/src" "$ROOT/pom.xml" "$ROOT/operator/pom.xml" -newer "$jar" -type f | head -n 1)" ]]; then
    return 0
  fi
  log "building the operator (mvn package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
}

start_operator() {
  if running "$QS/operator.pid"; then
    return 0
  fi
  log "starting the operator (log: .quickstart/logs/operator.log)"
  KUBECONFIG="$QS/kubeconfig" ECSLOGON_RESYNC_INTERVAL=1m ECSLOGON_METRICS_PORT="${ECSLOGON_METRICS_PORT:-18080}" \
    nohup java -jar "$(operator_jar)" >"$QS/logs/operator.log" 2>&1 &
  echo $! > "$QS/operator.pid"
}

admin_secret() {
  local name="$1" instance="$2"
  kc create secret generic "$name" --type=kubernetes.io/ssh-auth \
    --from-file=ssh-privatekey="$ECSLOGON_SANDBOX_DIR/$instance/admin_key" \
    --dry-run=client -o yaml | kc label --local -f - ecslogon.io/usage=admin-credentials -o yaml \
    | kc apply -f - >/dev/null
}

up() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "The sandboxed instances need root (Linux namespaces, a private /etc per instance)." >&2
    exit 1
  fi
  "$ROOT/hack/install-prerequisites.sh"
  mkdir -p "$QS/logs"
  "$ROOT/hack/control-plane.sh" up "$QS"

  log "starting sandboxed instances web-1 (root) and web-2 (ecs-user)"
  "$ROOT/hack/sandbox.sh" start web-1 --port "$WEB_1_PORT" --admin root
  "$ROOT/hack/sandbox.sh" start web-2 --port "$WEB_2_PORT" --admin ecs-user
  cat > "$QS/instances.env" <<ENV
WEB_1_PORT=$WEB_1_PORT
WEB_1_ADMIN_KEY=$ECSLOGON_SANDBOX_DIR/web-1/admin_key
WEB_2_PORT=$WEB_2_PORT
WEB_2_ADMIN_KEY=$ECSLOGON_SANDBOX_DIR/web-2/admin_key
ENV

  log "installing the CRDs"
  kc apply --server-side -f "$ROOT/crds/" >/dev/null
  kc wait --for condition=Established --timeout=60s -f "$ROOT/crds/" >/dev/null

  build_operator
  start_operator

  log "applying examples/quickstart/"
  admin_secret web-1-admin web-1
  admin_secret web-2-admin web-2
  kc apply -f "$ROOT/examples/quickstart/"

  log "waiting for the instances to become Ready"
  if ! kc wait --for=condition=Ready ecsinstance --all --timeout=180s; then
    kc get ecsinstance -o wide
    echo "See .quickstart/logs/operator.log" >&2
    exit 1
  fi
  kc get ecslogon -o wide
  cat <<HINT

Everything is running. Try:
  export KUBECONFIG=$QS/kubeconfig
  kubectl get ecslogon -o wide
  kubectl get ecsinstance web-1 -o jsonpath='{.status.facts}' ; echo
  ssh -i $ECSLOGON_SANDBOX_DIR/web-1/admin_key -p $WEB_1_PORT -o StrictHostKeyChecking=no root@127.0.0.1
  kubectl apply -f examples/sshd-hardening/ -f examples/password-resets/   # more scenarios: examples/*/README.md
  curl -s localhost:${ECSLOGON_METRICS_PORT:-18080}/metrics | grep ^ecslogon_
Stop it all with: hack/quickstart.sh down
HINT
}

down() {
  if running "$QS/operator.pid"; then
    log "stopping the operator"
    kill "$(cat "$QS/operator.pid")" 2>/dev/null || true
    for _ in $(seq 1 20); do running "$QS/operator.pid" || break; sleep 0.5; done
  fi
  rm -f "$QS/operator.pid"
  if [[ -d "$ECSLOGON_SANDBOX_DIR" ]]; then
    "$ROOT/hack/sandbox.sh" down-all || true
  fi
  "$ROOT/hack/control-plane.sh" down "$QS"
  log "stopped (state kept in .quickstart/; delete it to start from scratch)"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 [up|down]" >&2; exit 2 ;;
esac
