// Grading off the sampling thread (RunnerOptions::grading_threads) and grading of samples an
// earlier session stored but never graded.
#include <catch2/catch.hpp>
#include <atomic>
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
