#!/usr/bin/env bash
# Memory benchmark (issue 7): peak RSS of r1-eval for P problems x 64 samples whose responses are
# 30 KB each, against a loopback server process. Run with P = 50 and P = 500 to see that memory
# stays flat in run size (target <= 200 MB). Also prints store size and throughput.
#   usage: scripts/bench-memory.sh [PROBLEMS] [SAMPLES] [RESPONSE_KB] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
problems=${1:-500}; samples=${2:-64}; kb=${3:-30}; concurrency=${4:-192}
work=$(mktemp -d); trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/data/aime2024"
python3 - "$work" "$problems" "$kb" <<'PY'
import json, sys
work, problems, kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(f"{work}/data/aime2024/test.jsonl", "w") as f:
    for i in range(problems):
        f.write(json.dumps({"id": i, "problem": f"Synthetic problem {i}: compute {i} mod 1000.", "answer": str(i)}) + "\n")
thinking = ("Let me think about this carefully. " * (kb * 1024 // 34))[: kb * 1024 - 40]
with open(f"{work}/answers.jsonl", "w") as f:
    f.write(json.dumps({"prompt_contains": "", "content": f"<think>{thinking}</think> \\boxed{{7}}"}) + "\n")
PY
./build/tests/support/r1-fake-server --port 0 --latency-ms 0 --answers "$work/answers.jsonl" >"$work/server.out" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out" | head -1)
/usr/bin/time -f '%e %U %S %M' -o "$work/time" ./build/r1-eval --suite aime2024 --model "$url" \
  --data-dir "$work/data" -n "$samples" --concurrency "$concurrency" --db "$work/bench.db" \
  >"$work/table" 2>"$work/progress"
read -r wall user sys rss_kb <"$work/time"
db_mb=$(du -m "$work/bench.db" | cut -f1)
n=$((problems * samples))
python3 -c "
wall,user,sys_,rss,n,kb,db=$wall,$user,$sys,$rss_kb,$n,$kb,$db_mb
print(f'{n} samples of {kb} KB ({n*kb/1024:.0f} MB of text)  wall {wall:.1f} s  {n/wall:.0f} samples/s')
print(f'r1-eval peak RSS {rss/1024:.1f} MiB  CPU {user+sys_:.1f} s  store {db} MB')"
