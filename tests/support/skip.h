// A test that cannot run here (../shared absent, a declared tool missing): on a developer's
// machine it is skipped with a warning; under CI=true it FAILS, because a CI run must never
// pass what it did not check.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>
#include <string>

namespace r1::testing {

inline bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

}  // namespace r1::testing

/// R1_SKIP("../shared/data is absent") -- streams like WARN; returns from the test case.
#define R1_SKIP(...)                                                            \
  do {                                                                          \
    std::ostringstream r1_skip_reason;                                          \
    r1_skip_reason << __VA_ARGS__;                                              \
    if (::r1::testing::InCi()) {                                                \
      FAIL(r1_skip_reason.str() << " (CI=true: a test that cannot run fails)"); \
    }                                                                           \
    WARN(r1_skip_reason.str() << "; skipped");                                  \
    return;                                                                     \
  } while (0)
