// The shared row loader on Hugging Face Parquet exports: the AIME suites read the canonical
// HuggingFaceH4/aime_2024 and yentinglin/aime_2025 files and agree with the JSONL pins.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "r1/suites/json_rows.h"
#include "r1/suites/registry.h"
#include "support/skip.h"
#include "support/temp_dir.h"

namespace {

std::unique_ptr<r1::Suite> Load(const std::string& name, const std::string& dir) {
  r1::suites::SuiteRegistry registry;
  r1::suites::RegisterSuites(registry);
  auto suite = (*registry.Find(name))->make(r1::SuiteOptions{dir});
  if (!suite) FAIL(suite.error().message);
  return std::move(*suite);
}

std::map<std::string, std::pair<std::string, std::string>> ById(const r1::Suite& suite) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& p : suite.Problems()) out[p.id] = {p.question, p.gold};
  return out;
}

}  // namespace

TEST_CASE("aime2024 from HuggingFaceH4's Parquet equals the Qwen JSONL pin", "[suites][parquet]") {
  std::string shared = r1::testing::SharedDataDir();
  if (shared.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  r1::testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "aime2024");
  std::filesystem::copy_file(shared + "/parquet/aime_2024/train-00000-of-00001.parquet",
                             tmp / "aime2024/train-00000-of-00001.parquet");
  auto parquet = Load("aime2024", tmp / "aime2024");
  auto jsonl = Load("aime2024", shared + "/aime2024");
  REQUIRE(parquet->Problems().size() == 30);
  CHECK(parquet->Problems()[0].id == "60");
  CHECK(parquet->Problems()[0].gold == "204");
  CHECK(ById(*parquet) == ById(*jsonl));
  CHECK(parquet->DataVersion() != jsonl->DataVersion());  // different bytes, different runs

  // With both copies in one folder the JSON wins, so no problem is counted twice.
  std::filesystem::copy_file(shared + "/aime2024/test.jsonl", tmp / "aime2024/test.jsonl");
  CHECK(Load("aime2024", tmp / "aime2024")->DataVersion() == jsonl->DataVersion());
}

TEST_CASE("aime2025 from yentinglin's Parquet has the published answers", "[suites][parquet]") {
  std::string shared = r1::testing::SharedDataDir();
  if (shared.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  r1::testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "aime2025");
  std::filesystem::copy_file(
      shared + "/parquet/aime_2025/train-00000-of-00001-243207c6c994e1bd.parquet",
      tmp / "aime2025/train.parquet");
  auto suite = Load("aime2025", tmp / "aime2025");
  REQUIRE(suite->Problems().size() == 30);
  CHECK(suite->Problems()[0].id == "0");
  CHECK(suite->Problems()[0].gold == "70");
  std::multiset<std::string> got, want;
  for (const auto& p : suite->Problems()) got.insert(p.gold);
  for (const auto& p : Load("aime2025", shared + "/aime2025")->Problems()) want.insert(p.gold);
  CHECK(got == want);
}

TEST_CASE("list<struct> Parquet columns become arrays of objects", "[suites][parquet]") {
  std::string shared = r1::testing::SharedDataDir();
  if (shared.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  r1::testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "d");
  std::filesystem::copy_file(shared + "/parquet/hmmt_feb_2025/train-00000-of-00001.parquet",
                             tmp / "d/hmmt.parquet");
  r1::suites::FieldSpec fields{{"problem_idx"}, {"problem"}, {"answer"}, {"problem_type"}};
  auto rows = r1::suites::LoadJsonRows(tmp / "d", fields);
  REQUIRE(rows.has_value());
  REQUIRE(rows->problems.size() == 30);
  CHECK(rows->problems[0].id == "1");
  CHECK(rows->problems[0].meta[0] ==
        std::pair<std::string, std::string>{"problem_type", "[\"Number Theory\"]"});
}
