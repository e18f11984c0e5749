// Proving, before anything depends on it, that this machine can judge code: the isolation mode
// chosen here, and a trivial Python program and a trivial C++ program (compiled in the sandbox)
// run through the same SandboxRunner the code graders use. `r1-eval sandbox check` prints the
// report; `r1-eval run` calls it before the first request of a run whose grader judges code and
// exits 3 with the reason and the fix when it fails, having asked the model nothing.
#pragma once

#include <string>
#include <vector>

#include "r1/core/error.h"
#include "r1/sandbox/runner.h"
#include "r1/sandbox/sandbox.h"

namespace r1::sandbox {

struct PreflightReport {
  IsolationInfo isolation;
  std::string where;                 ///< Sandbox::Describe(): the cgroups it uses, if any
  std::vector<std::string> checks;   ///< one line per program run, with its time
  double milliseconds = 0;           ///< the whole check
};

/// kUnavailable: the sandbox cannot be used here; the message gives the reason and the fix.
Result<PreflightReport> Preflight(RunnerOptions options = {});

/// The report as the lines `sandbox check` prints (also the one-line mode summary of a run).
std::string FormatIsolation(const IsolationInfo& info);

}  // namespace r1::sandbox
