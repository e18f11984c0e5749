// Shards: three `--shard i/3` stores merged equal one whole run, and mismatched runs are refused.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

// Answers vary with the request number so that samples differ, but the multiset per problem
// does not depend on which process asked (one answer per prompt length parity).
std::unique_ptr<FakeOpenAiServer> Server() {
  return std::move(*FakeOpenAiServer::Start([](const nlohmann::json& req, std::uint64_t) {
    std::string prompt = req["messages"].back()["content"];
    Reply r;
    r.content = "\\boxed{" + std::to_string(prompt.size() % 3) + "}";
    return r;
  }));
}

nlohmann::json Metrics(const TempDir& tmp, const std::string& db) {
  auto report = RunR1({"report", "--db", db, "--format", "json"}, tmp.path());
  REQUIRE(report.exit_code == 0);
  auto json = nlohmann::json::parse(report.out);
  REQUIRE(json["runs"].size() == 1);
  return json["runs"][0];
}

}  // namespace

TEST_CASE("three shards merged give exactly the whole run", "[cli][integration][shard]") {
  TempDir tmp;
  std::string rows;
  for (int i = 0; i < 7; ++i) {
    rows += "{\"id\":" + std::to_string(i) + ",\"problem\":\"" + std::string(i + 1, 'x') +
            "\",\"answer\":\"" + std::to_string(i % 3) + "\"}\n";
  }
  tmp.Write("data/aime2024/test.jsonl", rows);
  auto server = Server();
  std::vector<std::string> common = {"--suite", "aime2024", "--model", server->base_url(),
                                     "--data-dir", tmp / "data", "-n", "5"};
  for (int i = 0; i < 3; ++i) {
    auto args = common;
    args.insert(args.end(), {"--db", "s" + std::to_string(i) + ".db", "--shard",
                             std::to_string(i) + "/3"});
    REQUIRE(RunR1(args, tmp.path()).exit_code == 0);
  }
  CHECK(server->chat_requests() == 35);  // every pair asked once across the shards
  auto merged = RunR1({"merge", "merged.db", "s0.db", "s1.db", "s2.db"}, tmp.path());
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  auto whole_args = common;
  whole_args.insert(whole_args.end(), {"--db", "whole.db"});
  REQUIRE(RunR1(whole_args, tmp.path()).exit_code == 0);
  auto m = Metrics(tmp, "merged.db");
  auto w = Metrics(tmp, "whole.db");
  CHECK(m["samples"]["total"] == 35);
  CHECK(m["metrics"] == w["metrics"]);
  CHECK(m["identity"] == w["identity"]);

  // A store of another run (different k) is refused and the output is left alone.
  auto other = common;
  other[7] = "2";
  other.insert(other.end(), {"--db", "other.db"});
  REQUIRE(RunR1(other, tmp.path()).exit_code == 0);
  auto refused = RunR1({"merge", "merged2.db", "s0.db", "other.db"}, tmp.path());
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("other.db") != std::string::npos);
  CHECK(refused.err.find("refusing") != std::string::npos);
  auto bad_shard = RunR1({"--suite", "aime2024", "--model", "mock", "--shard", "3/3"}, tmp.path());
  CHECK(bad_shard.exit_code == 2);
}
