#!/usr/bin/env bash
# Sets up, builds and runs every test (ctest). Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
