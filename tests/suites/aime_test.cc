#include <catch2/catch.hpp>

#include "r1/suites/registry.h"
#include "support/skip.h"
#include "support/temp_dir.h"

namespace {
std::unique_ptr<r1::Suite> Load(const std::string& name, const std::string& dir) {
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto entry = registry.Find(name);
  REQUIRE(entry.has_value());
  auto suite = (*entry)->make(r1::SuiteOptions{dir});
  if (!suite) FAIL(suite.error().message);
  return std::move(*suite);
}
}  // namespace

TEST_CASE("aime2024 loads the 30 real problems with zero-padded string answers", "[suites]") {
  std::string data = r1::testing::SharedDataDir();
  if (data.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  auto suite = Load("aime2024", data + "/aime2024");
  REQUIRE(suite->Problems().size() == 30);
  CHECK(suite->Problems().front().id == "60");
  CHECK(suite->Problems().back().id == "89");
  CHECK(suite->GraderKey() == "integer");
  // The upstream file pins sha256 af2b8bd2...; the data version fingerprints name and bytes.
  CHECK(suite->DataVersion().size() == 64);
  int padded = 0;
  for (const auto& p : suite->Problems()) padded += p.gold.size() == 3 && p.gold[0] == '0';
  CHECK(padded > 0);
}

TEST_CASE("aime2025 reads JSON lines in a .json file without a final newline", "[suites]") {
  std::string data = r1::testing::SharedDataDir();
  if (data.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  auto suite = Load("aime2025", data + "/aime2025");
  REQUIRE(suite->Problems().size() == 30);
  CHECK(suite->Problems()[0].id == "I-1");
  CHECK(suite->Problems()[0].gold == "70");
  CHECK(suite->Problems()[29].id == "II-15");
  CHECK(suite->Problems()[29].gold == "240");
}

TEST_CASE("the AIME prompt is R1's: the problem then the boxed instruction - no system turn",
          "[suites]") {
  r1::testing::TempDir tmp;
  tmp.Write("aime2024/test.jsonl", R"({"id":1,"problem":"What is 1+1?","answer":"002"})" "\n");
  auto suite = Load("aime2024", tmp / "aime2024");
  auto prompt = suite->Render(suite->Problems()[0], 3);
  REQUIRE(prompt.messages.size() == 1);
  CHECK(prompt.messages[0].role == "user");
  CHECK(prompt.messages[0].content ==
        "What is 1+1?\nPlease reason step by step, and put your final answer within \\boxed{}.");
}

TEST_CASE("the suite registry names the known suites for an unknown one", "[suites]") {
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto missing = registry.Find("aime2023");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message.find("aime2024") != std::string::npos);
}
