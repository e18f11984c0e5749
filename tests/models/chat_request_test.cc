#include "chat_request.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace r1::models {

TEST_CASE("chat request body carries the sampling parameters and the messages as given",
          "[models][protocol]") {
  Request request;
  request.model = "deepseek-r1";
  request.messages = {{"user", "What is 1+1?"}, {"assistant", "2"}, {"user", "And 2+2?"}};
  request.params = {.temperature = 0.6, .top_p = 0.95, .max_tokens = 32768, .stream = true};
  const auto body = nlohmann::json::parse(ChatRequestBody(request));
  CHECK(body["model"] == "deepseek-r1");
  CHECK(body["temperature"] == 0.6);
  CHECK(body["top_p"] == 0.95);
  CHECK(body["max_tokens"] == 32768);
  CHECK(body["stream"] == true);
  CHECK(body["stream_options"]["include_usage"] == true);
  // No system prompt is added: R1's recipe puts every instruction in the user turn.
  REQUIRE(body["messages"].size() == 3);
  CHECK(body["messages"][0] == nlohmann::json({{"role", "user"}, {"content", "What is 1+1?"}}));
  CHECK(body["messages"][2]["content"] == "And 2+2?");
}

TEST_CASE("chat request body asks for no stream options when not streaming", "[models][protocol]") {
  Request request;
  request.messages = {{"user", "hi"}};
  request.params.stream = false;
  const auto body = nlohmann::json::parse(ChatRequestBody(request));
  CHECK(body["stream"] == false);
  CHECK_FALSE(body.contains("stream_options"));
}

TEST_CASE("chat request body survives a prompt with invalid UTF-8", "[models][protocol]") {
  Request request;
  request.messages = {{"user", std::string("cut \xE2\x82 here")}};
  const auto body = nlohmann::json::parse(ChatRequestBody(request));
  CHECK(body["messages"][0]["content"].get<std::string>().starts_with("cut "));
}

TEST_CASE("a kept request body is handed out only while prompt - model - parameters and rules match",
          "[models][protocol]") {
  ChatRequestBodies bodies;
  const RequestRules rules;
  RequestRules other_rules;
  other_rules.max_tokens_field = "max_completion_tokens";
  Request request;
  request.model = "m";
  request.messages = {{"user", "Problem 1"}};
  const std::string first = bodies.For(request, rules);
  CHECK(first == ChatRequestBody(request, rules));
  // The next sample of the same problem: only tag and index differ, the body is the same.
  request.tag = 7;
  request.sample_index = 1;
  CHECK(bodies.For(request, rules) == first);
  // Any change that reaches the body makes a new one.
  const auto changed = [&](Request r, const RequestRules& with) {
    const std::string body = bodies.For(r, with);
    CHECK(body == ChatRequestBody(r, with));
    CHECK(body != first);
    CHECK(bodies.For(request, rules) == first);  // and back
  };
  Request r = request;
  r.messages[0].content = "Problem 2";
  changed(r, rules);
  r = request;
  r.messages[0].role = "assistant";
  changed(r, rules);
  r = request;
  r.messages.push_back({"user", "more"});
  changed(r, rules);
  r = request;
  r.model = "m2";
  changed(r, rules);
  r = request;
  r.params.temperature = 0.7;
  changed(r, rules);
  r = request;
  r.params.top_p = 0.9;
  changed(r, rules);
  r = request;
  r.params.max_tokens = 100;
  changed(r, rules);
  r = request;
  r.params.stream = false;
  changed(r, rules);
  changed(request, other_rules);
}

}  // namespace r1::models
