// The runs behind the golden files and the HTML tests: two models, two suites, with a right,
// a wrong, a truncated, an errored, a language-mixing and an empty-thinking sample among them.
#pragma once

#include "report_fixture.h"

namespace r1::testing {

inline void AddGoldenRuns(FixtureStore& fx) {
  const auto problems = EnglishProblems(5);
  // distill-7b on AIME 2024, k = 4. Correct per problem: p1 4/4, p2 3/4, p3 1/4 (one
  // truncated), p4 0/4 (one mixes Chinese into its thinking), p5 2/3 (one sample errored).
  std::vector<FixtureSample> d7;
  const int right[5] = {4, 3, 1, 0, 2};
  for (int p = 1; p <= 5; ++p) {
    for (int i = 0; i < 4; ++i) {
      FixtureSample s;
      s.problem = "p" + std::to_string(p);
      s.index = i;
      s.completion_tokens = 1000 * p + 100 * i;
      s.correct = i < right[p - 1];
      s.answer = s.correct ? std::to_string(p) : std::to_string(100 + i);
      s.content = R1Response("Let me think about case " + std::to_string(p) + ".", s.answer);
      if (p == 3 && i == 3) {
        s.truncated = true;
        s.finish = "length";
        s.answer.clear();
        s.content = "<think>\nLet me think for a very long time";
      }
      if (p == 4 && i == 1) s.content = R1Response("We need the count. 所以我们需要计算这个数目。 So it is 101.", s.answer);
      if (p == 5 && i == 3) s.error = true;
      d7.push_back(s);
    }
  }
  fx.AddRun("aime2024", "distill-7b", "d7-aime", 4, problems, d7);

  // base-model on AIME 2024, k = 4: only p1 right, twice; one sample skips thinking.
  std::vector<FixtureSample> base;
  for (int p = 1; p <= 5; ++p) {
    for (int i = 0; i < 4; ++i) {
      FixtureSample s;
      s.problem = "p" + std::to_string(p);
      s.index = i;
      s.completion_tokens = 400 + 10 * p + i;
      s.correct = p == 1 && i < 2;
      s.answer = s.correct ? "1" : "7";
      s.content = R1Response("Quick guess.", s.answer);
      if (p == 2 && i == 0) s.content = "The answer is \\boxed{7}.";
      base.push_back(s);
    }
  }
  fx.AddRun("aime2024", "base-model", "base", 4, problems, base);

  // distill-7b on MATH-500, k = 2, thinking separated by the server (reasoning_content) and
  // counted by it (reasoning_tokens); one sample has an empty thinking block.
  std::vector<FixtureSample> math;
  for (int p = 1; p <= 3; ++p) {
    for (int i = 0; i < 2; ++i) {
      FixtureSample s;
      s.problem = "p" + std::to_string(p);
      s.index = i;
      s.reasoning = p == 3 && i == 1 ? "" : "Compute step by step.";
      s.content = p == 3 && i == 1 ? "<think>\n\n</think>\n\n\\boxed{3}" : "\\boxed{" + std::to_string(p) + "}";
      s.correct = true;
      s.answer = std::to_string(p);
      s.completion_tokens = 300 * p + i;
      s.reasoning_tokens = 250 * p + i;
      math.push_back(s);
    }
  }
  fx.AddRun("math500", "distill-7b", "d7-math", 2, EnglishProblems(3), math);
}

}  // namespace r1::testing
