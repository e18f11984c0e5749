// Several r1-eval processes on one store (issue 15): started together on a new store they all
// work; the same command twice asks each sample once and reports what one run reports; a
// process killed with SIGKILL leaves its claimed samples to the other; `report` works while a
// run writes. Real processes, a real SQLite file, a loopback server that counts requests.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <nlohmann/json.hpp>

#include "aime_fixture.h"
#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::Child;
using r1::testing::FakeOpenAiServer;
using r1::testing::ProcessResult;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

constexpr int kProblems = 30;
constexpr int kSamples = 4;
constexpr int kTotal = kProblems * kSamples;

// The problem number for correct answers, except every third problem, answered wrong: the
// metrics are then not trivially 100%, and a stored answer can be checked against the prompt.
std::string AnswerFor(const std::string& prompt) {
  const std::string number = r1::testing::ProblemNumber(prompt);
  return std::stoi(number) % 3 == 0 ? "999" : number;
}

std::unique_ptr<FakeOpenAiServer> Server(int latency_ms) {
  return std::move(*FakeOpenAiServer::Start([latency_ms](const nlohmann::json& req, std::uint64_t) {
    Reply r;
    r.content = "<think>ok</think>\\boxed{" + AnswerFor(req["messages"].back()["content"]) + "}";
    r.latency_ms = latency_ms;
    return r;
  }));
}

std::vector<std::string> Args(const FakeOpenAiServer& server, const TempDir& tmp,
                              const std::string& db, int concurrency) {
  return {"--suite", "aime2024", "--model", server.base_url(), "--data-dir", tmp / "data",
          "-n", std::to_string(kSamples), "--concurrency", std::to_string(concurrency),
          "--db", db};
}

struct StoreCheck {
  int runs = 0;
  int rows = 0;
  int distinct_pairs = 0;
  int errors = 0;
  int wrong_answers = 0;  ///< stored text that is not what the server says for that problem
  int ungraded = 0;
  int graded_wrongly = 0;  ///< a grade that does not belong to the stored text
  int claims_left = 0;
  int owners_left = 0;
  std::string integrity;
};

StoreCheck Inspect(const std::string& path) {
  StoreCheck check;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(st) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return value;
  };
  check.runs = std::stoi(scalar("SELECT count(*) FROM runs"));
  check.rows = std::stoi(scalar("SELECT count(*) FROM samples"));
  check.distinct_pairs = std::stoi(scalar(
      "SELECT count(*) FROM (SELECT DISTINCT run_id, problem_id, sample_index FROM samples)"));
  check.errors = std::stoi(scalar("SELECT count(*) FROM samples WHERE error IS NOT NULL"));
  check.wrong_answers = std::stoi(scalar(
      "SELECT count(*) FROM samples WHERE content != '<think>ok</think>\\boxed{' || "
      "CASE WHEN CAST(problem_id AS INTEGER) % 3 = 0 THEN '999' ELSE problem_id END || '}'"));
  check.ungraded = std::stoi(scalar(
      "SELECT count(*) FROM samples s LEFT JOIN grades g ON g.sample_id=s.id WHERE g.sample_id IS NULL"));
  check.graded_wrongly = std::stoi(scalar(
      "SELECT count(*) FROM samples s JOIN grades g ON g.sample_id=s.id WHERE "
      "g.correct != (CAST(s.problem_id AS INTEGER) % 3 != 0)"));
  check.claims_left = std::stoi(scalar("SELECT count(*) FROM claims"));
  check.owners_left = std::stoi(scalar("SELECT count(*) FROM claim_owners"));
  check.integrity = scalar("PRAGMA integrity_check");
  sqlite3_close(db);
  return check;
}

nlohmann::json Metrics(const TempDir& tmp, const std::string& db, const std::string& run) {
  auto report = RunR1({"report", "--db", db, "--run", run, "--format", "json"}, tmp.path());
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  auto json = nlohmann::json::parse(report.out);
  REQUIRE(json["runs"].size() == 1);
  return json["runs"][0]["metrics"];
}

void CheckComplete(const StoreCheck& check) {
  CHECK(check.integrity == "ok");
  CHECK(check.runs == 1);
  CHECK(check.rows == kTotal);
  CHECK(check.distinct_pairs == kTotal);
  CHECK(check.errors == 0);
  CHECK(check.wrong_answers == 0);
  CHECK(check.ungraded == 0);
  CHECK(check.graded_wrongly == 0);
  CHECK(check.claims_left == 0);
  CHECK(check.owners_left == 0);
}

// N copies of one command, started at the same moment on a store that does not exist yet.
void SameCommandAtOnce(int processes) {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = Server(20);
  std::vector<std::unique_ptr<Child>> children;
  for (int i = 0; i < processes; ++i) {
    children.push_back(std::make_unique<Child>(Args(*server, tmp, "r1.db", 4), tmp.path().string()));
  }
  std::vector<ProcessResult> results;
  for (auto& child : children) results.push_back(child->Wait());
  for (const auto& r : results) {
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("not an r1-eval store") == std::string::npos);
  }
  CheckComplete(Inspect(tmp / "r1.db"));
  CHECK(server->chat_requests() == static_cast<std::uint64_t>(kTotal));  // each sample once
  // Every process waited for the others and printed the same table.
  for (std::size_t i = 1; i < results.size(); ++i) CHECK(results[i].out == results[0].out);
}

}  // namespace

TEST_CASE("two processes started at once on a new store share the run", "[cli][integration][shared]") {
  SameCommandAtOnce(2);
}

TEST_CASE("four processes started at once on a new store share the run", "[cli][integration][shared]") {
  SameCommandAtOnce(4);
}

TEST_CASE("two different runs started at once on a new store both complete", "[cli][integration][shared]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = Server(10);
  auto one = Args(*server, tmp, "r1.db", 4);
  auto two = one;
  one[7] = "1";
  two[7] = "2";
  Child a(one, tmp.path().string());
  Child b(two, tmp.path().string());
  auto ra = a.Wait();
  auto rb = b.Wait();
  INFO(ra.err << rb.err);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  CHECK(server->chat_requests() == static_cast<std::uint64_t>(kProblems * 3));
  auto check = Inspect(tmp / "r1.db");
  CHECK(check.integrity == "ok");
  CHECK(check.runs == 2);
  CHECK(check.rows == kProblems * 3);
  CHECK(check.ungraded == 0);
}

TEST_CASE("the same command twice at once asks each sample once and reports what one run does",
          "[cli][integration][shared]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = Server(30);
  REQUIRE(RunR1(Args(*server, tmp, "single.db", 8), tmp.path()).exit_code == 0);
  REQUIRE(server->chat_requests() == static_cast<std::uint64_t>(kTotal));
  // An existing store holding another run (k=1), as a user's default r1-eval.db does.
  auto other = Args(*server, tmp, "twice.db", 8);
  other[7] = "1";
  REQUIRE(RunR1(other, tmp.path()).exit_code == 0);
  const auto before = server->chat_requests();
  Child a(Args(*server, tmp, "twice.db", 8), tmp.path().string());
  Child b(Args(*server, tmp, "twice.db", 8), tmp.path().string());
  auto ra = a.Wait();
  auto rb = b.Wait();
  INFO(ra.err << rb.err);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  CHECK(server->chat_requests() - before == static_cast<std::uint64_t>(kTotal));
  CHECK(ra.out == rb.out);
  // Run 2 of twice.db is the k=4 run both processes worked on; their metrics are one run's.
  auto twice = Metrics(tmp, "twice.db", "2");
  CHECK(twice == Metrics(tmp, "single.db", "1"));
  CHECK(twice.dump().find("pass@1") != std::string::npos);
}

TEST_CASE("one of two processes killed with SIGKILL: the other asks its claimed samples again",
          "[cli][integration][shared][crash]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = Server(150);  // slow enough that the kill lands mid-run on a loaded machine
  constexpr int kConcurrency = 4;
  Child victim(Args(*server, tmp, "r1.db", kConcurrency), tmp.path().string());
  Child survivor(Args(*server, tmp, "r1.db", kConcurrency), tmp.path().string());
  // Kill once both are asking (a few requests each), well before the end.
  for (int waited = 0; waited < 2400 && server->chat_requests() < 4 * kConcurrency; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  victim.Signal(SIGKILL);
  auto killed = victim.Wait();
  CHECK(killed.exit_code == 128 + SIGKILL);
  auto done = survivor.Wait();
  INFO(done.err);
  CHECK(done.exit_code == 0);
  // Freed at once because its process is gone, not after the 60 s lease.
  CHECK(done.seconds < 55);
  CheckComplete(Inspect(tmp / "r1.db"));
  // Each sample once, plus at most what the killed process had in flight.
  CHECK(server->chat_requests() >= static_cast<std::uint64_t>(kTotal));
  CHECK(server->chat_requests() <= static_cast<std::uint64_t>(kTotal + kConcurrency));
}

TEST_CASE("report works while a run writes", "[cli][integration][shared]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems);
  auto server = Server(40);
  Child run(Args(*server, tmp, "r1.db", 4), tmp.path().string());
  for (int waited = 0; waited < 2400 && server->chat_requests() < 4; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  int reports = 0;
  while (server->chat_requests() < static_cast<std::uint64_t>(kTotal) && reports < 20) {
    auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
    INFO(report.err);
    REQUIRE(report.exit_code == 0);
    auto json = nlohmann::json::parse(report.out);
    CHECK(json["runs"].size() == 1);
    ++reports;
  }
  CHECK(reports > 0);
  auto finished = run.Wait();
  INFO(finished.err);
  CHECK(finished.exit_code == 0);
  CheckComplete(Inspect(tmp / "r1.db"));
}
