// SIGINT/SIGTERM handling: the first signal asks the runner to stop (what arrived is stored);
// a second one kills the process the default way.
#pragma once

#include <atomic>

namespace r1::cli {

/// Installs the handlers once and returns the flag they set.
const std::atomic<bool>& InstallInterruptHandler();

}  // namespace r1::cli
