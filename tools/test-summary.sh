#!/usr/bin/env bash
# Sums the TRX files under $1 into one line "N passed, N failed, N skipped" and exits non-zero
# when any test failed, fewer than $2 (default 1) result files exist (a test project that
# crashed or never ran), or no test passed at all.
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
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$f" | grep -o 'testName="[^"]*"' | sed 's/^/FAILED: /' || true
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
