#!/usr/bin/env bash
# The test command (README): installs what is missing, builds with warnings as errors, runs every test
# against real MariaDB, Redis, the YouTube emulator and Chromium, and ends with the line
# "N passed, N failed, N skipped" counted from the TRX results. Extra arguments go to `dotnet test`
# (e.g. --filter "FullyQualifiedName~Search").
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test YouTubeFeed.sln -c Release \
  --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" \
  --results-directory "$results" \
  --blame-hang-timeout 15m \
  "$@" || status=$?

passed=0 failed=0 total=0
shopt -s nullglob
for trx in "$results"/*.trx "$results"/*/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error); x=$(get timeout); a=$(get aborted)
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0} + ${a:-0}))
done
skipped=$((total - passed - failed))
[ "$skipped" -ge 0 ] || skipped=0

echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
