// Secrets in --model URLs (issue 12.5) and the fail-fast probe in every --model form (12.6),
// end to end through the real binary against loopback servers and a closed port.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::FakeServerOptions;
using r1::testing::ProcessResult;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

constexpr const char* kClosed = "http://127.0.0.1:9/v1";  // discard port: nothing listens

void WriteSuite(const TempDir& tmp) {
  tmp.Write("data/aime2024/test.jsonl",
            "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n"
            "{\"id\":2,\"problem\":\"two\",\"answer\":\"6\"}");
}

std::unique_ptr<FakeOpenAiServer> Server(FakeServerOptions options = {}) {
  return std::move(*FakeOpenAiServer::Start(
      [](const nlohmann::json&, std::uint64_t) {
        Reply r;
        r.content = "<think>t</think>\\boxed{5}";
        return r;
      },
      options));
}

ProcessResult Run(const TempDir& tmp, std::vector<std::string> model_args,
                  const std::vector<std::string>& env = {}) {
  std::vector<std::string> args{"--suite", "aime2024", "--data-dir", tmp / "data",
                                "-n",      "2",        "--db",       "r1.db"};
  args.insert(args.end(), model_args.begin(), model_args.end());
  return RunR1(args, tmp.path(), env);
}

// "http://127.0.0.1:PORT/v1" -> "http://USERINFO@127.0.0.1:PORT/v1"
std::string WithUser(const std::string& url, const std::string& userinfo) {
  return "http://" + userinfo + "@" + url.substr(7);
}

}  // namespace

TEST_CASE("credentials in --model URLs are never stored or printed",
          "[cli][integration][secrets]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto server = Server();
  const std::string secret = "s3cr3t-pw-42";
  auto run = Run(tmp, {"--model", WithUser(server->base_url(), "alice:" + secret)});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("127.0.0.1:" + std::to_string(server->port())) != std::string::npos);
  auto runs = RunR1({"runs", "--db", "r1.db"}, tmp.path());
  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  auto html = RunR1({"report", "--db", "r1.db", "--format", "html", "-o", "r.html"}, tmp.path());
  auto exported = RunR1({"export", "--db", "r1.db"}, tmp.path());
  const std::string everything = run.out + run.err + runs.out + report.out + exported.out +
                                 r1::testing::ReadAll(tmp / "r.html") +
                                 r1::testing::ReadAll(tmp / "r1.db") +
                                 r1::testing::ReadAll(tmp / "r1.db-wal");
  CHECK(everything.find(secret) == std::string::npos);
  CHECK(everything.find("alice") == std::string::npos);

  // Failures print the URL too: a closed port, a URL list, a query key, R1_EVAL_LOCAL_URL.
  for (const std::vector<std::string>& model :
       {std::vector<std::string>{"--model", WithUser(kClosed, "alice:" + secret)},
        std::vector<std::string>{"--model", WithUser(kClosed, "alice:" + secret) + "," +
                                                WithUser("http://127.0.0.1:7/v1", "bob:" + secret)},
        std::vector<std::string>{"--model", std::string(kClosed) + "?api_key=" + secret},
        std::vector<std::string>{"--model", "not-a-url://alice:" + secret + "@host"}}) {
    auto failed = Run(tmp, model);
    INFO(model[1] << "\n" << failed.err);
    CHECK(failed.exit_code != 0);
    CHECK(failed.err.find(secret) == std::string::npos);
  }
  auto local =
      Run(tmp, {"--model", "local"}, {"R1_EVAL_LOCAL_URL=" + WithUser(kClosed, "alice:" + secret)});
  INFO(local.err);
  CHECK(local.exit_code == 3);
  CHECK(local.err.find(secret) == std::string::npos);
  CHECK(local.err.find("127.0.0.1:9") != std::string::npos);
}

TEST_CASE("a key about to cross the network over plain http is warned about",
          "[cli][integration][secrets]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto server = Server();
  // Loopback: no warning.
  auto loopback = Run(tmp, {"--model", server->base_url()}, {"R1_EVAL_API_KEY=sk-test"});
  INFO(loopback.err);
  REQUIRE(loopback.exit_code == 0);
  CHECK(loopback.err.find("plain http") == std::string::npos);
  // 0.0.0.0 is not a loopback name, yet connecting to it stays on this machine (nothing listens
  // on port 9): the warning names the variable, never the key.
  auto remote = Run(tmp, {"--model", "http://0.0.0.0:9/v1"}, {"R1_EVAL_API_KEY=sk-test-key-77"});
  INFO(remote.err);
  CHECK(remote.exit_code == 3);
  CHECK(remote.err.find("R1_EVAL_API_KEY is sent to http://0.0.0.0:9/v1 over plain http") !=
        std::string::npos);
  CHECK(remote.err.find("sk-test-key-77") == std::string::npos);
}

TEST_CASE("no connection is exit 3 within seconds in every --model form",
          "[cli][integration][probe]") {
  TempDir tmp;
  WriteSuite(tmp);
  tmp.Write("endpoints.txt", std::string(kClosed) + "\n# a comment\nhttp://127.0.0.1:7/v1\n");
  for (const std::vector<std::string>& model :
       {std::vector<std::string>{"--model", kClosed},
        // What we saw: with --model-name nothing was probed; every sample became 6 attempts.
        std::vector<std::string>{"--model", kClosed, "--model-name", "some-model"},
        std::vector<std::string>{"--model", std::string(kClosed) + ",http://127.0.0.1:7/v1",
                                 "--model-name", "some-model"},
        std::vector<std::string>{"--model", "@endpoints.txt", "--model-name", "some-model"},
        std::vector<std::string>{"--model", "local", "--model-name", "some-model"}}) {
    auto run = Run(tmp, model, {"R1_EVAL_LOCAL_URL=" + std::string(kClosed)});
    INFO(model[1] << "\n" << run.err);
    CHECK(run.exit_code == 3);
    CHECK(run.seconds < 8);
    CHECK(run.err.find("127.0.0.1:9") != std::string::npos);
    CHECK(run.err.find("run 1") == std::string::npos);  // no run was started
  }
}

TEST_CASE("a refused key is exit 2 at once naming its variable", "[cli][integration][probe]") {
  TempDir tmp;
  WriteSuite(tmp);
  FakeServerOptions options;
  options.required_api_key = "sk-right";
  auto server = Server(options);
  // What we saw: --model-name skipped the probe and every sample stored a 401, exit 1.
  auto wrong = Run(tmp, {"--model", server->base_url(), "--model-name", "fake-model"},
                   {"R1_EVAL_API_KEY=sk-wrong"});
  INFO(wrong.err);
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("HTTP 401") != std::string::npos);
  CHECK(wrong.err.find("R1_EVAL_API_KEY") != std::string::npos);
  CHECK(wrong.err.find("sk-wrong") == std::string::npos);
  auto openai = Run(tmp, {"--model", server->base_url()}, {"OPENAI_API_KEY=sk-wrong"});
  CHECK(openai.exit_code == 2);
  CHECK(openai.err.find("OPENAI_API_KEY") != std::string::npos);
  auto none = Run(tmp, {"--model", server->base_url()});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no API key was sent") != std::string::npos);
  auto local = Run(tmp, {"--model", "local"},
                   {"R1_EVAL_LOCAL_URL=" + server->base_url(), "R1_EVAL_API_KEY=sk-wrong"});
  INFO(local.err);
  CHECK(local.exit_code == 2);
  CHECK(local.err.find("R1_EVAL_API_KEY") != std::string::npos);
  CHECK(server->chat_requests() == 0);
  auto right = Run(tmp, {"--model", server->base_url(), "--model-name", "fake-model"},
                   {"R1_EVAL_API_KEY=sk-right"});
  INFO(right.err);
  CHECK(right.exit_code == 0);
  CHECK(server->chat_requests() == 4);
}

// provider:name is probed like every other form; R1_EVAL_<PROVIDER>_BASE_URL points the provider
// at a loopback server here (as it would at a gateway).
TEST_CASE("provider models are probed too - no connection is exit 3 and a refused key exit 2",
          "[cli][integration][probe]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto closed = Run(tmp, {"--model", "deepseek:deepseek-reasoner"},
                    {"R1_EVAL_DEEPSEEK_BASE_URL=" + std::string(kClosed), "DEEPSEEK_API_KEY=sk-x"});
  INFO(closed.err);
  CHECK(closed.exit_code == 3);
  CHECK(closed.seconds < 8);
  CHECK(closed.err.find("run 1") == std::string::npos);
  FakeServerOptions options;
  options.required_api_key = "sk-right";
  auto server = Server(options);
  auto wrong = Run(tmp, {"--model", "deepseek:fake-model"},
                   {"R1_EVAL_DEEPSEEK_BASE_URL=" + server->base_url(), "DEEPSEEK_API_KEY=sk-wrong"});
  INFO(wrong.err);
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("DEEPSEEK_API_KEY") != std::string::npos);
  CHECK(wrong.err.find("sk-wrong") == std::string::npos);
  CHECK(server->chat_requests() == 0);
  auto right = Run(tmp, {"--model", "deepseek:fake-model"},
                   {"R1_EVAL_DEEPSEEK_BASE_URL=" + server->base_url(), "DEEPSEEK_API_KEY=sk-right"});
  INFO(right.err);
  CHECK(right.exit_code == 0);
  CHECK(server->chat_requests() == 4);
}

TEST_CASE("a server without a model list is probed with a one-token completion",
          "[cli][integration][probe]") {
  TempDir tmp;
  WriteSuite(tmp);
  FakeServerOptions options;
  options.models_list = false;
  auto server = Server(options);
  auto unnamed = Run(tmp, {"--model", server->base_url()});
  CHECK(unnamed.exit_code == 2);
  CHECK(unnamed.err.find("--model-name") != std::string::npos);
  auto named = Run(tmp, {"--model", server->base_url(), "--model-name", "fake-model"});
  INFO(named.err);
  CHECK(named.exit_code == 0);
  CHECK(server->chat_requests() == 1 + 4);  // the probe, then 2 problems x 2 samples
}
