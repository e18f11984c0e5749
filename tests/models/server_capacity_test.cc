// ProbeCapacity against fake servers that say their slots the way llama.cpp and SGLang do,
// and against servers that do not say (vLLM, Ollama).
#include "r1/models/server_capacity.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "backend_test_util.h"

namespace r1::models {
namespace {

using testing::FakeServerOptions;
using testing::Reply;
using namespace test;

std::unique_ptr<testing::FakeOpenAiServer> ServerWithPages(
    std::map<std::string, std::string> pages) {
  FakeServerOptions options;
  options.pages = std::move(pages);
  return StartServer(Always(Reply{}), options);
}

}  // namespace

TEST_CASE("llama.cpp's total_slots is read from /props at the server root", "[models][capacity]") {
  // The real page holds much more; total_slots sits at the top level.
  auto server = ServerWithPages(
      {{"/props", R"({"default_generation_settings":{"n_ctx":4096},"total_slots":4,)"
                  R"("model_path":"m.gguf","chat_template":"..."})"},
       {"/v1/props", R"({"total_slots":99})"}});  // must not be asked: /props is not under /v1
  auto capacity = ProbeCapacity({server->base_url()}, "", 1500);
  REQUIRE(capacity.has_value());
  CHECK(capacity->slots == 4);
  CHECK(capacity->source == "llama.cpp GET /props total_slots");
}

TEST_CASE("SGLang's max_running_requests is read from /server_info or /get_server_info",
          "[models][capacity]") {
  auto newer = ServerWithPages(
      {{"/server_info", R"({"model_path":"x","max_running_requests":48,"internal_states":[]})"}});
  auto capacity = ProbeCapacity({newer->base_url()}, "", 1500);
  REQUIRE(capacity.has_value());
  CHECK(capacity->slots == 48);
  CHECK(capacity->source.find("SGLang GET /server_info") != std::string::npos);

  auto older = ServerWithPages({{"/get_server_info", R"({"max_running_requests":12})"}});
  capacity = ProbeCapacity({older->base_url()}, "", 1500);
  REQUIRE(capacity.has_value());
  CHECK(capacity->slots == 12);
  CHECK(capacity->source.find("/get_server_info") != std::string::npos);
}

TEST_CASE("a server that does not say its slots gives no capacity quickly", "[models][capacity]") {
  auto vllm_like = ServerWithPages({});  // 404 for every page but the OpenAI ones
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(ProbeCapacity({vllm_like->base_url()}, "", 1500).has_value());
  // A 404 answers at once: the probe does not wait out its timeout.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1400));
  // Nothing listening at all is no error either.
  CHECK_FALSE(ProbeCapacity({"http://127.0.0.1:" + std::to_string(ClosedPort()) + "/v1"}, "", 500)
                  .has_value());
}

TEST_CASE("replicas' slots are summed only when every replica says",
          "[models][capacity]") {
  auto a = ServerWithPages({{"/props", R"({"total_slots":4})"}});
  auto b = ServerWithPages({{"/props", R"({"total_slots":2})"}});
  auto silent = ServerWithPages({});
  auto both = ProbeCapacity({a->base_url(), b->base_url()}, "", 1500);
  REQUIRE(both.has_value());
  CHECK(both->slots == 6);
  CHECK(both->source.find("summed over 2 endpoints") != std::string::npos);
  CHECK_FALSE(ProbeCapacity({a->base_url(), silent->base_url()}, "", 1500).has_value());
}

TEST_CASE("slot counts that are not positive integers are not believed", "[models][capacity]") {
  CHECK(SlotsFromLlamaProps(R"({"total_slots":8})") == 8);
  CHECK(SlotsFromLlamaProps(R"({"total_slots":0})") == 0);
  CHECK(SlotsFromLlamaProps(R"({"total_slots":-3})") == 0);
  CHECK(SlotsFromLlamaProps(R"({"total_slots":"4"})") == 0);
  CHECK(SlotsFromLlamaProps(R"({"total_slots":2.5})") == 0);
  CHECK(SlotsFromLlamaProps("<html>not json</html>") == 0);
  CHECK(SlotsFromLlamaProps(R"([{"total_slots":4}])") == 0);
  CHECK(SlotsFromSglangServerInfo(R"({"max_running_requests":null})") == 0);
  CHECK(SlotsFromSglangServerInfo(R"({"max_running_requests":256})") == 256);
}

}  // namespace r1::models
