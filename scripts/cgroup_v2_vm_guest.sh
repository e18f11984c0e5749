#!/bin/sh
# Inside the cgroup-v2 VM of scripts/cgroup_v2_vm.sh (as its init, root). Prints
# "R1-VM-RESULT: PASS" when every pass passes, then powers off.
build=$1
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/tmp LANG=C.UTF-8
# CPU time is measured in the guest, but emulation makes everything ~10-30x slower: scale the
# tests' limits (test_support.cc reads this).
export R1_TEST_TIME_SCALE=${R1_TEST_TIME_SCALE:-20}
cg=/sys/fs/cgroup
uname -r
grep cgroup /proc/mounts
echo "+memory +pids +cpu" > $cg/cgroup.subtree_control
echo "root cgroup subtree_control: $(cat $cg/cgroup.subtree_control)"
# Kernels before 5.19 have no memory.peak; the sandbox then samples memory.current.
echo "memory.peak: $(mkdir -p $cg/probe && { [ -e $cg/probe/memory.peak ] && echo present || echo absent; }; rmdir $cg/probe)"
ok=1
tests="$build/tests/sandbox/r1_sandbox_tests"
filter=${R1_VM_TESTS:-[adversarial],[memory]}

echo "== pass 1: root, in a cgroup shared with another process"
mkdir -p $cg/session-1.scope
echo $$ > $cg/session-1.scope/cgroup.procs
sleep 100000 &
echo $! > $cg/session-1.scope/cgroup.procs
echo "session-1.scope holds: $(cat $cg/session-1.scope/cgroup.procs | tr '\n' ' ')"
# Informational: under emulation the check's g++ compile can exceed its real 10 s CPU limit.
"$build/r1-eval" sandbox check
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
as_delegated_user "$build/r1-eval" sandbox check || true  # informational, like pass 1's
as_delegated_user "$tests" "$filter" || ok=0

if [ $ok = 1 ]; then echo "R1-VM-RESULT: PASS"; else echo "R1-VM-RESULT: FAIL"; fi
sync
echo o > /proc/sysrq-trigger
sleep 5
