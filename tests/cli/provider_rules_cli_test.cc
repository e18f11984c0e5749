// End-to-end: `--model openai:o1` and `--model deepseek:deepseek-reasoner` send what those APIs
// take, and say once at run start what they left out or what the server ignores. The providers'
// APIs are replaced by a loopback server through R1_EVAL_<PROVIDER>_BASE_URL.
#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::FakeServerOptions;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

struct RecordingProvider {
  std::mutex mutex;
  std::vector<nlohmann::json> bodies;
  std::unique_ptr<FakeOpenAiServer> server;

  explicit RecordingProvider(std::string model) {
    FakeServerOptions options;
    options.models = {std::move(model)};
    options.required_api_key = "sk-test-key";
    auto started = FakeOpenAiServer::Start(
        [this](const nlohmann::json& request, std::uint64_t) {
          std::lock_guard lock(mutex);
          bodies.push_back(request);
          Reply r;
          r.content = "\\boxed{5}";
          return r;
        },
        options);
    REQUIRE(started.has_value());
    server = std::move(*started);
  }
};

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("openai:o1 gets max_completion_tokens and no temperature or top_p and says so once",
          "[cli][rules]") {
  TempDir tmp;
  tmp.Write("data/aime2024/test.jsonl",
            "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n"
            "{\"id\":2,\"problem\":\"two\",\"answer\":\"5\"}\n");
  RecordingProvider provider("o1");
  auto run = RunR1({"--suite", "aime2024", "--model", "openai:o1", "--data-dir", tmp / "data",
                    "-n", "3", "--max-tokens", "2048", "--db", "r1.db"},
                   tmp.path(),
                   {"OPENAI_API_KEY=sk-test-key", "R1_EVAL_OPENAI_BASE_URL=" + provider.server->base_url()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(Count(run.err, "o1 (OpenAI reasoning model): temperature and top_p are not sent") == 1);
  std::lock_guard lock(provider.mutex);
  REQUIRE(provider.bodies.size() == 6);
  for (const auto& body : provider.bodies) {
    CHECK(body["model"] == "o1");
    CHECK(body["max_completion_tokens"] == 2048);
    CHECK_FALSE(body.contains("max_tokens"));
    CHECK_FALSE(body.contains("temperature"));
    CHECK_FALSE(body.contains("top_p"));
  }
  // A hosted API is not asked for its slots.
  CHECK(run.err.find("concurrency 64 (default 64") != std::string::npos);
}

TEST_CASE("deepseek:deepseek-reasoner is sent the sampling parameters and the run says they are "
          "ignored",
          "[cli][rules]") {
  TempDir tmp;
  tmp.Write("data/aime2024/test.jsonl", "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n");
  RecordingProvider provider("deepseek-reasoner");
  auto run = RunR1({"--suite", "aime2024", "--model", "deepseek:deepseek-reasoner", "--data-dir",
                    tmp / "data", "-n", "2", "--db", "r1.db"},
                   tmp.path(),
                   {"DEEPSEEK_API_KEY=sk-test-key",
                    "R1_EVAL_DEEPSEEK_BASE_URL=" + provider.server->base_url()});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(Count(run.err, "deepseek-reasoner ignores temperature and top_p") == 1);
  std::lock_guard lock(provider.mutex);
  REQUIRE(provider.bodies.size() == 2);
  for (const auto& body : provider.bodies) {
    CHECK(body["temperature"] == 0.6);
    CHECK(body["top_p"] == 0.95);
    CHECK(body["max_tokens"] == 32768);
  }
}

TEST_CASE("a self-hosted model named like an OpenAI one gets the usual parameters",
          "[cli][rules]") {
  TempDir tmp;
  tmp.Write("data/aime2024/test.jsonl", "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n");
  RecordingProvider server("o1");
  auto run = RunR1({"--suite", "aime2024", "--model", server.server->base_url(), "--data-dir",
                    tmp / "data", "-n", "1", "--db", "r1.db"},
                   tmp.path(), {"R1_EVAL_API_KEY=sk-test-key"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("OpenAI reasoning model") == std::string::npos);
  std::lock_guard lock(server.mutex);
  REQUIRE(server.bodies.size() == 1);
  CHECK(server.bodies[0]["temperature"] == 0.6);
  CHECK(server.bodies[0]["max_tokens"] == 32768);
}
