#!/usr/bin/env bash
# Dispatch benchmark (issue 13): r1-eval against wrk, side by side, on the same loopback server
# (a separate r1-fake-server process) that answers each request after LATENCY_MS and then
# streams a reply of about 16 KB (REPLY_BYTES of content in 64-byte SSE events, as llama.cpp and
# vLLM shape them). For each stream count: wrk's requests/s (POSTing the same streaming chat
# request for WRK_SECONDS), r1-eval's requests/s for ROUNDS rounds of that many requests, the
# ratio, r1-eval's CPU per sample (user + sys, all its threads), wrk's CPU per request, the
# server's CPU per request under each, and r1-eval's peak RSS. Each client gets a server of
# its own, started fresh, so neither inherits the other's open connections. Then two scenarios
# from issue 13: a server with 2 slots that queues (16 samples at concurrency 16,
# --idle-timeout 2) and an outage (the only server down for OUTAGE_S seconds after 40
# requests, 160 samples at concurrency 64): requests the server saw, samples, wall time.
#
# The server: SERVER_OPTS, by default "--event-loop --keep-alive-s 5": one thread on epoll, as
# uvicorn serves vLLM and SGLang, writing the events that are due together in one send, at
# about 0.09 ms of CPU per request. The threaded server (a thread per connection, httplib) is
# "--coalesce --keep-alive-s 5"; it makes the ratio at 1,024 streams measure the server more
# than the client: each of its threads waiting for a kept-alive connection's next request wakes
# every 10 ms, so the slower a client reads, the more CPU the server takes from it on a small
# machine. SERVER_OPTS="" is the threaded server with one send per 64-byte event (1.2-1.7 ms
# of CPU per request), as issue 13 first measured it. Keep-alive 5 s is llama-server's and
# uvicorn's.
#
# The machine may be shared: wall times and requests/s depend on its load, CPU seconds much
# less; the load average is printed before and after.
#
# Needs: a build (scripts/setup.sh; targets r1-eval and r1-fake-server), AIME 2024 data
# (--data-dir DIR via R1_EVAL_DATA_DIR, default ../shared/data), and Debian's wrk for the
# comparison only (apt-get install wrk; not needed by r1-eval or its tests).
#   usage: scripts/bench-dispatch.sh [STREAMS...]        (default: 192 512 1024)
#   env:   LATENCY_MS=400 REPLY_BYTES=3800 ROUNDS=16 WRK_SECONDS=8 OUTAGE_S=10
#          R1_EVAL_BIN=path (another r1-eval build, e.g. a copy of the one before a change)
#          SCENARIOS=0 (only the side-by-side table, not the queue and outage scenarios)
#          SERVER_OPTS="--event-loop --keep-alive-s 5" (r1-fake-server options for the table)
#          FAKE_OPTS="..." (more r1-fake-server options for every server started)
# r1-eval req/s is over the whole process (start-up, data, store and report included); "loop"
# is its own progress line: samples over the sampling session.
set -euo pipefail
cd "$(dirname "$0")/.."
streams=("$@"); [ ${#streams[@]} -gt 0 ] || streams=(192 512 1024)
latency=${LATENCY_MS:-400}; reply_bytes=${REPLY_BYTES:-3800}; rounds=${ROUNDS:-16}
wrk_seconds=${WRK_SECONDS:-8}; outage_s=${OUTAGE_S:-10}
data=${R1_EVAL_DATA_DIR:-$(cd .. && pwd)/shared/data}
r1=${R1_EVAL_BIN:-./build/r1-eval}; fake=./build/tests/support/r1-fake-server
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
[ -x "$r1" ] && [ -x "$fake" ] || { echo "build r1-eval and r1-fake-server first" >&2; exit 2; }
work=$(mktemp -d); server=
stop_server() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; server=; true; }
trap 'stop_server; rm -rf "$work"' EXIT

start_server() {  # extra r1-fake-server options; sets $server and $url
  : >"$work/server.out"
  local threads=(--threads 1200)  # the threaded server's; the event loop has one
  [[ " $* ${FAKE_OPTS:-} " == *" --event-loop "* ]] && threads=()
  # shellcheck disable=SC2086
  nice -n "${SERVER_NICE:-0}" "$fake" --port 0 --latency-ms "$latency" --reply-bytes "$reply_bytes" \
    --chunk-chars 64 "${threads[@]}" ${FAKE_OPTS:-} "$@" >"$work/server.out" &
  server=$!
  for _ in $(seq 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out" | head -1)
}
served() { stop_server; sed -n 's/^chat requests \([0-9]*\)/\1/p' "$work/server.out"; }
server_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$server/stat"; }  # user + sys seconds

run_r1() {  # label, then r1-eval options; prints wall user sys rss_kb exit
  rm -f "$work"/r1.db*
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$r1" --suite aime2024 --model "$url" \
    --data-dir "$data" --db "$work/r1.db" "$@" >"$work/table" 2>"$work/progress"
  local code=$?
  set -e
  echo "$(cat "$work/time") $code"
}

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"fake-model","messages":[{"role":"user","content":"Problem 1. Please reason step by step, and put your final answer within \\boxed{}."}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":32768,"temperature":0.6,"top_p":0.95}'
LUA

server_opts=${SERVER_OPTS---event-loop --keep-alive-s 5}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)"
echo "server: $latency ms per request, ~16 KB streamed replies ($reply_bytes content bytes), options: ${server_opts:-none} ${FAKE_OPTS:-}"
printf '%7s %10s %14s %7s %10s %14s %12s %12s %12s %10s\n' streams "wrk req/s" "r1-eval req/s" ratio \
  "loop req/s" "CPU/sample ms" "wrk CPU/req" "server/req" "peak RSS MiB" "r1 wall s"
for c in "${streams[@]}"; do
  # shellcheck disable=SC2086
  start_server $server_opts
  s0=$(server_cpu)
  wrk_out=$(/usr/bin/time -f 'wrkcpu %U %S' wrk -t2 -c"$c" -d"${wrk_seconds}s" --timeout 30s \
              -s "$work/post.lua" "$url/chat/completions" 2>&1)
  wrk_server=$(python3 -c "print($(server_cpu) - $s0)")
  wrk_rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$wrk_out")
  wrk_cpu=$(sed -n 's/^wrkcpu \([0-9.]*\) \([0-9.]*\)/\1 + \2/p' <<<"$wrk_out")
  stop_server
  # 16 problems x n samples = ROUNDS rounds of c requests.
  n=$(( c * rounds / 16 )); requests=$(( 16 * n ))
  # shellcheck disable=SC2086
  start_server $server_opts
  s0=$(server_cpu)
  read -r wall user sys rss code < <(run_r1 --limit 16 -n "$n" --concurrency "$c")
  r1_server=$(python3 -c "print($(server_cpu) - $s0)")
  stop_server
  [ "$code" = 0 ] || { echo "r1-eval exited $code:"; tail -3 "$work/progress"; exit 1; }
  loop=$(tr '\r' '\n' <"$work/progress" | sed -n 's/.* samples  \([0-9.]*\)\/s .*/\1/p' | tail -1)
  python3 - "$c" "$wrk_rate" "$loop" "$requests" "$wall" "$user" "$sys" "$rss" "$wrk_seconds" \
    "$(python3 -c "print($wrk_cpu)")" "$wrk_server" "$r1_server" <<'PY'
import sys
c, wrk, loop, n, wall, user, sys_, rss, wrk_s, wrk_cpu, wrk_server, r1_server = \
    sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), *map(float, sys.argv[4:])
rate = n / wall
wrk_requests = wrk * wrk_s
print(f"{c:>7} {wrk:10.0f} {rate:14.0f} {rate / wrk:7.2f} {loop:10.0f} {(user + sys_) / n * 1000:14.3f} "
      f"{wrk_cpu / wrk_requests * 1000:12.3f} {wrk_server / wrk_requests * 1000:5.2f}/{r1_server / n * 1000:<6.2f} "
      f"{rss / 1024:12.1f} {wall:10.2f}   ({int(n)} requests; CPU {user:.2f} user + {sys_:.2f} sys s)")
PY
done
if [ "${SCENARIOS:-1}" = 0 ]; then echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; fi

echo
echo "queue: a server with 2 slots (queued requests get no byte until their turn), 16 samples at concurrency 16, --idle-timeout 2"
start_server --slots 2
read -r wall user sys rss code < <(run_r1 --limit 1 -n 16 --concurrency 16 --idle-timeout 2)
echo "  exit $code, wall $wall s (ideal 8 rounds x ~0.4 s), requests the server saw: $(served) for 16 samples; r1-eval CPU $(python3 -c "print(round($user+$sys,2))") s"
tail -1 "$work/progress" | tr '\r' '\n' | tail -1 | sed 's/^/  /'

echo
echo "outage: the only server down for $outage_s s after 40 requests, 160 samples at concurrency 64"
start_server --outage-after 40 --outage-s "$outage_s"
read -r wall user sys rss code < <(run_r1 --limit 10 -n 16 --concurrency 64)
echo "  exit $code, wall $wall s, requests the server saw: $(served) for 160 samples; r1-eval CPU $(python3 -c "print(round($user+$sys,2))") s"
tail -1 "$work/progress" | tr '\r' '\n' | tail -1 | sed 's/^/  /'
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
