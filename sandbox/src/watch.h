// The parent's watch over one started run: reads stdout, stderr, the setup and status records
// of pid 1 until every pipe is closed, and kills the run (pid 1 and, with it, its pid namespace)
// at the CPU, wall-clock, memory or output limit or on a failed setup. Then turns what it saw
// and the isolation's figures into the run's result. Internal to r1::sandbox.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "isolation.h"
#include "r1/core/error.h"
#include "r1/sandbox/sandbox.h"
#include "spawn.h"

namespace r1::sandbox::internal {

/// The parent's ends of the run's pipes (non-blocking stdout and stderr).
struct WatchedFds {
  int out = -1, err = -1, setup = -1, status = -1;
};

/// What the watch saw.
struct Watched {
  RunResult result;  ///< stdout, stderr and their totals; the limit hits
  bool have_status = false;
  bool exec_confirmed = false;
  bool killed = false;
  bool memory_killed = false;  ///< by the limiter's watchdog (no memory cgroup)
  std::optional<SetupFailure> setup_failure;
  ProgramStatus program_status;
  std::chrono::steady_clock::time_point start, end;
};

/// Watches from now until the pipes close (or a kill did not end the run within 5 s).
/// `kill_tree` SIGKILLs pid 1; `cpus` bounds how fast the CPU budget can go.
Watched Watch(const WatchedFds& fds, const Limits& limits, RunLimiter& limiter,
              const std::function<void()>& kill_tree, long cpus);

/// The run's result from what the watch saw and the isolation's final figures.
Result<RunResult> Conclude(Watched watched, const RunFigures& figures, Status removed,
                           const ChildPlan& plan);

}  // namespace r1::sandbox::internal
