// `r1-eval run --suite livecodebench` end to end: the fixture files in the upstream format, a
// fake server answering with canned programs, the real sandbox judging them, the report and the
// export; regrade; the date window and release options. Needs the sandbox (root, as CI runs).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = R1_SOURCE_DIR "/tests/fixtures/livecodebench";

// The canned answers of the fixture folder: the first whose prompt_contains is in the prompt.
std::unique_ptr<FakeOpenAiServer> CannedServer() {
  std::vector<std::pair<std::string, std::string>> canned;
  std::ifstream in(kFixtures + "/answers.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    canned.emplace_back(j["prompt_contains"], j["content"]);
  }
  return std::move(*FakeOpenAiServer::Start([canned](const nlohmann::json& req, std::uint64_t) {
    const std::string prompt = req["messages"].back()["content"];
    Reply r;
    r.content = "no idea";
    for (const auto& [needle, content] : canned) {
      if (prompt.find(needle) != std::string::npos) {
        r.content = content;
        break;
      }
    }
    r.completion_tokens = 50;
    return r;
  }));
}

void CopyData(const TempDir& tmp) {
  fs::create_directories(tmp.path() / "data" / "livecodebench");
  for (const char* n : {"test.jsonl", "test5.jsonl", "test6.jsonl"}) {
    fs::copy_file(kFixtures + "/" + n, tmp.path() / "data" / "livecodebench" / n);
  }
}

}  // namespace

TEST_CASE("livecodebench runs end to end through the sandbox", "[cli][integration][code]") {
  TempDir tmp;
  CopyData(tmp);
  auto server = CannedServer();
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (tmp / "cache")};
  auto run = RunR1({"run", "--suite", "livecodebench", "--model", server->base_url(), "-n", "2", "--data-dir",
                    tmp / "data", "--db", "r1.db"},
                   tmp.path(), env);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  // The isolation mode is said before any judging (root here: a cgroup mode; an ordinary user
  // without cgroups: the rlimit mode), and the scores below are the same in every mode.
  CHECK(run.err.find("r1-eval: sandbox: ") != std::string::npos);
  CHECK(run.err.find("sandbox guarantees: ") != std::string::npos);
  CHECK(run.out.find("livecodebench") != std::string::npos);

  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), env);
  REQUIRE(report.exit_code == 0);
  const auto j = nlohmann::json::parse(report.out);
  const auto& r = j["runs"][0];
  CHECK(r["suite"] == "livecodebench");
  CHECK(r["problems"] == 4);  // the R1 window of the fixtures
  CHECK(r["metrics"]["pass@1"].get<double>() == Approx(0.5));
  CHECK(r["metrics"]["pass@2"].get<double>() == Approx(0.5));
  std::map<std::string, double> by_difficulty;
  for (const auto& g : r["breakdown"]["difficulty"]) by_difficulty[g["value"]] = g["pass@1"];
  CHECK(by_difficulty == std::map<std::string, double>{{"easy", 1.0}, {"medium", 0.5}, {"hard", 0.0}});
  std::map<std::string, double> by_platform;
  for (const auto& g : r["breakdown"]["platform"]) by_platform[g["value"]] = g["pass@1"];
  CHECK(by_platform == std::map<std::string, double>{{"atcoder", 0.5}, {"codeforces", 0.0}, {"leetcode", 1.0}});

  auto exported = RunR1({"export", "--db", "r1.db", "--format", "jsonl"}, tmp.path(), env);
  REQUIRE(exported.exit_code == 0);
  std::map<std::string, std::string> answer_of;
  std::istringstream lines(exported.out);
  for (std::string line; std::getline(lines, line);) {
    auto row = nlohmann::json::parse(line);
    answer_of[row["problem_id"]] = row["answer"].is_string() ? row["answer"].get<std::string>() : "";
  }
  CHECK(answer_of["fx_add"] == "a, b = map(int, input().split())\nprint(a + b)");
  CHECK(answer_of["fx_half"].empty());  // no code

  // Grades come back the same from the stored completions and the cached tests.
  auto regrade = RunR1({"regrade", "--db", "r1.db"}, tmp.path(), env);
  INFO(regrade.err);
  CHECK(regrade.exit_code == 0);
  CHECK(regrade.err.find("regraded 8 samples with livecodebench-2") != std::string::npos);
  auto again = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), env);
  CHECK(nlohmann::json::parse(again.out)["runs"][0]["metrics"]["pass@1"].get<double>() == Approx(0.5));
}

TEST_CASE("a judge failure is unscored: left out of the metrics - exit 1 - and regrade --unscored scores it",
          "[cli][integration][code][unscored]") {
  TempDir tmp;
  CopyData(tmp);
  auto server = CannedServer();
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (tmp / "cache")};
  const std::vector<std::string> run_args = {"run", "--suite", "livecodebench", "--model", server->base_url(),
                                             "-n", "2", "--data-dir", tmp / "data", "--db", "r1.db"};
  auto run = RunR1(run_args, tmp.path(), env);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  auto json_report = [&] {
    auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), env);
    REQUIRE(report.exit_code == 0);
    return nlohmann::json::parse(report.out)["runs"][0];
  };
  REQUIRE(json_report()["metrics"]["pass@1"].get<double>() == Approx(0.5));

  // The judge loses its test files (our machinery, not the model): every program that was
  // judged becomes unscored; fx_half, which has no code, stays a scored wrong answer.
  const fs::path tests_dir = tmp.path() / "cache" / "r1-eval" / "code-tests";
  REQUIRE(fs::exists(tests_dir));
  fs::rename(tests_dir, tmp.path() / "code-tests.away");
  auto broken = RunR1({"regrade", "--db", "r1.db"}, tmp.path(), env);
  INFO(broken.err);
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("6 samples are still unscored") != std::string::npos);
  auto r = json_report();
  CHECK(r["samples"]["unscored"] == 6);
  CHECK(r["samples"]["errors"] == 0);
  CHECK(r["has_unscored"] == true);
  CHECK(r["problems_scored"] == 1);
  CHECK(r["metrics"]["pass@1"].get<double>() == Approx(0.0));  // fx_half only: 0/2
  CHECK(r["metrics"]["pass@2"].is_null());  // three problems have no scored sample
  auto table = RunR1({"report", "--db", "r1.db"}, tmp.path(), env);
  CHECK(table.out.find("6 unscored samples") != std::string::npos);
  auto html = RunR1({"report", "--db", "r1.db", "--format", "html"}, tmp.path(), env);
  CHECK(html.out.find("judge failed (not the model's fault)") != std::string::npos);
  auto exported = RunR1({"export", "--db", "r1.db"}, tmp.path(), env);
  CHECK(exported.out.find("\"unscored\":true") != std::string::npos);

  // The same command again: nothing to sample, but the numbers are incomplete: exit 1. Loading
  // the suite writes the test files back.
  auto again = RunR1(run_args, tmp.path(), env);
  CHECK(again.exit_code == 1);
  CHECK(again.out.find("unscored samples (our judge failed") != std::string::npos);
  auto fixed = RunR1({"regrade", "--db", "r1.db", "--unscored"}, tmp.path(), env);
  INFO(fixed.err);
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.err.find("regraded 6 samples") != std::string::npos);
  r = json_report();
  CHECK(r["samples"]["unscored"] == 0);
  CHECK(r["metrics"]["pass@1"].get<double>() == Approx(0.5));
  CHECK(r["metrics"]["pass@2"].get<double>() == Approx(0.5));
}

TEST_CASE("date windows and releases select problems - bad ones are usage errors", "[cli][integration][code]") {
  TempDir tmp;
  CopyData(tmp);
  auto server = CannedServer();
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (tmp / "cache")};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"run", "--model", server->base_url(), "-n", "1", "--data-dir", tmp / "data",
                                     "--db", "r1.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunR1(args, tmp.path(), env);
  };
  auto v6 = run({"--suite", "livecodebench@v6", "--since", "2025-02-02", "--until", "2025-12-31"});
  INFO(v6.err);
  REQUIRE(v6.exit_code == 0);
  auto autumn = run({"--suite", "livecodebench", "--since", "2024-10-01", "--until", "2024-12-31"});
  REQUIRE(autumn.exit_code == 0);
  auto report = nlohmann::json::parse(RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path(), env).out);
  REQUIRE(report["runs"].size() == 2);
  std::map<int, double> problems_to_pass;
  for (const auto& r : report["runs"]) problems_to_pass[r["problems"]] = r["metrics"]["pass@1"];
  CHECK(problems_to_pass == std::map<int, double>{{1, 0.0}, {2, 0.5}});  // March: "no idea"; squares + half

  auto bad_day = run({"--suite", "livecodebench", "--since", "2024-02-30"});
  CHECK(bad_day.exit_code == 2);
  CHECK(bad_day.err.find("--since 2024-02-30: expected a day") != std::string::npos);
  auto missing = run({"--suite", "livecodebench@release_v5"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("release_v5 needs test2.jsonl, test3.jsonl, test4.jsonl") != std::string::npos);
  auto unknown = run({"--suite", "livecodebench@release_v9"});
  CHECK(unknown.exit_code == 2);
  auto undated = run({"--suite", "r1-demos", "--until", "2024-01-01"});
  CHECK(undated.exit_code == 2);
  CHECK(undated.err.find("has no dates") != std::string::npos);
}

TEST_CASE("a code run whose sandbox cannot work exits 3 before asking the model anything", "[cli][integration][code]") {
  TempDir tmp;
  CopyData(tmp);
  auto server = CannedServer();
  // Cgroup isolation required (R1_SANDBOX_MODE=cgroup). Root on this host has it; an ordinary
  // user (the as-user ctest entry) has no usable cgroup here, a real failure of the sandbox. On
  // a machine that delegates a cgroup subtree to users (systemd) an ordinary user has one too,
  // so `sandbox check` under the same environment says which case this is.
  const std::vector<std::string> env = {"XDG_CACHE_HOME=" + (tmp / "cache"), "R1_SANDBOX_MODE=cgroup"};
  auto check = RunR1({"sandbox", "check"}, tmp.path(), env);
  INFO(check.out << check.err);
  REQUIRE((check.exit_code == 0 || check.exit_code == 3));
  if (::geteuid() == 0) CHECK(check.exit_code == 0);  // root always has its cgroups here
  auto run = RunR1({"run", "--suite", "livecodebench", "--model", server->base_url(), "-n", "2", "--data-dir",
                    tmp / "data", "--db", "r1.db"},
                   tmp.path(), env);
  INFO(run.err);
  if (check.exit_code == 0) {
    CHECK(run.exit_code == 0);
    CHECK(run.err.find("r1-eval: sandbox: cgroup") != std::string::npos);
    return;
  }
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("this run judges code and ") != std::string::npos);
  CHECK(run.err.find("fix: ") != std::string::npos);
  CHECK(run.err.find("nothing was asked of the model") != std::string::npos);
  CHECK(server->chat_requests() == 0);
  CHECK(server->model_requests() == 0);
}
