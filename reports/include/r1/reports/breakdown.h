// Results broken down by a problem attribute: MATH-500 by subject and level, LiveCodeBench by
// difficulty and platform, any suite by the descriptive fields its problems carry.
#pragma once

#include <string>
#include <vector>

#include "r1/core/types.h"

namespace r1::reports {

struct ProblemResult;

struct BreakdownGroup {
  std::string value;
  int problems = 0;  ///< scored problems with this value
  double pass1 = 0;
  double pass1_stderr = 0;
  double cons = 0;
};

struct Breakdown {
  std::string key;  ///< e.g. "subject"
  std::vector<BreakdownGroup> groups;  ///< in natural order of the values ("2" before "10")
};

/// One breakdown per meta key that sorts problems into 2 to 30 groups (keys naming each
/// problem apart, like a URL, are not breakdowns). Problems without a scored sample are left out.
std::vector<Breakdown> ComputeBreakdowns(const std::vector<Problem>& problems,
                                         const std::vector<ProblemResult>& results);

}  // namespace r1::reports
