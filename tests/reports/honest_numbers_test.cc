// Numbers nobody can be misled by: a metric no scored sample stands behind is null / n/a in every
// format, pass@K is null (with a note) unless every problem has K scored samples, and the 95%
// interval never leaves [0, 1]. Each case is what the old reports printed as a number.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "r1/reports/csv_table.h"
#include "r1/reports/formats.h"
#include "r1/reports/html_leaderboard.h"
#include "r1/reports/markdown_table.h"
#include "r1/reports/metric_text.h"

using namespace r1::reports;
using r1::graders::ProblemOutcome;
using r1::graders::SampleOutcome;

namespace {

SampleOutcome Sample(int index, bool correct, bool errored = false, bool unscored = false) {
  SampleOutcome s;
  s.sample_index = index;
  s.correct = correct;
  s.errored = errored;
  s.unscored = unscored;
  s.key = errored || unscored ? "" : correct ? "1" : "2";
  return s;
}

RunSummary Summary(const std::vector<ProblemOutcome>& outcomes, int k) {
  RunSummary s;
  s.run.id = 7;
  s.run.suite = "aime2024";
  s.run.model = "m";
  s.run.samples_per_problem = k;
  s.metrics = r1::graders::ComputeMetrics(outcomes);
  s.metrics.samples_per_problem = k;
  s.run_problems = static_cast<int>(outcomes.size());
  for (const auto& o : outcomes) {
    ProblemResult p;
    p.problem_id = o.problem_id;
    for (const auto& x : o.samples) {
      ++p.samples;
      if (x.errored) continue;
      if (x.unscored) {
        ++p.unscored;
        continue;
      }
      ++p.scored;
      p.correct += x.correct;
    }
    s.per_problem.push_back(p);
  }
  return s;
}

nlohmann::json JsonRun(const RunSummary& s) { return nlohmann::json::parse(RenderJson({s}))["runs"][0]; }

}  // namespace

TEST_CASE("a run whose every sample errored or went unscored has null metrics and n/a everywhere",
          "[reports][nulls]") {
  auto s = Summary({{"1", {Sample(0, false, true), Sample(1, false, true)}},
                    {"2", {Sample(0, false, false, true), Sample(1, false, true)}}},
                   2);
  REQUIRE_FALSE(s.metrics.Scored());
  const auto r = JsonRun(s);
  for (const char* key : {"pass@1", "pass@1_stderr", "pass@1_ci95", "cons@2", "pass@2"}) {
    INFO(key);
    REQUIRE(r["metrics"].contains(key));
    CHECK(r["metrics"][key].is_null());
  }
  CHECK(r["samples"]["errors"] == 3);
  CHECK(r["samples"]["unscored"] == 1);
  CHECK(r["notes"][0].get<std::string>().starts_with("no scored sample (3 errored, 1 unscored of 4)"));

  const std::string table = RenderTable({s});
  CHECK(table.find("0.0 ± 0.0") == std::string::npos);
  CHECK(table.find(" n/a ") != std::string::npos);
  CHECK(table.find("every metric is null") != std::string::npos);
  CHECK(RenderMarkdown({s}).find("| n/a |") != std::string::npos);
  const std::string html = RenderHtml({s});
  CHECK(html.find(">n/a</td>") != std::string::npos);
  CHECK(html.find("0.0 <span class=\"ci\">") == std::string::npos);
  const std::string csv = RenderCsv({s});
  const std::string row = csv.substr(csv.find("\r\n") + 2);
  CHECK(row.starts_with("run,7,,aime2024,m,2,2,,,,,,,4,3,1,"));

  // A report file with nulls reads back as "no scored sample", not as 0.
  auto back = ParseJsonReport(RenderJson({s}));
  REQUIRE(back);
  CHECK_FALSE((*back)[0].metrics.Scored());
}

TEST_CASE("pass@K is there when every problem has K scored samples - else null with a note",
          "[reports][nulls]") {
  auto full = Summary({{"1", {Sample(0, true), Sample(1, false), Sample(2, true), Sample(3, true)}},
                       {"2", {Sample(0, false), Sample(1, false), Sample(2, true), Sample(3, false)}}},
                      4);
  auto r = JsonRun(full);
  REQUIRE(r["metrics"]["pass@4"].is_number());
  CHECK(r["metrics"]["pass@4"].get<double>() == Approx(1.0));
  CHECK(r["notes"].empty());

  // One errored sample used to remove the pass@4 key; now it is null and the note says why.
  auto one_error = Summary({{"1", {Sample(0, true), Sample(1, false), Sample(2, true), Sample(3, true)}},
                            {"2", {Sample(0, false), Sample(1, false, true), Sample(2, true), Sample(3, false)}}},
                           4);
  r = JsonRun(one_error);
  REQUIRE(r["metrics"].contains("pass@4"));
  CHECK(r["metrics"]["pass@4"].is_null());
  CHECK(r["metrics"]["pass@2"].is_number());  // every problem has 2 scored samples
  CHECK(r["notes"][0] == "pass@4 is null: 1 problems have fewer than 4 scored samples");
  CHECK(RenderTable({one_error}).find("NOTE: run 7: pass@4 is null") != std::string::npos);

  // A problem not sampled yet has no scored sample either.
  auto unsampled = full;
  unsampled.run_problems = 3;
  unsampled.metrics.min_scored = 0;
  CHECK(JsonRun(unsampled)["metrics"]["pass@4"].is_null());
}

TEST_CASE("the 95% interval of pass@1 stays inside 0 to 1", "[reports][nulls]") {
  auto s = Summary({{"1", {Sample(0, true), Sample(1, true)}}, {"2", {Sample(0, true), Sample(1, false)}}}, 2);
  REQUIRE(s.metrics.pass1 + 1.96 * s.metrics.pass1_stderr > 1);  // 0.75 ± 0.49
  const auto ci = JsonRun(s)["metrics"]["pass@1_ci95"];
  CHECK(ci[0].get<double>() == Approx(0.75 - 1.96 * 0.25));
  CHECK(ci[1].get<double>() == 1.0);
  CHECK(Ci95(0.02, 0.05).first == 0.0);
  CHECK(Ci95(0.02, 0.05).second == Approx(0.118));
}
