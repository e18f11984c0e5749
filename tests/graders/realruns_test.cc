// Regrading published real runs (../shared/realruns) and checking agreement with their
// verdicts. Every disagreement is adjudicated below; the test fails when a new one appears or
// an adjudicated one goes away, so a grader change that moves a verdict is noticed.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "fixture_util.h"
#include "r1/graders/integer_grader.h"
#include "r1/graders/math_grader.h"
#include "support/skip.h"

using r1::graders::testing::Exists;
using r1::graders::testing::ReadJsonl;
using r1::graders::testing::SharedPath;

namespace {

struct Regrade {
  int total = 0;
  int agree = 0;
  std::set<int> disagreements;  // record index
  std::string report;
};

template <class GetResponse, class GetGold, class GetLabel>
Regrade RegradeFile(const std::string& path, const r1::Grader& grader, GetResponse response,
                    GetGold gold, GetLabel label) {
  Regrade r;
  std::ostringstream report;
  int index = 0;
  for (const auto& row : ReadJsonl(path)) {
    r1::Problem problem{std::to_string(index), "", gold(row), {}};
    r1::Completion completion;
    completion.content = response(row);
    completion.finish_reason = "stop";
    auto grade = grader.GradeCompletion(problem, completion, "");
    ++r.total;
    if (grade.correct == label(row)) {
      ++r.agree;
    } else {
      r.disagreements.insert(index);
      report << "\n  #" << index << " gold `" << problem.gold << "` extracted `" << grade.extracted
             << "` source says " << label(row) << ", we say " << grade.correct << " ("
             << grade.detail << ")";
    }
    ++index;
  }
  r.report = std::to_string(r.agree) + "/" + std::to_string(r.total) + report.str();
  return r;
}

std::string AsString(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

TEST_CASE("MATH-500 by Qwen2.5-14B-Instruct regrades with four adjudicated disagreements",
          "[graders][realruns]") {
  std::string path = SharedPath(
      "realruns/skythought-qwen25-14b-instruct-math500/"
      "test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl");
  if (!Exists(path)) {
    R1_SKIP(path << " is absent");
  }
  auto grader = r1::graders::MakeMathGrader();
  auto r = RegradeFile(
      path, *grader, [](const auto& row) { return AsString(row["code"][0]); },
      [](const auto& row) { return AsString(row["answer"]); },
      [](const auto& row) { return row["score"][0].template get<bool>(); });
  INFO("agreement " << r.report);
  CHECK(r.total == 500);
  // The source (Qwen2.5-Math math_equal) is wrong on each of these; see the closing note:
  //  184: gold (2,\infty), answer [2,\infty): Qwen ignores interval openness; 2 is not attained.
  //  198: gold 10,\!080, answer 10080: Qwen does not read the ",\!" thousands separator.
  //  217: gold 11,\! 111,\! 111,\! 100, answer 11111111100: same separator.
  //  284: gold 3 \pm 2\sqrt{2}, answer "3+2\sqrt{2}, 3-2\sqrt{2}": Qwen cannot expand \pm.
  CHECK(r.disagreements == std::set<int>{184, 198, 217, 284});
}

TEST_CASE("AIME 2024 real runs regrade without disagreement", "[graders][realruns]") {
  std::string sky = SharedPath(
      "realruns/skythought-sky-t1-32b-ckpt133-aime24/test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl");
  std::string deepscaler = SharedPath(
      "realruns/deepscaler-1.5b-aime24-8k/8192t_test2024_qwen-instruct_t0.6_k1_s0_e30.jsonl");
  if (!Exists(sky) || !Exists(deepscaler)) {
    R1_SKIP("../shared/realruns is absent");
  }
  std::vector<std::unique_ptr<r1::Grader>> graders;
  graders.push_back(r1::graders::MakeIntegerGrader());
  graders.push_back(r1::graders::MakeMathGrader());
  for (const auto& grader : graders) {
    INFO(grader->Version());
    auto a = RegradeFile(
        sky, *grader, [](const auto& row) { return AsString(row["code"][0]); },
        [](const auto& row) { return AsString(row["answer"]); },
        [](const auto& row) { return row["score"][0].template get<bool>(); });
    INFO("Sky-T1 " << a.report);
    CHECK(a.total == 30);
    CHECK(a.disagreements.empty());
    auto b = RegradeFile(
        deepscaler, *grader,
        [](const auto& row) { return AsString(row["generated_responses"][0]); },
        [](const auto& row) { return AsString(row["gold_answer"]); },
        [](const auto& row) { return row["answers_correctness"][0].template get<bool>(); });
    INFO("DeepScaleR " << b.report);
    CHECK(b.total == 30);
    CHECK(b.disagreements.empty());
  }
}

TEST_CASE("every MATH-500 gold parses and equals itself", "[graders][realruns]") {
  std::string path = SharedPath("data/math500/math500.jsonl");
  if (!Exists(path)) {
    R1_SKIP(path << " is absent");
  }
  using r1::graders::math::Answer;
  int rows = 0;
  for (const auto& row : ReadJsonl(path)) {
    std::string gold = row["answer"].get<std::string>();
    Answer a = Answer::Parse(gold);
    INFO(gold << " -> " << a.error());
    CHECK(a.parsed());
    CHECK(r1::graders::math::Compare(a, Answer::Parse(gold)).equal);
    ++rows;
  }
  CHECK(rows == 500);
}
