// Per-run cgroups: memory and task limits, CPU time summed over every thread and child, peak
// memory, OOM kills, and a reliable way to kill whatever is left. cgroup v2 where the harness's
// own cgroup has memory and pids delegated, else v1 (this machine and CI: memory, pids and
// cpuacct are v1 hierarchies, the v2 mount only has hugetlb). Internal to r1::sandbox.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "r1/core/error.h"

namespace r1::sandbox::internal {

struct CgroupLimits {
  std::int64_t memory_bytes = 0;
  int tasks = 0;
};

struct CgroupStats {
  std::int64_t cpu_ns = 0;
  std::int64_t peak_bytes = 0;
  std::int64_t oom_kills = 0;
  std::int64_t tasks_limit_hits = 0;
};

class RunCgroup;

class CgroupManager {
 public:
  /// Finds a usable hierarchy, makes this process's parent cgroup(s) "r1-sandbox.<pid>" under
  /// its own cgroup, and removes leftovers of harness processes that died without cleaning up.
  static Result<std::unique_ptr<CgroupManager>> Create();
  ~CgroupManager();  ///< removes the parent cgroup(s); every RunCgroup must be gone

  CgroupManager(const CgroupManager&) = delete;
  CgroupManager& operator=(const CgroupManager&) = delete;

  Result<std::unique_ptr<RunCgroup>> CreateRun(const CgroupLimits& limits);

  bool v2() const { return v2_; }
  std::string Describe() const;
  /// Parent directories, one per hierarchy (for tests that check nothing is left behind).
  const std::vector<std::string>& parents() const { return parents_; }

 private:
  CgroupManager() = default;

  bool v2_ = false;
  bool in_self_leaf_ = false;  // holds a share of the harness's move into its own leaf (v2)
  std::string how_;  // v2: which cgroup holds the sandboxes and why
  // v1: [memory, pids, cpuacct]; v2: a single directory.
  std::vector<std::string> parents_;
  std::atomic<std::uint64_t> next_run_{0};
};

class RunCgroup {
 public:
  ~RunCgroup();  ///< kills what is left and removes the directories

  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;

  /// Moves `pid` (a host pid) into every hierarchy of this run.
  Status Attach(pid_t pid);
  /// CPU nanoseconds used so far by every task that ever ran here.
  std::int64_t CpuNanos() const;
  CgroupStats Stats() const;
  /// Called every watchdog tick: where the kernel has no memory.peak (before 5.19), keeps the
  /// largest memory.current seen.
  void SampleMemory();
  /// SIGKILLs every task still here until none is left; false if some survived `timeout`.
  bool KillAll(std::chrono::milliseconds timeout);
  /// Kills what is left and removes the directories; the object is spent afterwards.
  Status Remove();

  const std::vector<std::string>& dirs() const { return dirs_; }

 private:
  friend class CgroupManager;
  RunCgroup() = default;

  bool v2_ = false;
  std::vector<std::string> dirs_;  // v1: [memory, pids, cpuacct]; v2: one
  int cpu_fd_ = -1;                // kept open: read every watchdog tick
  int current_fd_ = -1;            // v2 without memory.peak: memory.current, sampled each tick
  std::int64_t sampled_peak_ = 0;
  std::int64_t memory_limit_ = 0;
  bool removed_ = false;
};

}  // namespace r1::sandbox::internal
