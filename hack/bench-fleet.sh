#!/usr/bin/env bash
# Fleet benchmark: the operator against an Ansible playbook doing the same work on N sandboxed
# instances, in one run on one machine. Prints figures; asserts nothing (it is not a test).
# What it measures and why it is fair: docs/benchmarks.md. Needs root (sandboxes).
#
#   hack/bench-fleet.sh N [--resync 30s] [--forks 20] [--crs COUNT] [--samples 20] [--keep]
#                         [--audit] [--no-ansible]
#
#   N            instances per side (1-999): N for the operator, then N fresh ones for Ansible
#   --resync     the operator's ECSLOGON_RESYNC_INTERVAL (default 30s; Ns or Nm)
#   --forks      Ansible's forks (default 20)
#   --crs COUNT  also create COUNT KeyPairs and COUNT LogonUsers that target no instance, and report
#                the operator's RSS and how long until all those KeyPairs are Ready
#   --samples    instances probed with a real ssh login for the new-key latency (default 20)
#   --keep       keep the sandboxes' state and etcd's data in .bench-fleet/ afterwards
#   --audit      after the steady state, switch on the compliance audit everywhere and measure
#                one more resync interval: its cost per instance (docs/compliance.md)
#   --no-ansible stop after the operator's figures (no playbook run, no ratio)
#
# Runs beside the quickstart: its own state directory (.bench-fleet/), its own control-plane,
# metrics and instance ports. Everything it starts is stopped on exit, however it exits.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE="$ROOT/.bench-fleet"
K8S_VERSION="${K8S_VERSION:-1.34.4}"
BIN="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64"
export ECSLOGON_SANDBOX_DIR="$STATE/instances"
# The quickstart uses etcd 23790-23791, API server 16443, controller manager 16257, metrics 18080
# and instances 22221-22222. Instance ports stay below the ephemeral range (32768+), where an
# outgoing connection could hold the port a sandbox's sshd wants.
export ECSLOGON_ETCD_PORT=23890 ECSLOGON_APISERVER_PORT=16543 ECSLOGON_CONTROLLER_MANAGER_PORT=16357
METRICS_PORT=18180
OPERATOR_PORT_BASE=24000
ANSIBLE_PORT_BASE=25000
# The JVM as the chart runs it: its javaOpts from values.yaml, MALLOC_ARENA_MAX as its Deployment
# sets it, and the ergonomics of its 512Mi, 1-CPU container (MaxRAM, ActiveProcessorCount: the
# initial heap, the collector and the thread pools the JVM would pick there), so that the RSS
# printed is the one a cluster would see. BENCH_JAVA_OPTS replaces all of it.
chart_java_opts() { sed -n 's/^javaOpts: "\(.*\)"$/\1/p' "$ROOT/helm/ecs-logon-operator/values.yaml"; }
JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:MaxRAM=512m -XX:ActiveProcessorCount=1 $(chart_java_opts)}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
SANDBOX_PARALLEL=4

N="" RESYNC=30s FORKS=20 CRS=0 SAMPLES=20 KEEP=false AUDIT=false ANSIBLE=true
PHASE="starting"
OPERATOR_PID=""
REPORT=()

log() { printf '[bench-fleet] %s\n' "$*" >&2; }
phase() { PHASE="$1"; log "== $1"; }
kc() { "$BIN/kubectl" --kubeconfig "$STATE/kubeconfig" "$@"; }
now() { printf '%s' "$EPOCHREALTIME"; }
# Seconds since START (an EPOCHREALTIME), with one decimal.
since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }'; }
# A figure: printed now, and again in the summary at the end.
figure() { REPORT+=("$*"); printf '[bench-fleet] >>> %s\n' "$*" >&2; }
name_of() { printf '%s-%03d' "$1" "$2"; }

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

parse_args() {
  [[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]] || usage
  N="$1"; shift
  (( N >= 1 && N <= 999 )) || usage
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --resync) RESYNC="$2"; shift 2 ;;
      --forks) FORKS="$2"; shift 2 ;;
      --crs) CRS="$2"; shift 2 ;;
      --samples) SAMPLES="$2"; shift 2 ;;
      --keep) KEEP=true; shift ;;
      --audit) AUDIT=true; shift ;;
      --no-ansible) ANSIBLE=false; shift ;;
      *) usage ;;
    esac
  done
  [[ "$RESYNC" =~ ^[0-9]+[sm]$ ]] || { log "--resync takes Ns or Nm"; exit 2; }
  (( SAMPLES > N )) && SAMPLES=$N
  return 0
}

resync_seconds() {
  local number="${RESYNC%?}"
  [[ "$RESYNC" == *m ]] && number=$((number * 60))
  printf '%s' "$number"
}

# shellcheck disable=SC2317 # run by the ERR trap
on_error() {
  local rc=$? line="$1" command="$2"
  trap - ERR
  log "FAILED while $PHASE (exit $rc at hack/bench-fleet.sh:$line: $command); logs in $STATE/logs/"
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# Setting up and tearing down

# Debian's ansible (ansible-core plus the collections, for ansible.posix.authorized_key); only
# when missing, so that a second run costs nothing.
provision_ansible() {
  command -v ansible-playbook >/dev/null && return 0
  phase "installing Ansible from Debian (apt-get install ansible)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible >"$STATE/logs/apt.log" 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible \
      >"$STATE/logs/apt.log" 2>&1; }
}

operator_jar() {
  local jar
  for jar in "$ROOT"/operator/target/ecs-logon-operator-*-runnable.jar; do
    [[ -f "$jar" ]] && { printf '%s\n' "$jar"; return 0; }
  done
}

# The jar of the checkout as it is: rebuilt when a source is newer than it (as the quickstart does).
build_operator() {
  local jar
  jar=$(operator_jar)
  if [[ -n "$jar" && -z "$(find "$ROOT/operator/src" "$ROOT/pom.xml" "$ROOT/operator/pom.xml" -newer "$jar" -type f | head -n 1)" ]]; then
    return 0
  fi
  phase "building the operator jar (log: logs/build.log)"
  mvn -B -q -f "$ROOT/pom.xml" -DskipTests package >"$STATE/logs/build.log" 2>&1
}

start_control_plane() {
  phase "starting a control plane of its own (API server on 127.0.0.1:$ECSLOGON_APISERVER_PORT)"
  "$ROOT/hack/control-plane.sh" up "$STATE" 2>>"$STATE/logs/control-plane.log"
  kc apply --server-side -f "$ROOT/crds/" >/dev/null
  kc wait --for condition=Established --timeout=60s -f "$ROOT/crds/" >/dev/null
}

start_operator() {
  phase "starting the operator (resync $RESYNC, JVM $JAVA_OPTS, log: logs/operator.log)"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM flags
  KUBECONFIG="$STATE/kubeconfig" ECSLOGON_RESYNC_INTERVAL="$RESYNC" ECSLOGON_METRICS_PORT="$METRICS_PORT" \
    nohup java $JAVA_OPTS -jar "$(operator_jar)" >"$STATE/logs/operator.log" 2>&1 &
  OPERATOR_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$METRICS_PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$OPERATOR_PID" 2>/dev/null || { log "the operator exited; see $STATE/logs/operator.log"; return 1; }
    sleep 0.5
  done
  log "the operator was not ready after 60 s"; return 1
}

stop_operator() {
  [[ -n "$OPERATOR_PID" ]] || return 0
  kill "$OPERATOR_PID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$OPERATOR_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$OPERATOR_PID" 2>/dev/null || true
  OPERATOR_PID=""
}

# Creates and boots COUNT sandboxes PREFIX-001... on ports BASE+1..., SANDBOX_PARALLEL at a time.
start_sandboxes() {
  local prefix="$1" base="$2" count="$3" i
  for i in $(seq 1 "$count"); do
    printf '%s --port %s --admin root\n' "$(name_of "$prefix" "$i")" $((base + i))
  done | xargs -P "$SANDBOX_PARALLEL" -n 5 "$ROOT/hack/sandbox.sh" start 2>>"$STATE/logs/sandboxes.log"
}

# Stopping one takes a second or two of waiting (sandbox.sh down-all goes one by one: 7 min for
# 200), so several are stopped at once.
stop_sandboxes() {
  [[ -d "$ECSLOGON_SANDBOX_DIR" ]] || return 0
  find "$ECSLOGON_SANDBOX_DIR" -mindepth 2 -maxdepth 2 -name created -printf '%h\n' | xargs -r -n 1 basename \
    | xargs -r -P 16 -n 1 "$ROOT/hack/sandbox.sh" stop 2>>"$STATE/logs/sandboxes.log" || true
}

destroy_sandboxes() {
  [[ -d "$ECSLOGON_SANDBOX_DIR" ]] || return 0
  stop_sandboxes
  rm -rf "$ECSLOGON_SANDBOX_DIR"
}

# Whatever happened: the operator, the sandboxes and the control plane stop; state goes unless --keep.
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  trap - ERR
  set +e
  stop_operator
  if [[ "$KEEP" == true ]]; then
    stop_sandboxes
  else
    destroy_sandboxes
  fi
  [[ -f "$STATE/kubeconfig" ]] && "$ROOT/hack/control-plane.sh" down "$STATE" 2>/dev/null
  [[ "$KEEP" == true ]] || rm -rf "$STATE/etcd-data" "$STATE/ansible/cp"
}

# ---------------------------------------------------------------------------------------------
# Waiting: one `kubectl get -o json` for the whole fleet every 200 ms, judged by jq.

# await_fleet WHAT TIMEOUT KINDS FILTER: FILTER gets the list and $n, and yields
# {done: bool, progress: "text"}; the progress is shown every 10 s.
await_fleet() {
  local what="$1" timeout="$2" kinds="$3" filter="$4" start=$SECONDS shown=$SECONDS json verdict
  while true; do
    json=$(kc get "$kinds" -l fleet=bench -o json 2>/dev/null) || json='{"items":[]}'
    verdict=$(jq -c --argjson n "$N" "$filter" <<<"$json")
    [[ $(jq -r .done <<<"$verdict") == true ]] && return 0
    if (( SECONDS - shown >= 10 )); then
      log "  waiting for $what: $(jq -r .progress <<<"$verdict") after $((SECONDS - start)) s"
      shown=$SECONDS
    fi
    if (( SECONDS - start > timeout )); then
      log "gave up waiting for $what after $timeout s: $(jq -r .progress <<<"$verdict")"
      return 1
    fi
    sleep 0.2
  done
}

# jq helpers shared by the filters: a condition of an object, and whether it is true for the
# object's current generation (an older True says nothing about the latest spec).
# shellcheck disable=SC2016 # $t and $n are jq's variables, not the shell's
JQ_DEFS='def cond($t): ((.status.conditions // []) | map(select(.type == $t)) | first) // {};
def current($t): cond($t) as $c | $c.status == "True" and $c.observedGeneration == .metadata.generation;
def instances: [.items[] | select(.kind == "EcsInstance")];
def user($name): [.items[] | select(.kind == "LogonUser" and .metadata.name == $name)] | first // {};'

# shellcheck disable=SC2016 # $t and $n are jq's variables, not the shell's
JQ_ONBOARDED="$JQ_DEFS"'
[instances[] | select(current("Ready"))] | length as $ready
| {done: ($ready == $n), progress: "\($ready)/\($n) Ready"}'

# shellcheck disable=SC2016 # $t and $n are jq's variables, not the shell's
JQ_AUDITED="$JQ_DEFS"'
[instances[] | select(cond("Compliant").observedGeneration == .metadata.generation)] | length as $audited
| {done: ($audited == $n), progress: "\($audited)/\($n) audited"}'

# shellcheck disable=SC2016 # $t and $n are jq's variables, not the shell's
JQ_CONVERGED="$JQ_DEFS"'
(user("bench").status.readyInstances // 0) as $users
| [instances[] | select(current("SshdConfigured") and cond("SshdConfigured").reason != "SshdNotManaged")] | length as $sshd
| {done: ($users == $n and $sshd == $n),
   progress: "LogonUser readyInstances \($users)/\($n), SshdConfigured \($sshd)/\($n)"}'

# ---------------------------------------------------------------------------------------------
# Metrics: Prometheus text from the operator, snapshots compared.

metrics_snapshot() { curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$1"; }

# Sum of the samples of METRIC in FILE whose labels match REGEX (all when empty).
metric_sum() {
  awk -v name="$2" -v re="${3:-}" 'index($1, name) == 1 && substr($1, length(name) + 1, 1) ~ /^[{]?$/ && $1 ~ re { s += $NF }
    END { printf "%d", s }' "$1"
}

metric_delta() { echo $(( $(metric_sum "$2" "$3" "${4:-}") - $(metric_sum "$1" "$3" "${4:-}") )); }

# A timer's growth between two snapshots, by one label: "value count seconds", most seconds first.
#   breakdown ecslogon_ssh_command_seconds program BEFORE AFTER           SSH commands by program
#   breakdown operator_sdk_controllers_execution_reconcile_seconds controller BEFORE AFTER   reconciles
breakdown() {
  awk -v timer="$1" -v label="$2" 'FNR == 1 { file++ }
    index($1, timer "_count{") == 1 || index($1, timer "_sum{") == 1 {
      if (!match($1, label "=\"[^\"]*\"")) next
      value = substr($1, RSTART + length(label) + 2, RLENGTH - length(label) - 3)
      kind = (index($1, timer "_count{") == 1) ? "count" : "sum"
      total[value, kind] += (file == 1 ? -$NF : $NF); values[value] = 1 }
    END { for (v in values) if (total[v, "count"] > 0)
      printf "%s %d %.1f\n", v, total[v, "count"], total[v, "sum"] }' "$3" "$4" | sort -k3 -n -r
}

# Where the operator's time went between two snapshots: SSH commands by program, reconciles by
# controller (a reconcile's seconds include its SSH commands), kept in FILE.txt and shown.
show_breakdown() {
  local before="$1" after="$2" file="$3"
  {
    echo "SSH commands by program (program, count, seconds summed over all instances):"
    breakdown ecslogon_ssh_command_seconds program "$before" "$after" | sed 's/^/  /'
    echo "reconciles by controller (controller, count, seconds summed):"
    breakdown operator_sdk_controllers_execution_reconcile_seconds controller "$before" "$after" | sed 's/^/  /'
  } | tee "$file" | sed 's/^/[bench-fleet]     /' >&2
}

# The machine's 1-minute load average: the machine may be shared, and a figure says under what load.
load() { cut -d' ' -f1 /proc/loadavg; }

rss_mib() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$OPERATOR_PID/status"; }

# Percentile P (0-100) of the numbers on stdin, nearest rank.
percentile() {
  sort -n | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
    r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; print v[r] }'
}

# ---------------------------------------------------------------------------------------------
# Objects

known_host_lines() {
  local name="$1" port="$2"
  awk -v host="[127.0.0.1]:$port" '{ print host, $1, $2 }' "$ECSLOGON_SANDBOX_DIR/$name"/fs/etc/ssh/ssh_host_*_key.pub
}

# The fleet's EcsInstances and their admin Secrets (pinned host keys); with "policy", spec.sshd too.
fleet_instances_yaml() {
  local policy="${1:-}" i name dir
  for i in $(seq 1 "$N"); do
    name=$(name_of op "$i"); dir="$ECSLOGON_SANDBOX_DIR/$name"
    cat <<YAML
---
apiVersion: v1
kind: Secret
metadata:
  name: $name-admin
  labels: {ecslogon.io/usage: admin-credentials, fleet: bench}
type: kubernetes.io/ssh-auth
data:
  ssh-privatekey: $(base64 -w0 < "$dir/admin_key")
---
apiVersion: ecslogon.io/v1alpha1
kind: EcsInstance
metadata:
  name: $name
  labels: {fleet: bench}
spec:
  address: 127.0.0.1
  port: $((OPERATOR_PORT_BASE + i))
  adminUser: root
  adminCredentialsSecretRef: {name: $name-admin}
  hostKeyFingerprint: $(cat "$dir/host_key_fingerprint")
YAML
    if [[ "$policy" == policy ]]; then
      printf '  sshd: {passwordAuthentication: false, permitRootLogin: prohibit-password}\n'
    fi
    if [[ "${2:-}" == audit ]]; then
      printf '  compliance: {mode: Audit}\n'
    fi
  done
}

key_pair_yaml() {
  printf -- '---\napiVersion: ecslogon.io/v1alpha1\nkind: KeyPair\nmetadata: {name: %s, labels: {fleet: %s}}\nspec: {type: ed25519}\n' "$1" "$2"
}

logon_user_yaml() {
  local name="$1" fleet="$2" selector="$3" keys="$4"
  cat <<YAML
---
apiVersion: ecslogon.io/v1alpha1
kind: LogonUser
metadata: {name: $name, labels: {fleet: $fleet}}
spec:
  username: bench
  instanceSelector: {matchLabels: {fleet: $selector}}
  keyPairRefs: [$keys]
  keyPolicy: Exclusive
  sudo: passwordless
  shell: /bin/bash
YAML
}

# ---------------------------------------------------------------------------------------------
# The operator's side

onboard_fleet() {
  local start i
  phase "starting $N sandboxes for the operator (op-001..., ports $((OPERATOR_PORT_BASE + 1))...)"
  start=$(now)
  start_sandboxes op "$OPERATOR_PORT_BASE" "$N"
  log "  sandboxes up in $(since "$start") s"
  : > "$STATE/known_hosts_operator"
  for i in $(seq 1 "$N"); do known_host_lines "$(name_of op "$i")" $((OPERATOR_PORT_BASE + i)) >> "$STATE/known_hosts_operator"; done

  phase "onboarding: $N EcsInstances and their admin Secrets, until all are Ready"
  fleet_instances_yaml > "$STATE/objects/instances.yaml"
  start=$(now)
  kc apply --server-side -f "$STATE/objects/instances.yaml" >/dev/null
  await_fleet "the instances to be Ready" 600 ecsinstances "$JQ_ONBOARDED"
  figure "onboarding $N instances: $(since "$start") s [load $(load)]"
  figure "operator RSS after onboarding: $(rss_mib) MiB"
}

converge_fleet() {
  local start
  phase "applying in one go: KeyPair bench-key, LogonUser bench (fleet=bench, Exclusive, sudo) and spec.sshd on $N instances"
  {
    key_pair_yaml bench-key bench
    logon_user_yaml bench bench bench '{name: bench-key}'
    fleet_instances_yaml policy
  } > "$STATE/objects/converge.yaml"
  metrics_snapshot "$STATE/metrics-before-apply"
  start=$(now)
  kc apply --server-side -f "$STATE/objects/converge.yaml" >/dev/null
  log "  kubectl apply took $(since "$start") s"
  await_fleet "convergence" 1800 ecsinstances,logonusers "$JQ_CONVERGED"
  OPERATOR_APPLY_SECONDS=$(since "$start")
  metrics_snapshot "$STATE/metrics-converged"
  figure "operator: apply -> $N instances converged (LogonUser readyInstances == $N, all SshdConfigured): $OPERATOR_APPLY_SECONDS s [load $(load)]"
  figure "operator RSS after convergence: $(rss_mib) MiB"
  figure "operator SSH commands while converging: $(metric_delta "$STATE/metrics-before-apply" "$STATE/metrics-converged" ecslogon_ssh_command_seconds_count) ($(metric_delta "$STATE/metrics-before-apply" "$STATE/metrics-converged" ecslogon_ssh_connect_seconds_count) connects)"
  show_breakdown "$STATE/metrics-before-apply" "$STATE/metrics-converged" "$STATE/converge-breakdown.txt"
  sshd_policy_check op-001
}

# Steady state: nothing declared changes; what does the operator do over one resync interval?
# Execs and reloads from its metrics; writes seen on the instances themselves (files under /etc,
# /home and /root whose modification time falls in the window), so that no write escapes the count.
steady_state() {
  local settle=5 seconds execs reloads connects writes
  seconds=$(resync_seconds)
  phase "steady state: one resync interval ($RESYNC) after convergence (+${settle} s settling)"
  sleep "$settle"
  metrics_snapshot "$STATE/metrics-steady-start"
  touch "$STATE/window-start"
  sleep "$seconds"
  metrics_snapshot "$STATE/metrics-steady-end"
  execs=$(metric_delta "$STATE/metrics-steady-start" "$STATE/metrics-steady-end" ecslogon_ssh_command_seconds_count)
  reloads=$(metric_delta "$STATE/metrics-steady-start" "$STATE/metrics-steady-end" ecslogon_ssh_command_seconds_count 'program="(ssh|systemctl)"')
  connects=$(metric_delta "$STATE/metrics-steady-start" "$STATE/metrics-steady-end" ecslogon_ssh_connect_seconds_count)
  find "$ECSLOGON_SANDBOX_DIR"/op-*/fs/etc "$ECSLOGON_SANDBOX_DIR"/op-*/fs/home "$ECSLOGON_SANDBOX_DIR"/op-*/fs/root \
    -type f -newer "$STATE/window-start" 2>/dev/null | sed "s|^$ECSLOGON_SANDBOX_DIR/op-[0-9]*/fs||" > "$STATE/steady-writes.txt"
  writes=$(wc -l < "$STATE/steady-writes.txt")
  figure "steady state over $RESYNC: $execs SSH commands = $(awk -v e="$execs" -v n="$N" 'BEGIN { printf "%.1f", e / n }') per instance per resync; $connects connects; $writes files written on instances; $reloads sshd reloads [load $(load)]"
  if [[ "$writes" -gt 0 ]]; then
    log "  files written in the window (path, count):"
    sort "$STATE/steady-writes.txt" | uniq -c | sed 's/^/[bench-fleet]     /' >&2
  fi
  show_breakdown "$STATE/metrics-steady-start" "$STATE/metrics-steady-end" "$STATE/steady-breakdown.txt"
  figure "operator RSS in steady state: $(rss_mib) MiB"
}

# The compliance audit's cost: spec.compliance {mode: Audit} on every instance, then one resync
# interval measured like the steady state before it (the audit must add no connection and no
# exec, only time inside the visit's one command).
audit_cost() {
  local seconds start execs connects writes sh_before sh_after
  seconds=$(resync_seconds)
  phase "compliance audit: spec.compliance {mode: Audit} on $N instances, then one resync interval"
  fleet_instances_yaml policy audit > "$STATE/objects/instances-audit.yaml"
  start=$(now)
  kc apply --server-side -f "$STATE/objects/instances-audit.yaml" >/dev/null
  await_fleet "every instance audited" 600 ecsinstances "$JQ_AUDITED"
  figure "audit switched on: $N instances judged (Compliant condition for the new generation) in $(since "$start") s [load $(load)]"
  sleep 5
  metrics_snapshot "$STATE/metrics-audit-start"
  touch "$STATE/audit-window-start"
  sleep "$seconds"
  metrics_snapshot "$STATE/metrics-audit-end"
  execs=$(metric_delta "$STATE/metrics-audit-start" "$STATE/metrics-audit-end" ecslogon_ssh_command_seconds_count)
  connects=$(metric_delta "$STATE/metrics-audit-start" "$STATE/metrics-audit-end" ecslogon_ssh_connect_seconds_count)
  writes=$(find "$ECSLOGON_SANDBOX_DIR"/op-*/fs/etc "$ECSLOGON_SANDBOX_DIR"/op-*/fs/home "$ECSLOGON_SANDBOX_DIR"/op-*/fs/root \
    -type f -newer "$STATE/audit-window-start" 2>/dev/null | wc -l)
  show_breakdown "$STATE/metrics-audit-start" "$STATE/metrics-audit-end" "$STATE/audit-breakdown.txt"
  sh_before=$(awk '$1 == "sh" && $2 > 0 { printf "%.0f", 1000 * $3 / $2 }' "$STATE/steady-breakdown.txt" | sed -n 1p)
  sh_after=$(awk '$1 == "sh" && $2 > 0 { printf "%.0f", 1000 * $3 / $2 }' "$STATE/audit-breakdown.txt" | sed -n 1p)
  figure "steady state with the audit over $RESYNC: $execs SSH commands = $(awk -v e="$execs" -v n="$N" 'BEGIN { printf "%.1f", e / n }') per instance per resync; $connects connects; $writes files written; the visit's one command took ${sh_after:-?} ms on average (${sh_before:-?} ms without the audit) [load $(load)]"
  figure "findings over the fleet: $(kc get ecsinstances -l fleet=bench -o json | jq -r '[.items[].status.compliance.counts // {} | to_entries[]] | group_by(.key) | map("\(.[0].key) \(map(.value) | add)") | join(", ")')"
  figure "operator RSS with the audit: $(rss_mib) MiB"
}

# Waits until USER can log on to instance NAME with KEY, trying every 0.5 s; appends the seconds
# since START to OUT.
probe_login() {
  local name="$1" port="$2" key="$3" start="$4" out="$5" deadline=$((SECONDS + 600))
  until ssh -i "$key" -p "$port" -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR -o StrictHostKeyChecking=yes \
      -o UserKnownHostsFile="$STATE/known_hosts_operator" -o IdentitiesOnly=yes bench@127.0.0.1 true 2>/dev/null; do
    (( SECONDS < deadline )) || return 0
    sleep 0.5
  done
  printf '%s %s\n' "$name" "$(since "$start")" >> "$out"
}

# A second KeyPair bound to the fleet's LogonUser: how long until it works, per instance. Two
# measures: a real ssh login with the new key on SAMPLES instances (spread over the fleet), and the
# moment the LogonUser's status lists its fingerprint for an instance (all N, from the same polling).
new_key_latency() {
  local fingerprint key="$STATE/bench-key-2" start json i step name pids=() seen_file="$STATE/key-status-seen.txt"
  phase "new key: KeyPair bench-key-2 added to LogonUser bench, until usable on every instance"
  key_pair_yaml bench-key-2 bench | kc apply --server-side -f - >/dev/null
  kc wait --for=condition=Ready keypair/bench-key-2 --timeout=120s >/dev/null
  fingerprint=$(kc get keypair bench-key-2 -o jsonpath='{.status.fingerprint}')
  kc get secret "$(kc get keypair bench-key-2 -o jsonpath='{.status.secretName}')" \
    -o jsonpath='{.data.ssh-privatekey}' | base64 -d > "$key"
  chmod 600 "$key"
  : > "$STATE/key-login-seconds.txt"; : > "$seen_file"
  step=$(( N / SAMPLES ))
  start=$(now)
  for i in $(seq 0 $((SAMPLES - 1))); do
    name=$(name_of op $((1 + i * step)))
    probe_login "$name" $((OPERATOR_PORT_BASE + 1 + i * step)) "$key" "$start" "$STATE/key-login-seconds.txt" &
    pids+=($!)
  done
  kc patch logonuser bench --type merge -p '{"spec":{"keyPairRefs":[{"name":"bench-key"},{"name":"bench-key-2"}]}}' >/dev/null
  while (( $(wc -l < "$seen_file") < N )) && [[ $(since "$start" | cut -d. -f1) -lt 600 ]]; do
    json=$(kc get logonuser bench -o json)
    jq -r --arg fp "$fingerprint" '.status.instances[]? | select((.keyFingerprints // []) | index($fp)) | .name' <<<"$json" \
      | while read -r name; do
        grep -qx "$name .*" "$seen_file" 2>/dev/null || printf '%s %s\n' "$name" "$(since "$start")" >> "$seen_file"
      done
    sleep 0.2
  done
  wait "${pids[@]}"
  figure "new key usable by ssh login ($(wc -l < "$STATE/key-login-seconds.txt")/$SAMPLES sampled instances): p50 $(awk '{ print $2 }' "$STATE/key-login-seconds.txt" | percentile 50) s, p95 $(awk '{ print $2 }' "$STATE/key-login-seconds.txt" | percentile 95) s, max $(awk '{ print $2 }' "$STATE/key-login-seconds.txt" | percentile 100) s"
  figure "new key in LogonUser status ($(wc -l < "$seen_file")/$N instances): p50 $(awk '{ print $2 }' "$seen_file" | percentile 50) s, p95 $(awk '{ print $2 }' "$seen_file" | percentile 95) s, max $(awk '{ print $2 }' "$seen_file" | percentile 100) s [load $(load)]"
}

# COUNT KeyPairs and COUNT LogonUsers that select no instance: what the operator costs per object.
many_objects() {
  local start i
  (( CRS > 0 )) || return 0
  phase "$CRS KeyPairs and $CRS LogonUsers targeting no instance"
  for i in $(seq 1 "$CRS"); do
    key_pair_yaml "crs-key-$i" crs
    logon_user_yaml "crs-user-$i" crs nothing "{name: crs-key-$i}"
  done > "$STATE/objects/crs.yaml"
  start=$(now)
  kc apply --server-side -f "$STATE/objects/crs.yaml" >/dev/null
  log "  kubectl apply of $((2 * CRS)) objects took $(since "$start") s"
  local ready=0 deadline=$((SECONDS + 1200))
  while (( ready < CRS )); do
    (( SECONDS < deadline )) || { log "only $ready/$CRS KeyPairs Ready after 1200 s"; return 1; }
    ready=$(kc get keypairs -l fleet=crs -o json | jq '[.items[] | select(((.status.conditions // []) | map(select(.type == "Ready" and .status == "True")) | length) > 0)] | length')
    sleep 0.5
  done
  figure "$CRS KeyPairs + $CRS LogonUsers: all KeyPairs Ready $(since "$start") s after apply; operator RSS $(rss_mib) MiB [load $(load)]"
  memory_breakdown
}

# Where the operator's memory is, when the JVM was started with -XX:NativeMemoryTracking=summary
# (e.g. BENCH_JAVA_OPTS="... -XX:NativeMemoryTracking=summary"): committed MiB per JVM area.
memory_breakdown() {
  [[ "$JAVA_OPTS" == *NativeMemoryTracking=summary* ]] || return 0
  figure "operator memory by JVM area (committed MiB): $(jcmd "$OPERATOR_PID" VM.native_memory summary scale=MB 2>/dev/null \
    | sed -n 's/^-  *\([A-Za-z ]*[A-Za-z]\) (reserved=[0-9]*MB, committed=\([0-9]*\)MB).*/\1 \2/p' \
    | awk '$NF > 0 { printf "%s%s", sep, $0; sep = "; " }')"
  jcmd "$OPERATOR_PID" GC.run >/dev/null 2>&1 && sleep 1
  figure "after a full GC: heap used $(jcmd "$OPERATOR_PID" GC.heap_info 2>/dev/null | sed -n 's/.*total \([0-9]*\)K, used \([0-9]*\)K.*/\2/p' \
    | awk '{ used += $1 } END { printf "%d", used / 1024 }') MiB; operator RSS $(rss_mib) MiB"
}

# What sshd says on the instance itself, as a check of both sides' result.
sshd_policy_check() {
  local settings
  settings=$("$ROOT/hack/sandbox.sh" exec "$1" -- /usr/sbin/sshd -T 2>/dev/null | grep -E '^(passwordauthentication|permitrootlogin) ' | tr '\n' ' ') || true
  log "  $1 sshd -T: $settings"
}

# ---------------------------------------------------------------------------------------------
# Ansible's side

write_ansible_setup() {
  local dir="$STATE/ansible" i name
  mkdir -p "$dir/cp"
  rm -f "$dir/bench_key" "$dir/bench_key.pub"
  ssh-keygen -q -t ed25519 -N '' -C bench -f "$dir/bench_key"
  : > "$dir/known_hosts"
  {
    echo "[fleet]"
    for i in $(seq 1 "$N"); do
      name=$(name_of ans "$i")
      known_host_lines "$name" $((ANSIBLE_PORT_BASE + i)) >> "$dir/known_hosts"
      echo "$name ansible_port=$((ANSIBLE_PORT_BASE + i)) ansible_ssh_private_key_file=$ECSLOGON_SANDBOX_DIR/$name/admin_key"
    done
    echo "[fleet:vars]"
    echo "ansible_host=127.0.0.1"
    echo "ansible_user=root"
  } > "$dir/inventory"
  # Host keys checked against the sandboxes' own (as the operator pins them); the interpreter named
  # rather than discovered (one round trip less per host); OpenSSH's persistent connections and
  # pipelining on (Ansible's fastest transport); profile_tasks to see where the time goes.
  cat > "$dir/ansible.cfg" <<CFG
[defaults]
forks = $FORKS
host_key_checking = True
interpreter_python = /usr/bin/python3
callbacks_enabled = ansible.posix.profile_tasks
retry_files_enabled = False
[ssh_connection]
pipelining = True
control_path_dir = $dir/cp
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes
CFG
}

run_playbook() {
  local label="$1" log_file="$2" start
  start=$(now)
  ANSIBLE_CONFIG="$STATE/ansible/ansible.cfg" ansible-playbook -i "$STATE/ansible/inventory" \
    "$ROOT/hack/ansible/fleet.yml" -e bench_public_key_file="$STATE/ansible/bench_key.pub" >"$log_file" 2>&1 \
    || { tail -n 30 "$log_file" >&2; return 1; }
  LAST_PLAYBOOK_SECONDS=$(since "$start")
  figure "ansible ($label, forks $FORKS): $LAST_PLAYBOOK_SECONDS s; $(grep -E '^PLAY RECAP' -A "$N" "$log_file" | awk '/ok=/ { for (i = 1; i <= NF; i++) if ($i ~ /^(changed|failed|unreachable)=/) { split($i, kv, "="); s[kv[1]] += kv[2] } } END { printf "changed=%d failed=%d unreachable=%d", s["changed"], s["failed"], s["unreachable"] }') [load $(load)]"
}

ansible_fleet() {
  local start
  phase "starting $N fresh sandboxes for Ansible (ans-001..., ports $((ANSIBLE_PORT_BASE + 1))...)"
  start=$(now)
  start_sandboxes ans "$ANSIBLE_PORT_BASE" "$N"
  log "  sandboxes up in $(since "$start") s"
  write_ansible_setup
  phase "ansible-playbook hack/ansible/fleet.yml on $N hosts (forks $FORKS, pipelining, ControlPersist, host keys checked)"
  run_playbook "first run, everything to do" "$STATE/logs/ansible-first.log"
  ANSIBLE_SECONDS=$LAST_PLAYBOOK_SECONDS
  log "  slowest tasks (profile_tasks):"
  grep -E '^[A-Z].* -+ [0-9.]+s$' "$STATE/logs/ansible-first.log" | head -n 8 | sed 's/^/[bench-fleet]     /' >&2 || true
  sshd_policy_check ans-001
  ssh -i "$STATE/ansible/bench_key" -p $((ANSIBLE_PORT_BASE + 1)) -o BatchMode=yes -o LogLevel=ERROR -o IdentitiesOnly=yes \
    -o UserKnownHostsFile="$STATE/ansible/known_hosts" bench@127.0.0.1 'sudo -n true' \
    && log "  ans-001: bench logs on with the key, sudo -n works"
  phase "ansible-playbook again: nothing to change (Ansible's counterpart of one resync)"
  run_playbook "second run, nothing to change" "$STATE/logs/ansible-second.log"
}

# ---------------------------------------------------------------------------------------------

main() {
  parse_args "$@"
  [[ $(id -u) -eq 0 ]] || { log "needs root (sandboxes use Linux namespaces)"; exit 1; }
  mkdir -p "$STATE/logs" "$STATE/objects"
  trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  # A run that was killed may have left sandboxes or etcd data behind: start from nothing.
  destroy_sandboxes
  "$ROOT/hack/control-plane.sh" down "$STATE" 2>/dev/null || true
  rm -rf "$STATE/etcd-data"

  "$ROOT/hack/install-prerequisites.sh" >/dev/null
  provision_ansible
  build_operator
  start_control_plane
  start_operator
  figure "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo); $(git -C "$ROOT" log -1 --format='operator at %h (%cs)' -- operator pom.xml); N=$N; resync $RESYNC; ECSLOGON_MAX_PARALLEL_RECONCILES=${ECSLOGON_MAX_PARALLEL_RECONCILES:-32 (default)}; $(ansible-playbook --version 2>/dev/null | sed -n 1p)"
  figure "operator RSS at start: $(rss_mib) MiB [load $(load); [load X] is the 1-minute load average at the end of a phase]"

  onboard_fleet
  converge_fleet
  steady_state
  [[ "$AUDIT" == true ]] && audit_cost
  new_key_latency
  many_objects

  phase "stopping the operator, its sandboxes and the control plane (Ansible gets a quiet machine)"
  stop_operator
  destroy_sandboxes
  "$ROOT/hack/control-plane.sh" down "$STATE" 2>/dev/null

  if [[ "$ANSIBLE" == true ]]; then
    ansible_fleet
    figure "ratio ansible/operator (first playbook run / apply -> converged): $(awk -v a="$ANSIBLE_SECONDS" -v o="$OPERATOR_APPLY_SECONDS" 'BEGIN { printf "%.2f", a / o }')"
  fi
  {
    printf '\n== bench-fleet %s, %s\n' "$(date -u +%FT%TZ)" "$(hostname)"
    printf '%s\n' "${REPORT[@]}"
  } | tee -a "$STATE/report.txt"
}

# exit on the same line: bash reads a script as it runs, so an edit made during a run is never read.
{ main "$@"; exit; }
