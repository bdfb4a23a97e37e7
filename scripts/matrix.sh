#!/usr/bin/env bash
# Regenerates the conformance matrix that README.md shows: starts moto 5.2.1
# and LocalStack 2026.3.0 (host mode, through scripts/localstack.sh --serve),
# runs `kms-conformance matrix` against the built-in stub, moto and LocalStack
# with their expectations files, stops both, and writes
#
#   docs/matrix/matrix.md, docs/matrix/matrix.html   the matrix and its page
#   reports/matrix/*.results.json                    one results file per target
#   README.md, between its matrix markers            the summary and every scenario
#
#   scripts/matrix.sh [kms-conformance matrix options...]   e.g. --tags @key-states
#
# Environment: LOCALSTACK_VENV and PYTHON as for scripts/localstack.sh;
# KMS_CONFORMANCE, the binary (default: target/release/kms-conformance, built
# if missing); DOCS, where the matrix goes (default: docs/matrix).
#
# Exit code: the matrix command's (0 when it wrote its files; 2 when a target
# could not be reached, its column then says why). The README is updated only
# on 0.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${DOCS:-docs/matrix}
reports=reports/matrix
mkdir -p target "$docs" "$reports"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

binary=${KMS_CONFORMANCE:-target/release/kms-conformance}
if [ ! -x "$binary" ]; then
  cargo build --release --locked
fi

if [ "$(python3 -m pip show moto 2>/dev/null | sed -n 's/^Version: //p')" != "5.2.1" ]; then
  echo "== installing moto 5.2.1"
  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]==5.2.1'
fi

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

moto_port=$(free_port)
echo "== starting moto on 127.0.0.1:$moto_port (log: target/matrix-moto.log)"
moto_server -H 127.0.0.1 -p "$moto_port" >target/matrix-moto.log 2>&1 &
pids+=($!)

localstack_port=$(free_port)
echo "== starting LocalStack on 127.0.0.1:$localstack_port (log: target/localstack.log)"
PORT=$localstack_port scripts/localstack.sh --serve >target/matrix-localstack.log 2>&1 &
pids+=($!)

# LocalStack's first start installs nothing in host mode, but loads for a while.
for _ in $(seq 1 600); do
  moto_up=false; localstack_up=false
  curl -fsS -X POST "http://127.0.0.1:$moto_port/moto-api/reset" >/dev/null 2>&1 && moto_up=true
  grep -q '^serving on' target/matrix-localstack.log 2>/dev/null && localstack_up=true
  if $moto_up && $localstack_up; then break; fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "matrix.sh: moto or LocalStack exited; see target/matrix-*.log" >&2; exit 2; }
  done
  sleep 0.2
done

command=(matrix
  --target stub=stub
  --target "moto=http://127.0.0.1:$moto_port" --target-version moto=5.2.1
  --target "localstack=http://127.0.0.1:$localstack_port" --target-version localstack=2026.3.0
  --expectations-dir expectations --out "$reports" "$@")
echo "== kms-conformance ${command[*]}"
# LocalStack makes a 12-digit access key its own account: its second account.
status=0
LOCALSTACK_KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID=444455556666 \
LOCALSTACK_KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY=test \
  "$binary" "${command[@]}" || status=$?
stop_all
trap - EXIT

cp "$reports/matrix.md" "$reports/matrix.html" "$docs/"
if [ "$status" -ne 0 ]; then
  echo "matrix.sh: kms-conformance exited $status; README.md left as it was" >&2
  exit "$status"
fi

# The README shows the summary and, folded, every scenario, between its markers.
python3 - "$docs/matrix.md" "LOCALSTACK_KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID=444455556666 LOCALSTACK_KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY=test kms-conformance ${command[*]}" <<'EOF'
import re, sys, datetime
matrix, command = open(sys.argv[1]).read(), sys.argv[2]
start = matrix.index("\n|") + 1
summary = matrix[start:matrix.index("\n\n", start)]
scenarios = matrix[matrix.index("## Scenarios") + len("## Scenarios"):].split("\n## ")[0].strip()
rows = sum(1 for line in scenarios.splitlines() if line.startswith("| ") and not line.startswith("| **"))
shown = command.replace(" --", " \\\n  --")
date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
block = f"""<!-- matrix:begin: written by scripts/matrix.sh; edit the script, not this block -->
Regenerated on {date} by `scripts/matrix.sh`, which ran:

```sh
{shown}
```

{summary}

<details><summary>Every scenario ({rows - 1}), by feature</summary>

{scenarios}

</details>

Why each target fails what it fails, and what it passes only leniently: [docs/matrix/matrix.md](docs/matrix/matrix.md). Every cell's failing
step, reason and HTTP exchanges: [docs/matrix/matrix.html](docs/matrix/matrix.html) (download it and open it
in a browser; it fetches nothing).
<!-- matrix:end -->"""
readme = open("README.md").read()
new = re.sub(r"<!-- matrix:begin.*?<!-- matrix:end -->", lambda _: block, readme, count=1, flags=re.S)
if new == readme and "<!-- matrix:begin" not in readme:
    sys.exit("matrix.sh: README.md has no <!-- matrix:begin --> ... <!-- matrix:end --> markers")
open("README.md", "w").write(new)
print("== README.md updated")
EOF
