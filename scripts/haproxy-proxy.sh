#!/usr/bin/env bash
# HAProxy, Debian's, configured by proxy/haproxy.cfg, in front of the
# built-in stub: `kms-conformance proxy` serves the stub as HAProxy's
# upstream, runs the suite through HAProxy and judges every exchange on both
# sides. A faithful proxy passes every scenario with no fidelity finding;
# this script fails on any finding, a note included (--fail-on-notes).
#
#   apt-get install haproxy           # once
#   scripts/haproxy-proxy.sh          # extra arguments go to kms-conformance proxy
#
# HAProxy runs in the foreground as the current user, on free loopback
# ports, from a copy of the config in a temporary folder, and is stopped on
# exit.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${KMS_CONFORMANCE_BIN:-target/debug/kms-conformance}
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$haproxy" ] || { echo "haproxy is not installed (apt-get install haproxy)" >&2; exit 2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
listen="127.0.0.1:$(free_port)"
upstream="127.0.0.1:$(free_port)"
dir=$(mktemp -d)
sed -e "s/127\.0\.0\.1:8080/$listen/" -e "s/127\.0\.0\.1:4599/$upstream/" proxy/haproxy.cfg >"$dir/haproxy.cfg"

"$haproxy" -db -f "$dir/haproxy.cfg" 2>"$dir/haproxy.log" &
haproxy_pid=$!
stop_haproxy() {
  kill -TERM "$haproxy_pid" 2>/dev/null || true
  wait "$haproxy_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop_haproxy EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/${listen%:*}/${listen#*:}") 2>/dev/null && break
  kill -0 "$haproxy_pid" 2>/dev/null || { cat "$dir/haproxy.log" >&2; echo "haproxy exited" >&2; exit 2; }
  sleep 0.1
done

"$bin" proxy --endpoint "http://$listen/" --upstream "$upstream" --fail-on-notes "$@"
