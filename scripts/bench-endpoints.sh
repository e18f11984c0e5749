#!/usr/bin/env bash
# Scale-out benchmark (issue 7): the same run against 1, 2 and 4 loopback server processes, each
# able to answer only THREADS requests at once (like a replica's batch capacity), each answer
# taking LATENCY_MS. Throughput should add up with replicas.
#   usage: scripts/bench-endpoints.sh [THREADS] [LATENCY_MS] [SAMPLES] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-8}; latency=${2:-200}; samples=${3:-16}; concurrency=${4:-128}
data=${R1_EVAL_DATA_DIR:-$(cd .. && pwd)/shared/data}
work=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
urls=()
for i in 1 2 3 4; do
  ./build/tests/support/r1-fake-server --port 0 --latency-ms "$latency" --threads "$threads" \
    >"$work/server$i.out" &
  pids+=($!)
done
for i in 1 2 3 4; do
  for _ in $(seq 50); do grep -q listening "$work/server$i.out" 2>/dev/null && break; sleep 0.1; done
  urls+=("$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server$i.out" | head -1)")
done
requests=$((30 * samples))
for n in 1 2 4; do
  list=$(IFS=,; echo "${urls[*]:0:$n}")
  start=$(date +%s.%N)
  ./build/r1-eval --suite aime2024 --model "$list" --data-dir "$data" -n "$samples" \
    --concurrency "$concurrency" --db "$work/bench$n.db" >/dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "
n,req,t,cap,lat=$n,$requests,$end-$start,$threads,$latency
print(f'{n} replica(s): {req} requests in {t:.2f} s = {req/t:.1f} req/s (capacity {n*cap*1000/lat:.0f} req/s)')"
done
