#!/usr/bin/env bash
# Dispatch benchmark (issue 2): AIME 2024 x 64 samples = 1920 requests at concurrency 192
# against a loopback server (separate process) that answers each request after 400 ms.
# Ideal wall time = ceil(1920/192) x 0.4 s = 4.0 s. Prints wall time / ideal, peak RSS of
# r1-eval, and r1-eval's CPU seconds per 1000 requests. Needs a build (scripts/setup.sh) and
# AIME 2024 data: --data-dir DIR or R1_EVAL_DATA_DIR (default: ../shared/data if present).
#   usage: scripts/bench-dispatch.sh [LATENCY_MS] [CONCURRENCY] [SAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
latency=${1:-400}; concurrency=${2:-192}; samples=${3:-64}
data=${R1_EVAL_DATA_DIR:-$(cd .. && pwd)/shared/data}
work=$(mktemp -d); trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

./build/tests/support/r1-fake-server --port 0 --latency-ms "$latency" >"$work/server.out" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out" | head -1)

/usr/bin/time -f '%e %U %S %M' -o "$work/time" ./build/r1-eval --suite aime2024 --model "$url" \
  --data-dir "$data" -n "$samples" --concurrency "$concurrency" --db "$work/bench.db" \
  >"$work/table" 2>"$work/progress"
read -r wall user sys rss_kb <"$work/time"
requests=$((30 * samples))
ideal=$(python3 -c "import math; print(math.ceil($requests/$concurrency)*$latency/1000)")
python3 - "$wall" "$user" "$sys" "$rss_kb" "$requests" "$ideal" "$concurrency" "$latency" <<'PY'
import sys
wall, user, sys_, rss, n, ideal, conc, lat = map(float, sys.argv[1:])
print(f"requests {int(n)}  concurrency {int(conc)}  server latency {int(lat)} ms")
print(f"wall {wall:.2f} s  ideal {ideal:.2f} s  ratio {wall/ideal:.3f}x")
print(f"r1-eval CPU {user+sys_:.2f} s ({(user+sys_)/n*1000:.3f} s per 1000 requests)")
print(f"r1-eval peak RSS {rss/1024:.1f} MiB")
PY
