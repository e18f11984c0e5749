// Shared CLI helpers; see cli_util.h.
#include "cli_util.h"

#include <cstdio>
#include <cstdlib>

namespace r1::cli {

ExitCode ReportError(const Error& error) {
  std::fprintf(stderr, "r1-eval: error: %s\n", error.message.c_str());
  return ExitCodeFor(error);
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string DefaultCacheDir() {
  std::string xdg = EnvOr("XDG_CACHE_HOME", "");
  if (!xdg.empty()) return xdg + "/r1-eval";
  return EnvOr("HOME", "/tmp") + "/.cache/r1-eval";
}

}  // namespace r1::cli
