#!/bin/sh
# Inside the cgroup-v2 VM of scripts/cgroup_v2_vm.sh (as its init, root). Prints
# "R1-VM-RESULT: PASS" when every pass passes, then powers off.
build=$1
built_in=${2:-$1}
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/tmp LANG=C.UTF-8
# Guest time counts instructions (qemu -icount shift=0: a 1 GHz, one-instruction-per-cycle CPU),
# so the guest looks like a machine ~3.5x slower than this host whatever the host's load
# (g++ check: 2.0 s in the guest, 0.6 s on the loaded host): scale the sandbox tests' limits
# (test_support.cc reads this). r1-eval's own limits are not scaled, and need not be.
export R1_TEST_TIME_SCALE=${R1_TEST_TIME_SCALE:-5}
cg=/sys/fs/cgroup
uname -r
grep cgroup /proc/mounts
echo "+memory +pids +cpu" > $cg/cgroup.subtree_control
echo "root cgroup subtree_control: $(cat $cg/cgroup.subtree_control)"
# Kernels before 5.19 have no memory.peak; the sandbox then samples memory.current.
echo "memory.peak: $(mkdir -p $cg/probe && { [ -e $cg/probe/memory.peak ] && echo present || echo absent; }; rmdir $cg/probe)"
ok=1
tests="$build/tests/sandbox/r1_sandbox_tests"
# The code suites' tests run r1-eval against a fake OpenAI server on 127.0.0.1.
ip link set lo up
# ... and find r1-eval and r1-fake-server under the build directory compiled into them.
if [ "$built_in" != "$build" ]; then mount --bind "$build" "$built_in" || ok=0; fi
cli_tests="$built_in/tests/cli/r1_cli_tests"
filter=${R1_VM_TESTS:-[adversarial],[memory]}

echo "== pass 1: root, in a cgroup shared with another process"
mkdir -p $cg/session-1.scope
echo $$ > $cg/session-1.scope/cgroup.procs
sleep 100000 &
echo $! > $cg/session-1.scope/cgroup.procs
echo "session-1.scope holds: $(cat $cg/session-1.scope/cgroup.procs | tr '\n' ' ')"
"$build/r1-eval" sandbox check || ok=0
# The code suites end to end: LiveCodeBench etc. must score what they score as root on the host.
"$cli_tests" "[code]" || ok=0
"$tests" "$filter" || ok=0
# Every cgroup the sandbox made must be gone (r1-sandbox.<pid>.<n>, r1-sandbox-self.<pid>).
left=$(find $cg -name 'r1-sandbox*' -type d 2>/dev/null | tr '\n' ' ')
echo "left behind under $cg: $left"
[ -z "$left" ] || ok=0

echo "== pass 1b: root, as on kernels before 5.19 (no memory.peak: memory_kb from sampled memory.current)"
R1_SANDBOX_IGNORE_MEMORY_PEAK=1 "$tests" "[memory]" || ok=0
left=$(find $cg -name 'r1-sandbox*' -type d 2>/dev/null | tr '\n' ' ')
echo "left behind under $cg: $left"
[ -z "$left" ] || ok=0

echo "== pass 2: an ordinary user (uid 4242) in a delegated subtree, as systemd's Delegate=yes makes"
mkdir -p $cg/user.slice/user-4242.slice
echo "+memory +pids" > $cg/user.slice/cgroup.subtree_control
echo "+memory +pids" > $cg/user.slice/user-4242.slice/cgroup.subtree_control
n=0
# Each command in a scope of its own holding only it (as `systemd-run --user --scope -p Delegate=yes`).
as_delegated_user() {
  n=$((n + 1))
  d=$cg/user.slice/user-4242.slice/run-$n.scope
  mkdir -p $d
  chown 4242:4242 $d $d/cgroup.procs $d/cgroup.subtree_control $d/cgroup.threads
  sh -c "echo \$\$ > $d/cgroup.procs && exec setpriv --reuid=4242 --regid=4242 --clear-groups \
    env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 R1_TEST_TIME_SCALE=$R1_TEST_TIME_SCALE \"\$@\"" as_user "$@"
  rc=$?
  left=$(find $d -name 'r1-sandbox*' -type d | tr '\n' ' ')
  echo "left behind under $d: $left"
  [ -z "$left" ] || { ok=0; rc=1; }
  return $rc
}
as_delegated_user "$build/r1-eval" sandbox check || ok=0
as_delegated_user "$cli_tests" "[code]" || ok=0
# r1_cli_tests shares its scope with the r1-eval it starts, so that r1-eval cannot give its
# sandboxes controllers (no-internal-processes rule) and takes the rlimit mode (the test that
# forces cgroup mode expects its exit 3). The delegated cgroup mode end to end: LiveCodeBench
# with r1-eval alone in its scope, as `systemd-run --user --scope -p Delegate=yes r1-eval ...`,
# against r1-fake-server answering from the fixtures' canned programs; pass@1 must be what the
# test asserts as root on the host (0.5).
echo "== pass 2: LiveCodeBench with r1-eval alone in its delegated scope"
fx=$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/livecodebench
lcb=/tmp/lcb-4242
mkdir -p $lcb/data/livecodebench
cp $fx/test.jsonl $fx/test5.jsonl $fx/test6.jsonl $lcb/data/livecodebench/
chown -R 4242:4242 $lcb
"$built_in/tests/support/r1-fake-server" --port 18080 --answers $fx/answers.jsonl >/tmp/fake-server.log 2>&1 &
server=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q listening /tmp/fake-server.log && break; sleep 1; done
as_delegated_user sh -c 'cd "$1" && export XDG_CACHE_HOME="$1/cache" && exec "$2" run --suite livecodebench \
  --model http://127.0.0.1:18080/v1 -n 2 --data-dir data --db r1.db 2>"$1/stderr.txt"' sh $lcb "$build/r1-eval" || ok=0
kill $server
grep "r1-eval: sandbox" $lcb/stderr.txt
grep -q "^r1-eval: sandbox: cgroup v2 (a delegated cgroup subtree" $lcb/stderr.txt || { ok=0; cat $lcb/stderr.txt; }
pass1=$("$build/r1-eval" report --db $lcb/r1.db --format json |
  python3 -c 'import json, sys; r = json.load(sys.stdin)["runs"][0]; print(r["metrics"]["pass@1"], r["samples"])')
echo "LiveCodeBench pass@1 and samples as uid 4242 in its delegated scope: $pass1"
case "$pass1" in "0.5 "*) ;; *) ok=0;; esac
as_delegated_user "$tests" "$filter" || ok=0

if [ $ok = 1 ]; then echo "R1-VM-RESULT: PASS"; else echo "R1-VM-RESULT: FAIL"; fi
sync
echo o > /proc/sysrq-trigger
sleep 5
