#!/usr/bin/env bash
# Sums the TRX files under $1 into one line "N passed, N failed, N skipped" and exits non-zero
# when any test failed, fewer than $2 (default 1) result files exist (a test project that
# crashed or never ran), or no test passed at all. Each failed test is listed with the first line of its message.
set -euo pipefail
dir=${1:?usage: test-summary.sh RESULTS_DIR [EXPECTED_PROJECTS]}
expected=${2:-1}
shopt -s nullglob
files=("$dir"/*.trx)
if [ ${#files[@]} -lt "$expected" ]; then
  echo "only ${#files[@]} of $expected test projects left results under $dir: a test host crashed or did not start" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
passed=0 failed=0 skipped=0
for f in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f")
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get total) - $(get executed)))
  # Each failed test with the first line of its message (cut at 300 characters), so a CI log's tail says why.
  awk '/<UnitTestResult / { name = ""; if ($0 ~ /outcome="Failed"/ && match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11) }
       /<Message>/ && name != "" { m = $0; sub(/.*<Message>/, "", m); sub(/<\/Message>.*/, "", m); print "FAILED: " name ": " substr(m, 1, 300); name = "" }' "$f" || true
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
