// The R1 window and pass@1 averaging against LiveCodeBench's own leaderboard data
// (shared/realruns/lcb-leaderboard-perproblem-2025-01-15: per-problem pass@1 of 19 models on the
// 880 problems of release_v5). Its PROVENANCE.md lists the numbers this must reproduce.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/skip.h"
#include "support/temp_dir.h"
#include "r1/graders/metrics.h"
#include "r1/suites/date_window.h"

namespace {

struct Row {
  std::string question_id, model, day, difficulty, platform;
  double pass1 = 0;  // percent
};

std::vector<Row> LoadLeaderboard(const std::string& path) {
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  std::vector<Row> rows;
  for (const auto& p : j.at("performances")) {
    // The site stores the contest day as a millisecond timestamp; its UTC day is the day.
    const auto ms = p.at("date").get<std::int64_t>();
    rows.push_back(Row{p.at("question_id"), p.at("model"), r1::suites::DayOfUnixTime(ms / 1000),
                       p.at("difficulty"), p.at("platform"), p.at("pass@1").get<double>()});
  }
  return rows;
}

double Round1(double v) { return std::round(v * 10) / 10; }

}  // namespace

TEST_CASE("the R1 window and pass@1 averaging reproduce the LiveCodeBench leaderboard", "[suites][livecodebench]") {
  const std::string path =
      (r1::testing::SharedDir() /
       "realruns/lcb-leaderboard-perproblem-2025-01-15/performances_generation.json")
          .string();
  if (!std::filesystem::exists(path)) {
    R1_SKIP("the leaderboard data is absent");
  }
  const std::vector<Row> rows = LoadLeaderboard(path);
  REQUIRE(rows.size() == 16720);
  const r1::suites::DateWindow r1 = r1::suites::kR1LiveCodeBenchWindow;

  std::map<std::string, std::vector<const Row*>> in_window, all;
  for (const Row& r : rows) {
    all[r.model].push_back(&r);
    if (r1.Contains(r.day)) in_window[r.model].push_back(&r);
  }
  REQUIRE(all.size() == 19);

  // The window: 279 problems, 67 easy / 89 medium / 123 hard, the same for every model.
  std::map<std::string, int> difficulty, platform;
  std::set<std::string> ids;
  for (const Row* r : in_window.at("O1-Mini-2024-09-12 (N=1)")) {
    ids.insert(r->question_id);
    ++difficulty[r->difficulty];
    ++platform[r->platform];
  }
  CHECK(ids.size() == 279);
  CHECK(difficulty == std::map<std::string, int>{{"easy", 67}, {"medium", 89}, {"hard", 123}});
  CHECK(platform == std::map<std::string, int>{{"atcoder", 175}, {"leetcode", 104}});
  for (const auto& [model, list] : in_window) CHECK(list.size() == 279);

  // pass@1 = the mean over problems of each problem's pass@1. For the N=1 models every value is
  // 0 or 100, so the harness's own metric code (one sample per problem) must give the same.
  auto mean = [](const std::vector<const Row*>& list) {
    double sum = 0;
    for (const Row* r : list) sum += r->pass1;
    return sum / static_cast<double>(list.size());
  };
  auto harness_pass1 = [](const std::vector<const Row*>& list) {
    std::vector<r1::graders::ProblemOutcome> outcomes;
    for (const Row* r : list) {
      REQUIRE((r->pass1 == 0 || r->pass1 == 100));
      r1::graders::SampleOutcome s;
      s.correct = r->pass1 == 100;
      s.key = s.correct ? "pass" : "fail";
      outcomes.push_back({r->question_id, {s}});
    }
    return 100 * r1::graders::ComputeMetrics(outcomes).pass1;
  };
  const std::map<std::string, double> expected_window = {
      {"O1-Mini-2024-09-12 (N=1)", 51.3},      {"QwQ-32B-Preview (N=1)", 42.7},
      {"GPT-4O-2024-05-13", 32.9},             {"O1-2024-12-17 (N=1) (High)", 71.0},
      {"O1-2024-12-17 (N=1) (Med)", 64.2}};
  for (const auto& [model, value] : expected_window) {
    INFO(model);
    CHECK(Round1(mean(in_window.at(model))) == Approx(value));
    if (model.find("(N=1)") != std::string::npos) CHECK(Round1(harness_pass1(in_window.at(model))) == Approx(value));
  }
  const std::map<std::string, double> expected_all = {
      {"O1-2024-12-17 (N=1) (High)", 83.2}, {"O1-Mini-2024-09-12 (N=1)", 68.2}, {"QwQ-32B-Preview (N=1)", 59.7}};
  for (const auto& [model, value] : expected_all) {
    INFO(model);
    REQUIRE(all.at(model).size() == 880);
    CHECK(Round1(harness_pass1(all.at(model))) == Approx(value));
  }
}
