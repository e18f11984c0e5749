// End-to-end: the default concurrency follows the slots the server says it has, --concurrency
// still wins, and the run says which it used and why.
#include <catch2/catch.hpp>
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

// One AIME-shaped problem; every answer takes a while, so requests overlap as much as allowed.
std::unique_ptr<FakeOpenAiServer> SlowServer(std::map<std::string, std::string> pages) {
  FakeServerOptions options;
  options.pages = std::move(pages);
  auto server = FakeOpenAiServer::Start(
      [](const nlohmann::json&, std::uint64_t) {
        Reply r;
        r.content = "<think>t</think>\\boxed{5}";
        r.latency_ms = 150;
        return r;
      },
      options);
  REQUIRE(server.has_value());
  return std::move(*server);
}

std::vector<std::string> RunArgs(const TempDir& tmp, const FakeOpenAiServer& server, int k) {
  tmp.Write("data/aime2024/test.jsonl", "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n");
  return {"--suite", "aime2024", "--model", server.base_url(), "--data-dir", tmp / "data",
          "-n", std::to_string(k), "--db", "r1.db"};
}

}  // namespace

TEST_CASE("without --concurrency a llama.cpp server's slots plus a small queue are kept busy",
          "[cli][concurrency]") {
  TempDir tmp;
  auto server = SlowServer({{"/props", R"({"total_slots":2})"}});
  auto run = RunR1(RunArgs(tmp, *server, 24), tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("concurrency 4 (2 slots (llama.cpp GET /props total_slots) + 2 queued)") !=
        std::string::npos);
  CHECK(server->chat_requests() == 24);
  CHECK(server->max_concurrent() <= 4);
  CHECK(server->max_concurrent() >= 2);  // more than one at a time: the queue is used
  // The progress line shows the limit beside what is in flight.
  CHECK(run.err.find("in flight 0/4") != std::string::npos);
}

TEST_CASE("an explicit --concurrency wins over the server's slots and the run says both",
          "[cli][concurrency]") {
  TempDir tmp;
  auto server = SlowServer({{"/server_info", R"({"max_running_requests":16})"}});
  auto args = RunArgs(tmp, *server, 12);
  args.insert(args.end(), {"--concurrency", "3"});
  auto run = RunR1(args, tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("concurrency 3 (--concurrency; the server runs 16 at once (SGLang GET "
                     "/server_info max_running_requests))") != std::string::npos);
  CHECK(server->max_concurrent() <= 3);
}

TEST_CASE("a server that does not say its slots gets the default 64 and the run says so",
          "[cli][concurrency]") {
  TempDir tmp;
  auto server = SlowServer({});
  auto run = RunR1(RunArgs(tmp, *server, 4), tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("concurrency 64 (default 64: the server does not say how many requests it "
                     "runs at once") != std::string::npos);
}

namespace {

// What r1-eval keeps beside its connections for a suite that judges no code
// (concurrency_choice.h); a code suite adds 16 per CPU for the sandbox.
constexpr int kBeside = 128;

// The hard open-file limit of this test process, which the children inherit.
rlim_t HardOpenFiles() {
  rlimit limit{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &limit) == 0);
  return limit.rlim_max;
}

}  // namespace

TEST_CASE("a soft open-file limit below the concurrency is raised - every request gets its "
          "connection",
          "[cli][concurrency]") {
  // A shell's usual soft limit is 1,024; here 100, far below 300 connections. Without raising
  // it, connections beyond ~90 cannot be opened and the run only goes slower, silently.
  const rlim_t hard = HardOpenFiles();
  INFO("hard open-file limit " << hard);
  REQUIRE((hard == RLIM_INFINITY || hard >= 300 + static_cast<rlim_t>(kBeside)));
  TempDir tmp;
  auto server = SlowServer({});
  auto args = RunArgs(tmp, *server, 300);
  args.insert(args.end(), {"--concurrency", "300"});
  auto run = RunR1(args, tmp.path(), {}, std::pair<rlim_t, rlim_t>{100, hard});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("concurrency 300 (--concurrency)\n") != std::string::npos);
  CHECK(server->chat_requests() == 300);
  CHECK(server->max_concurrent() > 150);  // at most ~90 with the soft limit left at 100
}

TEST_CASE("a hard open-file limit below the concurrency lowers it and the run says why",
          "[cli][concurrency]") {
  TempDir tmp;
  auto server = SlowServer({});
  auto args = RunArgs(tmp, *server, 300);
  args.insert(args.end(), {"--concurrency", "300"});
  // Room for 60 connections beside what the store, libcurl and the sandbox keep.
  const int limit = kBeside + 60;
  auto run = RunR1(args, tmp.path(), {},
                   std::pair<rlim_t, rlim_t>{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("concurrency 60 (--concurrency; lowered from 300: the open-file limit is " +
                     std::to_string(limit) + " (ulimit -Hn) and each request holds a connection)") !=
        std::string::npos);
  CHECK(run.err.find("in flight 0/60") != std::string::npos);
  CHECK(server->chat_requests() == 300);
  CHECK(server->max_concurrent() <= 60);
  CHECK(run.err.find("errors 0") != std::string::npos);
}
