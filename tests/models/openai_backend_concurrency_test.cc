// Many attempts in flight on one thread, InFlight() bookkeeping, AbortAll(), callbacks
// that start new attempts, and Poll() sleeping instead of spinning.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "backend_test_util.h"
#include "thread_clock.h"

namespace r1::models {
namespace {

using testing::Fault;
using testing::Reply;
using namespace test;
using testing::Since;
using testing::ThreadCpuSeconds;
using Clock = std::chrono::steady_clock;

}  // namespace

TEST_CASE("Poll with nothing in flight sleeps for its whole timeout",
          "[models][openai][concurrency][cpu]") {
  auto server = StartServer(Always(Reply{}));
  auto backend = MakeBackend(OptionsFor(*server));
  const double cpu_before = ThreadCpuSeconds();
  const auto start = Clock::now();
  for (int i = 0; i < 4; ++i) backend->Poll(100);
  const double wall = Since(start);
  const double cpu = ThreadCpuSeconds() - cpu_before;
  INFO("polling thread CPU " << cpu << " s in " << wall << " s");
  CHECK(wall >= 0.39);
  CHECK(cpu < 0.1 * wall);
}

TEST_CASE("200 requests waiting silently in the server's queue cost almost no CPU to wait for",
          "[models][openai][concurrency][cpu]") {
  // Each request is answered 1.5 s after it arrives: until then its socket is silent, and
  // Poll() must sleep on all 200 of them rather than look at each again and again.
  Reply reply;
  reply.latency_ms = 1500;
  auto server = StartServer(Always(reply));
  auto backend = MakeBackend(OptionsFor(*server));
  std::vector<Request> requests;
  for (int i = 0; i < 200; ++i) requests.push_back(ChatRequest("q" + std::to_string(i), true, i));
  const double cpu_before = ThreadCpuSeconds();
  const auto start = Clock::now();
  auto done = RunAll(*backend, std::move(requests), std::chrono::seconds(30));
  const double wall = Since(start);
  const double cpu = ThreadCpuSeconds() - cpu_before;
  REQUIRE(done.size() == 200);
  for (const auto& [tag, completion] : done) CHECK(completion.ok());
  INFO("polling thread CPU " << cpu << " s in " << wall << " s");
  CHECK(wall >= 1.5);
  // Connecting, sending and reading 200 answers is a few tens of ms of CPU; spinning through
  // the silent 1.5 s would be all of it.
  CHECK(cpu < 0.25 * wall);
  CHECK(server->chat_requests() == 200);
}

TEST_CASE("300 concurrent slow requests finish together from a single polling thread",
          "[models][openai][concurrency]") {
  Reply reply;
  reply.latency_ms = 200;
  reply.chunk_chars = 8;
  auto server = StartServer(Always(reply));
  auto backend = MakeBackend(OptionsFor(*server));

  constexpr int kRequests = 300;
  std::vector<Request> requests;
  for (int i = 0; i < kRequests; ++i) {
    requests.push_back(ChatRequest("problem " + std::to_string(i), /*stream=*/i % 3 != 0, i));
  }
  const auto start = Clock::now();
  auto done = RunAll(*backend, std::move(requests));
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  REQUIRE(done.size() == kRequests);
  for (const auto& [tag, completion] : done) {
    INFO("tag " << tag);
    REQUIRE(completion.ok());
    CHECK(completion.content == reply.content);
  }
  // Sequentially this would take 60 s; together it is little more than one latency.
  CHECK(elapsed < 2.5);
  CHECK(server->max_concurrent() >= kRequests * 2 / 3);
  CHECK(server->chat_requests() == kRequests);
  CHECK(server->requests_for("problem 17") == 1);
}

TEST_CASE("a second wave of requests reuses the connections of the first",
          "[models][openai][concurrency]") {
  // libcurl's default connection cache holds about four connections per transfer still on the
  // multi handle: as a wave of streams ended together and left it, curl closed most of their
  // connections, and the next wave connected again. At 1,024 streams against the dispatch
  // benchmark's server that was a new connection for nearly every request.
  Reply reply;
  reply.latency_ms = 100;
  auto server = StartServer(Always(reply));
  auto backend = MakeBackend(OptionsFor(*server));
  constexpr int kRequests = 200;
  for (int wave = 0; wave < 2; ++wave) {
    std::vector<Request> requests;
    for (int i = 0; i < kRequests; ++i) requests.push_back(ChatRequest("q", true, i));
    auto done = RunAll(*backend, std::move(requests));
    REQUIRE(done.size() == kRequests);
    for (const auto& [tag, completion] : done) REQUIRE(completion.ok());
  }
  CHECK(server->chat_requests() == 2 * kRequests);
  CHECK(server->chat_connections() <= kRequests + 5);
}

TEST_CASE("InFlight counts started attempts until their callbacks fire",
          "[models][openai][concurrency]") {
  auto server = StartServer(Always(Reply{}));
  auto backend = MakeBackend(OptionsFor(*server));
  CHECK(backend->InFlight() == 0);
  std::size_t seen_inside = 99;
  int fired = 0;
  for (std::uint64_t tag = 0; tag < 3; ++tag) {
    backend->Start(ChatRequest("q", true, tag), [&](std::uint64_t, Completion) {
      ++fired;
      if (fired == 3) seen_inside = backend->InFlight();
    });
  }
  CHECK(backend->InFlight() == 3);
  while (backend->InFlight() > 0) backend->Poll(50);
  CHECK(fired == 3);
  CHECK(seen_inside == 0);  // the attempt whose callback runs no longer counts
}

TEST_CASE("AbortAll drops every attempt without firing a callback",
          "[models][openai][concurrency]") {
  // The first ten requests hang; later ones are answered at once.
  auto server = StartServer([](const nlohmann::json&, std::uint64_t sequence) {
    Reply reply;
    if (sequence <= 10) reply.latency_ms = 5000;
    return reply;
  });
  auto backend = MakeBackend(OptionsFor(*server));
  int fired = 0;
  for (std::uint64_t tag = 0; tag < 10; ++tag) {
    backend->Start(ChatRequest("q", tag % 2 == 0, tag),
                   [&fired](std::uint64_t, Completion) { ++fired; });
  }
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (server->chat_requests() < 10 && Clock::now() < deadline) backend->Poll(20);
  REQUIRE(server->chat_requests() == 10);

  backend->AbortAll();
  CHECK(backend->InFlight() == 0);
  backend->Poll(100);
  CHECK(fired == 0);

  // The backend stays usable afterwards.
  CHECK(RunOne(*backend, ChatRequest("again")).ok());
  CHECK(fired == 0);
}

TEST_CASE("AbortAll from inside a callback drops the answers not yet delivered",
          "[models][openai][concurrency]") {
  auto server = StartServer(Always(Reply{}));
  auto backend = MakeBackend(OptionsFor(*server));
  int fired = 0;
  for (std::uint64_t tag = 0; tag < 5; ++tag) {
    backend->Start(ChatRequest("q", true, tag), [&](std::uint64_t, Completion) {
      ++fired;
      backend->AbortAll();
    });
  }
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (backend->InFlight() > 0 && Clock::now() < deadline) backend->Poll(50);
  CHECK(fired == 1);
  CHECK(backend->InFlight() == 0);
}

TEST_CASE("a callback may start the next attempt - and the server is asked exactly once more",
          "[models][openai][concurrency]") {
  auto server = StartServer([](const nlohmann::json&, std::uint64_t sequence) {
    Reply reply;
    if (sequence == 1) {
      reply.fault = Fault::kStatus;
      reply.status = 503;
    }
    return reply;
  });
  auto backend = MakeBackend(OptionsFor(*server));
  std::vector<Completion> outcomes;
  std::function<void(std::uint64_t, Completion)> on_done = [&](std::uint64_t tag, Completion c) {
    const bool retry = !c.ok() && c.error->code == ErrorCode::kUnavailable;
    outcomes.push_back(std::move(c));
    if (retry) backend->Start(ChatRequest("retry me", true, tag), on_done);
  };
  backend->Start(ChatRequest("retry me", true, 1), on_done);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (backend->InFlight() > 0 && Clock::now() < deadline) backend->Poll(50);
  REQUIRE(outcomes.size() == 2);
  CHECK_FALSE(outcomes[0].ok());
  CHECK(outcomes[1].ok());
  CHECK(server->requests_for("retry me") == 2);
}

}  // namespace r1::models
