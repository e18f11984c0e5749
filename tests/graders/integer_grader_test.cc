#include "r1/graders/integer_grader.h"

#include <catch2/catch.hpp>

using r1::graders::ParseIntegerAnswer;

TEST_CASE("integer answers parse through LaTeX noise", "[graders][integer]") {
  CHECK(ParseIntegerAnswer("033") == 33);
  CHECK(ParseIntegerAnswer(" 204 ") == 204);
  CHECK(ParseIntegerAnswer("$204$") == 204);
  CHECK(ParseIntegerAnswer("+7") == 7);
  CHECK(ParseIntegerAnswer("-7") == -7);
  CHECK(ParseIntegerAnswer("1\\,000") == 1000);
  CHECK(ParseIntegerAnswer("{25}") == 25);
  CHECK(ParseIntegerAnswer("\\text{25}") == 25);
  CHECK(ParseIntegerAnswer("25.") == 25);
}

TEST_CASE("non-integers are not integer answers", "[graders][integer]") {
  CHECK_FALSE(ParseIntegerAnswer("2.5").has_value());
  CHECK_FALSE(ParseIntegerAnswer("\\frac{1}{2}").has_value());
  CHECK_FALSE(ParseIntegerAnswer("x=5").has_value());
  CHECK_FALSE(ParseIntegerAnswer("").has_value());
  CHECK_FALSE(ParseIntegerAnswer("5-3").has_value());
}

namespace {
r1::Grade GradeText(const std::string& gold, const std::string& content,
                    const std::string& finish = "stop") {
  r1::Problem problem{"p", "q", gold, {}};
  r1::Completion completion;
  completion.content = content;
  completion.finish_reason = finish;
  return r1::graders::MakeIntegerGrader()->GradeCompletion(problem, completion, "");
}
}  // namespace

TEST_CASE("the integer grader compares zero-padded gold numerically", "[graders][integer]") {
  auto grade = GradeText("033", "<think>x</think>\\boxed{33}");
  CHECK(grade.correct);
  CHECK(grade.extracted == "33");
  CHECK(grade.canonical_key == "33");
  CHECK_FALSE(GradeText("033", "\\boxed{34}").correct);
}

TEST_CASE("the integer grader marks truncation and gives no key", "[graders][integer]") {
  auto grade = GradeText("5", "<think>\\boxed{5}");
  CHECK(grade.truncated);
  CHECK_FALSE(grade.correct);
  CHECK(grade.canonical_key.empty());
  CHECK(GradeText("5", "\\boxed{5}", "length").truncated);
}

TEST_CASE("equal integers written differently share one vote key", "[graders][integer]") {
  CHECK(GradeText("1", "\\boxed{007}").canonical_key == GradeText("1", "\\boxed{$7$}").canonical_key);
}
