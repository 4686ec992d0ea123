#!/usr/bin/env bash
# Runs a local control plane for people (the quickstart): etcd, kube-apiserver and
# kube-controller-manager as plain processes on 127.0.0.1, with a CA, serving and client
# certificates made by openssl, and an admin kubeconfig. The controller manager is what makes it
# behave like a cluster: namespaces finish deleting, owned objects are garbage-collected.
# Tests don't use this script: they start their own through kube-api-test (ControlPlaneExtension).
#
#   hack/control-plane.sh up   DIR   start (idempotent), kubeconfig at DIR/kubeconfig
#   hack/control-plane.sh down DIR   stop all three processes (state in DIR is kept)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
K8S_VERSION="${K8S_VERSION:-1.34.4}"
BIN="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64"
ETCD_PORT="${ECSLOGON_ETCD_PORT:-23790}"
API_PORT="${ECSLOGON_APISERVER_PORT:-16443}"
KCM_PORT="${ECSLOGON_CONTROLLER_MANAGER_PORT:-16257}"

log() { printf '[control-plane] %s\n' "$*" >&2; }

running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

make_certs() {
  local pki="$1"
  [[ -f "$pki/admin.crt" ]] && return 0
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=ecs-logon-quickstart-ca" 2>/dev/null
    cat > server.ext <<EXT
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth
EXT
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 3650 \
      -extfile server.ext 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=quickstart-admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 \
      -extfile client.ext 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    chmod 600 ./*.key
  )
}

write_kubeconfig() {
  local dir="$1" pki="$1/pki"
  cat > "$dir/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: quickstart
  cluster:
    server: https://127.0.0.1:${API_PORT}
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: quickstart-admin
  user:
    client-certificate-data: $(base64 -w0 < "$pki/admin.crt")
    client-key-data: $(base64 -w0 < "$pki/admin.key")
contexts:
- name: quickstart
  context: {cluster: quickstart, user: quickstart-admin, namespace: default}
current-context: quickstart
KC
  chmod 600 "$dir/kubeconfig"
}

up() {
  local dir="$1"
  mkdir -p "$dir/logs"
  "$HERE/provision-control-plane.sh"
  make_certs "$dir/pki"
  write_kubeconfig "$dir"
  if ! running "$dir/etcd.pid"; then
    log "starting etcd on 127.0.0.1:${ETCD_PORT}"
    nohup "$BIN/etcd" --data-dir "$dir/etcd-data" \
      --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
      --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
      --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
      --initial-cluster "default=http://127.0.0.1:$((ETCD_PORT + 1))" \
      --unsafe-no-fsync >"$dir/logs/etcd.log" 2>&1 &
    echo $! > "$dir/etcd.pid"
  fi
  if ! running "$dir/kube-apiserver.pid"; then
    log "starting kube-apiserver on https://127.0.0.1:${API_PORT}"
    nohup "$BIN/kube-apiserver" \
      --etcd-servers "http://127.0.0.1:${ETCD_PORT}" \
      --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "${API_PORT}" \
      --cert-dir "$dir/pki" \
      --tls-cert-file "$dir/pki/server.crt" --tls-private-key-file "$dir/pki/server.key" \
      --client-ca-file "$dir/pki/ca.crt" \
      --service-account-issuer https://kubernetes.default.svc \
      --service-account-key-file "$dir/pki/sa.pub" --service-account-signing-key-file "$dir/pki/sa.key" \
      --service-cluster-ip-range 10.96.0.0/24 \
      --authorization-mode RBAC \
      >"$dir/logs/kube-apiserver.log" 2>&1 &
    echo $! > "$dir/kube-apiserver.pid"
  fi
  log "waiting for the API server"
  wait_until 120 api_server_ready kube-apiserver "$dir" || return 1
  log "API server ready; kubeconfig: $dir/kubeconfig"
  start_controller_manager "$dir"
  wait_until 60 controller_manager_healthy kube-controller-manager "$dir" || return 1
  log "kube-controller-manager healthy (namespace deletion, garbage collection)"
}

api_server_ready() { "$BIN/kubectl" --kubeconfig "$1/kubeconfig" get --raw /readyz >/dev/null 2>&1; }
controller_manager_healthy() { curl -ksf "https://127.0.0.1:${KCM_PORT}/healthz" >/dev/null 2>&1; }

# wait_until SECONDS CHECK NAME DIR: polls CHECK DIR once a second while process NAME is alive.
wait_until() {
  local seconds="$1" check="$2" name="$3" dir="$4"
  for _ in $(seq 1 "$seconds"); do
    "$check" "$dir" && return 0
    running "$dir/$name.pid" || { log "$name exited; see $dir/logs/$name.log"; return 1; }
    sleep 1
  done
  log "$name not ready after $seconds s; see $dir/logs/$name.log"
  return 1
}

# Only the controllers a local cluster without nodes needs: namespace deletion, garbage
# collection of owned objects, and service accounts with their tokens (for the chart's
# ServiceAccount). They act with the admin kubeconfig rather than one service account each: fewer
# moving parts on a laptop, and nothing here is multi-tenant.
start_controller_manager() {
  local dir="$1"
  running "$dir/kube-controller-manager.pid" && return 0
  log "starting kube-controller-manager (health on https://127.0.0.1:${KCM_PORT}/healthz)"
  nohup "$BIN/kube-controller-manager" \
    --kubeconfig "$dir/kubeconfig" \
    --service-account-private-key-file "$dir/pki/sa.key" --root-ca-file "$dir/pki/ca.crt" \
    --leader-elect=false \
    --controllers namespace,garbagecollector,serviceaccount,serviceaccount-token \
    --bind-address 127.0.0.1 --secure-port "${KCM_PORT}" --cert-dir "$dir/pki/controller-manager" \
    >"$dir/logs/kube-controller-manager.log" 2>&1 &
  echo $! > "$dir/kube-controller-manager.pid"
}

down() {
  local dir="$1" name
  for name in kube-controller-manager kube-apiserver etcd; do
    if running "$dir/$name.pid"; then
      log "stopping $name"
      kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 20); do running "$dir/$name.pid" || break; sleep 0.5; done
      if running "$dir/$name.pid"; then kill -9 "$(cat "$dir/$name.pid")" 2>/dev/null || true; fi
    fi
    rm -f "$dir/$name.pid"
  done
}

case "${1:-}" in
  up) up "${2:?usage: $0 up DIR}" ;;
  down) down "${2:?usage: $0 down DIR}" ;;
  *) echo "usage: $0 up|down DIR" >&2; exit 2 ;;
esac
