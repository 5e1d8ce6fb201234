#!/usr/bin/env bash
# Load run against a running Api (e.g. the AppHost started with Api:RateLimitPermits=0): a mix of
# /getData, cursor pages and searches for DURATION seconds with wrk, while the Worker ingests; prints the
# request count, the non-2xx count and the Api's memory before and after.
# Usage: scripts/load/run.sh http://localhost:5180 [duration-seconds] [connections]
set -euo pipefail
api="${1:?usage: run.sh API_URL [seconds] [connections]}"
duration="${2:-180}"
connections="${3:-16}"
here="$(cd "$(dirname "$0")" && pwd)"
export CURSORS_FILE="$(mktemp --suffix=.lua)"

# Cursors of the plain list, collected by walking it once.
echo "return {" > "$CURSORS_FILE"
cursor=""
for _ in $(seq 1 40); do
  body=$(curl -fsS "$api/api/videos?limit=20${cursor:+&cursor=$cursor}")
  cursor=$(echo "$body" | sed -n 's/.*"nextCursor":"\([^"]*\)".*/\1/p')
  [ -n "$cursor" ] || break
  echo "  \"$cursor\"," >> "$CURSORS_FILE"
done
echo "}" >> "$CURSORS_FILE"

pid=$(pgrep -f 'YouTubeFeed.Api(.dll)?$' | head -n 1 || true)
rss() { [ -n "$pid" ] && awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$pid/status" || echo "unknown"; }

echo "Api memory before (after a 10 s warm-up):"
wrk -t1 -c"$connections" -d10s -s "$here/mixed.lua" "$api" > /dev/null
rss
wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$here/mixed.lua" "$api"
echo "Api memory after:"
rss
rm -f "$CURSORS_FILE"
