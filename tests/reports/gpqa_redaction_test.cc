// GPQA questions never leave the store: the HTML sample viewer shows Record IDs instead, and the
// model text (which restates them) is withheld from the viewer and export unless asked for.
#include <catch2/catch.hpp>
#include <sstream>

#include "r1/reports/formats.h"

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

TEST_CASE("GPQA model thinking and answers are withheld from the viewer and export unless asked for",
          "[reports][html][gpqa]") {
  r1::testing::TempDir tmp;
  auto store = std::move(*r1::store::Store::Open(tmp / "r1.db"));
  r1::store::RunSpec spec;
  spec.suite = "gpqa-diamond";
  spec.model = "m";
  spec.grader = "choice";
  spec.samples_per_problem = 1;
  auto run = *store->OpenRun(spec, false);
  REQUIRE(store->PutProblems(run.id, {{"recA1", "q", "g", {}}}).has_value());
  // Models restate the question and its options while they think and answer.
  const std::string restated = "The question asks which particle decays into zorblons";
  r1::Completion c;
  c.reasoning = restated + " under pressure; option B, glorpium, fits.";
  c.content = restated + ": the answer is (B) glorpium.";
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
  CHECK(html.find("zorblons") == std::string::npos);
  CHECK(html.find("glorpium") == std::string::npos);
  CHECK(html.find("model output withheld") != std::string::npos);
  std::ostringstream exported;
  REQUIRE(r1::reports::ExportJsonl(*store, run, exported).has_value());
  CHECK(exported.str().find("zorblons") == std::string::npos);
  CHECK(exported.str().find("\"withheld\"") != std::string::npos);
  CHECK(exported.str().find("\"answer\":\"B\"") != std::string::npos);  // the verdict stays

  // Opted in (--include-gpqa-output): the text is there.
  options.include_withheld_output = true;
  auto shown = r1::reports::Summarize(*store, run, options);
  REQUIRE(shown.has_value());
  CHECK(r1::reports::RenderHtml({*shown}).find("glorpium") != std::string::npos);
  std::ostringstream full;
  REQUIRE(r1::reports::ExportJsonl(*store, run, full, /*include_withheld_output=*/true).has_value());
  CHECK(full.str().find("zorblons") != std::string::npos);
}
