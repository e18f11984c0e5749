// Built-in grader registrations.
#include "r1/graders/registry.h"

#include "r1/graders/choice_grader.h"
#include "r1/graders/integer_grader.h"
#include "r1/graders/math_grader.h"

namespace r1::graders {

void RegisterGraders(GraderRegistry& registry) {
  registry.Add("integer", "integer answers compared as numbers (AIME)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeIntegerGrader(); });
  registry.Add("choice", "multiple choice: the chosen letter mapped back to its option (GPQA)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeChoiceGrader(); });
  registry.Add("math", "mathematical equivalence of LaTeX or plain answers (MATH-500)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeMathGrader(); });
}

}  // namespace r1::graders
