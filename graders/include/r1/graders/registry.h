// The grader registry: suites name graders by these keys.
#pragma once

#include "r1/core/grader.h"
#include "r1/core/registry.h"

namespace r1::graders {

using GraderRegistry = Registry<Grader>;

/// Adds every built-in grader ("integer", "math").
void RegisterGraders(GraderRegistry& registry);

}  // namespace r1::graders
