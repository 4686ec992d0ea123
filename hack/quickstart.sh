#!/usr/bin/env bash
# The local demo: a real control plane, four sandboxed instances (two of them known only by their
# ECS instance ID, behind a local ECS emulator), the operator, the quickstart examples applied, and
# the result shown — including a login with a key the operator generated.
#
#   hack/quickstart.sh up     start everything that is not running yet (safe to re-run)
#   hack/quickstart.sh down   stop everything `up` started
#
# Works from a clone anywhere (/root, /home/<user>, /tmp, a path with spaces) with nothing built
# yet. Any step that fails says which step, and where its log is.
#
# Stable interface (scripts and docs rely on it):
#   .quickstart/kubeconfig              admin kubeconfig of the local API server
#   .quickstart/instances.env           WEB_1_PORT / WEB_2_PORT and the admin key paths
#   .quickstart/instances/<name>/admin_key   each instance's admin private key
#   .quickstart/logs/                   build, etcd, kube-apiserver, controller manager, ECS emulator and operator logs
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QS="$ROOT/.quickstart"
K8S_VERSION="${K8S_VERSION:-1.34.4}"
BIN="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64"
export ECSLOGON_SANDBOX_DIR="$QS/instances"
WEB_1_PORT=22221
WEB_2_PORT=22222
WEB_3_PORT=22223
WEB_4_PORT=22224
ECS_EMULATOR_PORT="${ECSLOGON_ECS_EMULATOR_PORT:-18300}"
METRICS_PORT="${ECSLOGON_METRICS_PORT:-18080}"
STEP="starting"

log() { printf '\n[quickstart] %s\n' "$*" >&2; }
step() { STEP="$1"; log "$1"; }
kc() { "$BIN/kubectl" --kubeconfig "$QS/kubeconfig" "$@"; }
running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# No silent exits: whatever fails, say what the quickstart was doing and where to look.
on_error() {
  local rc=$? line="$1" command="$2"
  trap - ERR
  printf '\n[quickstart] FAILED while %s (exit %s at hack/quickstart.sh:%s: %s)\n' "$STEP" "$rc" "$line" "$command" >&2
  printf '[quickstart] logs: %s/logs/ (build.log, operator.log, kube-apiserver.log, ...)\n' "$QS" >&2
  exit "$rc"
}
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR

# Runs a long command with its output in a log file, saying every 15 s how long it has taken and
# what it printed last, so that a first run never looks like a hang.
run_logged() {
  local what="$1" logfile="$2" start=$SECONDS pid
  shift 2
  "$@" >"$logfile" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( (SECONDS - start) % 15 == 0 )); then
      printf '[quickstart]   %s: %d s ... %s\n' "$what" $((SECONDS - start)) "$(tail -n 1 "$logfile" | cut -c 1-100)" >&2
    fi
  done
  if ! wait "$pid"; then
    tail -n 30 "$logfile" >&2
    STEP="$what (log: $logfile)"
    return 1
  fi
}

operator_jar() {
  local jar
  for jar in "$ROOT"/operator/target/ecs-logon-operator-*-runnable.jar; do
    [[ -f "$jar" ]] && { printf '%s\n' "$jar"; return 0; }
  done
  return 0
}

jar_is_current() {
  local jar="$1"
  [[ -n "$jar" ]] && [[ -z "$(find "$ROOT/operator/src" "$ROOT/pom.xml" "$ROOT/operator/pom.xml" -newer "$jar" -type f | head -n 1)" ]]
}

build_operator() {
  jar_is_current "$(operator_jar)" && return 0
  step "building the operator jar (mvn package; the first time Maven also downloads its dependencies, 1-3 min)"
  run_logged "mvn package" "$QS/logs/build.log" mvn -B -f "$ROOT/pom.xml" -DskipTests package
  [[ -n "$(operator_jar)" ]] || { STEP="building the operator jar: no runnable jar in operator/target"; return 1; }
}

start_operator() {
  running "$QS/operator.pid" && return 0
  step "starting the operator (log: .quickstart/logs/operator.log)"
  KUBECONFIG="$QS/kubeconfig" ECSLOGON_RESYNC_INTERVAL=1m ECSLOGON_METRICS_PORT="$METRICS_PORT" \
    ECSLOGON_ALIBABA_CLOUD_ENDPOINT="127.0.0.1:$ECS_EMULATOR_PORT" ECSLOGON_ALIBABA_CLOUD_PROTOCOL=HTTP \
    nohup java -jar "$(operator_jar)" >"$QS/logs/operator.log" 2>&1 &
  echo $! > "$QS/operator.pid"
}

# The local fake of the ECS OpenAPI (test code, built with the operator): web-3 and web-4 are ECS
# instances to the operator, backed by their sandboxes. Its AccessKey is made once per .quickstart/.
start_ecs_emulator() {
  running "$QS/ecs-emulator.pid" && return 0
  step "starting the local ECS emulator on 127.0.0.1:$ECS_EMULATOR_PORT (log: .quickstart/logs/ecs-emulator.log)"
  if [[ ! -f "$QS/ecs-api.env" ]]; then
    (
      umask 077
      printf 'ECSLOGON_EMULATOR_ACCESS_KEY_ID=LTAI5tQuickstart%s\nECSLOGON_EMULATOR_ACCESS_KEY_SECRET=%s\n' \
        "$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')" "$(head -c 24 /dev/urandom | base64 | tr '+/' 'xy')" \
        > "$QS/ecs-api.env"
    )
  fi
  cat > "$QS/ecs-instances.txt" <<INSTANCES
cn-hangzhou i-quickstartweb3 127.0.0.1 web-3
cn-hangzhou i-quickstartweb4 127.0.0.1 web-4
INSTANCES
  # shellcheck disable=SC1091 # written just above
  (
    set -a; . "$QS/ecs-api.env"; set +a
    cd "$ROOT"
    nohup java -Decslogon.repoRoot="$ROOT" \
      -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/runtime-classpath.txt)" \
      io.ecslogon.operator.testing.ecs.EcsEmulator "$ECS_EMULATOR_PORT" "$QS/ecs-instances.txt" \
      >"$QS/logs/ecs-emulator.log" 2>&1 &
    echo $! > "$QS/ecs-emulator.pid"
  )
  for _ in $(seq 1 60); do
    grep -q "127.0.0.1:$ECS_EMULATOR_PORT" "$QS/logs/ecs-emulator.log" 2>/dev/null && return 0
    running "$QS/ecs-emulator.pid" || break
    sleep 0.5
  done
  STEP="starting the ECS emulator"
  return 1
}

# The Secret ecs-api from the emulator's AccessKey, read from a file (never on a command line).
ecs_api_secret() {
  ( umask 077
    sed -e 's/^ECSLOGON_EMULATOR_ACCESS_KEY_ID=/accessKeyId=/' -e 's/^ECSLOGON_EMULATOR_ACCESS_KEY_SECRET=/accessKeySecret=/' \
      "$QS/ecs-api.env" > "$QS/ecs-api.secret.env"
    kc create secret generic ecs-api --from-env-file="$QS/ecs-api.secret.env" --dry-run=client -o yaml \
      | kc label --local -f - ecslogon.io/usage=alibaba-cloud-credentials -o yaml | kc apply -f - >/dev/null
    rm -f "$QS/ecs-api.secret.env" )
}

admin_secret() {
  local name="$1" instance="$2"
  kc create secret generic "$name" --type=kubernetes.io/ssh-auth \
    --from-file=ssh-privatekey="$ECSLOGON_SANDBOX_DIR/$instance/admin_key" \
    --dry-run=client -o yaml | kc label --local -f - ecslogon.io/usage=admin-credentials -o yaml \
    | kc apply -f - >/dev/null
}

# kubectl wait, and if it times out, what the objects say and the operator's last words.
await() {
  local what="$1"; shift
  STEP="waiting for $what"
  if ! kc wait "$@"; then
    kc get ecslogon -o wide >&2 || true
    tail -n 20 "$QS/logs/operator.log" >&2 || true
    return 1
  fi
}

# The first thing a newcomer wants to see: the user the operator created, logging on with the key
# it generated. The private key comes out of the KeyPair's Secret, exactly as a person would take it.
show_login() {
  local key="$QS/ops_key" port name output remote
  STEP="logging on as ops with the generated key"
  kc get secret ops-key-ssh-key -o jsonpath='{.data.ssh-privatekey}' | base64 -d > "$key.tmp"
  chmod 600 "$key.tmp" && mv "$key.tmp" "$key"
  # shellcheck disable=SC2016 # expanded on the instance, not here
  remote='echo "$(id -un)@$(hostname)"; sudo -n true && echo "sudo: ok"'
  for name in web-1 web-2 web-3; do
    port=$(kc get ecsinstance "$name" -o jsonpath='{.spec.port}')
    # Run from the checkout with relative paths, so the line shown is the line run, and short.
    local -a login=(ssh -i .quickstart/ops_key -p "$port" -o BatchMode=yes -o LogLevel=ERROR
      -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=.quickstart/known_hosts ops@127.0.0.1)
    printf "\n\$ %s '%s'\n" "${login[*]}" "$remote"
    output=$(cd "$ROOT" && "${login[@]}" "$remote" 2>&1) || { printf '%s\n' "$output"; STEP="logging on as ops to $name"; return 1; }
    printf '%s\n' "$output"
    [[ "$output" == *"ops@$name"* && "$output" == *"sudo: ok"* ]] || { STEP="checking the login as ops on $name"; return 1; }
  done
  # web-4 has no SSH at all: what the operator did there through Cloud Assistant, seen from inside.
  printf '\n$ kubectl get ecsinstance web-4 -o jsonpath={.status.conditions[?(@.type=="Ready")].message}\n'
  kc get ecsinstance web-4 -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}'; echo
  printf '$ hack/sandbox.sh exec web-4 -- id ops    # inside web-4, no SSH involved\n'
  output=$("$ROOT/hack/sandbox.sh" exec web-4 -- id ops 2>&1) || { printf '%s\n' "$output"; STEP="finding ops on web-4"; return 1; }
  printf '%s\n' "$output"
}

up() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "The sandboxed instances need root (Linux namespaces, a private /etc per instance)." >&2
    exit 1
  fi
  mkdir -p "$QS/logs"
  step "checking prerequisites (Debian packages)"
  "$ROOT/hack/install-prerequisites.sh"

  step "starting the control plane (etcd, kube-apiserver, kube-controller-manager); a fresh machine first builds them from Go modules, about 8 min on 2 cores"
  "$ROOT/hack/control-plane.sh" up "$QS"

  step "starting sandboxed instances web-1 (root), web-2 (ecs-user), web-3 and web-4 (ECS instances, root)"
  "$ROOT/hack/sandbox.sh" start web-1 --port "$WEB_1_PORT" --admin root
  "$ROOT/hack/sandbox.sh" start web-2 --port "$WEB_2_PORT" --admin ecs-user
  "$ROOT/hack/sandbox.sh" start web-3 --port "$WEB_3_PORT" --admin root
  "$ROOT/hack/sandbox.sh" start web-4 --port "$WEB_4_PORT" --admin root
  # web-4 stands for an instance whose port 22 nobody can reach: its sshd does not listen.
  "$ROOT/hack/sandbox.sh" exec web-4 -- /etc/init.d/ssh stop >/dev/null
  cat > "$QS/instances.env" <<ENV
WEB_1_PORT=$WEB_1_PORT
WEB_1_ADMIN_KEY=$ECSLOGON_SANDBOX_DIR/web-1/admin_key
WEB_2_PORT=$WEB_2_PORT
WEB_2_ADMIN_KEY=$ECSLOGON_SANDBOX_DIR/web-2/admin_key
ENV

  step "installing the CRDs"
  kc apply --server-side -f "$ROOT/crds/" >/dev/null
  kc wait --for condition=Established --timeout=60s -f "$ROOT/crds/" >/dev/null

  build_operator
  start_ecs_emulator
  start_operator

  step "applying examples/quickstart/ (two instances, a KeyPair, a LogonUser on both)"
  admin_secret web-1-admin web-1
  admin_secret web-2-admin web-2
  kc apply -f "$ROOT/examples/quickstart/"
  step "applying examples/alibaba-cloud/ (web-3 and web-4, known by their ECS instance ID only)"
  ecs_api_secret
  kc apply -f "$ROOT/examples/alibaba-cloud/"

  log "waiting for the instances, the key pair and the user"
  await "the instances to become Ready" --for=condition=Ready ecsinstance --all --timeout=180s
  await "the KeyPair ops-key" --for=condition=Ready keypair/ops-key --timeout=120s
  await "the LogonUser ops on all four instances" --for=jsonpath='{.status.readyInstances}'=4 logonuser/ops --timeout=180s
  running "$QS/operator.pid" || { STEP="checking the operator is still running"; false; }

  STEP="showing the result"
  local KUBECONFIG_PATH="$QS/kubeconfig"
  printf '\n$ kubectl get ecslogon -o wide\n'
  kc get ecslogon -o wide
  show_login
  cat <<HINT

Everything is running. Try:
  export KUBECONFIG=${KUBECONFIG_PATH@Q}
  kubectl get ecslogon -o wide
  kubectl get ecsinstance web-1 -o jsonpath='{.status.facts}' ; echo
  kubectl get logonuser ops -o yaml          # per-instance results
  ssh -i .quickstart/ops_key -p $WEB_1_PORT ops@127.0.0.1      # from the checkout
  kubectl get ecsinstance web-3 web-4 -o yaml  # status.alibabaCloud: what ECS said, the pinned host key
  kubectl apply -f examples/sshd-hardening/ -f examples/password-resets/   # more scenarios: examples/*/README.md
  curl -s localhost:${METRICS_PORT}/metrics | grep ^ecslogon_
Stop it all with: hack/quickstart.sh down
HINT
}

down() {
  STEP="stopping"
  if running "$QS/operator.pid"; then
    log "stopping the operator"
    kill "$(cat "$QS/operator.pid")" 2>/dev/null || true
    for _ in $(seq 1 20); do running "$QS/operator.pid" || break; sleep 0.5; done
    if running "$QS/operator.pid"; then kill -9 "$(cat "$QS/operator.pid")" 2>/dev/null || true; fi
  fi
  rm -f "$QS/operator.pid"
  if running "$QS/ecs-emulator.pid"; then
    log "stopping the ECS emulator"
    kill "$(cat "$QS/ecs-emulator.pid")" 2>/dev/null || true
  fi
  rm -f "$QS/ecs-emulator.pid"
  if [[ -d "$ECSLOGON_SANDBOX_DIR" ]]; then
    "$ROOT/hack/sandbox.sh" down-all
  fi
  if [[ -d "$QS" ]]; then
    "$ROOT/hack/control-plane.sh" down "$QS"
  fi
  log "stopped (state kept in .quickstart/; delete it to start from scratch)"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 [up|down]" >&2; exit 2 ;;
esac
