// GPQA questions never leave the store: the HTML sample viewer shows Record IDs instead.
#include <catch2/catch.hpp>

#include "r1/reports/html_leaderboard.h"
#include "r1/reports/run_summary.h"
#include "r1/store/store.h"
#include "support/temp_dir.h"

TEST_CASE("the html report withholds GPQA question text and gold answers", "[reports][html]") {
  r1::testing::TempDir tmp;
  auto store = std::move(*r1::store::Store::Open(tmp / "r1.db"));
  r1::store::RunSpec spec;
  spec.suite = "gpqa-diamond";
  spec.model = "m";
  spec.grader = "choice";
  spec.samples_per_problem = 1;
  auto run = *store->OpenRun(spec, false);
  const std::string secret = "Which made-up particle decays into zorblons under pressure";
  REQUIRE(store->PutProblems(run.id, {{"recA1", secret, "the zorblon answer", {}}}).has_value());
  r1::Completion c;
  c.content = "Answer: B";
  c.finish_reason = "stop";
  auto write = store->PutSample(run.id, "recA1", 0, c, "");
  REQUIRE(write.has_value());
  r1::Grade g;
  g.extracted = "B";
  g.canonical_key = "opt1";
  REQUIRE(store->PutGrade(write->id, g, "choice-1").has_value());

  r1::reports::SummarizeOptions options;
  options.viewer_samples = 2;
  auto summary = r1::reports::Summarize(*store, run, options);
  REQUIRE(summary.has_value());
  std::string html = r1::reports::RenderHtml({*summary});
  CHECK(html.find("recA1") != std::string::npos);
  CHECK(html.find(secret) == std::string::npos);
  CHECK(html.find("zorblon answer") == std::string::npos);
}
