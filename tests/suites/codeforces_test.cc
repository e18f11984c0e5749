// Codeforces: the Parquet fixtures (written by tests/fixtures/codeforces/make_fixtures.py in the
// shape of open-r1/codeforces), tests, skips, limits, checker, window and prompt.
#include "r1/suites/codeforces.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "r1/core/code_tests.h"
#include "r1/suites/livecodebench.h"
#include "r1/suites/registry.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using r1::SuiteOptions;

namespace {

const std::string kFixtures = R1_SOURCE_DIR "/tests/fixtures/codeforces";

std::string Meta(const r1::Problem& p, const std::string& key) {
  for (const auto& [k, v] : p.meta) {
    if (k == key) return v;
  }
  return "";
}

SuiteOptions Options(const r1::testing::TempDir& tmp) {
  SuiteOptions o;
  o.data_dir = kFixtures;
  o.cache_dir = tmp / "cache";
  return o;
}

}  // namespace

TEST_CASE("codeforces rows read from Parquet with list<struct> tests", "[suites][codeforces]") {
  auto rows = r1::suites::ReadCodeforcesProblems(kFixtures + "/test-00000-of-00001.parquet");
  REQUIRE(rows);
  REQUIRE(rows->size() == 5);
  const auto& a = (*rows)[0];
  CHECK(a.id == "2050/A");
  CHECK(a.contest_id == 2050);
  CHECK(a.contest_start == 1733409300);
  CHECK(a.time_limit_s == 1.0);
  CHECK(a.memory_limit_mb == 256.0);
  CHECK(a.rating == 800);
  REQUIRE(a.official_tests.size() == 3);
  CHECK(a.official_tests[1].input == "10 -4\n");
  CHECK(a.official_tests[1].output == "6\n");
  CHECK(a.examples.size() == 1);
  CHECK(a.official_tests_complete);
  CHECK(a.interaction_format.empty());
  CHECK((*rows)[1].generated_checker.find("sys.argv[1:4]") != std::string::npos);
  CHECK_FALSE((*rows)[2].interaction_format.empty());
  CHECK_FALSE((*rows)[3].official_tests_complete);
  auto generated = r1::suites::ReadCodeforcesGeneratedTests(kFixtures + "/generated_tests/test_cases_2050.parquet");
  REQUIRE(generated);
  REQUIRE(generated->size() == 3);
  CHECK((*generated)[0].first == "2050/D");
  CHECK((*generated)[0].second.input == "1\n0\n");
}

TEST_CASE("the suite keeps judgeable problems - says why it skips the others", "[suites][codeforces]") {
  r1::testing::TempDir tmp;
  auto suite = r1::suites::MakeCodeforcesSuite(Options(tmp));
  REQUIRE(suite);
  std::vector<std::string> ids;
  for (const auto& p : (*suite)->Problems()) ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"2050/A", "2050/B", "2050/D", "1900/A"});
  CHECK(r1::suites::CodeforcesSkipped(**suite) ==
        std::vector<std::pair<std::string, std::string>>{{"2050/C", "interactive"}});
  CHECK((*suite)->GraderKey() == "codeforces");
  CHECK((*suite)->PromptVersion() == "cf-r1-1-cpp");

  r1::CodeTestStore store(r1::suites::CodeTestsDir(tmp / "cache"));
  auto spec_of = [&](std::size_t i) { return *r1::ParseCodeProblemSpec((*suite)->Problems()[i].gold); };
  const r1::CodeProblemSpec a = spec_of(0);
  CHECK(a.language == "cpp");
  CHECK(a.time_limit_s == 1.0);
  CHECK(a.memory_limit_mb == 256);
  CHECK(a.tests == 3);
  CHECK(a.public_tests == 1);
  CHECK(a.checker.empty());
  CHECK(spec_of(1).checker.find("print(1 if") != std::string::npos);
  // D: the official tests are cut short, so only its generated tests are run.
  const r1::CodeProblemSpec d = spec_of(2);
  CHECK(d.tests == 3);
  auto d_tests = store.Get(d.tests_key);
  REQUIRE(d_tests);
  CHECK((**d_tests)[2].expected == "100\n");
  const r1::Problem& first = (*suite)->Problems()[0];
  CHECK(Meta(first, "date") == "2024-12-05");
  CHECK(Meta(first, "contest_id") == "2050");
  CHECK(Meta(first, "index") == "A");
  CHECK(Meta(first, "rating") == "800");

  // Without generated tests, D has nothing complete to run.
  r1::testing::TempDir copy;
  fs::copy_file(kFixtures + "/test-00000-of-00001.parquet", copy.path() / "test-00000-of-00001.parquet");
  SuiteOptions bare = Options(tmp);
  bare.data_dir = copy.path().string();
  auto without = r1::suites::MakeCodeforcesSuite(bare);
  REQUIRE(without);
  CHECK(r1::suites::CodeforcesSkipped(**without).back() ==
        std::pair<std::string, std::string>{"2050/D", "official tests incomplete, no generated tests"});
  CHECK(without.value()->DataVersion() != suite.value()->DataVersion());
}

TEST_CASE("codeforces: window on the contest day - language - prompt", "[suites][codeforces]") {
  r1::testing::TempDir tmp;
  SuiteOptions o = Options(tmp);
  o.since = "2024-01-01";
  o.language = "python";
  auto suite = r1::suites::MakeCodeforcesSuite(o);
  REQUIRE(suite);
  REQUIRE((*suite)->Problems().size() == 3);  // the 2023 row is out
  CHECK((*suite)->PromptVersion() == "cf-r1-1-python");
  CHECK(r1::ParseCodeProblemSpec((*suite)->Problems()[0].gold)->language == "python");
  const std::string prompt = (*suite)->Render((*suite)->Problems()[0], 0).messages.at(0).content;
  CHECK(prompt.starts_with("You will be given a competitive programming problem."));
  CHECK(prompt.find("complete implementation in Python 3") != std::string::npos);
  CHECK(prompt.find("```python\n<your code here>\n```") != std::string::npos);
  CHECK(prompt.find("# Problem\n\nPrint a+b.\n\n## Constraints\nTime limit per test: 1 seconds\nMemory limit per "
                    "test: 256 megabytes\n\n## Input Format\n") != std::string::npos);
  CHECK(prompt.find("## Examples\n```input\n1 2\n\n```\n```output\n3\n\n```") != std::string::npos);

  o.language = "rust";
  CHECK(r1::suites::MakeCodeforcesSuite(o).error().message.find("--lang rust") != std::string::npos);
  o.language = "";
  o.since = "2030-01-01";
  CHECK(r1::suites::MakeCodeforcesSuite(o).error().message.find("no judgeable problem") != std::string::npos);
  SuiteOptions none;
  none.data_dir = tmp.path().string();
  CHECK(r1::suites::MakeCodeforcesSuite(none).error().code == r1::ErrorCode::kNotFound);
}
