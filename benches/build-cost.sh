#!/usr/bin/env bash
# The cost of being a dependency, build side: a cold `cargo build --release`
# of a clean copy of the tree (tracked and new files, no target/), in a
# fresh, temporary target directory, with every crate already downloaded.
# Writes target/bench/build-cost.json, which `cargo bench --bench suite`
# reports with the rest. Takes minutes: run it on a quiet machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="${CARGO_TARGET_DIR:-$root/target}/bench"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/kms-conformance-build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The crates come from the local cache, not the network: the time measured
# is compiling, not downloading.
(cd "$root" && cargo fetch --locked >/dev/null)

mkdir "$work/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$root" && tar --null -T - -cf -) | tar -xf - -C "$work/src"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s.%N)
(cd "$work/src" && CARGO_TARGET_DIR="$work/target" cargo build --release --locked --offline --quiet)
finished=$(date +%s.%N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

wall=$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')
binary="$work/target/release/kms-conformance"
bytes=$(stat -c %s "$binary")
packages=$(grep -c '^\[\[package\]\]' "$root/Cargo.lock")
commit=$(git -C "$root" rev-parse --short HEAD)
if [ -n "$(git -C "$root" status --porcelain)" ]; then
  commit="$commit (with uncommitted changes)"
fi

cat >"$out/build-cost.json" <<JSON
{
  "wall_s": $wall,
  "lock_packages": $packages,
  "binary_bytes": $bytes,
  "cores": $(nproc),
  "rustc": "$(rustc --version)",
  "commit": "$commit",
  "load_average_before": "$load_before",
  "load_average_after": "$load_after",
  "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
cat "$out/build-cost.json"
