#include "chat_response.h"

#include <catch2/catch.hpp>
#include <string>

namespace r1::models {

TEST_CASE("stream assembler joins deltas - reasoning - finish reason - model and usage",
          "[models][protocol]") {
  StreamAssembler stream;
  const char* chunks[] = {
      R"({"model":"r1.gguf","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]})",
      R"({"model":"r1.gguf","choices":[{"index":0,"delta":{"reasoning_content":"Let me "},"finish_reason":null}]})",
      R"({"model":"r1.gguf","choices":[{"index":0,"delta":{"reasoning_content":"think."}}],"usage":null})",
      R"({"model":"r1.gguf","choices":[{"index":0,"delta":{"content":"<think>x</think> \\boxed{4}"}}]})",
      R"({"model":"r1.gguf","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
      R"({"model":"r1.gguf","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":22,"total_tokens":33,"completion_tokens_details":{"reasoning_tokens":5}}})",
  };
  for (const char* chunk : chunks) REQUIRE(stream.Add(chunk).has_value());
  CHECK(stream.finished());
  CHECK_FALSE(stream.done());
  REQUIRE(stream.Add("[DONE]").has_value());
  CHECK(stream.done());
  const Completion& completion = stream.completion();
  CHECK(completion.content == "<think>x</think> \\boxed{4}");
  CHECK(completion.reasoning == "Let me think.");
  CHECK(completion.finish_reason == "stop");
  CHECK(completion.served_model == "r1.gguf");
  CHECK(completion.prompt_tokens == 11);
  CHECK(completion.completion_tokens == 22);
  CHECK(completion.reasoning_tokens == 5);
}

TEST_CASE("stream assembler reads vLLM's reasoning field and counts a text sent in both names once",
          "[models][protocol]") {
  StreamAssembler stream;
  REQUIRE(stream.Add(R"({"choices":[{"delta":{"reasoning":"a"}}]})").has_value());
  REQUIRE(stream.Add(R"({"choices":[{"delta":{"reasoning":"b","reasoning_content":"b"}}]})"));
  CHECK(stream.completion().reasoning == "ab");
}

TEST_CASE("stream assembler turns an error event into a retryable error with the server's message",
          "[models][protocol]") {
  StreamAssembler stream;
  auto added = stream.Add(
      R"({"error":{"code":500,"message":"Invalid UTF-8 in output","type":"server_error"}})");
  REQUIRE_FALSE(added.has_value());
  CHECK(added.error().code == ErrorCode::kUnavailable);
  CHECK(added.error().message.find("Invalid UTF-8 in output") != std::string::npos);
}

TEST_CASE("stream assembler reports a chunk that is not JSON as data loss", "[models][protocol]") {
  StreamAssembler stream;
  auto added = stream.Add(R"({"choices":[{"delta":{"content":"cu)");
  REQUIRE_FALSE(added.has_value());
  CHECK(added.error().code == ErrorCode::kDataLoss);
  CHECK_FALSE(stream.Add("42").has_value());
}

TEST_CASE("stream assembler ignores whatever follows [DONE]", "[models][protocol]") {
  StreamAssembler stream;
  REQUIRE(stream.Add("[DONE]").has_value());
  CHECK(stream.Add("not json").has_value());
}

TEST_CASE("a non-streaming body gives content - reasoning - finish reason and usage",
          "[models][protocol]") {
  auto completion = ParseChatCompletion(R"({
    "model":"deepseek-reasoner",
    "choices":[{"index":0,"finish_reason":"length",
                "message":{"role":"assistant","content":null,"reasoning_content":"long thought"}}],
    "usage":{"prompt_tokens":3,"completion_tokens":4,"completion_tokens_details":{"reasoning_tokens":4}},
    "timings":{"predicted_per_second":50.0}})");
  REQUIRE(completion.has_value());
  CHECK(completion->content.empty());
  CHECK(completion->reasoning == "long thought");
  CHECK(completion->finish_reason == "length");
  CHECK(completion->served_model == "deepseek-reasoner");
  CHECK(completion->prompt_tokens == 3);
  CHECK(completion->completion_tokens == 4);
  CHECK(completion->reasoning_tokens == 4);
}

TEST_CASE("a non-streaming body that is not a chat completion is data loss", "[models][protocol]") {
  CHECK(ParseChatCompletion("").error().code == ErrorCode::kDataLoss);
  CHECK(ParseChatCompletion(R"({"choices":[{"message":)").error().code == ErrorCode::kDataLoss);
  CHECK(ParseChatCompletion(R"({"choices":[]})").error().code == ErrorCode::kDataLoss);
  CHECK(ParseChatCompletion(R"({"error":{"message":"boom"}})").error().code ==
        ErrorCode::kUnavailable);
}

TEST_CASE("server error messages are read from llama.cpp - vLLM and plain-text bodies",
          "[models][protocol]") {
  CHECK(
      ServerErrorMessage(
          R"({"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":4096}})") ==
      "the request exceeds the available context size (exceed_context_size_error)");
  CHECK(ServerErrorMessage(
            R"({"object":"error","message":"bad model","type":"NotFoundError","code":404})") ==
        "bad model (NotFoundError)");
  CHECK(ServerErrorMessage(R"({"error":"quota exceeded"})") == "quota exceeded");
  CHECK(ServerErrorMessage("<html>\n  <body>Bad   Gateway</body>\n</html>") ==
        "<html> <body>Bad Gateway</body> </html>");
  CHECK(ServerErrorMessage("").empty());
}

TEST_CASE("server error messages are shortened without splitting a UTF-8 character",
          "[models][protocol]") {
  std::string body;
  for (int i = 0; i < 400; ++i) body += "\xC3\xA9";  // é
  const std::string message = ServerErrorMessage(body);
  CHECK(message.size() < 310);
  REQUIRE(message.ends_with("..."));
  const std::string text = message.substr(0, message.size() - 3);
  CHECK(text.size() % 2 == 0);
  CHECK(static_cast<unsigned char>(text.back()) == 0xA9);
}

}  // namespace r1::models
