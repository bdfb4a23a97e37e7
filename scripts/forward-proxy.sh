#!/usr/bin/env bash
# A forward proxy from Debian, tinyproxy or Squid, between the suite and the
# built-in stub: `kms-conformance proxy --proxy URL` serves the stub, sends
# every scenario to it through the forward proxy and judges every exchange
# on both sides. What a forward proxy adds (Via, X-Forwarded-For, Squid's
# Cache-Control) is a note: the run passes unless it changes something KMS
# or the client acts on.
#
#   apt-get install tinyproxy squid                  # once
#   scripts/forward-proxy.sh tinyproxy               # extra arguments go to kms-conformance proxy
#   scripts/forward-proxy.sh squid --junit squid.xml
#
# Each runs in the foreground on a free loopback port with the least
# configuration it needs (tinyproxy: Listen and Allow 127.0.0.1, nothing
# else), its files in a temporary folder, and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

which=${1:-}
shift || true
bin=${KMS_CONFORMANCE_BIN:-target/debug/kms-conformance}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
upstream="127.0.0.1:$(free_port)"
dir=$(mktemp -d)
case "$which" in
  tinyproxy)
    program=$(command -v tinyproxy || echo /usr/bin/tinyproxy)
    printf 'Port %s\nListen 127.0.0.1\nAllow 127.0.0.1\n' "$port" >"$dir/tinyproxy.conf"
    command=("$program" -d -c "$dir/tinyproxy.conf")
    ;;
  squid)
    program=$(command -v squid || echo /usr/sbin/squid)
    # Squid started by root runs as the user proxy: its folder must be writable.
    chmod 777 "$dir"
    cat >"$dir/squid.conf" <<CONF
http_port 127.0.0.1:$port
http_access allow localhost
http_access deny all
cache deny all
pinger_enable off
pid_filename $dir/squid.pid
access_log stdio:$dir/access.log
cache_log $dir/cache.log
cache_store_log none
coredump_dir $dir
shutdown_lifetime 0 seconds
CONF
    command=("$program" -N -f "$dir/squid.conf")
    ;;
  *)
    echo "usage: scripts/forward-proxy.sh tinyproxy|squid [kms-conformance proxy arguments]" >&2
    exit 2
    ;;
esac
[ -x "$program" ] || { echo "$which is not installed (apt-get install $which)" >&2; exit 2; }

"${command[@]}" >"$dir/output.log" 2>&1 &
proxy_pid=$!
stop_proxy() {
  kill -TERM "$proxy_pid" 2>/dev/null || true
  wait "$proxy_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop_proxy EXIT
for _ in $(seq 1 200); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$proxy_pid" 2>/dev/null || { cat "$dir/output.log" >&2; echo "$which exited" >&2; exit 2; }
  sleep 0.1
done

"$bin" proxy --proxy "http://127.0.0.1:$port" --upstream "$upstream" "$@"
