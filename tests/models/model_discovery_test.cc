// ListModels and DiscoverLocal against fake servers on ephemeral ports.
#include "model_discovery.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "backend_test_util.h"

namespace r1::models {
namespace {

using testing::FakeServerOptions;
using testing::Reply;
using namespace test;
using Clock = std::chrono::steady_clock;

std::unique_ptr<testing::FakeOpenAiServer> ServerWithModels(std::vector<std::string> models,
                                                            int latency_ms = 0) {
  FakeServerOptions options;
  options.models = std::move(models);
  options.models_latency_ms = latency_ms;
  return StartServer(Always(Reply{}), options);
}

std::string ClosedUrl() { return "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/v1"; }

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

TEST_CASE("ListModels returns the served ids in the server's order", "[models][discovery]") {
  auto server = ServerWithModels({"deepseek-r1-distill-qwen-1.5b", "qwq-32b"});
  auto models = ListModels(OptionsFor(*server), 1500);
  REQUIRE(models.has_value());
  CHECK(*models == std::vector<std::string>{"deepseek-r1-distill-qwen-1.5b", "qwq-32b"});
}

TEST_CASE("ListModels sends the key and reports a refused one as rejected", "[models][discovery]") {
  FakeServerOptions options;
  options.required_api_key = "sk-secret-key";
  auto server = StartServer(Always(Reply{}), options);
  EndpointOptions endpoint = OptionsFor(*server);
  endpoint.api_key = "sk-secret-key";
  CHECK(ListModels(endpoint, 1500).has_value());

  endpoint.api_key = "sk-other-key";
  auto refused = ListModels(endpoint, 1500);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::kRejected);
  CHECK(refused.error().message.find("401") != std::string::npos);
  CHECK(refused.error().message.find("sk-other-key") == std::string::npos);
}

TEST_CASE("ListModels on a closed port is unavailable and names the URL", "[models][discovery]") {
  EndpointOptions endpoint;
  endpoint.base_url = ClosedUrl();
  auto models = ListModels(endpoint, 1500);
  REQUIRE_FALSE(models.has_value());
  CHECK(models.error().code == ErrorCode::kUnavailable);
  CHECK(models.error().message.find(endpoint.base_url + "/models") != std::string::npos);
  CHECK(models.error().message.find("refused") != std::string::npos);
}

TEST_CASE("DiscoverLocal uses the override URL when given", "[models][discovery]") {
  auto server = ServerWithModels({"local-model"});
  auto found = DiscoverLocal(server->base_url(), "", 1500);
  REQUIRE(found.has_value());
  CHECK(found->base_url == server->base_url());
  CHECK(found->models == std::vector<std::string>{"local-model"});

  // A bare host:port means the server root; the API lives under /v1.
  const std::string root = "http://127.0.0.1:" + std::to_string(server->port());
  auto from_root = DiscoverLocal(root, "", 1500);
  REQUIRE(from_root.has_value());
  CHECK(from_root->base_url == server->base_url());
}

TEST_CASE("DiscoverLocal on a closed port fails fast with a paragraph that names the URL",
          "[models][discovery]") {
  const std::string url = ClosedUrl();
  const auto start = Clock::now();
  auto found = DiscoverLocal(url, "", 1500);
  CHECK(Seconds(Clock::now() - start) < 2.0);
  REQUIRE_FALSE(found.has_value());
  CHECK(found.error().code == ErrorCode::kUnavailable);
  const std::string& message = found.error().message;
  CHECK(message.find(url) != std::string::npos);
  CHECK(message.find("connection refused") != std::string::npos);
  CHECK(message.find("R1_EVAL_LOCAL_URL") != std::string::npos);
  CHECK(message.find("--model URL") != std::string::npos);
  CHECK(message.find("vllm serve deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B") != std::string::npos);
  CHECK(message.find("llama-server -m model.gguf --port 8080") != std::string::npos);
  CHECK(message.find("ollama serve") != std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("discovery picks the first candidate in order that lists a model - not the fastest",
          "[models][discovery]") {
  auto no_models = ServerWithModels({});  // a server with no model loaded is skipped
  auto slow = ServerWithModels({"slow-model"}, 300);
  auto fast = ServerWithModels({"fast-model"});
  const std::vector<Candidate> candidates = {{ClosedUrl(), "vLLM"},
                                             {no_models->base_url(), "SGLang"},
                                             {slow->base_url(), "llama.cpp"},
                                             {fast->base_url(), "Ollama"}};
  const auto start = Clock::now();
  auto found = FirstServerAnswering(candidates, "", 1500);
  REQUIRE(found.has_value());
  CHECK(found->base_url == slow->base_url());
  CHECK(found->models == std::vector<std::string>{"slow-model"});
  CHECK(Seconds(Clock::now() - start) < 1.2);
}

TEST_CASE("discovery reports what each candidate said when none lists a model",
          "[models][discovery]") {
  FakeServerOptions hanging;
  hanging.models_latency_ms = 5000;
  auto slow = StartServer(Always(Reply{}), hanging);
  auto wrong_path = ServerWithModels({"m"});
  const std::string closed = ClosedUrl();
  const std::vector<Candidate> candidates = {
      {closed, "vLLM"},
      {slow->base_url(), "SGLang"},
      {"http://127.0.0.1:" + std::to_string(wrong_path->port()) + "/nowhere", "llama.cpp"}};
  const auto start = Clock::now();
  auto found = FirstServerAnswering(candidates, "", 400);
  CHECK(Seconds(Clock::now() - start) < 1.5);
  REQUIRE_FALSE(found.has_value());
  const std::string& message = found.error().message;
  CHECK(message.find(closed + " (vLLM: connection refused)") != std::string::npos);
  CHECK(message.find(slow->base_url() + " (SGLang: no answer within 400 ms)") != std::string::npos);
  CHECK(message.find("/nowhere (llama.cpp: HTTP 404") != std::string::npos);
}

}  // namespace r1::models
