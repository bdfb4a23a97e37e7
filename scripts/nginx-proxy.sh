#!/usr/bin/env bash
# nginx, Debian's, configured by proxy/nginx.conf, in front of the built-in
# stub: `kms-conformance proxy` serves the stub as nginx's upstream, runs
# the suite through nginx and judges every exchange on both sides. A
# faithful proxy passes every scenario with no fidelity finding; this script
# fails on any finding, a note included (--fail-on-notes).
#
#   apt-get install nginx-light      # once
#   scripts/nginx-proxy.sh           # extra arguments go to kms-conformance proxy
#
# nginx runs as the current user from a temporary prefix (pid file, logs,
# temporary files), on free loopback ports, and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${KMS_CONFORMANCE_BIN:-target/debug/kms-conformance}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx is not installed (apt-get install nginx-light)" >&2; exit 2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
listen="127.0.0.1:$(free_port)"
upstream="127.0.0.1:$(free_port)"
prefix=$(mktemp -d)
sed -e "s/127\.0\.0\.1:8080/$listen/" -e "s/127\.0\.0\.1:4599/$upstream/" proxy/nginx.conf >"$prefix/nginx.conf"

"$nginx" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" &
nginx_pid=$!
stop_nginx() {
  kill -TERM "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$prefix"
}
trap stop_nginx EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/${listen%:*}/${listen#*:}") 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$prefix/error.log" >&2; echo "nginx exited" >&2; exit 2; }
  sleep 0.1
done

"$bin" proxy --endpoint "http://$listen/" --upstream "$upstream" --fail-on-notes "$@"
