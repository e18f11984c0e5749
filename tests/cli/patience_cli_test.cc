// --patience end to end: the real r1-eval against a loopback server that goes away for good.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

void WriteSuite(const TempDir& tmp) {
  tmp.Write("data/aime2024/test.jsonl",
            "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n"
            "{\"id\":2,\"problem\":\"two\",\"answer\":\"5\"}\n"
            "{\"id\":3,\"problem\":\"three\",\"answer\":\"5\"}");
}

}  // namespace

TEST_CASE("a server gone for longer than --patience ends the run with exit 1 - the rest resumable",
          "[cli][integration][patience]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto server = std::move(*FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) {
    Reply r;
    r.content = "<think>" + std::string(96, 'x') + "</think> \\boxed{5}";
    r.chunk_interval_ms = 60;
    return r;
  }));
  std::thread outage([&] {
    while (server->chat_requests() < 6) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server->GoDown();
  });
  auto run = RunR1({"--suite", "aime2024", "--model", server->base_url(), "--data-dir",
                    tmp / "data", "-n", "8", "--concurrency", "4", "--db", "r1.db",
                    "--patience", "1.5s"},
                   tmp.path());
  outage.join();
  INFO(run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("no server answered") != std::string::npos);
  CHECK(run.err.find("never asked") != std::string::npos);

  REQUIRE(server->ComeBack().has_value());
  auto again = RunR1({"--suite", "aime2024", "--model", server->base_url(), "--data-dir",
                      tmp / "data", "-n", "8", "--concurrency", "4", "--db", "r1.db"},
                     tmp.path());
  INFO(again.err);
  CHECK(again.exit_code == 0);
}

TEST_CASE("the patience option takes seconds or a unit and rejects anything else with exit 2",
          "[cli][patience]") {
  TempDir tmp;
  for (const char* bad : {"soon", "-5", "10 parsecs", "5x"}) {
    auto run = RunR1({"--suite", "aime2024", "--model", "mock", "--patience", bad}, tmp.path());
    INFO(bad << ": " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--patience") != std::string::npos);
  }
}
