// Run identity end to end (issue 12.1): a label names one run and never resumes another, and
// every run start says whether it is new or how much of it was already done.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "aime_fixture.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::AnswerFive;
using r1::testing::RunR1;
using r1::testing::TempDir;
using r1::testing::WriteSuite;

TEST_CASE("a new label is a new run - never another run's samples",
          "[cli][integration][identity]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto server = AnswerFive();
  auto command = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"--suite",    "aime2024",   "--model", server->base_url(),
                                  "--data-dir", tmp / "data", "-n",      "2",
                                  "--db",       "r1.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunR1(args, tmp.path());
  };
  auto base = command({"--label", "base"});
  INFO(base.err);
  REQUIRE(base.exit_code == 0);
  CHECK(base.err.find("new run 1 (base)") != std::string::npos);
  CHECK(server->chat_requests() == 6);

  // What we saw: the same settings under another label asked nothing and named no run.
  auto same = command({"--label", "same"});
  INFO(same.err);
  REQUIRE(same.exit_code == 0);
  CHECK(same.err.find("new run 2 (same)") != std::string::npos);
  CHECK(server->chat_requests() == 12);
  auto gate_target =
      RunR1({"report", "--db", "r1.db", "--run", "same", "--format", "json"}, tmp.path());
  REQUIRE(gate_target.exit_code == 0);
  CHECK(nlohmann::json::parse(gate_target.out)["runs"][0]["samples"]["total"] == 6);

  // The same with --no-stream after a streaming run.
  auto plain = command({"--no-stream", "--label", "x"});
  INFO(plain.err);
  REQUIRE(plain.exit_code == 0);
  CHECK(plain.err.find("new run 3 (x)") != std::string::npos);
  CHECK(server->chat_requests() == 18);

  // The same label resumes its own run, and says how much was done.
  auto again = command({"--label", "base"});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.err.find("resuming run 1 (base): 6 of 6 done") != std::string::npos);
  CHECK(server->chat_requests() == 18);

  // A label naming a run sampled otherwise is refused, naming that run and the way out.
  auto other = command({"--label", "base", "--temperature", "0.3"});
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("label 'base' already names run 1") != std::string::npos);
  auto fresh = command({"--label", "base", "--fresh"});
  CHECK(fresh.exit_code == 2);
  CHECK(fresh.err.find("--fresh") != std::string::npos);
  CHECK(server->chat_requests() == 18);

  // Without a label the newest run with these settings resumes, and the line names it.
  auto unlabelled = command({"--limit", "2"});
  INFO(unlabelled.err);
  REQUIRE(unlabelled.exit_code == 0);
  CHECK(unlabelled.err.find("resuming run 3 (x): 4 of 4 done") != std::string::npos);
  CHECK(server->chat_requests() == 18);
}

TEST_CASE("merge marks a complete merged run finished", "[cli][integration][shard]") {
  TempDir tmp;
  WriteSuite(tmp);
  for (const char* shard : {"0/2", "1/2"}) {
    auto run = RunR1({"--suite", "aime2024", "--model", "mock", "--data-dir", tmp / "data", "-n",
                      "2", "--shard", shard, "--db", std::string("s") + shard[0] + ".db"},
                     tmp.path());
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
  }
  auto half = RunR1({"merge", "half.db", "s0.db"}, tmp.path());
  REQUIRE(half.exit_code == 0);
  auto merged = RunR1({"merge", "all.db", "s0.db", "s1.db"}, tmp.path());
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  auto finished = [&](const std::string& db) {
    auto report = RunR1({"report", "--db", db, "--format", "json"}, tmp.path());
    REQUIRE(report.exit_code == 0);
    return !nlohmann::json::parse(report.out)["runs"][0]["finished_at"].is_null();
  };
  CHECK_FALSE(finished("half.db"));  // one shard of two: not complete
  CHECK(finished("all.db"));
}

TEST_CASE("import into an existing run refuses instead of dropping samples",
          "[cli][integration][import]") {
  TempDir tmp;
  WriteSuite(tmp);
  tmp.Write("first.jsonl", "{\"problem\":\"one\",\"response\":\"\\\\boxed{5}\"}\n");
  tmp.Write("second.jsonl",
            "{\"problem\":\"one\",\"response\":\"\\\\boxed{7}\"}\n"
            "{\"problem\":\"two\",\"response\":\"\\\\boxed{6}\"}\n");
  auto import = [&](const std::string& file, std::vector<std::string> extra) {
    std::vector<std::string> args{"import",     file,         "--suite", "aime2024",
                                  "--data-dir", tmp / "data", "--db",    "r1.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunR1(args, tmp.path());
  };
  auto first = import("first.jsonl", {});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  // What we saw: the second file's samples were dropped (problem one kept its first answer)
  // while the command said it imported them.
  auto second = import("second.jsonl", {});
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("run 1 already holds an import of aime2024") != std::string::npos);
  CHECK(second.err.find("--label") != std::string::npos);
  auto labelled = import("second.jsonl", {"--label", "second"});
  INFO(labelled.err);
  REQUIRE(labelled.exit_code == 0);
  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  REQUIRE(report.exit_code == 0);
  auto json = nlohmann::json::parse(report.out);
  REQUIRE(json["runs"].size() == 2);
  CHECK(json["runs"][0]["samples"]["total"] == 1);
  CHECK(json["runs"][1]["samples"]["total"] == 2);
  CHECK(json["runs"][1]["label"] == "second");
}
