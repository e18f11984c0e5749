// The "math" grader end to end, and the AIME grader now sitting on the same engine.
#include "r1/graders/math_grader.h"

#include <catch2/catch.hpp>

#include "r1/graders/answer_extraction.h"
#include "r1/graders/integer_grader.h"
#include "r1/graders/registry.h"

namespace {

r1::Grade GradeWith(const r1::Grader& grader, const std::string& gold, const std::string& content,
                    const std::string& finish = "stop") {
  r1::Problem problem{"p", "q", gold, {}};
  r1::Completion completion;
  completion.content = content;
  completion.finish_reason = finish;
  return grader.GradeCompletion(problem, completion, "");
}

}  // namespace

TEST_CASE("the registry offers math and integer graders", "[graders][math]") {
  r1::graders::GraderRegistry registry;
  r1::graders::RegisterGraders(registry);
  REQUIRE(registry.Has("math"));
  REQUIRE(registry.Has("integer"));
  auto math = registry.Make("math");
  REQUIRE(math);
  CHECK((*math)->Version() == "math-2");
}

TEST_CASE("the math grader compares the extracted answer", "[graders][math]") {
  auto grader = r1::graders::MakeMathGrader();
  auto g = GradeWith(*grader, "\\frac{1}{2}", "<think>hmm</think>So it is $\\boxed{0.5}$.");
  CHECK(g.correct);
  CHECK(g.extracted == "0.5");
  CHECK(g.canonical_key == "1/2");
  CHECK(g.detail.starts_with("boxed: "));
  g = GradeWith(*grader, "(2,\\infty)", "\\boxed{[2, \\infty)}");
  CHECK_FALSE(g.correct);
  CHECK(g.canonical_key == "[2,inf)");
}

TEST_CASE("the math grader marks truncation and missing answers", "[graders][math]") {
  auto grader = r1::graders::MakeMathGrader();
  auto g = GradeWith(*grader, "5", "<think>\\boxed{5}");
  CHECK(g.truncated);
  CHECK(g.canonical_key.empty());
  g = GradeWith(*grader, "5", "\\boxed{5}", "length");
  CHECK(g.truncated);
  g = GradeWith(*grader, "5", "I do not know.");
  CHECK_FALSE(g.correct);
  CHECK(g.extracted.empty());
  CHECK(g.canonical_key.empty());
}

TEST_CASE("a gold given as a whole solution is reduced to its box", "[graders][math]") {
  auto grader = r1::graders::MakeMathGrader();
  CHECK(GradeWith(*grader, "so the answer is $\\boxed{3}$.", "\\boxed{3}").correct);
}

TEST_CASE("equivalent answers vote together", "[graders][math]") {
  auto grader = r1::graders::MakeMathGrader();
  auto a = GradeWith(*grader, "1", "\\boxed{\\frac{3}{4}}");
  auto b = GradeWith(*grader, "1", "\\boxed{0.75}");
  auto c = GradeWith(*grader, "1", "\\boxed{75\\%}");
  CHECK(a.canonical_key == b.canonical_key);
  CHECK_FALSE(a.canonical_key == c.canonical_key);  // 75% votes with 75
}

TEST_CASE("the integer grader keeps AIME semantics on the engine", "[graders][integer]") {
  auto grader = r1::graders::MakeIntegerGrader();
  CHECK(grader->Version() == "integer-3");
  CHECK(GradeWith(*grader, "033", "\\boxed{33}").correct);
  CHECK(GradeWith(*grader, "33", "\\boxed{\\frac{66}{2}}").correct);
  CHECK(GradeWith(*grader, "33", "\\boxed{33.0}").correct);
  CHECK(GradeWith(*grader, "33", "\\boxed{\\frac{66}{2}}").canonical_key == "33");
  auto half = GradeWith(*grader, "33", "\\boxed{33.5}");
  CHECK_FALSE(half.correct);
  CHECK(half.detail == "answer is not an integer");
  // Without a box, the fallbacks apply here too.
  CHECK(GradeWith(*grader, "204", "The final answer is $204$. I hope it is correct.").correct);
}

TEST_CASE("the grade detail names the extraction and the rule that decided", "[graders][math]") {
  auto grader = r1::graders::MakeMathGrader();
  auto g = GradeWith(*grader, "11", "</think>So $\\boxed{m + n = 3 + 8 = 11}$.");
  CHECK(g.correct);
  CHECK(g.detail.starts_with("boxed: [equation-chain] "));
  g = GradeWith(*grader, "y", "</think>\\boxed{|y|}");
  CHECK_FALSE(g.correct);
  CHECK(g.detail.find("[test-points]") != std::string::npos);
  CHECK(g.detail.find("negative") != std::string::npos);
  g = GradeWith(*grader, "4", "</think>Hence the remainder is 4.");
  CHECK(g.correct);
  CHECK(g.detail.starts_with("final-statement: "));
}

TEST_CASE("escaped responses and answers are read as the LaTeX they mean", "[graders][math]") {
  auto grader = r1::graders::MakeMathGrader();
  auto g = GradeWith(*grader, "\\frac{5}{2}",
                     "</think>Thus:\\n\\n\\\\[\\n\\\\boxed{\\\\dfrac{5}{2}}\\n\\\\]");
  CHECK(g.correct);
  CHECK(g.extracted == "\\dfrac{5}{2}");
  // A real matrix row break next to single-backslash commands is not escaping.
  CHECK_FALSE(r1::graders::UnescapeDoubledBackslashes("\\begin{pmatrix}1\\\\x\\end{pmatrix}"));
  CHECK(r1::graders::UnescapeDoubledBackslashes("96\\\\pi") == "96\\pi");
  CHECK(r1::graders::UnescapeDoubledBackslashes("a\\nb \\\\frac12") == "a\nb \\frac12");
  CHECK_FALSE(r1::graders::UnescapeDoubledBackslashes("no backslash at all"));
  CHECK_FALSE(r1::graders::UnescapeDoubledBackslashes("1 \\\\ 2"));
}

TEST_CASE("the AIME grader takes a box written without its backslash", "[graders][math]") {
  auto grader = r1::graders::MakeIntegerGrader();
  CHECK(GradeWith(*grader, "17", "</think>The answer is boxed{17}").correct);
}
