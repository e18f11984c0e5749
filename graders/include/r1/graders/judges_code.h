// A property graders declare, so that callers never key behaviour on grader names: whether
// grading a problem runs the response as a program (in the sandbox). A run that needs it proves
// the sandbox works before its first request (`r1-eval run` preflight) and grades on more
// threads, since judging takes seconds per sample.
#pragma once

#include <vector>

#include "r1/core/grader.h"
#include "r1/core/types.h"

namespace r1::graders {

/// Implemented by graders that (may) run programs.
class JudgesCodeProperty {
 public:
  virtual ~JudgesCodeProperty() = default;
  /// True when grading responses to `problem` runs a program.
  virtual bool JudgesCode(const Problem& problem) const = 0;
};

/// True when `grader` declares that grading any of `problems` runs a program.
bool JudgesCode(const Grader& grader, const std::vector<Problem>& problems);

}  // namespace r1::graders
