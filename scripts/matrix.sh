#!/usr/bin/env bash
# Regenerates the conformance matrix of the built-in stub, moto 5.2.1 and
# LocalStack 2026.3.0: starts moto and LocalStack (host mode, through
# scripts/localstack.sh --serve), runs `kms-conformance matrix` against the
# three with their expectations files, stops both, and writes
#
#   reports/matrix/                        the results files, matrix.md, matrix.html
#   docs/matrix.md, between its markers    the command and the whole matrix
#   docs/matrix.html                       the page: every cell's step, reason, exchanges
#   README.md, between its markers         the headline: conformance per target
#
#   scripts/matrix.sh [kms-conformance matrix options...]   e.g. --tags @key-states
#
# Environment: LOCALSTACK_VENV and PYTHON as for scripts/localstack.sh;
# KMS_CONFORMANCE, the binary (default: target/release/kms-conformance, built
# if missing).
#
# Exit code: the matrix command's (0 when it wrote its files; 2 when a target
# could not be reached, its column then says why). docs/ and README.md are
# updated only on 0; otherwise what was written is in reports/matrix/.
set -euo pipefail
cd "$(dirname "$0")/.."
reports=reports/matrix
mkdir -p target "$reports"

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

if [ "$status" -ne 0 ]; then
  echo "matrix.sh: kms-conformance exited $status; docs/ and README.md left as they were (see $reports/)" >&2
  exit "$status"
fi

# docs/matrix.md holds the command and the whole matrix between its markers,
# beside docs/matrix.html, which the matrix links to; README.md holds the
# headline, conformance per target, between its own.
cp "$reports/matrix.html" docs/matrix.html
python3 - "$reports/matrix.md" "LOCALSTACK_KMS_CONFORMANCE_SECOND_ACCESS_KEY_ID=444455556666 LOCALSTACK_KMS_CONFORMANCE_SECOND_SECRET_ACCESS_KEY=test kms-conformance ${command[*]}" <<'EOF'
import re, sys, datetime
matrix, command = open(sys.argv[1]).read(), sys.argv[2]
date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")

def splice(path, marker, block):
    text = open(path).read()
    pattern = rf"<!-- {marker}:begin.*?<!-- {marker}:end -->"
    if not re.search(pattern, text, flags=re.S):
        sys.exit(f"matrix.sh: {path} has no <!-- {marker}:begin --> ... <!-- {marker}:end --> markers")
    open(path, "w").write(re.sub(pattern, lambda _: block, text, count=1, flags=re.S))
    print(f"== {path} updated")

# The whole matrix, its title dropped and its sections one level down, so
# that they sit under the page's own heading.
body = re.sub(r"\A# [^\n]*\n+", "", matrix)
body = re.sub(r"^## ", "### ", body, flags=re.M).strip()
shown = command.replace(" --", " \\\n  --")
splice("docs/matrix.md", "matrix", f"""<!-- matrix:begin: written by scripts/matrix.sh; edit the script, not this block -->
Regenerated on {date} by `scripts/matrix.sh`, which ran:

```sh
{shown}
```

{body}
<!-- matrix:end -->""")

# The headline: the summary table turned so that each target is a row.
start = matrix.index("\n|") + 1
summary = matrix[start:matrix.index("\n\n", start)].splitlines()
def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]
targets = [t.strip("*") for t in cells(summary[0])[1:]]
rows = {cells(line)[0].strip("*"): cells(line)[1:] for line in summary[2:]}
levels = ["REC", "DOC", "INF", "UNK"]
lines = ["| target | version | conformance | " + " | ".join(levels) + " |",
         "|---|---|---|" + "---|" * len(levels)]
for i, target in enumerate(targets):
    values = [rows["version"][i], rows["conformance"][i]]
    values += [rows[f"conformance, {level}"][i] for level in levels]
    lines.append(f"| {target} | " + " | ".join(values) + " |")
table = "\n".join(lines)
splice("README.md", "matrix-headline", f"""<!-- matrix-headline:begin: written by scripts/matrix.sh; edit the script, not this block -->
{table}

Regenerated on {date} by `scripts/matrix.sh`. Every scenario, and why each target fails what it
fails: [docs/matrix.md](docs/matrix.md#the-matrix-of-the-built-in-stub-moto-and-localstack); every
cell's failing step and HTTP exchanges: [docs/matrix.html](docs/matrix.html) (download it and open
it in a browser; it fetches nothing).
<!-- matrix-headline:end -->""")
EOF
