// The MATH-style grader: extract the final answer (answer_extraction.h), then compare it with
// the gold answer by mathematical equivalence (math/equivalence.h). Registry key "math".
#pragma once

#include <memory>

#include "r1/core/grader.h"
#include "r1/graders/math/equivalence.h"

namespace r1::graders {

/// Grades with the equivalence engine; the canonical key of the extracted answer is its vote
/// in cons@k.
std::unique_ptr<Grader> MakeMathGrader(const math::Limits& limits = {});

}  // namespace r1::graders
