#!/bin/sh
# Inside a sandbox this file stands in for reboot, shutdown, halt and poweroff (bind-mounted over
# whatever they resolve to: on Debian with systemd installed, that is /usr/bin/systemctl). It asks
# the sandbox's init, PID 1 there, to reboot (SIGUSR1) or halt (SIGTERM). Called as systemctl for
# anything else, it answers as systemctl does on a host that was not booted with systemd.
name=$(basename "$0")
case "$name" in
  reboot) kill -USR1 1 ;;
  shutdown)
    for arg in "$@"; do
      case "$arg" in -r|--reboot) kill -USR1 1; exit 0 ;; esac
    done
    kill -TERM 1 ;;
  halt|poweroff) kill -TERM 1 ;;
  systemctl)
    case "${1:-}" in
      reboot) kill -USR1 1 ;;
      halt|poweroff) kill -TERM 1 ;;
      *)
        echo "System has not been booted with systemd as init system (PID 1). Can't operate." >&2
        echo "Failed to connect to bus: Host is down" >&2
        exit 1 ;;
    esac ;;
  *) echo "sandbox-power: called as unknown command $name" >&2; exit 1 ;;
esac
