// The dispatcher against servers under load (docs/reference/servers.md, "Under load, restarts
// and queues"): a server that queues, one that goes away and comes back, one that stays away
// past the patience window, and one with a rate budget. Also: waiting costs no CPU.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "runner_harness.h"
#include "thread_clock.h"

using r1::testing::CountingSink;
using r1::testing::FakeOpenAiServer;
using r1::testing::FakeServerOptions;
using r1::testing::FastRetries;
using r1::testing::FixedSuite;
using r1::testing::Harness;
using r1::testing::Reply;
using r1::testing::Since;
using r1::testing::ThreadCpuSeconds;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<r1::Problem> Problems(int n) {
  std::vector<r1::Problem> problems;
  for (int i = 0; i < n; ++i) problems.push_back({std::to_string(i), "q" + std::to_string(i), "1", {}});
  return problems;
}

// A streamed answer that takes about `ms` (8 chunks), so attempts are in flight for a while.
r1::testing::Script Streaming(int ms) {
  return [ms](const nlohmann::json&, std::uint64_t) {
    Reply r;
    r.content = "<think>" + std::string(112, 'x') + "</think> \\boxed{1}";
    r.chunk_chars = 16;
    r.chunk_interval_ms = ms / 8;
    return r;
  };
}

}  // namespace

TEST_CASE("requests queued silently at a 2-slot server are asked exactly once - with no error",
          "[runner][dispatch][queue]") {
  FakeServerOptions queue;
  queue.slots = 2;
  auto server = std::move(*FakeOpenAiServer::Start(
      [](const nlohmann::json&, std::uint64_t) {
        Reply r;
        r.content = "\\boxed{1}";
        r.latency_ms = 250;
        return r;
      },
      queue));
  FixedSuite suite(Problems(4));
  // 16 samples at concurrency 16 on 2 slots: the last pair waits 1.75 s for its first byte,
  // past the 1 s idle timeout, which must not run before the response starts.
  Harness h(server->base_url(), 4, /*idle_timeout_s=*/1);
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(4, 16), sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(progress->retries == 0);
  CHECK(progress->done == 16);
  CHECK(server->chat_requests() == 16);
  CHECK(server->max_queued() >= 10);
}

TEST_CASE("an outage of the only server is survived with no error and at most one resend per "
          "request in flight at the crash",
          "[runner][dispatch][outage]") {
  auto server = std::move(*FakeOpenAiServer::Start(Streaming(400)));
  FixedSuite suite(Problems(40));
  Harness h(server->base_url(), 1);
  CountingSink sink;
  auto options = FastRetries(1, 8);
  std::atomic<std::uint64_t> asked_at_crash{0};
  std::thread outage([&] {
    while (server->chat_requests() < 12) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server->GoDown();  // port refused, the 8 streams in flight cut
    asked_at_crash = server->chat_requests();
    std::this_thread::sleep_for(std::chrono::seconds(2));
    REQUIRE(server->ComeBack().has_value());
  });
  auto progress = h.Run(suite, options, sink);
  outage.join();
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(progress->done == 40);
  CHECK_FALSE(progress->gave_up);
  // Each prompt asked once, plus one resend for each request the crash cut (at most 8).
  int resent = 0;
  for (int i = 0; i < 40; ++i) {
    const int asked = server->requests_for("q" + std::to_string(i));
    INFO("prompt q" << i);
    CHECK(asked >= 1);
    CHECK(asked <= 2);
    resent += asked - 1;
  }
  CHECK(resent <= 8);
  CHECK(server->chat_requests() == 40 + static_cast<std::uint64_t>(resent));
  // A request the server had read but not answered when it went down is invisible to the
  // client: curl resends it on a new connection, which is refused, so no attempt is counted
  // (it never reached a server that answered). The client's retries can fall short of the
  // server's count by those, never exceed it.
  CHECK(progress->retries <= resent);
  CHECK(asked_at_crash >= 12);
}

TEST_CASE("a server down past the patience window: in-flight samples stored as errors - the rest "
          "left unasked and asked by the next run",
          "[runner][dispatch][outage]") {
  auto server = std::move(*FakeOpenAiServer::Start(Streaming(400)));
  FixedSuite suite(Problems(30));
  Harness h(server->base_url(), 1);
  CountingSink sink;
  auto options = FastRetries(1, 4);
  options.patience_s = 1.5;
  std::thread outage([&] {
    while (server->chat_requests() < 6) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server->GoDown();
  });
  const auto start = Clock::now();
  auto progress = h.Run(suite, options, sink);
  outage.join();
  REQUIRE(progress.has_value());
  CHECK(progress->gave_up);
  CHECK(progress->errors >= 1);
  CHECK(progress->errors <= 4);  // only what was in flight at the crash
  CHECK(progress->done + progress->errors + progress->unasked == 30);
  CHECK(progress->unasked >= 20);
  CHECK(Since(start) < 15);
  auto samples = *h.store->Samples(h.run.id);
  CHECK(static_cast<int>(samples.size()) == progress->done + progress->errors);
  for (const auto& s : samples) {
    if (!s.completion.ok()) CHECK(s.completion.error->message.find("--patience") != std::string::npos);
  }

  REQUIRE(server->ComeBack().has_value());
  const auto asked_before = server->chat_requests();
  CountingSink again;
  auto second = h.Run(suite, FastRetries(1, 4), again);
  REQUIRE(second.has_value());
  CHECK(second->errors == 0);
  CHECK(second->done == 30);
  // The rerun asks the errored and the unasked samples, each once.
  CHECK(server->chat_requests() - asked_before ==
        static_cast<std::uint64_t>(progress->errors + progress->unasked));
}

TEST_CASE("waiting for a server that is down costs almost no CPU", "[runner][dispatch][cpu]") {
  auto server = std::move(*FakeOpenAiServer::Start(Streaming(100)));
  server->GoDown();
  FixedSuite suite(Problems(50));
  Harness h(server->base_url(), 1);
  CountingSink sink;
  auto options = FastRetries(1, 8);
  options.patience_s = 3;
  const auto start = Clock::now();
  const double cpu_before = ThreadCpuSeconds();
  auto progress = h.Run(suite, options, sink);
  const double cpu = ThreadCpuSeconds() - cpu_before;
  const double wall = Since(start);
  REQUIRE(progress.has_value());
  CHECK(progress->gave_up);
  CHECK(progress->errors == 0);
  CHECK(progress->unasked == 50);  // attempts refused at the door are not answers: unasked
  CHECK(wall >= 3.0);
  INFO("dispatcher thread CPU " << cpu << " s in " << wall << " s");
  CHECK(cpu < 0.05 * wall);
}

TEST_CASE("a per-window 429 budget is respected: no request while a Retry-After runs",
          "[runner][dispatch][ratelimit]") {
  FakeServerOptions limited;
  limited.rate_budget = 8;
  limited.rate_window_ms = 1000;
  auto server = std::move(*FakeOpenAiServer::Start(
      [](const nlohmann::json&, std::uint64_t) {
        Reply r;
        r.content = "\\boxed{1}";
        r.latency_ms = 40;
        return r;
      },
      limited));
  FixedSuite suite(Problems(24));
  Harness h(server->base_url(), 1);
  CountingSink sink;
  auto options = FastRetries(1, 12);
  options.max_attempts = 20;
  auto progress = h.Run(suite, options, sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(progress->done == 24);
  CHECK(server->rate_limited() >= 1);
  // Every request that arrived after the client had heard a 429 waited out its Retry-After.
  CHECK(server->arrived_during_retry_after() == 0);
  // A 429 halves what the endpoint gets at once; retries kept their slots.
  CHECK(progress->min_concurrency <= 6);
}

TEST_CASE("never more requests at once than the concurrency - a failed attempt keeps its slot "
          "for its retry and a finished one until it is stored",
          "[runner][dispatch][slots]") {
  // Uneven answer times make attempts end one or a few at a time, and turns end early once a
  // few have finished; every fourth request fails at once with a cut JSON chunk (retryable,
  // and not a sign of a down server) and goes to backoff holding its slot: were its slot
  // refilled, its retry would be one request too many.
  auto server = std::move(*FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t seq) {
    Reply r;
    r.content = "<think>" + std::string(64, 'x') + "</think> \\boxed{1}";
    r.latency_ms = 100 + static_cast<int>(seq % 7) * 15;
    if (seq % 4 == 0) {
      r.fault = r1::testing::Fault::kTruncatedJson;
      r.latency_ms = 0;
    }
    return r;
  }));
  FixedSuite suite(Problems(10));
  Harness h(server->base_url(), 6);
  CountingSink sink;
  auto progress = h.Run(suite, FastRetries(8, 6), sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(progress->done == 80);
  CHECK(progress->retries > 10);
  CHECK(server->chat_requests() == static_cast<std::uint64_t>(80 + progress->retries));
  CHECK(server->max_concurrent() <= 6);
  CHECK(server->max_concurrent() >= 5);
}
