// The line every run start prints: whether this command starts a new run or resumes one, and
// how much of it is already done, so a user never mistakes an old run's numbers for new ones.
#pragma once

#include <string>
#include <vector>

#include "r1/core/types.h"
#include "r1/runner/runner.h"
#include "r1/store/store.h"

namespace r1::cli {

struct RunStart {
  const store::RunRecord* run = nullptr;
  bool created = false;  ///< OpenRun made it now
  std::string model;     ///< served model name
  std::string endpoint;  ///< redacted, for humans
  std::string db;        ///< store path
};

/// "new run N (label): suite x k samples with MODEL at ENDPOINT (store DB)" or
/// "resuming run N (label): D of T done; suite x k ..." where T counts the (problem, sample)
/// pairs this command asks for (after --limit and --shard) and D those already successful.
/// kUnavailable when the store cannot be read.
Result<std::string> RunStartLine(store::Store& store, const RunStart& start,
                                 const std::vector<Problem>& problems,
                                 const runner::RunnerOptions& options);

}  // namespace r1::cli
