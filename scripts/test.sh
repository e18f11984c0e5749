#!/usr/bin/env bash
# Sets up, builds and runs every test (ctest). Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
R1_SETUP_TARGETS=all ./scripts/setup.sh   # every test program, not only r1-eval
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
