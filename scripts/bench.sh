#!/usr/bin/env bash
# The benchmark (docs/benchmarks.md): starts its own MariaDB and Redis, seeds synthetic videos, runs the Api
# (Release) and measures it with wrk. Appends to docs/benchmarks.md and bench-results.json.
#   scripts/bench.sh                              # 1,000,000 videos, 10 s per wrk run
#   scripts/bench.sh --videos 20000 --seconds 3   # the smoke variant CI runs
#   scripts/bench.sh --help                       # every flag
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project YouTubeFeed.Bench -- "$@"
