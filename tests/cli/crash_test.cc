// Crash safety: the real binary is killed with SIGKILL at random moments and rerun; nothing is
// lost, nothing duplicated, and the server is asked again only for what was in flight.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>

#include "aime_fixture.h"
#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::Child;
using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

constexpr int kProblems = 30;
constexpr int kSamples = 4;
constexpr int kConcurrency = 8;

// The answer the server gives for a prompt: the problem number, so any stored answer can be
// checked against what the server said.
std::string AnswerFor(const std::string& prompt) { return r1::testing::ProblemNumber(prompt); }

std::unique_ptr<FakeOpenAiServer> SlowServer() {
  return std::move(*FakeOpenAiServer::Start([](const nlohmann::json& req, std::uint64_t) {
    Reply r;
    r.content = "<think>ok</think>\\boxed{" + AnswerFor(req["messages"].back()["content"]) + "}";
    r.latency_ms = 40;
    r.chunk_interval_ms = 5;
    return r;
  }));
}

std::vector<std::string> Args(const FakeOpenAiServer& server, const TempDir& tmp) {
  return {"--suite", "aime2024", "--model", server.base_url(), "--data-dir", tmp / "data",
          "-n", std::to_string(kSamples), "--concurrency", std::to_string(kConcurrency),
          "--db", "r1.db"};
}

struct StoreCheck {
  int rows = 0;
  int distinct_pairs = 0;
  int wrong_answers = 0;
  std::string integrity;
};

StoreCheck Inspect(const std::string& path) {
  StoreCheck check;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    std::string value;
    if (sqlite3_step(st) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return value;
  };
  check.rows = std::stoi(scalar("SELECT count(*) FROM samples"));
  check.distinct_pairs = std::stoi(
      scalar("SELECT count(*) FROM (SELECT DISTINCT run_id, problem_id, sample_index FROM samples)"));
  // Every stored answer must be the one the server gives for that problem.
  check.wrong_answers = std::stoi(scalar(
      "SELECT count(*) FROM samples WHERE content != '<think>ok</think>\\boxed{' || problem_id || '}'"));
  check.integrity = scalar("PRAGMA integrity_check");
  sqlite3_close(db);
  return check;
}

}  // namespace

TEST_CASE("kill -9 at random moments loses and duplicates nothing", "[cli][integration][crash]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = SlowServer();
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(150, 450);
  int kills = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    Child child(Args(*server, tmp), tmp.path().string());
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    child.Signal(SIGKILL);
    auto result = child.Wait();
    if (result.exit_code == 128 + SIGKILL) ++kills;
  }
  CHECK(kills >= 3);
  auto final_run = RunR1(Args(*server, tmp), tmp.path());
  INFO(final_run.err);
  REQUIRE(final_run.exit_code == 0);
  auto check = Inspect(tmp / "r1.db");
  CHECK(check.integrity == "ok");
  CHECK(check.rows == kProblems * kSamples);
  CHECK(check.distinct_pairs == kProblems * kSamples);
  CHECK(check.wrong_answers == 0);
  // Each kill may cost at most the requests that were in flight at that moment.
  CHECK(server->chat_requests() <= static_cast<std::uint64_t>(kProblems * kSamples + kills * kConcurrency));
  CHECK(final_run.out.find("100.0 ± 0.0") != std::string::npos);
}

TEST_CASE("Ctrl-C stores what arrived - exits 130 - and the same command resumes",
          "[cli][integration][crash]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = SlowServer();
  Child child(Args(*server, tmp), tmp.path().string());
  // Interrupt once some answers have arrived (a loaded CI machine may take a while to start).
  for (int waited = 0; waited < 200 && server->chat_requests() < 3 * kConcurrency; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  child.Signal(SIGINT);
  auto interrupted = child.Wait();
  CHECK(interrupted.exit_code == 130);
  CHECK(interrupted.err.find("resume") != std::string::npos);
  auto stored = Inspect(tmp / "r1.db").rows;
  CHECK(stored > 0);
  CHECK(stored < kProblems * kSamples);
  auto asked_before = server->chat_requests();
  auto resumed = RunR1(Args(*server, tmp), tmp.path());
  REQUIRE(resumed.exit_code == 0);
  CHECK(Inspect(tmp / "r1.db").rows == kProblems * kSamples);
  CHECK(server->chat_requests() - asked_before == static_cast<std::uint64_t>(kProblems * kSamples - stored));
}
