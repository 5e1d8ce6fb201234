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

# The failed tests, named with the first 40 lines of their messages and the last warnings and errors they logged,
# just above the count: CI shows only the end of the output, and without this a failure there would be a number
# without a name or a cause. In the TRX a result's StdOut comes before its message.
for trx in "$results"/*.trx "$results"/*/*.trx; do
  awk '
    # The TRX is XML: its text has <, >, &, " and apostrophes escaped.
    function text(s) {
      gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&amp;/, "\\&", s)
      return s
    }
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      match($0, /testName="[^"]*"/); name = text(substr($0, RSTART + 10, RLENGTH - 11))
      failed = 1; nmsg = 0; nlog = 0; next
    }
    !failed { next }
    /<StdOut>/ { inout = 1; sub(/.*<StdOut>/, "") }
    inout {
      closed = sub(/<\/StdOut>.*/, "")
      if ($0 ~ / (Warning|Error|Critical) /) { logs[nlog % 15] = text($0); nlog++ }
      if (closed) inout = 0
      next
    }
    /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    inmsg {
      closed = sub(/<\/Message>.*/, "")
      if (nmsg < 40 && $0 != "") msg[nmsg++] = substr(text($0), 1, 300)
      if (closed) inmsg = 0
      next
    }
    /<\/UnitTestResult>/ {
      print ""; print "FAILED " name
      for (i = 0; i < nmsg; i++) print "  " msg[i]
      if (nlog > 0) print "  last warnings and errors it logged:"
      for (i = (nlog > 15 ? nlog - 15 : 0); i < nlog; i++) print "    " substr(logs[i % 15], 1, 300)
      failed = 0
    }
  ' "$trx"
done

echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
