#!/usr/bin/env bash
# Runs the suite against LocalStack community in host mode (no Docker), with
# expectations/localstack.toml, and stops LocalStack afterwards.
#
#   scripts/localstack.sh [kms-conformance options...]
#   scripts/localstack.sh --serve     # only start it, and serve until stopped
#
# With --serve it prints "serving on http://127.0.0.1:PORT" once KMS is up and
# keeps LocalStack running until the script is stopped (Ctrl-C, SIGTERM), which
# stops LocalStack too: scripts/matrix.sh runs the matrix against it that way.
#
# Environment:
#   LOCALSTACK_VENV   virtualenv to use or create (default: .venv-localstack)
#   PYTHON            a Python >= 3.13 to create it with (default: found on PATH or in pyenv)
#   PORT              port for LocalStack (default: a free one)
#   KMS_CONFORMANCE   the binary to run (default: target/release/kms-conformance, built if missing)
#
# LocalStack is pinned (localstack-core 2026.3.0 with scripts/localstack-requirements.txt)
# so that its expectations file stays true. Its gateway runs on hypercorn, bound
# to 127.0.0.1 only: the default server ignores the host and binds every interface.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${LOCALSTACK_VENV:-.venv-localstack}
log=target/localstack.log
mkdir -p target

find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  # localstack-core 2026.3.0 imports warnings.deprecated, new in Python 3.13.
  for candidate in python3.14 python3.13 "$HOME"/.pyenv/versions/3.14*/bin/python "$HOME"/.pyenv/versions/3.13*/bin/python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))'; then
      echo "$candidate"; return
    fi
  done
  echo "localstack.sh: LocalStack needs Python >= 3.13; set PYTHON" >&2
  exit 2
}

if [ ! -x "$venv/bin/python" ]; then
  python=$(find_python)
  echo "== creating $venv with $python and installing localstack-core 2026.3.0"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    -r scripts/localstack-requirements.txt localstack-core==2026.3.0
fi

port=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
endpoint="http://127.0.0.1:$port"

echo "== starting LocalStack on $endpoint (log: $log)"
# IAM and STS too: the ABAC scenarios' probe asks them whether identity
# policies are enforced (LocalStack community enforces none, contract row 204).
GATEWAY_LISTEN="127.0.0.1:$port" GATEWAY_SERVER=hypercorn SERVICES=kms,iam,sts EAGER_SERVICE_LOADING=1 \
  DNS_ADDRESS=0 SKIP_SSL_CERT_DOWNLOAD=1 DISABLE_EVENTS=1 \
  setsid "$venv/bin/python" -m localstack.runtime.main >"$log" 2>&1 &
localstack_pid=$!
# LocalStack (and the processes it starts, in its own group) is asked to
# stop, and killed if it has not within 10 s: it can hang in its shutdown.
stop_localstack() {
  kill -TERM -- "-$localstack_pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$localstack_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$localstack_pid" 2>/dev/null || true
  wait "$localstack_pid" 2>/dev/null || true
}
trap stop_localstack EXIT
# A signal ends the script through its EXIT trap, which stops LocalStack.
trap 'exit 130' INT TERM

for _ in $(seq 1 300); do
  if curl -fsS "$endpoint/_localstack/health" 2>/dev/null | grep -q '"kms": "\(available\|running\)"'; then
    break
  fi
  if ! kill -0 "$localstack_pid" 2>/dev/null; then
    echo "localstack.sh: LocalStack exited; see $log" >&2
    exit 2
  fi
  sleep 0.2
done

if [ "${1:-}" = "--serve" ]; then
  echo "serving on $endpoint"
  wait "$localstack_pid"
  exit 0
fi

binary=${KMS_CONFORMANCE:-target/release/kms-conformance}
if [ ! -x "$binary" ]; then
  cargo build --release --locked
fi

# LocalStack makes a 12-digit access key its own account: the second account.
KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID=444455556666 KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY=test \
  "$binary" --endpoint "$endpoint" --expectations expectations/localstack.toml "$@"
