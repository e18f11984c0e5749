#!/usr/bin/env bash
# Installs the Debian packages r1-eval needs (only those missing) and builds r1-eval into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  libcurl4-openssl-dev   # models: HTTP client (multi interface)
  libsqlite3-dev         # store
  nlohmann-json3-dev libfmt-dev libre2-dev libcli11-dev
  libgmp-dev libmpfr-dev # graders: exact and high-precision math equivalence
  libseccomp-dev         # sandbox: syscall filter
  zlib1g-dev
  libsnappy-dev libzstd-dev  # parquet: SNAPPY (every Hugging Face file) and ZSTD pages
  libboost-dev libboost-filesystem-dev  # Boost.Process for --serve
  catch2 libcpp-httplib-dev             # tests: Catch2 and the loopback OpenAI-compatible server
  python3                               # sandbox: the Python runtime judged code runs in
  python3-numpy python3-sympy           # sandbox: LiveCodeBench's judge has them; model programs import them
  zip                                   # tests: GPQA-style ZipCrypto archives made with zip -P
  chromium                              # tests: the HTML leaderboard is checked in a real headless browser
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_type=${R1_BUILD_TYPE:-RelWithDebInfo}
# No debug info unless asked for (R1_DEBUG_INFO=1): the same -O2 code, and without -g the build
# takes about a third less CPU (r1-eval: 1000 -> 640 CPU seconds; issue 12.9). This command is for
# users, who run r1-eval rather than debug it; developers who configure build/ themselves keep
# RelWithDebInfo's -g.
opt_flags="-O2 -DNDEBUG"
[ "${R1_DEBUG_INFO:-0}" = 1 ] && opt_flags="-O2 -g -DNDEBUG"
werror=OFF
# CI: warnings are errors.
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt_flags" \
  -DR1_WERROR="$werror" >/dev/null
# Only the r1-eval program by default: the README's first command runs it, and compiling every test
# as well took 11m49s on a fresh 2-core machine. scripts/test.sh builds everything
# (R1_SETUP_TARGETS=all here does too).
cmake --build build -j"$(nproc)" --target "${R1_SETUP_TARGETS:-r1-eval}"
