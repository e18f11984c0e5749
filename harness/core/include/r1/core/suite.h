// A benchmark suite: loaded problems plus the rule that turns a problem into a prompt.
// Suites name their grader by registry key; they never include grader code.
#pragma once

#include <string>
#include <vector>

#include "r1/core/types.h"

namespace r1 {

class Suite {
 public:
  virtual ~Suite() = default;

  /// Registry name, e.g. "aime2024".
  virtual std::string Name() const = 0;
  /// Grader registry key, e.g. "integer".
  virtual std::string GraderKey() const = 0;
  /// Changes whenever the prompt wording changes; part of the run identity.
  virtual std::string PromptVersion() const = 0;
  /// SHA-256 over the data actually loaded; part of the run identity.
  virtual std::string DataVersion() const = 0;
  /// Problems in a stable order.
  virtual const std::vector<Problem>& Problems() const = 0;
  /// The chat messages for one sample of one problem (no system prompt under R1's rules).
  virtual Prompt Render(const Problem& problem, int sample_index) const = 0;
};

/// Options every suite factory receives.
struct SuiteOptions {
  std::string data_dir;  ///< folder holding this suite's files in their upstream formats
};

}  // namespace r1
