// End-to-end: `report` in every format, `compare` and `gate` through the real binary, against
// runs sampled from a loopback server whose answers we choose.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

#include "aime_fixture.h"
#include "fake_openai_server.h"
#include "process.h"
#include "support/temp_dir.h"

using r1::testing::FakeOpenAiServer;
using r1::testing::ReadFile;
using r1::testing::Reply;
using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

constexpr int kProblems = 20;

// AIME-shaped problems "problem N" with answer N.

// A server that answers problem N correctly unless wrong(N).
std::unique_ptr<FakeOpenAiServer> Server(std::function<bool(int)> wrong) {
  return std::move(*FakeOpenAiServer::Start([wrong](const nlohmann::json& request, std::uint64_t) {
    const std::string text = request["messages"].back()["content"].get<std::string>();
    std::smatch m;
    std::regex_search(text, m, std::regex("problem (\\d+)"));
    const int n = std::stoi(m[1]);
    Reply r;
    r.content = "<think>thinking about " + std::to_string(n) + "</think>The answer is \\boxed{" +
                std::to_string(wrong(n) ? n + 100 : n) + "}.";
    r.completion_tokens = 200 + n;
    return r;
  }));
}

void Sample(const TempDir& tmp, FakeOpenAiServer& server, const std::string& label) {
  auto run = RunR1({"--suite", "aime2024", "--model", server.base_url(), "--data-dir", tmp / "data", "-n", "2",
                    "--db", "r1.db", "--label", label, "--fresh"},
                   tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
}

// base: all right; regressed: problems 1-10 wrong; noisy: problem 1 wrong.
void ThreeRuns(const TempDir& tmp) {
  r1::testing::WriteNumberedSuite(tmp, kProblems, 1);
  auto good = Server([](int) { return false; });
  Sample(tmp, *good, "base");
  auto bad = Server([](int n) { return n <= 10; });
  Sample(tmp, *bad, "regressed");
  auto noisy = Server([](int n) { return n == 1; });
  Sample(tmp, *noisy, "noisy");
}

}  // namespace

TEST_CASE("report writes markdown - csv and html with reference rows and cost", "[cli][reports]") {
  TempDir tmp;
  ThreeRuns(tmp);
  auto md = RunR1({"report", "--db", "r1.db", "--format", "markdown", "--reference", "r1", "--price", "deepseek-r1"},
                  tmp.path());
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.find("| Model | AIME 2024 pass@1 |") == 0);
  CHECK(md.out.find("| *DeepSeek-R1* (paper) | 79.8 |") != std::string::npos);
  CHECK(md.out.find("Cost (USD)") != std::string::npos);

  auto csv = RunR1({"report", "--db", "r1.db", "--format", "csv", "-o", "runs.csv"}, tmp.path());
  REQUIRE(csv.exit_code == 0);
  const std::string table = ReadFile(tmp / "runs.csv");
  CHECK(table.starts_with("kind,run_id,label,suite,model,k,problems,pass@1,"));
  CHECK(table.find("run,1,base,aime2024,fake-model,2,20,1,") != std::string::npos);
  CHECK(table.find("run,2,regressed,aime2024,fake-model,2,20,0.5,") != std::string::npos);

  auto html = RunR1({"report", "--db", "r1.db", "--format", "html", "-o", "board.html", "--reference", "r1"},
                    tmp.path());
  REQUIRE(html.exit_code == 0);
  CHECK(html.err.find("wrote board.html (3 runs") != std::string::npos);
  const std::string page = ReadFile(tmp / "board.html");
  CHECK(page.starts_with("<!DOCTYPE html>"));
  CHECK(page.find("thinking about 7") != std::string::npos);  // the sample viewer
  CHECK(page.find("Content-Security-Policy") != std::string::npos);

  auto json = RunR1({"report", "--db", "r1.db", "--format", "json", "--price-in", "1", "--price-out", "2"}, tmp.path());
  REQUIRE(json.exit_code == 0);
  auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["runs"][0]["metrics"]["pass@1"] == 1.0);
  CHECK(doc["runs"][0]["diagnostics"]["think_format"]["compliance_rate"] == 1.0);
  CHECK(doc["runs"][0]["per_problem"].size() == kProblems);
  // 40 samples x 12 prompt tokens at $1/M plus sum(200 + n) x 2 completions at $2/M.
  CHECK(doc["runs"][0]["diagnostics"]["cost_usd"].get<double>() == Approx((40 * 12 * 1.0 + 2 * (20 * 200 + 210) * 2.0) / 1e6));
  CHECK(doc["pricing"]["name"] == "custom");
}

TEST_CASE("report rejects what it cannot do with exit 2", "[cli][reports]") {
  TempDir tmp;
  r1::testing::WriteNumberedSuite(tmp, kProblems, 1);
  auto good = Server([](int) { return false; });
  Sample(tmp, *good, "base");
  CHECK(RunR1({"report", "--db", "r1.db", "--format", "pdf"}, tmp.path()).exit_code == 2);
  CHECK(RunR1({"report", "--db", "r1.db", "--reference", "gpt5"}, tmp.path()).exit_code == 2);
  auto preset = RunR1({"report", "--db", "r1.db", "--price", "cheap"}, tmp.path());
  CHECK(preset.exit_code == 2);
  CHECK(preset.err.find("unknown price preset 'cheap' (known: ") != std::string::npos);
  CHECK(RunR1({"report", "--db", "missing.db", "--format", "html"}, tmp.path()).exit_code == 2);
}

TEST_CASE("compare names the difference - its CI and p-value - and the flipped problems", "[cli][reports]") {
  TempDir tmp;
  ThreeRuns(tmp);
  auto cmp = RunR1({"compare", "base", "regressed", "--db", "r1.db"}, tmp.path());
  INFO(cmp.err);
  REQUIRE(cmp.exit_code == 0);
  CHECK(cmp.out.find("pass@1 100.0% → 50.0%: B − A = -50.0 points") != std::string::npos);
  CHECK(cmp.out.find("p = 0.001953 exact (paired over 20 problems)") != std::string::npos);  // 2/1024
  CHECK(cmp.out.find("10 lost, 0 gained") != std::string::npos);
  CHECK(cmp.out.find("lost: 1 (2/2 → 0/2)") != std::string::npos);

  auto same = RunR1({"compare", "base", "base", "--db", "r1.db", "--format", "json"}, tmp.path());
  REQUIRE(same.exit_code == 0);
  auto doc = nlohmann::json::parse(same.out);
  CHECK(doc["suites"][0]["difference"] == 0.0);
  CHECK(doc["suites"][0]["p_value"] == 1.0);

  CHECK(RunR1({"compare", "base", "nope", "--db", "r1.db"}, tmp.path()).exit_code == 2);
  CHECK(RunR1({"compare", "base"}, tmp.path()).exit_code == 2);
}

TEST_CASE("gate fails on a real regression - passes on noise - and speaks JUnit and GitHub", "[cli][reports]") {
  TempDir tmp;
  ThreeRuns(tmp);
  auto fail = RunR1({"gate", "--baseline", "base", "--candidate", "regressed", "--db", "r1.db", "--junit", "junit.xml"},
                    tmp.path());
  INFO(fail.out << fail.err);
  CHECK(fail.exit_code == 1);
  CHECK(fail.out.find("FAIL aime2024: dropped 50.0 points (limit 2.0) and p < 0.05") != std::string::npos);
  CHECK(fail.out.find("gate FAILED: 1 of 1 suites regressed") != std::string::npos);
  const std::string junit = ReadFile(tmp / "junit.xml");
  CHECK(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  CHECK(junit.find("<failure type=\"regression\" message=\"aime2024: dropped 50.0 points") != std::string::npos);
  if (std::system("command -v python3 >/dev/null 2>&1") == 0) {
    CHECK(std::system(("python3 -c \"import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); "
                       "assert len(r.findall('.//failure')) == 1\" " + tmp / "junit.xml").c_str()) == 0);
  }

  // One problem wrong out of 20: a 5-point drop, but a single flipped problem is noise.
  auto noise = RunR1({"gate", "--baseline", "base", "--candidate", "noisy", "--db", "r1.db"}, tmp.path());
  CHECK(noise.exit_code == 0);
  CHECK(noise.out.find("drop not significant at alpha 0.05") != std::string::npos);

  // The drop is real but smaller than the limit the project chose.
  CHECK(RunR1({"gate", "--baseline", "base", "--candidate", "regressed", "--db", "r1.db", "--max-drop", "60"},
              tmp.path())
            .exit_code == 0);

  // A committed JSON baseline works like a run in the store.
  REQUIRE(RunR1({"report", "--db", "r1.db", "--run", "base", "--format", "json", "-o", "baseline.json"}, tmp.path())
              .exit_code == 0);
  auto from_file = RunR1({"gate", "--baseline", "baseline.json", "--candidate", "regressed", "--db", "r1.db"},
                         tmp.path(), {"GITHUB_ACTIONS=true"});
  CHECK(from_file.exit_code == 1);
  CHECK(from_file.out.find("::error title=r1-eval gate: aime2024 regressed::aime2024: dropped 50.0 points") !=
        std::string::npos);
  CHECK(RunR1({"gate", "--baseline", "baseline.json", "--candidate", "base", "--db", "r1.db"}, tmp.path()).exit_code ==
        0);
}

TEST_CASE("gate: bad input is exit 2 - a broken store exit 3", "[cli][reports]") {
  TempDir tmp;
  ThreeRuns(tmp);
  CHECK(RunR1({"gate", "--baseline", "base", "--db", "r1.db"}, tmp.path()).exit_code == 2);
  CHECK(RunR1({"gate", "--baseline", "nope", "--candidate", "base", "--db", "r1.db"}, tmp.path()).exit_code == 2);
  CHECK(RunR1({"gate", "--baseline", "base", "--candidate", "base", "--db", "none.db"}, tmp.path()).exit_code == 2);
  tmp.Write("broken.json", "{\"runs\": [{\"suite\": 1}]}");
  auto broken = RunR1({"gate", "--baseline", "broken.json", "--candidate", "base", "--db", "r1.db"}, tmp.path());
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("baseline: broken.json: ") != std::string::npos);
  CHECK(RunR1({"gate", "--baseline", "base", "--candidate", "base", "--db", "r1.db", "--alpha", "2"}, tmp.path())
            .exit_code == 2);
  tmp.Write("garbage.db", std::string(8192, 'x'));
  CHECK(RunR1({"gate", "--baseline", "base", "--candidate", "base", "--db", "garbage.db"}, tmp.path()).exit_code == 3);
}

TEST_CASE("a user suite's declared breakdowns reach the table and JSON - and stay with the run",
          "[cli][reports]") {
  TempDir tmp;
  // Problems 1-10 are "easy" and answered right, 11-20 "hard" and answered wrong; "url" is a
  // field the suite does not declare, so no report breaks down by it.
  std::string rows;
  for (int i = 1; i <= kProblems; ++i) {
    rows += "{\"id\":" + std::to_string(i) + ",\"question\":\"problem " + std::to_string(i) +
            "\",\"answer\":\"" + std::to_string(i) + "\",\"difficulty\":\"" + (i <= 10 ? "easy" : "hard") +
            "\",\"url\":\"u" + std::to_string(i) + "\"}\n";
  }
  tmp.Write("suite/rows.jsonl", rows);
  const std::string suite = tmp.Write(
      "suite/mine.json",
      "{\"name\": \"mine\", \"data\": \"rows.jsonl\", \"grader\": \"integer\", \"breakdowns\": [\"difficulty\"]}");
  auto server = Server([](int n) { return n > 10; });
  auto run = RunR1({"--suite", suite, "--model", server->base_url(), "-n", "2", "--db", "r1.db"}, tmp.path());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("easy") != std::string::npos);
  CHECK(run.out.find("u13") == std::string::npos);
  auto check = [](const nlohmann::json& report) {
    const auto& r = report["runs"][0];
    REQUIRE(r["breakdown"].contains("difficulty"));
    CHECK_FALSE(r["breakdown"].contains("url"));
    std::map<std::string, double> pass1;
    for (const auto& g : r["breakdown"]["difficulty"]) pass1[g["value"]] = g["pass@1"];
    CHECK(pass1 == std::map<std::string, double>{{"easy", 1.0}, {"hard", 0.0}});
  };
  auto now = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  REQUIRE(now.exit_code == 0);
  check(nlohmann::json::parse(now.out));
  // Reports made later, with the suite file gone, break down the same way: the run holds the list.
  std::filesystem::remove_all(tmp / "suite");
  auto later = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  INFO(later.err);
  REQUIRE(later.exit_code == 0);
  check(nlohmann::json::parse(later.out));
  auto table = RunR1({"report", "--db", "r1.db"}, tmp.path());
  CHECK(table.out.find("easy") != std::string::npos);
}
