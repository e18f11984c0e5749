// Built-in grader registrations.
#include "r1/graders/registry.h"

#include "r1/graders/check_grader.h"
#include "r1/graders/choice_grader.h"
#include "r1/graders/code_grader.h"
#include "r1/graders/integer_grader.h"
#include "r1/graders/judges_code.h"
#include "r1/graders/math_grader.h"
#include "r1/graders/text_graders.h"

namespace r1::graders {
namespace {

// Wraps every grader the registry makes, so it must pass on what the inner grader declares
// (whether it judges code: the run's sandbox preflight and grading threads depend on it).
class ParserIndependentGrader final : public Grader {
 public:
  explicit ParserIndependentGrader(std::unique_ptr<Grader> inner) : inner_(std::move(inner)) {}
  std::string Version() const override { return inner_->Version(); }
  bool JudgesCode(const Problem& problem) const override {
    return inner_->JudgesCode(problem);
  }
  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view sample_data) const override {
    if (!ThinkingLeftInReasoning(completion)) return inner_->GradeCompletion(problem, completion, sample_data);
    Grade grade;
    grade.truncated = true;
    grade.detail = "truncated: thinking never closed (all text in reasoning_content, no answer)";
    return grade;
  }

 private:
  std::unique_ptr<Grader> inner_;
};

}  // namespace

bool ThinkingLeftInReasoning(const Completion& c) {
  if (c.finish_reason == "length") return false;
  const bool blank = c.content.find_first_not_of(" \t\r\n") == std::string::npos;
  return blank && c.reasoning.find_first_not_of(" \t\r\n") != std::string::npos;
}

std::unique_ptr<Grader> ParserIndependent(std::unique_ptr<Grader> grader) {
  return std::make_unique<ParserIndependentGrader>(std::move(grader));
}

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
