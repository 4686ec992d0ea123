#!/usr/bin/env bash
# The floor under hack/bench-fleet.sh: how fast the instance-side work of its converge can be on
# this machine at all, with no operator, no API server and no Kubernetes, when the N instances are
# sandboxes sharing its cores. Prints figures; asserts nothing (it is not a test). Needs root.
#
#   hack/bench-floor.sh [N] [P]      N sandboxes (default 200), P at a time (default 8)
#
# On N fresh sandboxes, in this order, each phase timed (wall) and costed (CPU seconds of the
# whole machine, from /proc/stat: run it on an otherwise idle machine):
#   1. work   the least a careful tool must do on each instance, as one `sh` entered directly into
#             the sandbox's namespaces (no SSH): useradd, the key file, a sudoers drop-in checked by
#             visudo, an sshd drop-in checked by `sshd -t`, sshd reloaded (SIGHUP)
#   2. login  one fresh OpenSSH login per instance running `true`: what proves the admin still gets in
#             after an sshd change (the operator does one, so does the playbook)
#   3. key    a new key for the user written through an already open, multiplexed OpenSSH
#             connection per instance (ControlMaster): one exec each, no read first; reported as
#             p50/p95 of the time from the start to each instance being done
# The operator's converge (bench-fleet's "apply -> converged") is at least 1 + 2; its new-key
# latency at least 3. docs/benchmarks.md, "The floor", has the figures and what they mean.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N="${1:-200}"
P="${2:-8}"
[[ "$N" =~ ^[1-9][0-9]{0,2}$ && "$P" =~ ^[1-9][0-9]?$ ]] || { sed -n '5p' "$0" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "needs root (sandboxes use Linux namespaces)" >&2; exit 1; }

STATE="$ROOT/.bench-floor"
export ECSLOGON_SANDBOX_DIR="$STATE/instances"
# Below the ephemeral range (32768+) and apart from the quickstart's and bench-fleet's ports.
PORT_BASE=26000
SSH_OPTIONS=(-q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null)
export STATE PORT_BASE

name_of() { printf 'floor-%03d' "$1"; }
port_of() { echo $((PORT_BASE + $1)); }
export -f name_of port_of

cleanup() {
  set +e
  for socket in "$STATE"/control/*; do [[ -S "$socket" ]] && ssh -o ControlPath="$socket" -O exit x 2>/dev/null; done
  if [[ -d "$ECSLOGON_SANDBOX_DIR" ]]; then
    seq 1 "$N" | while read -r i; do name_of "$i"; echo; done \
      | xargs -r -P 16 -n 1 "$ROOT/hack/sandbox.sh" destroy 2>/dev/null
  fi
  rm -rf "$STATE"
}
trap cleanup EXIT

cpu_jiffies() { awk '/^cpu /{print $2 + $3 + $4}' /proc/stat; }

# measure LABEL COMMAND...: runs it and prints its wall time and the machine's CPU seconds.
measure() {
  local label="$1" start_ns end_ns start_cpu end_cpu
  shift
  start_cpu=$(cpu_jiffies); start_ns=$(date +%s%N)
  "$@"
  end_ns=$(date +%s%N); end_cpu=$(cpu_jiffies)
  printf '%-8s wall %6.2f s   CPU %6.1f s   (%.0f ms CPU per instance)\n' "$label" \
    "$(bc -l <<<"($end_ns - $start_ns) / 10^9")" "$(bc -l <<<"($end_cpu - $start_cpu) / $(getconf CLK_TCK)")" \
    "$(bc -l <<<"($end_cpu - $start_cpu) * 1000 / $(getconf CLK_TCK) / $N")"
}

# The one `sh` per instance. The key arrives as $1, as data.
# shellcheck disable=SC2016,SC2089,SC2090 # script text for the instance's sh, expanded there
INSTANCE_WORK='set -e
id bench >/dev/null 2>&1 || useradd -m -s /bin/bash bench
install -d -m 700 -o bench -g bench /home/bench/.ssh
printf "%s\n" "$1" > /home/bench/.ssh/authorized_keys.new
chown bench:bench /home/bench/.ssh/authorized_keys.new && chmod 600 /home/bench/.ssh/authorized_keys.new
mv /home/bench/.ssh/authorized_keys.new /home/bench/.ssh/authorized_keys
printf "bench ALL=(ALL) NOPASSWD:ALL\n" > /etc/sudoers.d/.bench.new && chmod 440 /etc/sudoers.d/.bench.new
visudo -cqf /etc/sudoers.d/.bench.new && mv /etc/sudoers.d/.bench.new /etc/sudoers.d/bench
printf "PasswordAuthentication no\nPermitRootLogin prohibit-password\n" > /etc/ssh/sshd_config.d/10-bench-policy.conf
/usr/sbin/sshd -t
kill -HUP "$(cat /run/sshd.pid)"'
# shellcheck disable=SC2090
export INSTANCE_WORK

work_on() {
  local state
  state="$ECSLOGON_SANDBOX_DIR/$(name_of "$1")"
  nsenter -t "$(pgrep -P "$(cat "$state/unshare.pid")" | head -n 1)" -m -p -- sh -c "$INSTANCE_WORK" sh "$(cat "$STATE/user_key.pub")"
}
login_to() {
  local state
  state="$ECSLOGON_SANDBOX_DIR/$(name_of "$1")"
  ssh "${SSH_OPTIONS[@]}" -i "$state/admin_key" -p "$(port_of "$1")" root@127.0.0.1 true
}
connection_to() { echo -o ControlPath="$STATE/control/$1" -i "$ECSLOGON_SANDBOX_DIR/$(name_of "$1")/admin_key" -p "$(port_of "$1")" root@127.0.0.1; }
# shellcheck disable=SC2046 # the options are words
write_new_key() {
  ssh "${SSH_OPTIONS[@]}" $(connection_to "$1") \
    'f=/home/bench/.ssh/authorized_keys; cat > "$f.new" && chown bench:bench "$f.new" && chmod 600 "$f.new" && mv "$f.new" "$f"' \
    < "$STATE/new_key.pub"
  date +%s%N
}
export -f work_on login_to connection_to write_new_key
export SSH_OPTIONS_STRING="${SSH_OPTIONS[*]}"

each() { seq 1 "$N" | xargs -P "$P" -I{} bash -c "SSH_OPTIONS=(\$SSH_OPTIONS_STRING); $1 {}"; }

rm -rf "$STATE"
mkdir -p "$STATE/control"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$STATE/user_key"
ssh-keygen -q -t ed25519 -N '' -C bench-new -f "$STATE/new_key"

echo "starting $N sandboxes (ports $((PORT_BASE + 1))...)"
for i in $(seq 1 "$N"); do printf '%s --port %s --admin root\n' "$(name_of "$i")" "$(port_of "$i")"; done \
  | xargs -P 8 -n 5 "$ROOT/hack/sandbox.sh" start 2>"$STATE/sandboxes.log"
sleep 5   # let the boots' own work settle before anything is measured
echo "N=$N instances, P=$P at a time, $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure work each work_on
measure login each login_to
for i in $(seq 1 "$N"); do
  # shellcheck disable=SC2046
  ssh "${SSH_OPTIONS[@]}" $(connection_to "$i") -o ControlMaster=yes -o ControlPersist=600 -fN
done
start_ns=$(date +%s%N)
measure key each write_new_key > "$STATE/key_done"
grep -v '^[0-9]*$' "$STATE/key_done"
grep '^[0-9]*$' "$STATE/key_done" | sort -n | awk -v start="$start_ns" '
  { t[NR] = ($1 - start) / 1e9 }
  END { printf "key      done per instance: p50 %.2f s, p95 %.2f s, last %.2f s\n", t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }'
