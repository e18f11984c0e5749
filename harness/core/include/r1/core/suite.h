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

/// Options every suite factory receives. Members after data_dir have `{}` initialisers so
/// `SuiteOptions{dir}` stays warning-free.
struct SuiteOptions {
  std::string data_dir;  ///< folder holding this suite's files in their upstream formats
  /// Dated suites (LiveCodeBench, Codeforces) keep problems dated since <= day <= until
  /// ("YYYY-MM-DD", whole days, both inclusive); empty: the suite's own default window.
  std::string since{};
  std::string until{};
  /// What follows '@' in a suite name, e.g. "release_v5" in "livecodebench@release_v5".
  std::string variant{};
  /// Where a suite keeps data it derives: reduced caches, and the test sets of code problems,
  /// which code graders read back (r1/core/code_tests.h). Empty: nothing is written, which is
  /// enough to list problems but not to grade code.
  std::string cache_dir{};
  /// The programming language code suites ask for ("cpp", "python"); empty: the suite's own
  /// default (Codeforces C++, LiveCodeBench Python, which is all it accepts).
  std::string language{};
};

}  // namespace r1
