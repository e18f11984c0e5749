// The OpenAI-compatible backend against the fake server: what is sent and how answers are
// assembled. Faults are in openai_backend_faults_test.cc.
#include <catch2/catch.hpp>
#include <mutex>
#include <string>

#include "backend_test_util.h"

namespace r1::models {
namespace {

using nlohmann::json;
using testing::Reply;
using namespace test;

// Keeps the last request body the fake server received.
struct Recorder {
  std::mutex mutex;
  json last;

  testing::Script Answer(Reply reply) {
    return [this, reply](const json& request, std::uint64_t) {
      std::lock_guard lock(mutex);
      last = request;
      return reply;
    };
  }
};

Reply ReasoningReply() {
  Reply reply;
  reply.reasoning_content = "Two plus two: count four apples. ünïcödé stays whole.";
  reply.content = "<think>inline thoughts</think>\n\nThe answer is \\boxed{4}.";
  reply.finish_reason = "stop";
  reply.model = "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf";
  reply.prompt_tokens = 17;
  reply.completion_tokens = 42;
  reply.reasoning_tokens = 30;
  reply.chunk_chars = 3;
  return reply;
}

}  // namespace

TEST_CASE("a streamed answer is assembled with reasoning - inline think - finish reason and usage",
          "[models][openai]") {
  Recorder recorder;
  auto server = StartServer(recorder.Answer(ReasoningReply()));
  auto backend = MakeBackend(OptionsFor(*server));

  Completion completion = RunOne(*backend, ChatRequest("What is 2+2?", /*stream=*/true, 7));
  REQUIRE(completion.ok());
  CHECK(completion.content == "<think>inline thoughts</think>\n\nThe answer is \\boxed{4}.");
  CHECK(completion.reasoning == "Two plus two: count four apples. ünïcödé stays whole.");
  CHECK(completion.finish_reason == "stop");
  CHECK(completion.served_model == "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf");
  CHECK(completion.prompt_tokens == 17);
  CHECK(completion.completion_tokens == 42);
  CHECK(completion.reasoning_tokens == 30);
  CHECK(completion.latency_s > 0);
  CHECK(completion.attempts == 1);

  std::lock_guard lock(recorder.mutex);
  const json& sent = recorder.last;
  CHECK(sent["model"] == "fake-model");
  CHECK(sent["stream"] == true);
  CHECK(sent["stream_options"]["include_usage"] == true);
  CHECK(sent["temperature"] == 0.6);
  CHECK(sent["top_p"] == 0.95);
  CHECK(sent["max_tokens"] == 32768);
  CHECK(sent["messages"] == json::array({{{"role", "user"}, {"content", "What is 2+2?"}}}));
}

TEST_CASE("a non-streamed answer is assembled the same way", "[models][openai]") {
  Recorder recorder;
  auto server = StartServer(recorder.Answer(ReasoningReply()));
  auto backend = MakeBackend(OptionsFor(*server));

  Completion completion = RunOne(*backend, ChatRequest("What is 2+2?", /*stream=*/false));
  REQUIRE(completion.ok());
  CHECK(completion.content == "<think>inline thoughts</think>\n\nThe answer is \\boxed{4}.");
  CHECK(completion.reasoning == "Two plus two: count four apples. ünïcödé stays whole.");
  CHECK(completion.finish_reason == "stop");
  CHECK(completion.prompt_tokens == 17);
  CHECK(completion.completion_tokens == 42);
  CHECK(completion.reasoning_tokens == 30);

  std::lock_guard lock(recorder.mutex);
  CHECK(recorder.last["stream"] == false);
  CHECK_FALSE(recorder.last.contains("stream_options"));
}

TEST_CASE("the reasoning field of newer vLLM is read like reasoning_content", "[models][openai]") {
  Reply reply;
  reply.reasoning_field = "reasoning";
  reply.reasoning_content = "thinking under the new name";
  reply.content = "\\boxed{1}";
  auto server = StartServer(Always(reply));
  auto backend = MakeBackend(OptionsFor(*server));
  for (bool stream : {true, false}) {
    Completion completion = RunOne(*backend, ChatRequest("q", stream));
    REQUIRE(completion.ok());
    CHECK(completion.reasoning == "thinking under the new name");
    CHECK(completion.content == "\\boxed{1}");
  }
}

TEST_CASE("a truncated generation keeps finish_reason length and its partial reasoning",
          "[models][openai]") {
  Reply reply;
  reply.content = "";
  reply.reasoning_content = "still thinking when the budget ran out";
  reply.finish_reason = "length";
  auto server = StartServer(Always(reply));
  auto backend = MakeBackend(OptionsFor(*server));
  Completion completion = RunOne(*backend, ChatRequest("q"));
  REQUIRE(completion.ok());
  CHECK(completion.finish_reason == "length");
  CHECK(completion.content.empty());
  CHECK(completion.reasoning == "still thinking when the budget ran out");
}

TEST_CASE("the API key is sent as a bearer token and never shown by Describe", "[models][openai]") {
  testing::FakeServerOptions options;
  options.required_api_key = "sk-test-0123456789";
  auto server = StartServer(Always(Reply{}), options);

  EndpointOptions with_key = OptionsFor(*server);
  with_key.api_key = "sk-test-0123456789";
  auto backend = MakeBackend(with_key);
  CHECK(RunOne(*backend, ChatRequest("q")).ok());
  CHECK(backend->Describe().find("sk-test") == std::string::npos);
  CHECK(backend->Describe().find(server->base_url()) != std::string::npos);

  EndpointOptions wrong_key = OptionsFor(*server);
  wrong_key.api_key = "sk-wrong-key";
  auto refused = RunOne(*MakeBackend(wrong_key), ChatRequest("q"));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error->code == ErrorCode::kRejected);
  CHECK(refused.error->message.find("401") != std::string::npos);
  CHECK(refused.error->message.find("sk-wrong-key") == std::string::npos);

  auto anonymous = RunOne(*MakeBackend(OptionsFor(*server)), ChatRequest("q"));
  REQUIRE_FALSE(anonymous.ok());
  CHECK(anonymous.error->code == ErrorCode::kRejected);
}

TEST_CASE("credentials in the base URL are kept out of Describe", "[models][openai]") {
  EndpointOptions options;
  options.base_url = "http://user:secret@127.0.0.1:9/v1/";
  auto backend = MakeBackend(options);
  CHECK(backend->Describe().find("secret") == std::string::npos);
  CHECK(backend->Describe().find("http://127.0.0.1:9/v1") != std::string::npos);
}

TEST_CASE("a base URL that is not http(s) is refused up front", "[models][openai]") {
  EndpointOptions options;
  for (const char* url : {"127.0.0.1:8000/v1", "ftp://host/v1", "http://", "http:///v1"}) {
    options.base_url = url;
    auto backend = MakeOpenAiBackend(options);
    INFO(url);
    REQUIRE_FALSE(backend.has_value());
    CHECK(backend.error().code == ErrorCode::kInvalidArgument);
  }
}

}  // namespace r1::models
