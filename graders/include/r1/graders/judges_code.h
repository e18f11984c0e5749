// Whether a run's grading runs programs (Grader::JudgesCode, declared by each grader), so that
// callers never key behaviour on grader names.
#pragma once

#include <vector>

#include "r1/core/grader.h"
#include "r1/core/types.h"

namespace r1::graders {

/// True when grading any of `problems` with `grader` runs a program.
bool JudgesCode(const Grader& grader, const std::vector<Problem>& problems);

}  // namespace r1::graders
