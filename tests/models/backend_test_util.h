// Helpers for driving a Backend in tests: start requests, poll from this thread until every
// callback fired, and collect the completions by tag.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_openai_server.h"
#include "r1/core/backend.h"
#include "r1/models/openai_backend.h"

namespace r1::models::test {

inline Request ChatRequest(std::string prompt, bool stream = true, std::uint64_t tag = 0) {
  Request request;
  request.model = "fake-model";
  request.messages = {{"user", std::move(prompt)}};
  request.params.stream = stream;
  request.tag = tag;
  return request;
}

/// Starts every request, then polls until all callbacks fired or `limit` passed.
inline std::map<std::uint64_t, Completion> RunAll(
    Backend& backend, std::vector<Request> requests,
    std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  auto done = std::make_shared<std::map<std::uint64_t, Completion>>();
  for (Request& request : requests) {
    backend.Start(std::move(request), [done](std::uint64_t tag, Completion completion) {
      done->emplace(tag, std::move(completion));
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (backend.InFlight() > 0 && std::chrono::steady_clock::now() < deadline) {
    backend.Poll(50);
  }
  return std::move(*done);
}

inline Completion RunOne(Backend& backend, Request request) {
  const std::uint64_t tag = request.tag;
  auto done = RunAll(backend, {std::move(request)});
  REQUIRE(done.count(tag) == 1);
  return std::move(done.at(tag));
}

inline std::unique_ptr<testing::FakeOpenAiServer> StartServer(
    testing::Script script, testing::FakeServerOptions options = {}) {
  auto server = testing::FakeOpenAiServer::Start(std::move(script), std::move(options));
  REQUIRE(server.has_value());
  return std::move(*server);
}

inline testing::Script Always(testing::Reply reply) {
  return [reply](const nlohmann::json&, std::uint64_t) { return reply; };
}

inline EndpointOptions OptionsFor(const testing::FakeOpenAiServer& server) {
  EndpointOptions options;
  options.base_url = server.base_url();
  return options;
}

inline std::unique_ptr<Backend> MakeBackend(const EndpointOptions& options) {
  auto backend = MakeOpenAiBackend(options);
  REQUIRE(backend.has_value());
  return std::move(*backend);
}

/// A port nothing listens on (bound, then closed again).
int ClosedPort();

}  // namespace r1::models::test
