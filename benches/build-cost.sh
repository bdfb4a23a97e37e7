#!/usr/bin/env bash
# The cost of being a dependency, build side: a cold `cargo build --release`
# (what `cargo install` does) and a cold `cargo build` (what `cargo run` and
# CI do first) of a clean copy of the tree (tracked and new files, no
# target/), each in a fresh, temporary target directory, with every crate
# already downloaded. Writes target/bench/build-cost.json, which
# `cargo bench --bench suite` reports with the rest, and cargo's timing
# reports of both builds (target/bench/cargo-timing-{release,dev}.html:
# where the time goes). Takes minutes: run it on a quiet machine.
#
#   benches/build-cost.sh            both builds
#   PROFILES=release benches/build-cost.sh   one of them
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

build() {
  local profile=$1 flag=$2
  rm -rf "$work/target"
  local before started finished after
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  started=$(date +%s.%N)
  (cd "$work/src" && CARGO_TARGET_DIR="$work/target" cargo build $flag --locked --offline --quiet --timings)
  finished=$(date +%s.%N)
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  local dir=release
  [ "$profile" = dev ] && dir=debug
  cp "$work/target/cargo-timings/cargo-timing.html" "$out/cargo-timing-$profile.html"
  local wall bytes
  wall=$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')
  bytes=$(stat -c %s "$work/target/$dir/kms-conformance")
  printf '  "%s": { "wall_s": %s, "binary_bytes": %s, "load_average_before": "%s", "load_average_after": "%s" }' \
    "$profile" "$wall" "$bytes" "$before" "$after"
}

packages=$(grep -c '^\[\[package\]\]' "$root/Cargo.lock")
commit=$(git -C "$root" rev-parse --short HEAD)
if [ -n "$(git -C "$root" status --porcelain)" ]; then
  commit="$commit (with uncommitted changes)"
fi
profiles=${PROFILES:-release dev}
builds=()
for profile in $profiles; do
  case "$profile" in
    release) builds+=("$(build release --release)") ;;
    dev) builds+=("$(build dev "")") ;;
    *) echo "build-cost.sh: unknown profile $profile (release or dev)" >&2; exit 2 ;;
  esac
done

{
  echo "{"
  for b in "${builds[@]}"; do echo "$b,"; done
  cat <<JSON
  "lock_packages": $packages,
  "cores": $(nproc),
  "rustc": "$(rustc --version)",
  "commit": "$commit",
  "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
} >"$out/build-cost.json"
cat "$out/build-cost.json"
