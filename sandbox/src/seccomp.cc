// libseccomp is used only here, at start-up; runs get the exported BPF.
#include "seccomp.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include <fmt/format.h>

namespace r1::sandbox::internal {
namespace {

constexpr const char* kDenied[] = {
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "pidfd_getfd", "kcmp",
    "unshare", "setns", "mount", "umount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "keyctl", "add_key", "request_key",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "syslog", "acct", "quotactl", "quotactl_fd", "lookup_dcookie", "vhangup",
    "iopl", "ioperm", "open_by_handle_at", "name_to_handle_at", "fanotify_init", "nfsservctl",
    "uselib", "_sysctl", "modify_ldt", "vmsplice",
};

}  // namespace

Result<std::vector<sock_filter>> BuildSeccompFilter(bool deny_unaccounted_memory) {
  std::unique_ptr<void, void (*)(scmp_filter_ctx)> ctx(seccomp_init(SCMP_ACT_ALLOW), seccomp_release);
  if (!ctx) return Fail(ErrorCode::kInternal, "seccomp_init failed");
  auto add = [&](int action, int syscall, unsigned count, const scmp_arg_cmp* args) -> Status {
    int rc = seccomp_rule_add_array(ctx.get(), action, syscall, count, args);
    if (rc != 0) return Fail(ErrorCode::kInternal, fmt::format("seccomp rule for syscall {}: {}", syscall, -rc));
    return {};
  };

  for (const char* name : kDenied) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) continue;  // not on this architecture / libseccomp version
    if (auto s = add(SCMP_ACT_ERRNO(EPERM), nr, 0, nullptr); !s) return std::unexpected(s.error());
  }

  if (deny_unaccounted_memory) {
    if (int nr = seccomp_syscall_resolve_name("memfd_create"); nr != __NR_SCMP_ERROR) {
      if (auto s = add(SCMP_ACT_ERRNO(ENOSYS), nr, 0, nullptr); !s) return std::unexpected(s.error());
    }
    if (int nr = seccomp_syscall_resolve_name("shmget"); nr != __NR_SCMP_ERROR) {
      if (auto s = add(SCMP_ACT_ERRNO(EPERM), nr, 0, nullptr); !s) return std::unexpected(s.error());
    }
  }
  // pid 1 of the sandbox is off limits. Without root it runs as the program's own uid (an
  // unprivileged user can map only that one id), so permissions alone would let the program
  // signal it (init ignores fatal signals from its own namespace, still) or lower its rlimits to
  // kill it and turn the program's failure into an "internal error". prlimit on any process but
  // itself (pid 0) is refused for the same reason.
  {
    // pid_t is 32 bits: compare only those, as the kernel reads them.
    scmp_arg_cmp is_init = SCMP_A0(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFul, 1);
    for (const char* name : {"kill", "tkill", "rt_sigqueueinfo", "pidfd_open"}) {
      int nr = seccomp_syscall_resolve_name(name);
      if (nr == __NR_SCMP_ERROR) continue;
      if (auto s = add(SCMP_ACT_ERRNO(EPERM), nr, 1, &is_init); !s) return std::unexpected(s.error());
    }
    if (auto s = add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(tgkill), 1, &is_init); !s) return std::unexpected(s.error());
    scmp_arg_cmp not_self = SCMP_A0(SCMP_CMP_NE, 0);
    if (auto s = add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prlimit64), 1, &not_self); !s) return std::unexpected(s.error());
  }
  // clone: any new namespace. One rule per bit, since a rule's comparisons are AND-ed.
  for (unsigned long flag : {CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER,
                             CLONE_NEWPID, CLONE_NEWNET}) {
    scmp_arg_cmp arg = SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag);
    if (auto s = add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, &arg); !s) return std::unexpected(s.error());
  }
  // clone3 passes its flags in memory, which seccomp cannot read; ENOSYS makes glibc use clone.
  if (int nr = seccomp_syscall_resolve_name("clone3"); nr != __NR_SCMP_ERROR) {
    if (auto s = add(SCMP_ACT_ERRNO(ENOSYS), nr, 0, nullptr); !s) return std::unexpected(s.error());
  }
  for (int nr : {SCMP_SYS(socket), SCMP_SYS(socketpair)}) {
    scmp_arg_cmp arg = SCMP_A0(SCMP_CMP_NE, AF_UNIX);
    if (auto s = add(SCMP_ACT_ERRNO(EACCES), nr, 1, &arg); !s) return std::unexpected(s.error());
  }
  // The kernel truncates the ioctl request to 32 bits; compare only those so high garbage bits
  // cannot smuggle TIOCSTI past the filter.
  for (unsigned long request : {static_cast<unsigned long>(TIOCSTI), static_cast<unsigned long>(TIOCLINUX)}) {
    scmp_arg_cmp arg = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFul, request);
    if (auto s = add(SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1, &arg); !s) return std::unexpected(s.error());
  }
  if (seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0) {
    return Fail(ErrorCode::kInternal, "seccomp: cannot set the bad-architecture action");
  }

  int fd = memfd_create("r1-seccomp", MFD_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kInternal, "memfd_create for the seccomp filter failed");
  int rc = seccomp_export_bpf(ctx.get(), fd);
  off_t size = lseek(fd, 0, SEEK_END);
  std::vector<sock_filter> program(size > 0 ? static_cast<std::size_t>(size) / sizeof(sock_filter) : 0);
  bool ok = rc == 0 && size > 0 && size % static_cast<off_t>(sizeof(sock_filter)) == 0 &&
            pread(fd, program.data(), static_cast<std::size_t>(size), 0) == size;
  close(fd);
  if (!ok) return Fail(ErrorCode::kInternal, "seccomp_export_bpf failed");
  return program;
}

}  // namespace r1::sandbox::internal
