// End-to-end: the real r1-eval binary against an in-process loopback server.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "aime_fixture.h"
#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::AnswerFive;
using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;
using r1::testing::WriteSuite;

TEST_CASE("run - report json and export follow the contracts", "[cli][integration]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto server = AnswerFive();
  auto run = RunR1({"--suite", "aime2024", "--model", server->base_url(), "--data-dir",
                    tmp / "data", "-n", "4", "--db", "r1.db", "--label", "base"},
                   tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("aime2024") != std::string::npos);
  CHECK(run.out.find("66.7 ± 33.3") != std::string::npos);  // 2 of 3 problems right
  CHECK(server->chat_requests() == 12);

  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  REQUIRE(report.exit_code == 0);
  auto json = nlohmann::json::parse(report.out);
  REQUIRE(json["runs"].size() == 1);
  const auto& r = json["runs"][0];
  for (const char* key : {"id", "suite", "model", "problems", "samples_per_problem", "metrics", "samples"}) {
    CHECK(r.contains(key));
  }
  CHECK(r["suite"] == "aime2024");
  CHECK(r["model"] == "fake-model");
  CHECK(r["problems"] == 3);
  CHECK(r["samples_per_problem"] == 4);
  CHECK(r["metrics"]["pass@1"].get<double>() == Approx(2.0 / 3));
  CHECK(r["metrics"]["cons@4"].get<double>() == Approx(2.0 / 3));
  CHECK(r["metrics"]["pass@4"].get<double>() == Approx(2.0 / 3));
  CHECK(r["metrics"].contains("pass@1_stderr"));
  CHECK(r["samples"]["total"] == 12);
  CHECK(r["samples"]["errors"] == 0);
  CHECK(r["samples"]["truncated"] == 0);

  auto exported = RunR1({"export", "--db", "r1.db", "--format", "jsonl", "--run", "base"}, tmp.path());
  REQUIRE(exported.exit_code == 0);
  std::istringstream lines(exported.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    auto row = nlohmann::json::parse(line);
    for (const char* key : {"run", "suite", "problem_id", "sample_index", "answer", "correct",
                            "finish_reason", "completion_tokens", "error"}) {
      CHECK(row.contains(key));
    }
    CHECK(row["answer"] == "5");
  }
  CHECK(n == 12);

  // The same command again resumes the finished run: no new requests.
  auto again = RunR1({"--suite", "aime2024", "--model", server->base_url(), "--data-dir",
                      tmp / "data", "-n", "4", "--db", "r1.db"},
                     tmp.path());
  CHECK(again.exit_code == 0);
  CHECK(server->chat_requests() == 12);
}

TEST_CASE("no reachable server exits 3 within seconds and says how to start one", "[cli][integration]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto local = RunR1({"--suite", "aime2024", "--model", "local", "--data-dir", tmp / "data",
                      "--db", "r1.db"},
                     tmp.path(), {"R1_EVAL_LOCAL_URL=http://127.0.0.1:9/v1"});
  CHECK(local.exit_code == 3);
  CHECK(local.seconds < 5);
  CHECK(local.err.find("127.0.0.1:9") != std::string::npos);
  CHECK(local.err.find("vllm serve") != std::string::npos);
  auto url = RunR1({"--suite", "aime2024", "--model", "http://127.0.0.1:9/v1", "--data-dir",
                    tmp / "data", "--db", "r1.db"},
                   tmp.path());
  CHECK(url.exit_code == 3);
  CHECK(url.seconds < 8);
}

TEST_CASE("bad data exits 2 naming the file - line and field", "[cli][integration]") {
  TempDir tmp;
  std::string file = tmp.Write("data/aime2024/test.jsonl",
                               "{\"id\":1,\"problem\":\"one\",\"answer\":\"5\"}\n{\"id\":2,\"problem\":\"two\"}\n");
  auto missing_field = RunR1({"--suite", "aime2024", "--model", "mock", "--data-dir", tmp / "data"},
                             tmp.path());
  CHECK(missing_field.exit_code == 2);
  CHECK(missing_field.err.find(file + ": line 2: missing field 'answer'") != std::string::npos);
  auto no_dir = RunR1({"--suite", "aime2024", "--model", "mock", "--data-dir", tmp / "nowhere"},
                      tmp.path());
  CHECK(no_dir.exit_code == 2);
  CHECK(no_dir.err.find("nowhere/aime2024") != std::string::npos);
  auto unknown = RunR1({"--suite", "aime1999", "--model", "mock"}, tmp.path());
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("aime2024") != std::string::npos);
  auto bad_flag = RunR1({"--suite", "aime2024", "--model", "mock", "--concurrency", "0"}, tmp.path());
  CHECK(bad_flag.exit_code == 2);
  auto no_store = RunR1({"report", "--db", "missing.db"}, tmp.path());
  CHECK(no_store.exit_code == 2);
  CHECK(no_store.err.find("missing.db") != std::string::npos);
}

TEST_CASE("errored samples are loud: table warning - json flag and exit 1", "[cli][integration]") {
  TempDir tmp;
  WriteSuite(tmp);
  auto server = std::move(*FakeOpenAiServer::Start([](const nlohmann::json& req, std::uint64_t) {
    Reply r;
    r.content = "\\boxed{5}";
    if (req["messages"].back()["content"].get<std::string>().starts_with("two")) {
      r.fault = r1::testing::Fault::kStatus;
      r.status = 400;
    }
    return r;
  }));
  auto run = RunR1({"--suite", "aime2024", "--model", server->base_url(), "--data-dir",
                    tmp / "data", "-n", "2", "--db", "r1.db"},
                   tmp.path());
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("WARNING") != std::string::npos);
  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  auto json = nlohmann::json::parse(report.out);
  CHECK(json["runs"][0]["samples"]["errors"] == 2);
  CHECK(json["runs"][0]["has_errors"] == true);
  CHECK(json["runs"][0]["metrics"]["pass@1"].get<double>() == Approx(1.0));
}

TEST_CASE("the API key is sent as a bearer token and never stored or printed", "[cli][integration]") {
  TempDir tmp;
  WriteSuite(tmp);
  r1::testing::FakeServerOptions options;
  options.required_api_key = "sk-secret-test-key-123";
  auto server = std::move(*FakeOpenAiServer::Start(
      [](const nlohmann::json&, std::uint64_t) { return Reply{}; }, options));
  auto run = RunR1({"--suite", "aime2024", "--model", server->base_url(), "--data-dir",
                    tmp / "data", "-n", "1", "--db", "r1.db"},
                   tmp.path(), {"R1_EVAL_API_KEY=sk-secret-test-key-123"});
  INFO(run.err);
  CHECK(run.exit_code == 0);
  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  auto exported = RunR1({"export", "--db", "r1.db"}, tmp.path());
  std::string everything = run.out + run.err + report.out + exported.out +
                           r1::testing::ReadAll(tmp / "r1.db") + r1::testing::ReadAll(tmp / "r1.db-wal");
  CHECK(everything.find("sk-secret-test-key-123") == std::string::npos);
}
