// Serves real published model outputs (DeepScaleR-1.5B on AIME 2024, 8K-token cap) through the
// loopback server and checks r1-eval grades them as the publishers' verdicts say.
#include <catch2/catch.hpp>
#include <fstream>

#include "r1/suites/registry.h"
#include "runner_harness.h"
#include "support/skip.h"

using r1::testing::CountingSink;
using r1::testing::FakeOpenAiServer;
using r1::testing::Harness;
using r1::testing::Reply;

TEST_CASE("real DeepScaleR AIME 2024 outputs grade to the published 9/30 with 14 truncated",
          "[runner][integration]") {
  std::string data = r1::testing::SharedDataDir();
  if (data.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  std::ifstream in(data + "/../realruns/deepscaler-1.5b-aime24-8k/"
                          "8192t_test2024_qwen-instruct_t0.6_k1_s0_e30.jsonl");
  REQUIRE(in.good());
  std::map<std::string, std::string> response_by_id;
  int published_correct = 0;
  for (std::string line; std::getline(in, line);) {
    auto row = nlohmann::json::parse(line);
    std::string id = row["id"].is_string() ? row["id"].get<std::string>()
                                           : std::to_string(row["id"].get<int>());
    response_by_id[id] = row["generated_responses"][0];
    published_correct += row["is_correct"].get<bool>();
  }
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto suite = std::move(*(*registry.Find("aime2024"))->make({data + "/aime2024"}));
  std::map<std::string, std::string> response_by_prompt;
  for (const auto& p : suite->Problems()) {
    response_by_prompt[suite->Render(p, 0).messages[0].content] = response_by_id.at(p.id);
  }
  auto server = FakeOpenAiServer::Start([&](const nlohmann::json& req, std::uint64_t) {
    Reply r;
    r.content = response_by_prompt.at(req["messages"].back()["content"]);
    // The run capped generations at 8192 tokens: an unfinished thought is a "length" stop.
    r.finish_reason = r.content.find("</think>") == std::string::npos ? "length" : "stop";
    r.chunk_chars = 512;
    return r;
  });
  Harness h((*server)->base_url(), 1);
  h.run.suite = "aime2024";
  CountingSink sink;
  auto progress = h.Run(*suite, r1::testing::FastRetries(1, 30), sink);
  REQUIRE(progress.has_value());
  auto m = r1::reports::Summarize(*h.store, h.run)->metrics;
  CHECK(published_correct == 9);
  CHECK(m.pass1 * 30 == Approx(9));
  CHECK(m.truncated == 14);
  CHECK(m.errors == 0);
  // Streaming must not alter a byte of a 30-60 KB response.
  auto samples = h.store->Samples(h.run.id);
  REQUIRE(samples.has_value());
  for (const auto& s : *samples) {
    CHECK(s.completion.content == response_by_id.at(s.problem_id));
  }
}
