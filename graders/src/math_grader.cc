// The "math" grader: extraction plus the equivalence engine.
#include "r1/graders/math_grader.h"

#include "r1/graders/answer_extraction.h"

namespace r1::graders {
namespace {

class MathGrader final : public Grader {
 public:
  explicit MathGrader(const math::Limits& limits) : limits_(limits) {}

  // math-2: issue 14 rules (equation chains, set algebra, negative and complex test points,
  // scaled matrices and vector shapes, mixed numbers with marks, unicode fractions, dotted
  // and barred repeating decimals, \lor lists, "D)" choices, \pm in tuples, escaped text,
  // extraction fallbacks). Stored grades from math-1 are regraded.
  std::string Version() const override { return "math-2"; }

  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view /*sample_data*/) const override {
    Extraction ex = ExtractFinalAnswer(completion.content, completion.finish_reason);
    if (auto none = GradeWithoutAnswer(ex, completion)) return *none;
    Grade grade;
    grade.extracted = ex.answer;
    // Golds are bare answers; a gold given as a whole solution is reduced to its box.
    std::string gold = problem.gold;
    if (gold.find("\\boxed") != std::string::npos || gold.find("\\fbox") != std::string::npos) {
      if (auto boxed = ExtractLastBoxed(gold)) gold = *boxed;
    }
    math::Answer gold_answer = math::Answer::Parse(gold, limits_);
    math::Answer pred = math::Answer::Parse(ex.answer, limits_);
    math::Verdict verdict = math::Compare(gold_answer, pred, limits_);
    grade.canonical_key = math::CanonicalKey(pred, limits_);
    grade.correct = verdict.equal;
    grade.detail = ex.method + ": " + verdict.reason;
    return grade;
  }

 private:
  math::Limits limits_;
};

}  // namespace

std::unique_ptr<Grader> MakeMathGrader(const math::Limits& limits) {
  return std::make_unique<MathGrader>(limits);
}

}  // namespace r1::graders
