// Several servers for one model: work spreads by outstanding requests, a dead endpoint is
// benched instead of eating the retries, and the run still completes.
#include <catch2/catch.hpp>

#include "runner_harness.h"

using r1::testing::CountingSink;
using r1::testing::FakeOpenAiServer;
using r1::testing::FakeServerOptions;
using r1::testing::FixedSuite;
using r1::testing::Reply;

namespace {

std::unique_ptr<FakeOpenAiServer> Replica(int latency_ms) {
  return std::move(*FakeOpenAiServer::Start([latency_ms](const nlohmann::json&, std::uint64_t) {
    Reply r;
    r.content = "\\boxed{1}";
    r.latency_ms = latency_ms;
    return r;
  }));
}

std::unique_ptr<r1::Backend> Pool(const std::vector<std::string>& urls) {
  r1::models::EndpointOptions options;
  options.connect_timeout_s = 2;
  return std::move(*r1::models::MakeOpenAiBackend(options, urls));
}

std::vector<r1::Problem> Problems(int n) {
  std::vector<r1::Problem> problems;
  for (int i = 0; i < n; ++i) problems.push_back({std::to_string(i), "q" + std::to_string(i), "1", {}});
  return problems;
}

}  // namespace

TEST_CASE("requests spread over replicas by fewest outstanding", "[runner][integration][endpoints]") {
  auto fast = Replica(10);
  auto slow = Replica(80);
  FixedSuite suite(Problems(40));
  r1::testing::Harness h(fast->base_url(), 4);
  h.backend = Pool({fast->base_url(), slow->base_url()});
  CountingSink sink;
  auto progress = h.Run(suite, r1::testing::FastRetries(4, 16), sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(fast->chat_requests() + slow->chat_requests() == 160);
  // The fast replica finishes sooner, so it has fewer outstanding and gets more of the work.
  CHECK(fast->chat_requests() > slow->chat_requests());
  CHECK(slow->chat_requests() >= 16);
}

TEST_CASE("a dead endpoint is benched and the run completes on the live ones",
          "[runner][integration][endpoints]") {
  auto a = Replica(20);
  auto b = Replica(20);
  FixedSuite suite(Problems(30));
  r1::testing::Harness h(a->base_url(), 4);
  h.backend = Pool({a->base_url(), "http://127.0.0.1:9/v1", b->base_url()});
  CountingSink sink;
  auto options = r1::testing::FastRetries(4, 12);
  auto progress = h.Run(suite, options, sink);
  REQUIRE(progress.has_value());
  CHECK(progress->errors == 0);
  CHECK(a->chat_requests() + b->chat_requests() == 120);
  // Connection refusals before the bench are retried elsewhere; a bench keeps them few.
  CHECK(progress->retries <= 12);
  CHECK(a->chat_requests() >= 40);
  CHECK(b->chat_requests() >= 40);
}
