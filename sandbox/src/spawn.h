// Starting one sandboxed process tree with direct kernel calls: clone into new user, pid, mount,
// net, ipc and uts namespaces, build a private read-only root, fork the program under a tiny
// pid-1 reaper, drop ids and capabilities, install seccomp and exec. Internal to r1::sandbox.
//
// Why not bubblewrap: measured on this machine (docs/reference/sandbox.md) bwrap needs the same
// harness-side work anyway (cgroups, privilege drop, fd and environment scrubbing, seccomp), and
// on top it reports a signal death as exit code 128+N (ambiguous with exit(137)), prints its own
// setup errors on the program's stderr (so a program could forge an "internal error" by printing
// "bwrap: ..." and exiting 1), and costs an extra exec. Doing it here gives exact wait statuses,
// an unforgeable setup-failure channel, and one fewer runtime dependency.
#pragma once

#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "r1/core/error.h"

namespace r1::sandbox::internal {

/// One filesystem step the child runs after the first pivot: "/" is a scratch tmpfs, the host
/// root is at /oldroot and the sandbox root being built is at /newroot.
struct MountStep {
  enum class Kind : std::uint8_t { kMkdir, kTouch, kSymlink, kMount };
  Kind kind = Kind::kMkdir;
  bool optional = false;  ///< a missing path (ENOENT) is not an error
  std::string source;     ///< mount source, or the symlink's target
  std::string target;
  std::string fstype;  ///< kMount: "tmpfs", "proc", or empty for bind/remount
  std::string data;    ///< kMount: filesystem options
  unsigned long flags = 0;
  unsigned mode = 0755;
};

/// Everything the child needs, prepared before clone: the harness is multi-threaded, so after
/// clone the child may only make system calls (no allocation, no locks, no glibc setxid).
struct ChildPlan {
  uid_t uid = 65534;  ///< the same number inside and outside the user namespace
  gid_t gid = 65534;
  bool drop_groups = true;  ///< false when not root: setgroups is denied in our user namespace
  bool new_cgroup_ns = true;
  std::vector<MountStep> steps;
  std::string hostname = "sandbox";
  std::vector<std::string> argv;  ///< argv[0] is the absolute path inside the sandbox
  std::vector<std::string> env;   ///< "KEY=VALUE", the whole environment
  std::string workdir = "/box";
  std::vector<std::pair<int, rlim_t>> rlimits;  ///< soft = hard = value
  std::vector<sock_filter> seccomp;
  /// The harness's argv/environ block, blanked in pid 1 so /proc/1/cmdline shows nothing.
  char* blank_start = nullptr;
  std::size_t blank_size = 0;
  // Child-side descriptors, all >= 3 and close-on-exec.
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  int sync_fd = -1;    ///< one byte from the parent: ids mapped and cgroups joined, go
  int setup_fd = -1;   ///< SetupFailure records; EOF without data means exec succeeded
  int status_fd = -1;  ///< pid 1 writes a ProgramStatus here
};

/// Written by the child on setup_fd when a step fails, then it exits.
struct SetupFailure {
  std::int32_t stage = 0;  ///< >= 0: index into ChildPlan::steps; < 0: a SetupStage
  std::int32_t error = 0;  ///< errno
};

/// Written by pid 1 on status_fd when the program has exited.
struct ProgramStatus {
  std::int32_t wait_status = 0;
  std::int64_t init_cpu_ns = 0;  ///< pid 1's own CPU time, to subtract from the cgroup's
  /// Every descendant pid 1 reaped (the program, orphans): CPU and the largest resident set. The
  /// figures of a mode without cgroups.
  std::int64_t children_cpu_ns = 0;
  std::int64_t children_maxrss_kb = 0;
};

enum SetupStage : std::int32_t {
  kStageCgroupNs = -1,
  kStageIds = -2,
  kStageStaging = -3,
  kStagePivot = -4,
  kStageHostname = -5,
  kStageFork = -6,
  kStageStdio = -7,
  kStageRlimit = -8,
  kStageCapabilities = -9,
  kStageNoNewPrivs = -10,
  kStageSeccomp = -11,
  kStageChdir = -12,
  kStageExec = -13,
};

/// Human-readable form of a setup failure, for IE details.
std::string DescribeSetupFailure(const ChildPlan& plan, const SetupFailure& failure);

struct ChildProcess {
  pid_t pid = -1;
  int pidfd = -1;  ///< owned by the caller
};

/// Clones the sandbox's pid 1. The child blocks on plan.sync_fd until the parent has written its
/// id maps and joined it to the cgroups; closing sync_fd without writing makes it exit.
Result<ChildProcess> CloneSandboxInit(const ChildPlan& plan);

}  // namespace r1::sandbox::internal
