// End-to-end: `r1-eval --serve CMD` with small shell commands that start slowly, die early, never
// answer or ignore SIGTERM, and an r1-eval that is interrupted or killed. After every one of them
// no process of the server's process group may be left alive.
#include <netinet/in.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <thread>

#include "fake_openai_server.h"
#include "process.h"
#include "r1/models/served_process.h"
#include "support/temp_dir.h"

using r1::models::LiveGroupMembers;
using r1::testing::Child;
using r1::testing::ReadFile;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

// A port nothing listens on right now, for the served server to take.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool PortOpen(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return open;
}

std::string FakeServer(int port, const std::string& extra = "") {
  return std::string(R1_BINARY_DIR) + "/tests/support/r1-fake-server --port " +
         std::to_string(port) + " " + extra;
}

std::string Url(int port) { return "http://127.0.0.1:" + std::to_string(port) + "/v1"; }

void WriteSuite(const TempDir& tmp) {
  tmp.Write("data/aime2024/test.jsonl",
            "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n"
            "{\"id\":2,\"problem\":\"two\",\"answer\":\"6\"}\n");
}

std::vector<std::string> Args(const TempDir& tmp, const std::string& model,
                              const std::string& serve) {
  return {"--suite", "aime2024", "--model", model, "--data-dir", tmp / "data", "-n", "3",
          "--db",    "r1.db",    "--serve", serve};
}

// The process group r1-eval reported for the server.
int GroupFrom(const std::string& err) {
  std::smatch match;
  REQUIRE(std::regex_search(err, match, std::regex("process group ([0-9]+)")));
  return std::stoi(match[1]);
}

// True once no process of the group is alive, waiting up to `limit` for it.
bool GroupGone(int group, std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!LiveGroupMembers(group).empty()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

bool WaitForText(const std::string& path, const std::string& text,
                 std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (ReadFile(path).find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace

TEST_CASE("serve: a slow server is waited for then evaluated then stopped", "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  const int port = FreePort();
  // Loads for 1.5 s, then serves; it says it runs 2 requests at once, like llama.cpp.
  const std::string command =
      "echo loading weights; sleep 1.5; exec " + FakeServer(port, "--page '/props={\"total_slots\":2}'");
  auto run = RunR1(Args(tmp, "local", command), tmp.path(), {"R1_EVAL_LOCAL_URL=" + Url(port)});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("output in r1.db.serve.log") != std::string::npos);
  CHECK(run.err.find(Url(port) + " answers after") != std::string::npos);
  CHECK(run.err.find("concurrency 4 (2 slots (llama.cpp GET /props total_slots)") !=
        std::string::npos);
  CHECK(run.err.find("stopped the server (SIGTERM") != std::string::npos);
  CHECK(run.out.find("aime2024") != std::string::npos);
  CHECK(GroupGone(GroupFrom(run.err)));
  const std::string log = ReadFile(tmp / "r1.db.serve.log");
  CHECK(log.find("==== r1-eval --serve") != std::string::npos);
  CHECK(log.find("loading weights") != std::string::npos);
  CHECK(log.find("listening on " + Url(port)) != std::string::npos);
  // The server is gone: its port refuses.
  CHECK_FALSE(PortOpen(port));
}

TEST_CASE("serve: a server that dies before answering shows its log and exits 3",
          "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  const int port = FreePort();
  auto run = RunR1(
      Args(tmp, Url(port), "echo 'loading model'; echo 'CUDA error: out of memory' >&2; exit 7"),
      tmp.path());
  INFO(run.err);
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("exited with status 7 before it answered /v1/models") != std::string::npos);
  CHECK(run.err.find("CUDA error: out of memory") != std::string::npos);
  CHECK(run.seconds < 30);
  CHECK(GroupGone(GroupFrom(run.err)));
}

TEST_CASE("serve: no answer within --serve-timeout stops the server and exits 3",
          "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  const int port = FreePort();
  auto args = Args(tmp, Url(port), "echo still loading; sleep 600");
  args.insert(args.end(), {"--serve-timeout", "2"});
  auto run = RunR1(args, tmp.path());
  INFO(run.err);
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("did not answer /v1/models within 2 s (--serve-timeout)") !=
        std::string::npos);
  CHECK(run.err.find("still loading") != std::string::npos);
  CHECK(run.err.find("stopped the server (SIGTERM") != std::string::npos);
  CHECK(GroupGone(GroupFrom(run.err)));
}

TEST_CASE("serve: a server that ignores SIGTERM is killed after the grace period", "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  const int port = FreePort();
  // The shell that started the server ignores SIGTERM and lives on, as a wrapper script or a
  // server stuck in shutdown would: only SIGKILL ends the group.
  auto args = Args(tmp, Url(port),
                   "trap '' TERM; " + FakeServer(port) + " & while :; do sleep 1; done");
  args.insert(args.end(), {"--serve-grace", "1"});
  auto run = RunR1(args, tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("SIGKILL after the grace period") != std::string::npos);
  CHECK(GroupGone(GroupFrom(run.err)));
}

TEST_CASE("Ctrl-C during a --serve run stops the server and exits 130", "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  const int port = FreePort();
  // Every answer takes 30 s: the run is still sampling when it is interrupted.
  const std::string command = "echo $$ > group.txt; exec " + FakeServer(port, "--latency-ms 30000");
  Child r1(Args(tmp, Url(port), command), tmp.path());
  REQUIRE(WaitForText(tmp / "r1.db.serve.log", "listening on"));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // requests are in flight
  r1.Signal(SIGINT);
  auto run = r1.Wait();
  INFO(run.err);
  CHECK(run.exit_code == 130);
  CHECK(run.err.find("stopped the server (SIGTERM") != std::string::npos);
  CHECK(GroupGone(std::stoi(ReadFile(tmp / "group.txt"))));
}

TEST_CASE("a killed r1-eval leaves no server behind: the watchdog stops it", "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  const int port = FreePort();
  // Ignores SIGTERM too, so the watchdog must wait out the grace period and SIGKILL it.
  const std::string command = "echo $$ > group.txt; trap '' TERM; " +
                              FakeServer(port, "--latency-ms 30000") + " & while :; do sleep 1; done";
  auto args = Args(tmp, Url(port), command);
  args.insert(args.end(), {"--serve-grace", "1"});
  Child r1(args, tmp.path());
  REQUIRE(WaitForText(tmp / "r1.db.serve.log", "listening on"));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int group = std::stoi(ReadFile(tmp / "group.txt"));
  CHECK_FALSE(LiveGroupMembers(group).empty());
  r1.Signal(SIGKILL);
  auto run = r1.Wait();
  CHECK(run.exit_code == 128 + SIGKILL);
  CHECK(GroupGone(group));
}

TEST_CASE("serve: refuses a --model it cannot wait for and a port already served",
          "[cli][serve]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto provider = RunR1(Args(tmp, "mock", "sleep 100"), tmp.path());
  CHECK(provider.exit_code == 2);
  CHECK(provider.err.find("--serve starts one local server") != std::string::npos);

  auto existing = r1::testing::FakeOpenAiServer::Start(
      [](const nlohmann::json&, std::uint64_t) { return r1::testing::Reply{}; });
  REQUIRE(existing.has_value());
  auto taken = RunR1(Args(tmp, (*existing)->base_url(), "sleep 100"), tmp.path());
  INFO(taken.err);
  CHECK(taken.exit_code == 2);
  CHECK(taken.err.find("a server already answers at " + (*existing)->base_url()) !=
        std::string::npos);
  // Nothing was started.
  CHECK(ReadFile(tmp / "r1.db.serve.log").empty());
}
