// Grading off the sampling thread (RunnerOptions::grading_threads) and grading of samples an
// earlier session stored but never graded.
#include <catch2/catch.hpp>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "runner_harness.h"

using r1::testing::CountingSink;
using r1::testing::FakeOpenAiServer;
using r1::testing::FastRetries;
using r1::testing::FixedSuite;
using r1::testing::Harness;
using r1::testing::Reply;

namespace {

// The integer grader, slowed down like a code judge, counting how many grade at once.
class SlowGrader final : public r1::Grader {
 public:
  explicit SlowGrader(int ms) : ms_(ms) {}
  std::string Version() const override { return inner_->Version(); }
  r1::Grade GradeCompletion(const r1::Problem& p, const r1::Completion& c, std::string_view d) const override {
    const int now = ++active_;
    int seen = max_active.load();
    while (now > seen && !max_active.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
    ++graded;
    --active_;
    return inner_->GradeCompletion(p, c, d);
  }
  mutable std::atomic<int> max_active{0};
  mutable std::atomic<int> graded{0};

 private:
  int ms_;
  std::unique_ptr<r1::Grader> inner_ = r1::graders::MakeIntegerGrader();
  mutable std::atomic<int> active_{0};
};

Reply Boxed(const std::string& n) {
  Reply r;
  r.content = "<think>x</think> \\boxed{" + n + "}";
  return r;
}

int Graded(r1::store::Store& store, const r1::store::RunRecord& run, int* correct = nullptr) {
  int n = 0;
  auto samples = store.Samples(run.id);
  REQUIRE(samples);
  for (const auto& s : *samples) {
    if (s.grade) {
      ++n;
      if (correct && s.grade->correct) ++*correct;
    }
  }
  return n;
}

}  // namespace

TEST_CASE("grading threads grade every stored sample - several at once - before the run returns",
          "[runner][grading]") {
  auto server = FakeOpenAiServer::Start([](const nlohmann::json& req, std::uint64_t) {
    return Boxed(req["messages"].back()["content"] == "a" ? "1" : "5");
  });
  Harness h((*server)->base_url(), 4);
  FixedSuite suite({{"a", "a", "1", {}}, {"b", "b", "2", {}}, {"c", "c", "5", {}}});
  SlowGrader grader(60);
  auto options = FastRetries(4);
  options.grading_threads = 3;
  CountingSink sink;
  auto progress = r1::runner::RunSamples(*h.backend, *h.store, h.run, suite, grader, options, sink, sink.interrupted);
  REQUIRE(progress);
  CHECK(progress->done == 12);
  CHECK(progress->grading == 0);
  int correct = 0;
  CHECK(Graded(*h.store, h.run, &correct) == 12);
  CHECK(correct == 8);  // a and c right, b wrong
  CHECK(grader.max_active.load() >= 2);
  CHECK(r1::reports::Summarize(*h.store, h.run)->metrics.pass1 == Approx(2.0 / 3));
}

TEST_CASE("an interrupted session leaves ungraded samples that the next one grades", "[runner][grading]") {
  auto server = FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) { return Boxed("7"); });
  Harness h((*server)->base_url(), 2);
  FixedSuite suite({{"a", "a", "7", {}}, {"b", "b", "7", {}}, {"c", "c", "8", {}}});

  // A sample stored by a session that died before grading it.
  r1::Completion c;
  c.content = "\\boxed{7}";
  c.finish_reason = "stop";
  REQUIRE(h.store->PutProblems(h.run.id, suite.Problems()));
  REQUIRE(h.store->PutSample(h.run.id, "a", 0, c, ""));
  CHECK(Graded(*h.store, h.run) == 0);

  // Interrupted while grading: sampling finished, grades may be missing.
  SlowGrader slow(300);
  auto options = FastRetries(2);
  options.grading_threads = 1;
  CountingSink sink;
  sink.stop_after = 5;
  auto first = r1::runner::RunSamples(*h.backend, *h.store, h.run, suite, slow, options, sink, sink.interrupted);
  REQUIRE_FALSE(first);
  CHECK(first.error().code == r1::ErrorCode::kCancelled);
  const int stored = static_cast<int>(h.store->Samples(h.run.id)->size());
  CHECK(Graded(*h.store, h.run) < stored);

  // The next session samples what is missing and grades every ungraded sample, inline.
  auto inner = r1::graders::MakeIntegerGrader();
  CountingSink again;
  auto second = r1::runner::RunSamples(*h.backend, *h.store, h.run, suite, *inner, FastRetries(2), again,
                                       again.interrupted);
  REQUIRE(second);
  int correct = 0;
  CHECK(Graded(*h.store, h.run, &correct) == 6);
  CHECK(correct == 4);
}

namespace {

// The integer grader behind a judge that fails, for our own reasons, on the first calls for
// each problem: what a sandbox error in the middle of a code run looks like to the runner.
class FailingJudge final : public r1::Grader {
 public:
  explicit FailingJudge(std::map<std::string, int> failures) : failures_(std::move(failures)) {}
  std::string Version() const override { return inner_->Version(); }
  r1::Grade GradeCompletion(const r1::Problem& p, const r1::Completion& c, std::string_view d) const override {
    {
      std::lock_guard lock(mu_);
      if (failures_[p.id] > 0) {
        --failures_[p.id];
        r1::Grade g;
        g.unscored = true;
        g.detail = "IE: sandbox: cgroup: permission denied";
        return g;
      }
    }
    return inner_->GradeCompletion(p, c, d);
  }

 private:
  mutable std::mutex mu_;
  mutable std::map<std::string, int> failures_;
  std::unique_ptr<r1::Grader> inner_ = r1::graders::MakeIntegerGrader();
};

}  // namespace

TEST_CASE("a judge failure mid-run is unscored - left out of every metric - and regrade scores it",
          "[runner][grading][unscored]") {
  // Problem a is always right, b always wrong; the judge fails twice on a and three times on b.
  auto server = FakeOpenAiServer::Start([](const nlohmann::json& req, std::uint64_t) {
    return Boxed(req["messages"].back()["content"] == "a" ? "1" : "5");
  });
  REQUIRE(server);
  Harness h((*server)->base_url(), 4);
  FixedSuite suite({{"a", "a", "1", {}}, {"b", "b", "2", {}}});
  FailingJudge flaky({{"a", 2}, {"b", 3}});
  auto options = FastRetries(4);
  options.grading_threads = 2;
  CountingSink sink;
  auto progress = r1::runner::RunSamples(*h.backend, *h.store, h.run, suite, flaky, options, sink, sink.interrupted);
  REQUIRE(progress);
  REQUIRE(progress->done == 8);

  auto summary = r1::reports::Summarize(*h.store, h.run);
  REQUIRE(summary);
  const auto& m = summary->metrics;
  CHECK(m.total == 8);
  CHECK(m.unscored == 5);
  CHECK(m.errors == 0);
  // Scored: two of a (right), one of b (wrong): pass@1 (1 + 0) / 2. Counted as wrong answers the
  // judge failures would give (2/4 + 0) / 2 = 0.25.
  CHECK(m.pass1 == Approx(0.5));
  CHECK(m.problems_scored == 2);
  CHECK_FALSE(m.PassAt(4).has_value());  // b has 1 scored sample, not 4
  CHECK(summary->per_problem[0].scored == 2);
  CHECK(summary->per_problem[0].unscored == 2);

  // Regrade retries exactly the unscored samples; the judge works now.
  FailingJudge fixed({});
  auto regraded = r1::runner::Regrade(*h.store, h.run, fixed, r1::runner::RegradeScope::kUnscored);
  REQUIRE(regraded);
  CHECK(*regraded == 5);
  auto after = r1::reports::Summarize(*h.store, h.run);
  REQUIRE(after);
  CHECK(after->metrics.unscored == 0);
  CHECK(after->metrics.pass1 == Approx(0.5));
  REQUIRE(after->metrics.PassAt(4));
  CHECK(*after->metrics.PassAt(4) == Approx(0.5));
  // Nothing is left to retry; "all" still regrades every sample.
  CHECK(*r1::runner::Regrade(*h.store, h.run, fixed, r1::runner::RegradeScope::kUnscored) == 0);
  CHECK(*r1::runner::Regrade(*h.store, h.run, fixed) == 8);
}
