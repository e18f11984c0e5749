// Small helpers every command shares: error printing and environment defaults.
#pragma once

#include <string>

#include "r1/core/error.h"
#include "r1/core/exit_code.h"

namespace r1::cli {

/// Prints "r1-eval: error: <message>" to stderr and returns the matching exit code.
ExitCode ReportError(const Error& error);

/// $XDG_CACHE_HOME/r1-eval, else ~/.cache/r1-eval.
std::string DefaultCacheDir();

/// The value of an environment variable, or "" (read only here and in model_target.cc).
std::string EnvOr(const char* name, const std::string& fallback);

}  // namespace r1::cli
