#include "r1/graders/judges_code.h"

#include <algorithm>

namespace r1::graders {

bool JudgesCode(const Grader& grader, const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const Problem& problem) { return grader.JudgesCode(problem); });
}

}  // namespace r1::graders
