#include <catch2/catch.hpp>
#include <atomic>
#include <map>
#include <mutex>

#include "runner_harness.h"

using r1::testing::CountingSink;
using r1::testing::Fault;
using r1::testing::FakeOpenAiServer;
using r1::testing::FastRetries;
using r1::testing::FixedSuite;
using r1::testing::Harness;
using r1::testing::Reply;

namespace {

// Hands out scripted replies per prompt in arrival order (thread-safe).
class PerPrompt {
 public:
  explicit PerPrompt(std::map<std::string, std::vector<Reply>> plan) : plan_(std::move(plan)) {}
  Reply Next(const nlohmann::json& request) {
    std::string prompt = request["messages"].back()["content"];
    std::lock_guard lock(mutex_);
    auto& replies = plan_.at(prompt);
    int& n = served_[prompt];
    return replies.at(static_cast<std::size_t>(n++) % replies.size());
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<Reply>> plan_;
  std::map<std::string, int> served_;
};

Reply Text(const std::string& content, const std::string& finish = "stop") {
  Reply r;
  r.content = content;
  r.finish_reason = finish;
  r.completion_tokens = 100;
  return r;
}

Reply Reasoned(const std::string& thinking, const std::string& answer) {
  Reply r = Text(answer);
  r.reasoning_content = thinking;
  return r;
}

Reply Failing(Fault fault) {
  Reply r = Text("\\boxed{1}");
  r.fault = fault;
  return r;
}

}  // namespace

TEST_CASE("reported pass@1 - cons@k and pass@k equal hand-computed values", "[runner][integration]") {
  // A: gold 5. Answers 5, 5, 6, 5            -> 3/4 correct, vote 5 (right)
  // B: gold 8. Answers 9, 8, truncated, 9    -> 1/4 correct, vote 9 (wrong)
  // C: gold 1. Unclosed think, no box, 2, 2  -> 0/4 correct, vote 2 (wrong)
  PerPrompt plan({
      {"A", {Text("<think>hm</think>\\boxed{5}"), Reasoned("thinking", "\\boxed{005}"),
             Text("</think>\\boxed{6}"), Text("\\boxed{5}")}},
      {"B", {Text("\\boxed{9}"), Text("<think>x</think>\\boxed{8}"),
             Text("<think>long... \\boxed{8}", "length"), Text("\\boxed{9}")}},
      {"C", {Text("<think>never closed \\boxed{1}"), Text("I do not know."), Text("\\boxed{2}"),
             Text("\\boxed{2}")}},
  });
  auto server = FakeOpenAiServer::Start([&](const nlohmann::json& req, std::uint64_t) {
    return plan.Next(req);
  });
  REQUIRE(server.has_value());
  Harness h((*server)->base_url(), 4);
  FixedSuite suite({{"A", "A", "5", {}}, {"B", "B", "8", {}}, {"C", "C", "1", {}}});
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(4), sink);
  REQUIRE(progress.has_value());
  CHECK(progress->done == 12);
  CHECK(progress->errors == 0);

  auto summary = r1::reports::Summarize(*h.store, h.run);
  REQUIRE(summary.has_value());
  const auto& m = summary->metrics;
  CHECK(m.pass1 == Approx((0.75 + 0.25 + 0.0) / 3));
  double mean = 1.0 / 3;
  double var = ((0.75 - mean) * (0.75 - mean) + (0.25 - mean) * (0.25 - mean) + mean * mean) / 2;
  CHECK(m.pass1_stderr == Approx(std::sqrt(var / 3)));
  CHECK(m.cons == Approx(1.0 / 3));
  // pass@4: A and B have a correct sample, C none.
  CHECK(m.pass_at_k.at(4) == Approx(2.0 / 3));
  CHECK(m.pass_at_k.at(2) == Approx((1.0 + 0.5 + 0.0) / 3));  // B: 1 - C(3,2)/C(4,2) = 0.5
  CHECK(m.truncated == 2);
  CHECK(m.mean_completion_tokens == Approx(100));
  auto samples = *h.store->Samples(h.run.id);
  REQUIRE(samples.size() == 12);
  bool reasoning_kept = false;
  for (const auto& s : samples) reasoning_kept |= s.completion.reasoning == "thinking";
  CHECK(reasoning_kept);
}

TEST_CASE("transient server faults are retried and metrics are those of the real answers",
          "[runner][integration]") {
  auto fault_for = [](std::uint64_t n) -> Reply {
    switch (n) {  // the first requests fail in every way the issue lists, then all succeed
      case 1: { Reply r = Failing(Fault::kStatus); r.status = 429; r.retry_after = "1"; return r; }
      case 2: return Failing(Fault::kStatus);  // 500
      case 3: return Failing(Fault::kDropConnection);
      case 4: return Failing(Fault::kTruncatedJson);
      case 5: { Reply r = Failing(Fault::kStall); r.fault_ms = 3000; return r; }
      case 6: return Failing(Fault::kErrorEventInStream);
      case 7: return Failing(Fault::kWrongContentType);
      case 8: { Reply r = Failing(Fault::kHugeResponse); r.huge_bytes = 2 << 20; return r; }
      case 9: {  // a slow drip is a live server: it must succeed, not be retried
        Reply r = Text("<think>ok</think>\\boxed{7}");
        r.fault = Fault::kSlowDrip;
        r.fault_ms = 300;
        return r;
      }
      default: return Text("<think>ok</think>\\boxed{7}");
    }
  };
  auto server = FakeOpenAiServer::Start([&](const nlohmann::json&, std::uint64_t n) {
    return fault_for(n);
  });
  REQUIRE(server.has_value());
  Harness h((*server)->base_url(), 4, /*idle_timeout_s=*/1, /*max_response_bytes=*/1 << 20);
  FixedSuite suite({{"P", "P", "7", {}}, {"Q", "Q", "8", {}}});
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(4), sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(progress->retries == 8);
  CHECK((*server)->chat_requests() == 8 + 8);
  auto m = r1::reports::Summarize(*h.store, h.run)->metrics;
  CHECK(m.total == 8);
  CHECK(m.errors == 0);
  CHECK(m.pass1 == Approx(0.5));  // P always right (7), Q always wrong (7 != 8)
  CHECK(m.cons == Approx(0.5));
}

TEST_CASE("a sample that keeps failing is stored as an error - never as a wrong answer",
          "[runner][integration]") {
  auto server = FakeOpenAiServer::Start([](const nlohmann::json& req, std::uint64_t) {
    if (req["messages"].back()["content"] == "bad") return Failing(Fault::kStatus);
    return Text("\\boxed{3}");
  });
  Harness h((*server)->base_url(), 2);
  FixedSuite suite({{"good", "good", "3", {}}, {"bad", "bad", "3", {}}});
  CountingSink sink;
  auto options = FastRetries(2);
  options.max_attempts = 3;
  auto progress = h.Run(suite, options, sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 2);
  CHECK((*server)->requests_for("bad") == 2 * 3);
  auto samples = *h.store->Samples(h.run.id);
  int errored = 0;
  for (const auto& s : samples) {
    if (s.problem_id != "bad") continue;
    REQUIRE(s.completion.error.has_value());
    CHECK(s.completion.attempts == 3);
    CHECK_FALSE(s.grade.has_value());
    ++errored;
  }
  CHECK(errored == 2);
  auto m = r1::reports::Summarize(*h.store, h.run)->metrics;
  CHECK(m.errors == 2);
  CHECK(m.problems_scored == 1);
  CHECK(m.pass1 == Approx(1.0));  // the errored problem is excluded, not counted wrong

  // A rerun asks only for the errored samples and replaces them when they succeed.
  auto healed = FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) {
    return Text("\\boxed{3}");
  });
  Harness again((*healed)->base_url(), 2);
  again.store = std::move(h.store);
  again.run = h.run;
  CountingSink sink2;
  auto second = again.Run(suite, FastRetries(2), sink2);
  REQUIRE(second.has_value());
  CHECK((*healed)->chat_requests() == 2);
  auto m2 = r1::reports::Summarize(*again.store, again.run)->metrics;
  CHECK(m2.errors == 0);
  CHECK(m2.total == 4);
  CHECK(m2.pass1 == Approx(1.0));
}

TEST_CASE("a request the server rejects (400) is not retried", "[runner][integration]") {
  auto server = FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) {
    Reply r = Failing(Fault::kStatus);
    r.status = 400;
    r.error_body = R"({"error":{"code":400,"type":"exceed_context_size_error","message":"too long"}})";
    return r;
  });
  Harness h((*server)->base_url(), 1);
  FixedSuite suite({{"P", "P", "1", {}}});
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(1), sink);
  REQUIRE(progress.has_value());
  CHECK((*server)->chat_requests() == 1);
  auto samples = *h.store->Samples(h.run.id);
  REQUIRE(samples.size() == 1);
  REQUIRE(samples[0].completion.error.has_value());
  CHECK(samples[0].completion.error->code == r1::ErrorCode::kRejected);
}

TEST_CASE("an interrupted run resumes and asks only for what is missing", "[runner][integration]") {
  auto server = FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) {
    Reply r = Text("\\boxed{4}");
    r.latency_ms = 20;
    return r;
  });
  std::vector<r1::Problem> problems;
  for (int i = 0; i < 10; ++i) problems.push_back({std::to_string(i), "q" + std::to_string(i), "4", {}});
  FixedSuite suite(problems);
  Harness h((*server)->base_url(), 8);
  CountingSink sink;
  sink.stop_after = 30;
  auto first = h.Run(suite, FastRetries(8, 8), sink);
  REQUIRE_FALSE(first.has_value());
  CHECK(first.error().code == r1::ErrorCode::kCancelled);
  auto stored = h.store->Samples(h.run.id)->size();
  CHECK(stored >= 30);
  CHECK(stored < 80);
  auto asked_first = (*server)->chat_requests();
  CountingSink sink2;
  auto second = h.Run(suite, FastRetries(8, 8), sink2);
  REQUIRE(second.has_value());
  CHECK(second->resumed == static_cast<int>(stored));
  auto samples = *h.store->Samples(h.run.id);
  CHECK(samples.size() == 80);
  // Every pair asked once, plus at most the requests that were in flight at the interruption.
  auto total_asked = (*server)->chat_requests();
  CHECK(total_asked >= 80);
  CHECK(total_asked <= 80 + 8);
  CHECK(total_asked - asked_first == 80 - stored);
}

TEST_CASE("concurrency shrinks on 429s and recovers", "[runner][integration]") {
  // One burst of 429s (all 20 first requests) halves the endpoint's limit once, then 220 quick
  // successes earn it back, one per limit's worth, to the configured maximum.
  std::atomic<int> served{0};
  auto server = FakeOpenAiServer::Start([&](const nlohmann::json&, std::uint64_t n) {
    if (n <= 20) {
      Reply r = Failing(Fault::kStatus);
      r.status = 429;
      r.retry_after = "1";
      return r;
    }
    ++served;
    Reply r = Text("\\boxed{1}");
    r.latency_ms = 2;
    return r;
  });
  std::vector<r1::Problem> problems;
  for (int i = 0; i < 60; ++i) problems.push_back({std::to_string(i), "q" + std::to_string(i), "1", {}});
  FixedSuite suite(problems);
  Harness h((*server)->base_url(), 4);
  CountingSink sink;
  auto options = FastRetries(4, 20);
  options.max_attempts = 10;
  auto progress = h.Run(suite, options, sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(progress->retries == 20);
  CHECK(progress->min_concurrency == 10);  // one cut per burst: 20 / 2
  CHECK(progress->concurrency == 20);      // recovered
  // Retry-After was honoured: none of the 20 retried requests came back before 1 s.
  CHECK(progress->elapsed_s >= 1.0);
}
