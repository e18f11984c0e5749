// Results broken down by a problem attribute: MATH-500 by subject and level, LiveCodeBench by
// difficulty and platform, GPQA by domain, Codeforces by rating band: the attributes each suite
// declares (SuiteEntry::breakdowns), nothing else.
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

/// One breakdown per attribute the suite declares (`keys`, in that order) that sorts the scored
/// problems into at least 2 groups. Undeclared meta keys (AIME's url, a title) never are: a key
/// that names each problem apart is a list of problems, not a breakdown. Problems without a
/// scored sample are left out.
std::vector<Breakdown> ComputeBreakdowns(const std::vector<Problem>& problems,
                                         const std::vector<ProblemResult>& results,
                                         const std::vector<std::string>& keys);

}  // namespace r1::reports
