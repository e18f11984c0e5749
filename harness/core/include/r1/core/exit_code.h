// The process exit codes users' scripts and CI depend on (architecture contracts).
#pragma once

#include "r1/core/error.h"

namespace r1 {

enum class ExitCode : int {
  kOk = 0,              ///< success
  kCheckFailed = 1,     ///< the job ran and a gate or check failed (or samples errored)
  kUsage = 2,           ///< bad usage or input
  kInfrastructure = 3,  ///< server unreachable, store unwritable, internal error
  kInterrupted = 130,   ///< SIGINT; what arrived is stored
};

/// Maps an error that ended a command to its exit code.
ExitCode ExitCodeFor(const Error& error);

}  // namespace r1
