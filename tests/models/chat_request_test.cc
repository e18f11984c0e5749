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

}  // namespace r1::models
