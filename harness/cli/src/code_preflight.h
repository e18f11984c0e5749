// Before the first request of a run whose graders judge code (a property graders declare,
// graders/judges_code.h): prove the sandbox works here, or fail with the reason and the fix.
#pragma once

#include <memory>
#include <vector>

#include "r1/core/error.h"
#include "r1/core/suite.h"
#include "r1/graders/registry.h"

namespace r1::cli {

/// True when the grader of `suite` declares that it runs programs for one of its problems.
bool SuiteJudgesCode(const Suite& suite, const graders::GraderRegistry& registry);

/// When any of `suites` judges code: runs the sandbox preflight and prints the isolation mode
/// and what it guarantees on stderr. kUnavailable (exit 3) with the reason and the fix when the
/// sandbox cannot work here. Does nothing for suites that never judge code.
Status PreflightCodeJudging(const std::vector<std::unique_ptr<Suite>>& suites,
                            const graders::GraderRegistry& registry);

}  // namespace r1::cli
