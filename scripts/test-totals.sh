#!/usr/bin/env bash
# One line totalling a `cargo test` log: every libtest result (the library's
# unit tests, each integration test, the doc tests) and the suite's own
# summary (tests/suite.rs, which is no libtest target), as
# "N passed, N failed" (the skips on the line before). `cargo test` runs the doc tests after every other
# target, so its own last line counts only them; this line counts it all.
# Exits 1 when any test failed, or when the log holds no result at all (a
# build that failed, a run that stopped early: no line would say so).
#
#   cargo test 2>&1 | tee cargo-test.log; scripts/test-totals.sh cargo-test.log
set -euo pipefail

log=${1:?usage: scripts/test-totals.sh CARGO_TEST_LOG}
awk '
  # libtest: "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; ..."
  /^test result: / {
    for (i = 1; i <= NF; i++) {
      if ($(i + 1) ~ /^passed;/) passed += $i
      if ($(i + 1) ~ /^failed;/) failed += $i
      if ($(i + 1) ~ /^ignored;/) skipped += $i
    }
    results++
    next
  }
  # The suite: "134 passed, 0 failed, 2 skipped (1 passed leniently)".
  /^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?( \(.*\))?$/ {
    passed += $1
    failed += $3
    if ($6 ~ /^skipped/) skipped += $5
    results++
  }
  END {
    # The skips get a line of their own, before: the closing line is the
    # plain "N passed, N failed" a CI reader looks for, and nothing after it.
    if (skipped > 0) printf "%d skipped (ignored tests and scenarios not run here, each with its reason above)\n", skipped
    printf "%d passed, %d failed\n", passed, failed
    if (results == 0) {
      print "test-totals: no test result in the log: the tests did not run" > "/dev/stderr"
      exit 1
    }
    exit failed > 0 ? 1 : 0
  }
' "$log"
