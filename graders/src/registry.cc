// Built-in grader registrations.
#include "r1/graders/registry.h"

#include "r1/graders/integer_grader.h"

namespace r1::graders {

void RegisterGraders(GraderRegistry& registry) {
  registry.Add("integer", "integer answers compared as numbers (AIME)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeIntegerGrader(); });
}

}  // namespace r1::graders
