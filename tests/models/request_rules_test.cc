// Provider rules: the table's answers, and the bodies a real transfer sends under them to a
// loopback server.
#include "r1/models/request_rules.h"

#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

#include "backend_test_util.h"
#include "chat_request.h"

namespace r1::models {
namespace {

using namespace test;

// A loopback server that keeps every chat request body it receives.
struct RecordingServer {
  std::mutex mutex;
  std::vector<nlohmann::json> bodies;
  std::unique_ptr<testing::FakeOpenAiServer> server;

  RecordingServer() {
    server = StartServer([this](const nlohmann::json& request, std::uint64_t) {
      std::lock_guard lock(mutex);
      bodies.push_back(request);
      return testing::Reply{};
    });
  }
};

nlohmann::json SentBody(const RequestRules& rules, bool stream) {
  RecordingServer recording;
  EndpointOptions options = OptionsFor(*recording.server);
  options.rules = rules;
  auto backend = MakeBackend(options);
  Request request = ChatRequest("What is 1+1?", stream);
  request.params.temperature = 0.6;
  request.params.top_p = 0.95;
  request.params.max_tokens = 1234;
  const Completion completion = RunOne(*backend, request);
  REQUIRE_FALSE(completion.error.has_value());
  std::lock_guard lock(recording.mutex);
  REQUIRE(recording.bodies.size() == 1);
  return recording.bodies.front();
}

}  // namespace

TEST_CASE("OpenAI's o-series and GPT-5 reasoning models get max_completion_tokens and no sampling",
          "[models][rules]") {
  for (const char* model : {"o1", "o1-mini", "o1-2024-12-17", "o3", "o3-mini", "o4-mini", "gpt-5",
                            "gpt-5-mini", "gpt-5.1"}) {
    INFO(model);
    const RequestRules rules = RulesFor("openai", model);
    CHECK(rules.max_tokens_field == "max_completion_tokens");
    CHECK_FALSE(rules.send_temperature);
    CHECK_FALSE(rules.send_top_p);
    CHECK(rules.notice.starts_with(std::string(model) + " (OpenAI reasoning model)"));
  }
  // Ordinary chat models, GPT-5's chat variant, and names that only look alike keep the defaults.
  for (const char* model : {"gpt-4o", "gpt-4.1-mini", "gpt-5-chat-latest", "o1x", "omni"}) {
    INFO(model);
    const RequestRules rules = RulesFor("openai", model);
    CHECK(rules.max_tokens_field == "max_tokens");
    CHECK(rules.send_temperature);
    CHECK(rules.send_top_p);
    CHECK(rules.notice.empty());
  }
}

TEST_CASE("rules belong to a provider: the same name elsewhere gets the defaults",
          "[models][rules]") {
  // A local server may serve a model called o1; it takes the usual parameters.
  CHECK(RulesFor("", "o1").send_temperature);
  CHECK(RulesFor("", "o1").max_tokens_field == "max_tokens");
  // OpenRouter translates parameters itself.
  CHECK(RulesFor("openrouter", "openai/o1").send_temperature);
}

TEST_CASE("DeepSeek's reasoner is sent every parameter and the run is told they are ignored",
          "[models][rules]") {
  const RequestRules reasoner = RulesFor("deepseek", "deepseek-reasoner");
  CHECK(reasoner.send_temperature);
  CHECK(reasoner.send_top_p);
  CHECK(reasoner.max_tokens_field == "max_tokens");
  CHECK(reasoner.notice.find("deepseek-reasoner ignores temperature and top_p") == 0);
  CHECK(RulesFor("deepseek", "deepseek-chat").notice.empty());
}

TEST_CASE("a base URL names its provider only when the host is the provider's",
          "[models][rules]") {
  CHECK(ProviderOfUrl("https://api.openai.com/v1") == "openai");
  CHECK(ProviderOfUrl("https://api.deepseek.com") == "deepseek");
  CHECK(ProviderOfUrl("https://api.deepseek.com/v1") == "deepseek");
  CHECK(ProviderOfUrl("https://openrouter.ai/api/v1") == "openrouter");
  CHECK(ProviderOfUrl("https://api.openai.com.example.net/v1").empty());
  CHECK(ProviderOfUrl("http://api.openai.com/v1").empty());  // not the real API
  CHECK(ProviderOfUrl("http://127.0.0.1:8000/v1").empty());
}

TEST_CASE("the body a transfer sends follows the rules it was given", "[models][rules]") {
  for (bool stream : {true, false}) {
    INFO("stream " << stream);
    const nlohmann::json o1 = SentBody(RulesFor("openai", "o1"), stream);
    CHECK(o1["max_completion_tokens"] == 1234);
    CHECK_FALSE(o1.contains("max_tokens"));
    CHECK_FALSE(o1.contains("temperature"));
    CHECK_FALSE(o1.contains("top_p"));
    CHECK(o1["messages"][0]["content"] == "What is 1+1?");

    const nlohmann::json plain = SentBody(RequestRules{}, stream);
    CHECK(plain["max_tokens"] == 1234);
    CHECK_FALSE(plain.contains("max_completion_tokens"));
    CHECK(plain["temperature"] == 0.6);
    CHECK(plain["top_p"] == 0.95);
  }
}

TEST_CASE("the request builder leaves out exactly what the rules leave out", "[models][rules]") {
  Request request;
  request.messages = {{"user", "hi"}};
  RequestRules only_top_p;
  only_top_p.send_temperature = false;
  const auto body = nlohmann::json::parse(ChatRequestBody(request, only_top_p));
  CHECK_FALSE(body.contains("temperature"));
  CHECK(body.contains("top_p"));
  CHECK(body.contains("max_tokens"));
}

}  // namespace r1::models
