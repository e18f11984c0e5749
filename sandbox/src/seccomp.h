// The system-call filter every sandboxed program runs under. Internal to r1::sandbox.
#pragma once

#include <linux/filter.h>

#include <vector>

#include "r1/core/error.h"

namespace r1::sandbox::internal {

/// Builds the filter once (libseccomp) and returns it as classic BPF, ready for
/// prctl(PR_SET_SECCOMP) in the child.
///
/// Policy: default allow, like isolate's and bubblewrap's, because an allow-list (DMOJ style)
/// breaks with every Python or g++ upgrade; the namespaces, uid and cgroups are the walls, the
/// filter removes the kernel surface that could breach them. Denied with EPERM: ptrace and
/// cross-process memory access, namespaces (unshare, setns, clone with CLONE_NEW*), mounts,
/// keyrings, bpf, perf, userfaultfd, io_uring, modules, kexec, reboot, swap, syslog, handle-based
/// opens, TIOCSTI/TIOCLINUX. clone3 gets ENOSYS so glibc falls back to clone, whose flags we can
/// inspect. socket/socketpair for anything but AF_UNIX get EACCES (belt to the empty network
/// namespace). Other architectures (and the x32 ABI) are killed.
/// modify_ldt (16-bit segments: a history of kernel bugs, no use in a solution) and vmsplice (a
/// history of page-reference bugs) are denied too.
///
/// `deny_unaccounted_memory`: for modes without a memory cgroup, where rlimits bound only each
/// process's own data: memfd_create and System V shared memory (shmget) are refused (ENOSYS and
/// EPERM), since no rlimit bounds the pages they hold.
Result<std::vector<sock_filter>> BuildSeccompFilter(bool deny_unaccounted_memory = false);

}  // namespace r1::sandbox::internal
