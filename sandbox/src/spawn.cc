// The child side of a sandboxed run. Everything after clone() here runs in a copy of a
// multi-threaded process, so it sticks to raw system calls: no malloc, no stdio, no glibc
// setresuid (which would try to signal threads that do not exist in the child).
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

namespace r1::sandbox::internal {
namespace {

// Exit codes of pid 1 that the parent never needs to parse (it reads the pipes), but that make
// a stray `ps` or core pattern readable.
constexpr int kExitAbandoned = 120;
constexpr int kExitSetupFailed = 121;

[[noreturn]] void FailSetup(int fd, std::int32_t stage) {
  SetupFailure failure{stage, errno};
  // Best effort: if the parent is gone there is nobody to tell.
  (void)!write(fd, &failure, sizeof failure);
  _exit(kExitSetupFailed);
}

// Closes every descriptor except `keep` (at most 8, any order), with close_range where the
// kernel has it.
void CloseAllExcept(const int* keep_in, int count) {
  int keep[8];
  int n = 0;
  for (int i = 0; i < count && n < 8; ++i) {
    if (keep_in[i] >= 0) keep[n++] = keep_in[i];
  }
  // Insertion sort: tiny, and std::sort may not be async-signal-safe in spirit.
  for (int i = 1; i < n; ++i) {
    for (int j = i; j > 0 && keep[j - 1] > keep[j]; --j) std::swap(keep[j - 1], keep[j]);
  }
  unsigned lo = 0;
  for (int i = 0; i <= n; ++i) {
    unsigned hi = i < n ? static_cast<unsigned>(keep[i]) : ~0U;
    if (i < n && hi < lo) continue;  // duplicate
    if (hi > lo) {
      unsigned last = i < n ? hi - 1 : ~0U;
      if (syscall(SYS_close_range, lo, last, 0) != 0) {
        unsigned stop = i < n ? hi : 65536;
        for (unsigned fd = lo; fd < stop; ++fd) close(static_cast<int>(fd));
      }
    }
    if (i < n) lo = hi + 1;
  }
}

bool RunStep(const MountStep& step) {
  switch (step.kind) {
    case MountStep::Kind::kMkdir:
      return mkdir(step.target.c_str(), step.mode) == 0 || errno == EEXIST;
    case MountStep::Kind::kTouch: {
      int fd = open(step.target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, step.mode);
      if (fd < 0) return false;
      close(fd);
      return true;
    }
    case MountStep::Kind::kSymlink:
      return symlink(step.source.c_str(), step.target.c_str()) == 0;
    case MountStep::Kind::kMount:
      return mount(step.source.empty() ? nullptr : step.source.c_str(), step.target.c_str(),
                   step.fstype.empty() ? nullptr : step.fstype.c_str(), step.flags,
                   step.data.empty() ? nullptr : step.data.c_str()) == 0;
  }
  return false;
}

void WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Every signal to its default action and unblocked: the harness may ignore SIGPIPE or SIGCHLD
// (an ignored SIGCHLD would let the kernel reap the program before pid 1 sees its status), block
// signals in its threads, or have handlers that only make sense in its own process.
void ResetSignals() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

// Drops every capability: bounding set, ambient set, then the three process sets. Needs
// CAP_SETPCAP in our user namespace, which the program's process still has at this point.
bool DropCapabilities() {
  for (int cap = 0; cap <= 63; ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  return syscall(SYS_capset, &header, data) == 0;
}

// The program's process: pid 2 of the namespace.
[[noreturn]] void ProgramMain(const ChildPlan& plan, char* const* argv, char* const* envp) {
  if (setsid() < 0) FailSetup(plan.setup_fd, kStageStdio);
  if (dup2(plan.stdin_fd, 0) < 0 || dup2(plan.stdout_fd, 1) < 0 || dup2(plan.stderr_fd, 2) < 0) {
    FailSetup(plan.setup_fd, kStageStdio);
  }
  const int keep[] = {0, 1, 2, plan.setup_fd};
  CloseAllExcept(keep, 4);
  for (const auto& [resource, value] : plan.rlimits) {
    rlimit limit{value, value};
    if (setrlimit(resource, &limit) != 0) FailSetup(plan.setup_fd, kStageRlimit);
  }
  // Raw system calls: glibc's setres[ug]id would try to synchronise threads that only exist in
  // the harness. The harness's ids are not mapped here, so this does not clear capabilities by
  // itself; DropCapabilities does.
  if (syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0 ||
      syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0) {
    FailSetup(plan.setup_fd, kStageIds);
  }
  // The program and its children, never pid 1, are what the OOM killer should pick. Our /proc
  // entries belong to the sandbox uid only once we are dumpable (exec resets this anyway).
  prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (oom >= 0) {
    WriteAll(oom, "1000", 4);
    close(oom);
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (!DropCapabilities()) FailSetup(plan.setup_fd, kStageCapabilities);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) FailSetup(plan.setup_fd, kStageNoNewPrivs);
  if (chdir(plan.workdir.c_str()) != 0) FailSetup(plan.setup_fd, kStageChdir);
  if (!plan.seccomp.empty()) {
    sock_fprog program{static_cast<unsigned short>(plan.seccomp.size()),
                       const_cast<sock_filter*>(plan.seccomp.data())};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0) {
      FailSetup(plan.setup_fd, kStageSeccomp);
    }
  }
  execve(argv[0], argv, envp);
  FailSetup(plan.setup_fd, kStageExec);
}

// pid 1 of the sandbox: builds the root, starts the program, reaps, reports its status, exits
// (which makes the kernel kill everything left in the namespace).
[[noreturn]] void InitMain(const ChildPlan& plan, char* const* argv, char* const* envp) {
  // Die with the harness thread that cloned us, and drop every descriptor the harness had open
  // (another run's pipe end held here would delay that run's EOF).
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  const int keep[] = {plan.stdin_fd, plan.stdout_fd, plan.stderr_fd,
                      plan.sync_fd,  plan.setup_fd,  plan.status_fd};
  CloseAllExcept(keep, 6);
  // Out of the harness's session and process group, so a Ctrl-C on its terminal reaches the
  // harness (which then ends its runs) and not pid 1.
  setsid();
  ResetSignals();
  char go = 0;
  ssize_t got;
  do {
    got = read(plan.sync_fd, &go, 1);
  } while (got < 0 && errno == EINTR);
  if (got != 1) _exit(kExitAbandoned);
  close(plan.sync_fd);

  // The cgroup namespace is made now, after the parent moved us into the run's cgroups, so that
  // the program sees its own cgroup as "/".
  if (plan.new_cgroup_ns && unshare(CLONE_NEWCGROUP) != 0) FailSetup(plan.setup_fd, kStageCgroupNs);

  // Files we create must belong to an id mapped in this namespace, so switch the filesystem ids
  // to the sandbox's. The real and effective ids stay the harness's, which have no mapping here:
  // the program (the sandbox uid) can then neither signal, prlimit nor inspect pid 1, and so
  // cannot kill it to turn its own failure into an "internal error". Our capabilities are those
  // of the namespace's creator and reach nothing outside it.
  if (plan.drop_groups && syscall(SYS_setgroups, 0, nullptr) != 0) FailSetup(plan.setup_fd, kStageIds);
  syscall(SYS_setfsgid, plan.gid);
  syscall(SYS_setfsuid, plan.uid);
  if (static_cast<gid_t>(syscall(SYS_setfsgid, -1)) != plan.gid ||
      static_cast<uid_t>(syscall(SYS_setfsuid, -1)) != plan.uid) {
    FailSetup(plan.setup_fd, kStageIds);
  }
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

  // A scratch root: tmpfs on /tmp, pivoted to, with the host root moved under /oldroot.
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) FailSetup(plan.setup_fd, kStageStaging);
  if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=65536,nr_inodes=64,mode=0755") != 0) {
    FailSetup(plan.setup_fd, kStageStaging);
  }
  if (chdir("/tmp") != 0 || mkdir("oldroot", 0755) != 0) FailSetup(plan.setup_fd, kStageStaging);
  if (syscall(SYS_pivot_root, ".", "oldroot") != 0 || chdir("/") != 0) FailSetup(plan.setup_fd, kStagePivot);

  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (!RunStep(plan.steps[i]) && !(plan.steps[i].optional && errno == ENOENT)) {
      FailSetup(plan.setup_fd, static_cast<std::int32_t>(i));
    }
  }

  // Into the new root; pivot_root(".", ".") stacks the scratch root (and the host under it) on
  // top, and the lazy unmount drops both from this namespace.
  if (chdir("/newroot") != 0 || syscall(SYS_pivot_root, ".", ".") != 0 || umount2(".", MNT_DETACH) != 0 ||
      chdir("/") != 0) {
    FailSetup(plan.setup_fd, kStagePivot);
  }
  if (sethostname(plan.hostname.data(), plan.hostname.size()) != 0) FailSetup(plan.setup_fd, kStageHostname);

  long program = syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (program < 0) FailSetup(plan.setup_fd, kStageFork);
  if (program == 0) ProgramMain(plan, argv, envp);

  // Only the program may hold the write ends of its stdio and of the setup channel, so that the
  // parent sees EOF exactly when they are gone.
  close(plan.stdin_fd);
  close(plan.stdout_fd);
  close(plan.stderr_fd);
  close(plan.setup_fd);
  prctl(PR_SET_NAME, "r1-sandbox-init", 0, 0, 0);
  if (plan.blank_start != nullptr) memset(plan.blank_start, 0, plan.blank_size);

  for (;;) {
    int status = 0;
    long pid = syscall(SYS_wait4, -1, &status, __WALL, nullptr);
    if (pid == program) {
      // Our own CPU (mostly building the root) is in the run's cgroup too; report it so the
      // program is not charged for it.
      rusage self{}, children{};
      getrusage(RUSAGE_SELF, &self);
      getrusage(RUSAGE_CHILDREN, &children);
      auto nanos = [](const rusage& u) {
        return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1'000'000'000LL +
               (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1000LL;
      };
      const ProgramStatus report{status, nanos(self), nanos(children), children.ru_maxrss};
      WriteAll(plan.status_fd, reinterpret_cast<const char*>(&report), sizeof report);
      _exit(0);
    }
    if (pid < 0 && errno == ECHILD) _exit(0);
  }
}

}  // namespace

std::string DescribeSetupFailure(const ChildPlan& plan, const SetupFailure& failure) {
  std::string what;
  if (failure.stage >= 0 && static_cast<std::size_t>(failure.stage) < plan.steps.size()) {
    const MountStep& step = plan.steps[static_cast<std::size_t>(failure.stage)];
    switch (step.kind) {
      case MountStep::Kind::kMkdir: what = "mkdir " + step.target; break;
      case MountStep::Kind::kTouch: what = "create " + step.target; break;
      case MountStep::Kind::kSymlink: what = "symlink " + step.target; break;
      case MountStep::Kind::kMount:
        what = fmt::format("mount {} on {} ({})", step.source.empty() ? step.fstype : step.source,
                           step.target, step.flags);
        break;
    }
  } else {
    switch (failure.stage) {
      case kStageCgroupNs: what = "cgroup namespace"; break;
      case kStageIds: what = "switching to the sandbox uid/gid"; break;
      case kStageStaging: what = "scratch root"; break;
      case kStagePivot: what = "pivot_root"; break;
      case kStageHostname: what = "sethostname"; break;
      case kStageFork: what = "starting the program process"; break;
      case kStageStdio: what = "stdio"; break;
      case kStageRlimit: what = "setrlimit"; break;
      case kStageCapabilities: what = "dropping capabilities"; break;
      case kStageNoNewPrivs: what = "no_new_privs"; break;
      case kStageSeccomp: what = "seccomp filter"; break;
      case kStageChdir: what = "chdir " + plan.workdir; break;
      case kStageExec: what = "exec " + (plan.argv.empty() ? std::string() : plan.argv[0]); break;
      default: what = fmt::format("stage {}", failure.stage); break;
    }
  }
  return fmt::format("sandbox setup failed: {}: {}", what, strerror(failure.error));
}

Result<ChildProcess> CloneSandboxInit(const ChildPlan& plan) {
  if (plan.argv.empty()) return Fail(ErrorCode::kInvalidArgument, "sandbox: empty argv");
  // Pointer arrays are built here, before clone, so the child only reads memory.
  std::vector<char*> argv;
  for (const std::string& arg : plan.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& var : plan.env) envp.push_back(const_cast<char*>(var.c_str()));
  envp.push_back(nullptr);

  int pidfd = -1;
  const unsigned long flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
                              CLONE_NEWUTS | CLONE_PIDFD | SIGCHLD;
  long pid = syscall(SYS_clone, flags, nullptr, &pidfd, nullptr, 0);
  if (pid < 0) {
    return Fail(ErrorCode::kInternal, fmt::format("sandbox: clone with new namespaces: {}", strerror(errno)));
  }
  if (pid == 0) InitMain(plan, argv.data(), envp.data());
  return ChildProcess{static_cast<pid_t>(pid), pidfd};
}

}  // namespace r1::sandbox::internal
