#include "r1/graders/judges_code.h"

namespace r1::graders {

bool JudgesCode(const Grader& grader, const std::vector<Problem>& problems) {
  const auto* property = dynamic_cast<const JudgesCodeProperty*>(&grader);
  if (property == nullptr) return false;
  for (const Problem& problem : problems) {
    if (property->JudgesCode(problem)) return true;
  }
  return false;
}

}  // namespace r1::graders
