#!/usr/bin/env bash
# The run command (README): installs what is missing, then starts the whole system through the Aspire
# AppHost (MySQL, Redis, the Worker, the Api, and the YouTube emulator when no API key is set).
# Extra arguments go to the AppHost (e.g. YouTube:Query=cricket,tennis).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec dotnet run --project YouTubeFeed.AppHost -- "$@"
