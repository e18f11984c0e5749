// Grading one stored completion. Pure: no I/O, no model calls, so regrading is cheap and safe.
#pragma once

#include <string>
#include <string_view>

#include "r1/core/types.h"

namespace r1 {

class Grader {
 public:
  virtual ~Grader() = default;

  /// Changes whenever verdicts could change; stored with each grade.
  virtual std::string Version() const = 0;

  /// Grades a successful completion. `sample_data` is Prompt::sample_data of that sample.
  /// Truncated completions (finish_reason "length", thinking never closed) get no answer and
  /// truncated=true.
  virtual Grade GradeCompletion(const Problem& problem, const Completion& completion,
                                std::string_view sample_data) const = 0;

  /// True when grading responses to `problem` runs them as programs (in the sandbox): a run
  /// that needs it proves the sandbox works before its first request and grades on more
  /// threads. Declared here so callers never key behaviour on grader names.
  virtual bool JudgesCode(const Problem& problem) const {
    (void)problem;
    return false;
  }
};

}  // namespace r1
