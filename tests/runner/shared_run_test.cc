// A grade belongs to the completion stored: when another process stored a sample first (its
// claim had lapsed, or it ran an older r1-eval without claims), this process's discarded
// completion must not be graded onto the kept row (issue 12 item 9, issue 15 item 3).
#include <catch2/catch.hpp>
#include <atomic>
#include <mutex>

#include "runner_harness.h"

using r1::testing::CountingSink;
using r1::testing::FakeOpenAiServer;
using r1::testing::FastRetries;
using r1::testing::FixedSuite;
using r1::testing::Harness;
using r1::testing::Reply;

TEST_CASE("a completion the store discarded is not graded onto the sample it kept",
          "[runner][integration][shared]") {
  std::string db_path;
  std::int64_t run_id = 0;
  std::mutex mu;
  std::atomic<bool> other_stored{false};
  auto server = FakeOpenAiServer::Start([&](const nlohmann::json& req, std::uint64_t) {
    Reply r;
    r.content = "<think>x</think> \\boxed{1}";  // the right answer
    if (req["messages"].back()["content"] == "q0") {
      // Another process answers the same sample first, wrongly, and grades its own answer.
      // Catch's assertions are not for server threads: failures are noted and checked below.
      std::lock_guard lock(mu);
      auto other = r1::store::Store::Open(db_path);
      if (!other) return r;
      r1::Completion c;
      c.content = "<think>y</think> \\boxed{7}";
      c.finish_reason = "stop";
      auto write = (*other)->PutSample(run_id, "p0", 0, c, "");
      if (!write || !write->written) return r;
      auto grader = r1::graders::MakeIntegerGrader();
      r1::Problem p{"p0", "q0", "1", {}};
      if (!(*other)->PutGrade(write->id, grader->GradeCompletion(p, c, ""), grader->Version())) {
        return r;
      }
      other_stored = true;
    }
    return r;
  });
  REQUIRE(server);
  Harness h((*server)->base_url(), 1);
  db_path = h.tmp / "r1.db";
  run_id = h.run.id;
  FixedSuite suite({{"p0", "q0", "1", {}}, {"p1", "q1", "1", {}}});
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(1), sink);
  REQUIRE(progress);
  CHECK(other_stored);
  CHECK(progress->done == 2);
  auto samples = h.store->Samples(h.run.id);
  REQUIRE(samples);
  REQUIRE(samples->size() == 2);
  const auto& kept = (*samples)[0];
  CHECK(kept.problem_id == "p0");
  CHECK(kept.completion.content == "<think>y</think> \\boxed{7}");
  REQUIRE(kept.grade);
  CHECK(kept.grade->extracted == "7");
  CHECK_FALSE(kept.grade->correct);
  REQUIRE((*samples)[1].grade);
  CHECK((*samples)[1].grade->correct);
}

TEST_CASE("a sample another live process stored and is grading is not graded again here",
          "[runner][integration][shared]") {
  auto server = FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) {
    Reply r;
    r.content = "<think>x</think> \\boxed{1}";
    return r;
  });
  REQUIRE(server);
  Harness h((*server)->base_url(), 1);
  FixedSuite suite({{"p0", "q0", "1", {}}, {"p1", "q1", "1", {}}});
  REQUIRE(h.store->PutProblems(h.run.id, suite.Problems()));
  // Another process (alive: this one's pid) claimed p0, stored its answer, and grades it now.
  auto other = r1::store::ClaimOwner::ThisProcess();
  REQUIRE(h.store->ClaimMissing(h.run.id, {{"p0", 0}}, 1, other, 60)->claimed.size() == 1);
  r1::Completion c;
  c.content = "<think>y</think> \\boxed{1}";
  c.finish_reason = "stop";
  REQUIRE(h.store->PutSample(h.run.id, "p0", 0, c, ""));
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(1), sink);
  REQUIRE(progress);
  CHECK((*server)->chat_requests() == 1);  // p1 only
  auto samples = h.store->Samples(h.run.id);
  REQUIRE(samples);
  REQUIRE(samples->size() == 2);
  CHECK_FALSE((*samples)[0].grade);  // left to its process
  CHECK((*samples)[1].grade);
  // Had that process died before grading, its claim ends and the next session grades it.
  REQUIRE(h.store->ReleaseAllClaims(other));
  CountingSink again;
  REQUIRE(h.Run(suite, FastRetries(1), again));
  samples = h.store->Samples(h.run.id);
  REQUIRE(samples);
  CHECK((*samples)[0].grade);
  CHECK((*server)->chat_requests() == 1);
}
