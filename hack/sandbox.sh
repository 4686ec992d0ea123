#!/usr/bin/env bash
# Sandboxed "instances": the real OpenSSH sshd on 127.0.0.1:<port>, each in its own mount and PID
# namespace with a private /etc, /home, /root, /run, /var/log, /var/lib/ecs-logon-operator and /tmp
# over the machine's own binaries. useradd, chpasswd, visudo, sudo and `sshd -t` inside one are real and never touch the
# machine. See docs/sandbox.md for what is real and what is simulated.
#
#   hack/sandbox.sh create  NAME --port P [--admin root|ecs-user]   make keys and the private filesystem
#   hack/sandbox.sh start   NAME [--port P --admin ...]             create if needed, boot, wait for sshd
#   hack/sandbox.sh stop    NAME        kill everything in it (state kept)
#   hack/sandbox.sh destroy NAME        stop and delete its state
#   hack/sandbox.sh reboot  NAME        as if `reboot` ran inside
#   hack/sandbox.sh exec    NAME -- CMD [ARGS...]   run a command inside (stdin/stdout/exit code pass through)
#   hack/sandbox.sh status  NAME | list | down-all
#
# State lives in ${ECSLOGON_SANDBOX_DIR:-/tmp/ecslogon-sandboxes}/NAME: admin_key(.pub),
# port, admin_user, host_key_fingerprint, boot_id, logs. A reboot takes
# ${ECSLOGON_SANDBOX_REBOOT_DELAY:-3} seconds before sshd starts again.
# With ECSLOGON_SANDBOX_DISK=SIZE (like 48m) at create, the private filesystem lives on a tmpfs of
# that size: a disk that can fill up (the fault-injection suite fills it from outside, with a file
# in $state/fs that the instance cannot see, and empties it again).
# sshd, however it is started, runs in an audit session of its own (the sandbox's /etc/init.d/ssh
# sets a loginuid), so that hack/execve-audit.sh records every argv on the instance and none that
# `hack/sandbox.sh exec` runs from outside.
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
# Absolute and free of symlinks: mount_private_dirs compares it with the private directories.
SANDBOXES=$(realpath -m "${ECSLOGON_SANDBOX_DIR:-/tmp/ecslogon-sandboxes}")
REBOOT_EXIT=42
# var/lib/ecs-logon-operator: the operator's inventory of what it manages on an instance is
# per host, as on a real one.
PRIVATE_DIRS=(etc home root run var/log var/lib/ecs-logon-operator tmp)

die() { printf 'sandbox: %s\n' "$*" >&2; exit 1; }
say() { printf '[sandbox] %s\n' "$*" >&2; }

state_of() {
  [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,40}$ ]] || die "bad sandbox name '$1' (lower-case letters, digits, dashes)"
  printf '%s/%s' "$SANDBOXES" "$1"
}
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The host PID of the sandbox's init (PID 1 inside): the child of the unshare process.
init_pid() {
  local state="$1" unshare_pid
  alive "$state/unshare.pid" || return 1
  unshare_pid=$(cat "$state/unshare.pid")
  pgrep -P "$unshare_pid" | head -n 1
}

check_prerequisites() {
  [[ $(id -u) -eq 0 ]] || die "needs root (mount and PID namespaces, a private /etc)"
  for tool in unshare nsenter ssh-keygen /usr/sbin/sshd /usr/sbin/useradd /usr/sbin/visudo; do
    command -v "$tool" >/dev/null || die "missing $tool (hack/install-prerequisites.sh installs it)"
  done
}

# Runs one of this script's functions with the sandbox's private directories mounted over the
# real ones, in a throw-away mount namespace: how `create` sets users up with the real tools.
# The function runs in the same bash process that made the mounts: the checkout (this script,
# its helpers) may sit under /root, /home or /tmp, which the private mounts hide, so nothing is
# ever looked up by its path after them (bash reads this script through a descriptor it already
# holds). See docs/sandbox.md, "Where the checkout may live".
with_private_fs() {
  local state="$1"; shift
  unshare --mount --propagation private -- "$SELF" __in-private-fs "$state" "$@"
}

# The private directory that holds the state (if any: /tmp, /root, /home ...) is mounted last,
# so that the sources of the others are still reachable by their paths when they are mounted.
mount_private_dirs() {
  local state="$1" dir holder=""
  for dir in "${PRIVATE_DIRS[@]}"; do
    if [[ "$state/" == "/$dir/"* ]]; then
      holder="$dir"
      continue
    fi
    # Sandboxes made before a directory joined the list get it now; the mount point must exist.
    mkdir -p "$state/fs/$dir" "/$dir"
    mount --bind "$state/fs/$dir" "/$dir"
  done
  [[ -z "$holder" ]] || mount --bind "$state/fs/$holder" "/$holder"
}

# Deletes a sandbox's state, its small disk (ECSLOGON_SANDBOX_DISK) unmounted first.
destroy_state() {
  local state="$1"
  if mountpoint -q "$state/fs" 2>/dev/null; then umount "$state/fs"; fi
  rm -rf "$state"
}

create() {
  local name="$1" port="$2" admin="$3" state
  state=$(state_of "$name")
  [[ -f "$state/created" ]] && return 0
  check_prerequisites
  [[ "$port" =~ ^[0-9]+$ ]] || die "create $name needs --port"
  [[ "$admin" == root || "$admin" == ecs-user ]] || die "--admin must be root or ecs-user"
  say "creating $name (port $port, admin $admin) in $state"
  destroy_state "$state"
  mkdir -p "$state/fs" "$state/logs"
  if [[ -n "${ECSLOGON_SANDBOX_DISK:-}" ]]; then
    [[ "$ECSLOGON_SANDBOX_DISK" =~ ^[0-9]+[km]$ ]] || die "ECSLOGON_SANDBOX_DISK must be like 48m"
    mount -t tmpfs -o "size=$ECSLOGON_SANDBOX_DISK,mode=755" "disk-$name" "$state/fs"
  fi
  for dir in "${PRIVATE_DIRS[@]}"; do mkdir -p "$state/fs/$dir"; done
  cp -a /etc/. "$state/fs/etc/"
  chmod 1777 "$state/fs/tmp"
  chmod 700 "$state/fs/root"
  cp -a /etc/skel/. "$state/fs/root/" 2>/dev/null || true
  # A host of its own: its own host keys, machine id and sshd listening on its own port.
  rm -f "$state"/fs/etc/ssh/ssh_host_*
  ssh-keygen -A -f "$state/fs" >/dev/null
  tr -d - < /proc/sys/kernel/random/uuid > "$state/fs/etc/machine-id"
  echo "$name" > "$state/fs/etc/hostname"
  printf '127.0.1.1\t%s\n' "$name" >> "$state/fs/etc/hosts"
  sed -i "1i # ecs-logon-operator sandbox $name: listen where the test harness expects it.\nPort $port\nListenAddress 127.0.0.1\n" \
    "$state/fs/etc/ssh/sshd_config"
  # Where the kernel refuses a login UID (a container without audit, a loginuid made immutable),
  # PAM would refuse every session in the sandbox. Where it takes it, each logon starts an audit
  # session of its own (hack/execve-audit.sh records what runs in it).
  sed -i 's/^session\s\+required\s\+pam_loginuid.so/session    optional     pam_loginuid.so/' "$state/fs/etc/pam.d/sshd"
  # However sshd is started (at boot, by the operator from a session, by a test from outside), it
  # runs in an audit session of its own: setting a loginuid starts one, and everything sshd starts
  # inherits it. hack/execve-audit.sh records the programs of every session but its caller's, so
  # it sees every program the instance runs and none the harness runs from outside.
  grep -qx 'set -e' "$state/fs/etc/init.d/ssh" || die "/etc/init.d/ssh has no 'set -e' line to follow"
  sed -i '0,/^set -e$/s//set -e\n{ echo 0 > \/proc\/self\/loginuid; } 2>\/dev\/null || true/' "$state/fs/etc/init.d/ssh"

  ssh-keygen -q -t ed25519 -N '' -C "admin@$name" -f "$state/admin_key"
  echo "$port" > "$state/port"
  echo "$admin" > "$state/admin_user"
  echo "${ECSLOGON_SANDBOX_REBOOT_DELAY:-3}" > "$state/reboot_delay"
  ssh-keygen -l -E sha256 -f "$state/fs/etc/ssh/ssh_host_ed25519_key.pub" | awk '{print $2}' > "$state/host_key_fingerprint"
  with_private_fs "$state" setup_admin "$admin" < "$state/admin_key.pub"
  touch "$state/created"
}

# Inside the private filesystem: the admin account as a cloud image would ship it; its public
# key on stdin.
setup_admin() {
  local admin="$1" home
  if [[ "$admin" == ecs-user ]]; then
    id ecs-user >/dev/null 2>&1 || useradd --create-home --shell /bin/bash ecs-user
    printf 'ecs-user ALL=(ALL) NOPASSWD:ALL\n' > /etc/sudoers.d/90-ecs-user
    chmod 440 /etc/sudoers.d/90-ecs-user
    visudo -c -q
    sed -i "/^ListenAddress 127.0.0.1/a PermitRootLogin no" /etc/ssh/sshd_config
  fi
  home=$(getent passwd "$admin" | cut -d: -f6)
  install -d -m 700 -o "$admin" -g "$(id -gn "$admin")" "$home/.ssh"
  # The public key arrives on stdin: the state directory may be hidden under the private /tmp.
  install -m 600 -o "$admin" -g "$(id -gn "$admin")" /dev/stdin "$home/.ssh/authorized_keys"
  # sshd -t wants its privilege separation directory, which lives in the (empty) private /run.
  mkdir -p /run/sshd && /usr/sbin/sshd -t
}

start() {
  local name="$1" state port
  state=$(state_of "$name")
  create "$name" "${2:-}" "${3:-root}"
  port=$(cat "$state/port")
  if ! alive "$state/supervisor.pid"; then
    say "booting $name"
    setsid nohup "$SELF" __supervise "$name" >>"$state/logs/supervisor.log" 2>&1 < /dev/null &
    echo $! > "$state/supervisor.pid"
  fi
  wait_for_sshd "$state" "$port" 30 || die "sshd of $name did not come up on port $port; see $state/logs/"
}

wait_for_sshd() {
  local state="$1" port="$2" seconds="$3" banner
  for _ in $(seq 1 $((seconds * 5))); do
    if banner=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 7 <&3" 2>/dev/null) \
        && [[ "$banner" == SSH-2.0 ]]; then
      return 0
    fi
    alive "$state/supervisor.pid" || return 1
    sleep 0.2
  done
  return 1
}

# Outside the namespaces: boots the sandbox, and boots it again after a reboot request.
supervise() {
  local name="$1" state rc
  state=$(state_of "$name")
  trap 'kill_namespace "$state"; rm -f "$state/unshare.pid"; exit 0' TERM INT
  while true; do
    # Like a tmpfs at boot: /run and /tmp start empty, and the kernel boot ID is new.
    find "$state/fs/run" "$state/fs/tmp" -mindepth 1 -delete 2>/dev/null || true
    cat /proc/sys/kernel/random/uuid > "$state/boot_id"
    echo "$(date -u +%FT%TZ) boot $(cat "$state/boot_id")"
    unshare --mount --uts --pid --fork --mount-proc --propagation private -- "$SELF" __init "$state" &
    echo $! > "$state/unshare.pid"
    rc=0
    wait $! || rc=$?
    rm -f "$state/unshare.pid"
    if [[ $rc -ne $REBOOT_EXIT ]]; then
      echo "$(date -u +%FT%TZ) halted (exit $rc)"
      exit 0
    fi
    echo "$(date -u +%FT%TZ) rebooting in $(cat "$state/reboot_delay") s"
    sleep "$(cat "$state/reboot_delay")"
  done
}

kill_namespace() {
  local state="$1" pid
  pid=$(init_pid "$state" 2>/dev/null) || true
  # SIGKILL to a PID namespace's init takes every process of the namespace with it.
  if [[ -n "${pid:-}" ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
}

# PID 1 inside the namespaces: mounts, sshd started the Debian way (init script, no systemd),
# and a reboot/shutdown that end this process with a code the supervisor understands.
init() {
  local state="$1"
  mount --bind "$state/boot_id" /proc/sys/kernel/random/boot_id
  mount_power_commands
  hostname "$(basename "$state")"
  mount_private_dirs "$state"
  trap 'exit "$REBOOT_EXIT"' USR1
  trap 'exit 0' TERM
  /etc/init.d/ssh start >/dev/null
  while true; do
    sleep 3600 &
    wait $! || true
  done
}

# reboot, shutdown, halt and poweroff become hack/sandbox-power.sh. A bind mount follows
# symlinks, so where they are links to systemctl, systemctl itself is covered (once).
mount_power_commands() {
  local power command target
  power="$(dirname "$SELF")/sandbox-power.sh"
  declare -A covered=()
  for command in reboot shutdown halt poweroff; do
    [[ -e "/usr/sbin/$command" ]] || continue
    target=$(readlink -f "/usr/sbin/$command")
    [[ -n "${covered[$target]:-}" ]] && continue
    mount --bind "$power" "$target"
    covered[$target]=1
  done
}

reboot_sandbox() {
  local name="$1" state pid
  state=$(state_of "$name")
  pid=$(init_pid "$state") || die "$name is not running"
  kill -USR1 "$pid"
}

stop() {
  local name="$1" state
  state=$(state_of "$name")
  if alive "$state/supervisor.pid"; then
    kill -TERM "$(cat "$state/supervisor.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$state/supervisor.pid" || break; sleep 0.1; done
  fi
  kill_namespace "$state"
  rm -f "$state/supervisor.pid" "$state/unshare.pid"
}

exec_in() {
  local name="$1" state pid
  shift
  [[ "${1:-}" == "--" ]] && shift
  state=$(state_of "$name")
  pid=$(init_pid "$state") || die "$name is not running"
  exec nsenter -t "$pid" -m -p -- "$@"
}

status() {
  local name="$1" state
  state=$(state_of "$name")
  [[ -d "$state" ]] || die "no sandbox $name"
  if pid=$(init_pid "$state" 2>/dev/null); then
    echo "$name running init_pid=$pid port=$(cat "$state/port") admin=$(cat "$state/admin_user")"
  elif alive "$state/supervisor.pid"; then
    echo "$name rebooting port=$(cat "$state/port") admin=$(cat "$state/admin_user")"
    return 3
  else
    echo "$name stopped port=$(cat "$state/port") admin=$(cat "$state/admin_user")"
    return 3
  fi
}

list() {
  [[ -d "$SANDBOXES" ]] || return 0
  for state in "$SANDBOXES"/*/; do
    if [[ -f "$state/created" ]]; then status "$(basename "$state")" || true; fi
  done
}

parse_options() {
  PORT="" ADMIN=root
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) PORT="$2"; shift 2 ;;
      --admin) ADMIN="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
}

cmd="${1:-}"; shift || true
case "$cmd" in
  create) name="${1:?name}"; shift; parse_options "$@"; create "$name" "$PORT" "$ADMIN" ;;
  start) name="${1:?name}"; shift; parse_options "$@"; start "$name" "$PORT" "$ADMIN" ;;
  stop) stop "${1:?name}" ;;
  destroy) stop "${1:?name}"; destroy_state "$(state_of "$1")" ;;
  reboot) reboot_sandbox "${1:?name}" ;;
  exec) name="${1:?name}"; shift; exec_in "$name" "$@" ;;
  status) status "${1:?name}" ;;
  list) list ;;
  down-all)
    if [[ -d "$SANDBOXES" ]]; then
      for state in "$SANDBOXES"/*/; do [[ -f "$state/created" ]] && stop "$(basename "$state")"; done
    fi ;;
  __supervise) supervise "$1" ;;
  __init) init "$1" ;;
  __in-private-fs)
    state="$1" function="$2"; shift 2
    [[ "$function" == setup_admin ]] || die "not a private-fs function: $function"
    mount_private_dirs "$state"; "$function" "$@" ;;
  *)
    sed -n '2,20p' "$SELF" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
