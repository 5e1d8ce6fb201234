#!/usr/bin/env bash
# The simulated quota day (docs/quota.md): the real Worker against the YouTube emulator in virtual time, beside two
# baselines, on each scenario of YouTubeFeed.Simulation/Scenarios (or the ones given). Starts its own MariaDB and Redis.
#   scripts/simulate.sh                                                   # S1, S2, S3
#   scripts/simulate.sh --scenario YouTubeFeed.Simulation/Scenarios/s1.json
#   scripts/simulate.sh --help                                            # every flag
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project YouTubeFeed.Simulation -- "$@"
