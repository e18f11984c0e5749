// Properties a suite declares beyond the Suite interface, so that callers (the CLI) never key
// behaviour on suite names.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "r1/core/suite.h"

namespace r1::suites {

class DeclaredProperties {
 public:
  virtual ~DeclaredProperties() = default;
  /// Its runs get a Codeforces-style rating after the table (`r1-eval codeforces rating`).
  virtual bool RatedLikeCodeforces() const { return false; }
  /// Problems the suite left out, with why ("interactive", ...).
  virtual std::vector<std::pair<std::string, std::string>> Skipped() const { return {}; }
};

/// What `suite` declares; the defaults above when it declares nothing.
bool RatedLikeCodeforces(const Suite& suite);
std::vector<std::pair<std::string, std::string>> Skipped(const Suite& suite);

}  // namespace r1::suites
