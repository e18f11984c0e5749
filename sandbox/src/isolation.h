// The isolation modes behind one interface. Every mode runs programs the same way (spawn.h:
// namespaces, a private root, seccomp, no capabilities); they differ in what bounds and measures
// a run's memory, tasks and CPU:
//   - cgroup v1 / v2: a cgroup per run (cgroup_modes.h: one file per mode);
//   - no cgroup: rlimits per process, RLIMIT_NPROC counted inside the run's own user namespace,
//     CPU and resident memory read from /proc for the run's process tree every watchdog tick,
//     and the wall-clock kill of pid 1, which takes the whole pid namespace with it.
// Internal to r1::sandbox.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "r1/core/error.h"
#include "r1/sandbox/sandbox.h"
#include "spawn.h"

namespace r1::sandbox::internal {

struct RunFigures {
  std::int64_t cpu_ns = 0;  ///< every task of the run, pid 1 included
  std::int64_t peak_bytes = 0;
  std::int64_t oom_kills = 0;  ///< kernel OOM kills, or 1 when our watchdog killed for memory
  std::int64_t tasks_limit_hits = 0;
};

/// One run's limits and accounting.
class RunLimiter {
 public:
  virtual ~RunLimiter() = default;
  /// Before the program starts: puts pid 1 (a host pid) under the run's limits.
  virtual Status Attach(pid_t init_pid) = 0;
  /// CPU nanoseconds of the whole run so far.
  virtual std::int64_t CpuNanos() = 0;
  /// Every watchdog tick. True: the run is over its memory limit and must be killed (MLE).
  virtual bool Tick() = 0;
  /// After pid 1 has been reaped: the final figures (`status` is what pid 1 reported, zeros if
  /// it reported nothing), and everything the run left removed.
  virtual RunFigures Finish(const ProgramStatus& status, Status* removed) = 0;
};

class Isolation {
 public:
  virtual ~Isolation() = default;
  virtual Result<std::unique_ptr<RunLimiter>> CreateRun(const Limits& limits) = 0;
  /// rlimits this mode needs besides the common ones (stack, file size, open files...).
  virtual void AddRlimits(const Limits& limits, std::vector<std::pair<int, rlim_t>>& rlimits) const = 0;
  /// No memory cgroup: memfd_create and SysV shm, which no rlimit bounds, are refused.
  virtual bool DenyUnaccountedMemory() const = 0;
  virtual std::string Describe() const = 0;
  virtual std::vector<std::string> CgroupParents() const = 0;
};

/// The isolation of `info.mode` (ChooseIsolation picked it).
Result<std::unique_ptr<Isolation>> MakeIsolation(const IsolationInfo& info);

/// Tries the cgroup modes in order (v2, then v1) and returns the first that works here, its
/// description and, on failure, why none did.
Result<std::unique_ptr<Isolation>> MakeCgroupIsolation();
std::unique_ptr<Isolation> MakeRlimitIsolation();

}  // namespace r1::sandbox::internal
