#include "r1/models/mock_backend.h"

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <string>

#include "backend_test_util.h"

namespace r1::models {
namespace {

using namespace test;

// The mock seeds each answer from the sample index; the tag only routes the callback.
Request Sample(std::string prompt, int sample_index) {
  Request request = ChatRequest(std::move(prompt), true, static_cast<std::uint64_t>(sample_index));
  request.sample_index = sample_index;
  return request;
}

std::string BoxedAnswer(const std::string& content) {
  static const std::regex kBoxed(R"(\\boxed\{(\d+)\})");
  std::smatch match;
  REQUIRE(std::regex_search(content, match, kBoxed));
  return match[1];
}

}  // namespace

TEST_CASE("mock backend answers like a reasoning model - with usage and finish reason",
          "[models][mock]") {
  auto backend = MakeMockBackend();
  Completion completion = RunOne(*backend, ChatRequest("Find x if 2x = 10.", true, 3));
  REQUIRE(completion.ok());
  CHECK(completion.content.starts_with("<think>\n"));
  CHECK(completion.content.find("</think>\n\nThe answer is \\boxed{") != std::string::npos);
  CHECK_FALSE(BoxedAnswer(completion.content).empty());
  CHECK(completion.finish_reason == "stop");
  CHECK(completion.served_model == "fake-model");
  CHECK(completion.prompt_tokens > 0);
  CHECK(completion.completion_tokens ==
        static_cast<std::int64_t>(completion.content.size() / 4 + 1));
  CHECK(completion.reasoning_tokens > 0);
  CHECK(completion.reasoning_tokens < completion.completion_tokens);
  CHECK(backend->Describe().find("mock") != std::string::npos);
}

TEST_CASE("mock backend repeats itself for the same prompt and sample index", "[models][mock]") {
  auto first = MakeMockBackend();
  auto second = MakeMockBackend();
  for (int index = 0; index < 20; ++index) {
    Completion a = RunOne(*first, Sample("Compute 17 * 23.", index));
    Request other_tag = Sample("Compute 17 * 23.", index);
    other_tag.tag = 1000 + index;
    Completion b = RunOne(*second, other_tag);
    CHECK(a.content == b.content);
  }
}

TEST_CASE("mock backend samples differ but mostly agree on one answer per problem",
          "[models][mock]") {
  auto backend = MakeMockBackend();
  std::map<std::string, int> votes;
  constexpr int kSamples = 400;
  for (int index = 0; index < kSamples; ++index) {
    ++votes[BoxedAnswer(RunOne(*backend, Sample("How many primes are below 100?", index)).content)];
  }
  int top = 0;
  for (const auto& [answer, count] : votes) top = std::max(top, count);
  CHECK(votes.size() > 10);
  CHECK(top > kSamples / 2);
  CHECK(top < kSamples * 3 / 4);
}

TEST_CASE("mock backend always gives the favourite answer at temperature zero", "[models][mock]") {
  auto backend = MakeMockBackend();
  std::map<std::string, int> votes;
  for (int index = 0; index < 30; ++index) {
    Request request = Sample("Greedy problem", index);
    request.params.temperature = 0;
    ++votes[BoxedAnswer(RunOne(*backend, request).content)];
  }
  CHECK(votes.size() == 1);
}

TEST_CASE("mock backend cuts the output at max_tokens and says length", "[models][mock]") {
  auto backend = MakeMockBackend();
  Request request = ChatRequest("q", true, 1);
  request.params.max_tokens = 5;
  Completion completion = RunOne(*backend, request);
  REQUIRE(completion.ok());
  CHECK(completion.finish_reason == "length");
  CHECK(completion.content.size() == 20);
}

TEST_CASE("mock backend fires callbacks only from Poll and honours AbortAll", "[models][mock]") {
  auto backend = MakeMockBackend();
  int fired = 0;
  backend->Start(ChatRequest("q", true, 1), [&fired](std::uint64_t, Completion) { ++fired; });
  backend->Start(ChatRequest("q", true, 2), [&fired](std::uint64_t, Completion) { ++fired; });
  CHECK(fired == 0);
  CHECK(backend->InFlight() == 2);
  backend->Poll(0);
  CHECK(fired == 2);
  CHECK(backend->InFlight() == 0);

  backend->Start(ChatRequest("q", true, 3), [&fired](std::uint64_t, Completion) { ++fired; });
  backend->AbortAll();
  backend->Poll(0);
  CHECK(fired == 2);
  CHECK(backend->InFlight() == 0);
}

}  // namespace r1::models
