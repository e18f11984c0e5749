// A real store filled with hand-made samples, for report tests: what Summarize reads is what
// a run writes, and every number in the expectations can be worked out by hand.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "r1/reports/run_summary.h"
#include "r1/store/store.h"
#include "support/temp_dir.h"

namespace r1::testing {

struct FixtureSample {
  std::string problem;
  int index = 0;
  std::string content;
  std::string reasoning;
  bool correct = false;
  std::string answer;  ///< extracted; empty: none
  bool truncated = false;
  std::string finish = "stop";
  std::int64_t prompt_tokens = 100;
  std::int64_t completion_tokens = 1000;
  std::int64_t reasoning_tokens = -1;
  bool error = false;
  bool graded = true;
};

class FixtureStore {
 public:
  FixtureStore() : store_(std::move(*store::Store::Open(dir_ / "reports.db"))) {}

  store::Store& store() { return *store_; }
  const TempDir& dir() const { return dir_; }
  std::string db_path() const { return dir_ / "reports.db"; }

  /// A finished run of `suite` with `problems` (id, question, gold) and `samples`.
  store::RunRecord AddRun(const std::string& suite, const std::string& model, const std::string& label, int k,
                          const std::vector<Problem>& problems, const std::vector<FixtureSample>& samples,
                          double temperature = 0.6) {
    store::RunSpec spec;
    spec.suite = suite;
    spec.data_version = "fixture-1";
    spec.model = model;
    spec.endpoint = "http://127.0.0.1:1/v1";
    spec.params.temperature = temperature;
    spec.prompt_version = "r1-math-v1";
    spec.grader = "fixture";
    spec.samples_per_problem = k;
    spec.label = label;
    auto run = store_->OpenRun(spec, /*fresh=*/true);
    REQUIRE(run);
    REQUIRE(store_->PutProblems(run->id, problems));
    for (const auto& s : samples) {
      Completion c;
      c.content = s.content;
      c.reasoning = s.reasoning;
      c.finish_reason = s.finish;
      c.prompt_tokens = s.prompt_tokens;
      c.completion_tokens = s.completion_tokens;
      c.reasoning_tokens = s.reasoning_tokens;
      c.latency_s = 1.5;
      if (s.error) c.error = MakeError(ErrorCode::kUnavailable, "HTTP 503 after 6 attempts");
      auto write = store_->PutSample(run->id, s.problem, s.index, c, "");
      REQUIRE(write);
      if (!s.error && s.graded) {
        Grade g;
        g.extracted = s.answer;
        g.canonical_key = s.answer;
        g.correct = s.correct;
        g.truncated = s.truncated;
        REQUIRE(store_->PutGrade(write->id, g, "fixture-1"));
      }
    }
    REQUIRE(store_->MarkFinished(run->id));
    return *store_->FindRun(std::to_string(run->id));
  }

  /// Every run summarized, with timestamps pinned so rendered output is reproducible.
  std::vector<reports::RunSummary> Summaries(const reports::SummarizeOptions& options = {}) {
    std::vector<reports::RunSummary> out;
    auto runs = store_->Runs();
    REQUIRE(runs);
    for (const auto& r : *runs) {
      auto s = reports::Summarize(*store_, r, options);
      REQUIRE(s);
      s->run.created_at = "2025-01-20T00:00:00Z";
      s->run.finished_at = "2025-01-20T01:00:00Z";
      out.push_back(std::move(*s));
    }
    return out;
  }

 private:
  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

/// `n` AIME-like problems "p1".."pn" in English with gold answers 1..n.
inline std::vector<Problem> EnglishProblems(int n) {
  std::vector<Problem> out;
  for (int i = 1; i <= n; ++i) {
    out.push_back({"p" + std::to_string(i), "Find the number of ordered pairs in case " + std::to_string(i) + ".",
                   std::to_string(i), {}});
  }
  return out;
}

/// An R1-style response: thinking, then a boxed answer.
inline std::string R1Response(const std::string& thought, const std::string& answer) {
  return "<think>\n" + thought + "\n</think>\n\nThe answer is \\boxed{" + answer + "}.";
}

}  // namespace r1::testing
