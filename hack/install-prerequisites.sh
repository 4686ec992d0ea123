#!/usr/bin/env bash
# Installs what the tests and the quickstart need from Debian's packages, if missing:
# OpenSSH (server and client), sudo, passwd tools (useradd, chpasswd), util-linux (unshare,
# nsenter), auditd (the argv of every program the test instances run, hack/execve-audit.sh),
# openssl, git and shellcheck (CI checks the scripts), and a JDK + Maven when absent
# (Go comes with the machine image; Debian's golang-go is too old to build kube-apiserver).
# Run as root. Idempotent.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
have ssh || need+=(openssh-client)
have ssh-keygen || need+=(openssh-client)
have ss || need+=(iproute2)
have pgrep || need+=(procps)
[[ -x /usr/sbin/auditd && -x /usr/sbin/auditctl ]] || need+=(auditd)
have sudo || need+=(sudo)
[[ -x /usr/sbin/visudo ]] || need+=(sudo)
[[ -x /usr/sbin/useradd && -x /usr/sbin/chpasswd ]] || need+=(passwd)
have unshare || need+=(util-linux)
have nsenter || need+=(util-linux)
have openssl || need+=(openssl)
have curl || need+=(curl)
have git || need+=(git)
have shellcheck || need+=(shellcheck)
have javac || need+=(openjdk-17-jdk-headless)
have mvn || need+=(maven)

if [[ ${#need[@]} -eq 0 ]]; then
  echo "[prerequisites] all present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "[prerequisites] missing: ${need[*]} — run as root or install them" >&2
  exit 1
fi
echo "[prerequisites] installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
