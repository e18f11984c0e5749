// Golden files for the Markdown, CSV and JSON reports, and hand-computed numbers behind them.
// R1_UPDATE_GOLDEN=1 rewrites tests/fixtures/reports/ from the current output.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

#include "golden_runs.h"
#include "r1/reports/csv_table.h"
#include "r1/reports/formats.h"
#include "r1/reports/markdown_table.h"

using r1::testing::FixtureStore;
using r1::testing::ReadFile;
namespace reports = r1::reports;

namespace {

reports::ReportOptions GoldenOptions() {
  reports::ReportOptions options;
  options.pricing = *reports::PricingPreset("deepseek-r1");
  options.reference = *reports::LoadReference("r1");
  return options;
}

void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(R1_SOURCE_DIR) + "/tests/fixtures/reports/" + name;
  const char* update = std::getenv("R1_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path);
    return;
  }
  const std::string expected = ReadFile(path);
  if (expected != actual) {
    const std::string out = std::string(R1_BINARY_DIR) + "/" + name + ".actual";
    std::ofstream(out, std::ios::binary) << actual;
    FAIL_CHECK(name << " differs from the golden file; actual output written to " << out
                    << " (diff it; R1_UPDATE_GOLDEN=1 accepts it)");
  }
}

}  // namespace

TEST_CASE("markdown - csv and json reports match their golden files", "[reports][golden]") {
  FixtureStore fx;
  r1::testing::AddGoldenRuns(fx);
  const auto runs = fx.Summaries();
  const auto options = GoldenOptions();
  CheckGolden("report.md", reports::RenderMarkdown(runs, options));
  CheckGolden("report.csv", reports::RenderCsv(runs, options));
  CheckGolden("report.json", reports::RenderJson(runs, options));
}

TEST_CASE("the golden runs' numbers are the hand-computed ones", "[reports][golden]") {
  FixtureStore fx;
  r1::testing::AddGoldenRuns(fx);
  const auto runs = fx.Summaries();
  REQUIRE(runs.size() == 3);
  const auto& d7 = runs[0];
  // Per-problem pass rates 4/4, 3/4, 1/4, 0/4, 2/3 (the errored sample excluded).
  CHECK(d7.metrics.pass1 == Approx((1 + 0.75 + 0.25 + 0 + 2.0 / 3) / 5));
  CHECK(d7.metrics.errors == 1);
  REQUIRE(d7.per_problem.size() == 5);
  CHECK(d7.per_problem[4].scored == 3);
  CHECK(d7.per_problem[4].correct == 2);
  CHECK(d7.per_problem[2].truncated == 1);
  const auto& d = d7.diagnostics;
  CHECK(d.samples == 19);
  CHECK(d.truncated == 1);
  CHECK(d.TruncationRate() == Approx(1.0 / 19));
  CHECK(d.Think(reports::ThinkFormat::kUnclosed) == 1);
  CHECK(d.Think(reports::ThinkFormat::kCompliant) == 18);
  CHECK(d.language_mixed == 1);
  // Right answers: p1 i0-3, p2 i0-2, p3 i0, p5 i0-1 -> tokens 1000..1300, 2000..2200, 3000, 5000, 5100.
  CHECK(d.thinking_correct_n == 10);
  CHECK(d.thinking_tokens_correct ==
        Approx((1000 + 1100 + 1200 + 1300 + 2000 + 2100 + 2200 + 3000 + 5000 + 5100) / 10.0));
  CHECK(d.thinking_source == "completion_tokens");
  CHECK(d.prompt_tokens == 1900);
  // The median of 19 lengths 1000..5200 (5300 errored): the 10th smallest.
  CHECK(d.median_completion_tokens == 3100);

  const auto& math = runs[2];
  CHECK(math.diagnostics.thinking_source == "reasoning_tokens");
  CHECK(math.diagnostics.Think(reports::ThinkFormat::kMalformed) == 0);
  CHECK(math.diagnostics.Think(reports::ThinkFormat::kEmptyThinking) == 1);
  const auto& base = runs[1];
  CHECK(base.diagnostics.Think(reports::ThinkFormat::kNoThinking) == 1);

  // Cost at DeepSeek-R1's price: $0.55 per million prompt tokens, $2.19 per million completion tokens.
  const auto price = *reports::PricingPreset("deepseek-r1");
  CHECK(reports::CostUsd(d, price) == Approx((1900 * 0.55 + d.completion_tokens * 2.19) / 1e6));
}

TEST_CASE("the json report keeps the contract keys and reads back", "[reports][golden]") {
  FixtureStore fx;
  r1::testing::AddGoldenRuns(fx);
  const auto runs = fx.Summaries();
  const std::string text = reports::RenderJson(runs, GoldenOptions());
  auto json = nlohmann::json::parse(text);
  for (const auto& r : json["runs"]) {
    for (const char* key : {"id", "suite", "model", "problems", "samples_per_problem", "metrics", "samples"}) {
      CHECK(r.contains(key));
    }
    const std::string cons = "cons@" + std::to_string(r["samples_per_problem"].get<int>());
    const std::string passk = "pass@" + std::to_string(r["samples_per_problem"].get<int>());
    for (const std::string& key : {std::string("pass@1"), std::string("pass@1_stderr"), cons}) {
      CHECK(r["metrics"].contains(key));
      CHECK(r["metrics"][key].get<double>() >= 0);
      CHECK(r["metrics"][key].get<double>() <= 1);
    }
    for (const char* key : {"total", "errors", "truncated"}) CHECK(r["samples"].contains(key));
    CHECK(r["diagnostics"]["cost_usd"].is_number());
  }
  auto back = reports::ParseJsonReport(text);
  REQUIRE(back);
  REQUIRE(back->size() == runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    CHECK((*back)[i].run.suite == runs[i].run.suite);
    CHECK((*back)[i].run.label == runs[i].run.label);
    CHECK((*back)[i].metrics.pass1 == Approx(runs[i].metrics.pass1));
    CHECK((*back)[i].metrics.pass1_stderr == Approx(runs[i].metrics.pass1_stderr));
    REQUIRE((*back)[i].per_problem.size() == runs[i].per_problem.size());
    CHECK((*back)[i].per_problem[0].correct == runs[i].per_problem[0].correct);
  }
}

TEST_CASE("a report file that is not a report is bad input", "[reports]") {
  CHECK(reports::ParseJsonReport("not json").error().code == r1::ErrorCode::kInvalidArgument);
  CHECK(reports::ParseJsonReport("{\"runs\": 3}").error().code == r1::ErrorCode::kInvalidArgument);
  CHECK(reports::ParseJsonReport("{\"runs\": [{\"suite\": \"x\"}]}").error().code == r1::ErrorCode::kInvalidArgument);
  CHECK(reports::ParseJsonReport("{\"runs\": [{\"suite\": \"x\", \"metrics\": {\"pass@1\": \"high\"}}]}").error().code ==
        r1::ErrorCode::kInvalidArgument);
  auto odd = reports::ParseJsonReport("{\"runs\": [{\"suite\": \"x\", \"metrics\": {\"pass@1\": 0.5, \"pass@x\": 1}}]}");
  REQUIRE(odd);
  CHECK((*odd)[0].metrics.pass_at_k.size() == 1);  // pass@1 only; "pass@x" ignored
  CHECK(reports::ParseJsonReport("{\"runs\": [{\"suite\": 5, \"metrics\": {}}]}").error().code ==
        r1::ErrorCode::kInvalidArgument);
  CHECK(reports::ParseJsonReport(
            "{\"runs\": [{\"suite\": \"x\", \"samples_per_problem\": \"four\", \"metrics\": {\"pass@1\": 0.5}}]}")
            .error()
            .code == r1::ErrorCode::kInvalidArgument);
}

TEST_CASE("csv rows all have the header's columns and fields are quoted", "[reports]") {
  FixtureStore fx;
  r1::testing::AddGoldenRuns(fx);
  const std::string csv = reports::RenderCsv(fx.Summaries(), GoldenOptions());
  auto count_fields = [](const std::string& line) {
    int n = 1;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++n;
    }
    return n;
  };
  std::size_t start = 0;
  int header = -1, lines = 0;
  while (start < csv.size()) {
    std::size_t end = csv.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    const int n = count_fields(csv.substr(start, end - start));
    if (header < 0) header = n;
    CHECK(n == header);
    ++lines;
    start = end + 2;
  }
  CHECK(header == 30);
  CHECK(lines > 4);
  CHECK(reports::CsvField("plain") == "plain");
  CHECK(reports::CsvField("a,b") == "\"a,b\"");
  CHECK(reports::CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(reports::CsvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(reports::CsvField("line\nbreak") == "\"line\nbreak\"");
}
