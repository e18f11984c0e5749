// Built-in grader registrations.
#include "r1/graders/registry.h"

#include "r1/graders/check_grader.h"
#include "r1/graders/choice_grader.h"
#include "r1/graders/code_grader.h"
#include "r1/graders/integer_grader.h"
#include "r1/graders/math_grader.h"
#include "r1/graders/text_graders.h"

namespace r1::graders {

void RegisterGraders(GraderRegistry& registry) {
  registry.Add("integer", "integer answers compared as numbers (AIME)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeIntegerGrader(); });
  registry.Add("choice", "multiple choice: the chosen letter mapped back to its option (GPQA)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeChoiceGrader(); });
  registry.Add("exact", "the final answer equals the reference text (user suites)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeExactGrader(); });
  registry.Add("regex", "the final answer matches the reference RE2 pattern (user suites)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeRegexGrader(); });
  registry.Add("check", "programmatic checks named per problem (r1-demos, user suites)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeCheckGrader(); });
  // Without a CodeRunner code is never judged correct; the CLI re-registers "code" and "check"
  // with the sandbox.
  registry.Add("code", "the program in the response passes stdin/stdout tests (user suites)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeCodeGrader(nullptr); });
  registry.Add("math", "mathematical equivalence of LaTeX or plain answers (MATH-500)",
               []() -> Result<std::unique_ptr<Grader>> { return MakeMathGrader(); });
}

}  // namespace r1::graders
