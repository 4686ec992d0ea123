#!/usr/bin/env bash
# Proves the README's first command the way a newcomer meets it: the committed tree cloned into a
# fresh directory under /tmp (with a space in its path), `hack/quickstart.sh up` there with no jar
# and no .quickstart/, the result checked (the four instances Ready, web-3 onboarded through the ECS
# emulator, web-4 through Cloud Assistant, the LogonUser Ready on 4/4, the login as ops with the
# generated key), then `down`, and nothing it started left running.
# .ci/run runs it; people can too (it needs root, like the quickstart).
#
#   hack/check-newcomer-path.sh            clone HEAD of this checkout
#   KEEP=true hack/check-newcomer-path.sh  keep the clone afterwards (its path is printed)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
K8S_VERSION="${K8S_VERSION:-1.34.4}"
BIN="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64"
# What the quickstart listens on: instances, API server, etcd, controller manager, metrics, ECS emulator.
PORTS=(22221 22222 22223 16443 23790 16257 18080 18300)

say() { printf '[newcomer-path] %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

listening() { ss -Hltn "sport = :$1" | grep -q .; }

for port in "${PORTS[@]}"; do
  listening "$port" && fail "port $port is already in use (a quickstart still up? run hack/quickstart.sh down)"
done

WORK=$(mktemp -d /tmp/ecslogon-newcomer.XXXXXX)
CLONE="$WORK/ecs logon operator"
cleanup() {
  if [[ -x "$CLONE/hack/quickstart.sh" ]]; then "$CLONE/hack/quickstart.sh" down >/dev/null 2>&1 || true; fi
  if [[ "${KEEP:-}" == true ]]; then say "clone kept in $CLONE"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say "cloning the committed tree into '$CLONE'"
git clone --quiet "$ROOT" "$CLONE"
[[ ! -e "$CLONE/operator/target" && ! -e "$CLONE/.quickstart" ]] || fail "the clone is not fresh"

say "hack/quickstart.sh up (output in $WORK/up.log)"
start=$SECONDS
if ! (cd "$CLONE" && hack/quickstart.sh up) >"$WORK/up.log" 2>&1; then
  tail -n 40 "$WORK/up.log" >&2
  fail "hack/quickstart.sh up exited non-zero"
fi
say "up took $((SECONDS - start)) s"

kc() { "$BIN/kubectl" --kubeconfig "$CLONE/.quickstart/kubeconfig" "$@"; }
for instance in web-1 web-2 web-3 web-4; do
  [[ "$(kc get ecsinstance "$instance" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]] \
    || fail "EcsInstance $instance is not Ready"
done
[[ "$(kc get ecsinstance web-3 -o jsonpath='{.status.conditions[?(@.type=="HostKeyTrusted")].reason}')" == VouchedByCloud ]] \
  || fail "web-3's host key was not pinned from the cloud"
[[ "$(kc get ecsinstance web-4 -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}')" == CloudAssistant ]] \
  || fail "web-4 was not visited through Cloud Assistant"
[[ "$(kc get logonuser ops -o jsonpath='{.status.ready}')" == 4/4 ]] || fail "LogonUser ops is not Ready on 4/4"
for instance in web-1 web-2 web-3; do
  grep -q "^ops@$instance\$" "$WORK/up.log" || fail "no successful login as ops on $instance in the quickstart's output"
done
grep -q '^uid=[0-9]*(ops)' "$WORK/up.log" || fail "the quickstart did not show ops on web-4"
grep -q '^\$ ssh -i ' "$WORK/up.log" || fail "the quickstart did not print the login command"
say "instances Ready (web-3 VouchedByCloud, web-4 through Cloud Assistant), LogonUser ops 4/4, ops logged on with the generated key"

say "hack/quickstart.sh down"
(cd "$CLONE" && hack/quickstart.sh down) >"$WORK/down.log" 2>&1 || { cat "$WORK/down.log" >&2; fail "down exited non-zero"; }

left=$(pgrep -af -- "$CLONE" || true)
[[ -z "$left" ]] || fail "processes left running after down: $left"
for port in "${PORTS[@]}"; do
  listening "$port" && fail "something still listens on port $port after down: $(ss -Hltnp "sport = :$port")"
done
say "down left no process and no listening port behind"
