// `r1-eval import` on real published generations, and `r1-eval equiv`'s line contract.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using r1::testing::RunR1;
using r1::testing::TempDir;

namespace {

// Runs `r1-eval args` with `input` on stdin.
r1::testing::ProcessResult WithStdin(const TempDir& tmp, const std::string& input,
                                     const std::vector<std::string>& args) {
  std::string in = tmp.Write("stdin.txt", input);
  std::vector<std::string> shell = {"-c"};
  std::string cmd = std::string(R1_BINARY_DIR) + "/r1-eval";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " < '" + in + "'";
  // Through /bin/sh so stdin can be redirected; the binary and exit code are r1-eval's.
  pid_t pid = fork();
  if (pid == 0) {
    int out = open((tmp / "equiv.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(98);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r1::testing::ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = r1::testing::ReadAll(tmp / "equiv.out");
  return r;
}

}  // namespace

TEST_CASE("importing real published outputs reproduces their scores", "[cli][integration][import]") {
  std::string data = r1::testing::SharedDataDir();
  if (data.empty()) {
    R1_SKIP("../shared/data is absent");
  }
  TempDir tmp;
  const std::string runs = data + "/../realruns/";
  auto deepscaler = RunR1({"import", runs + "deepscaler-1.5b-aime24-8k/8192t_test2024_qwen-instruct_t0.6_k1_s0_e30.jsonl",
                           "--suite", "aime2024", "--response-field", "generated_responses",
                           "--problem-field", "question", "--model", "deepscaler", "--label", "ds",
                           "--db", "r1.db", "--data-dir", data},
                          tmp.path());
  INFO(deepscaler.err);
  REQUIRE(deepscaler.exit_code == 0);
  auto math = RunR1({"import", runs + "skythought-qwen25-14b-instruct-math500/test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl",
                     "--suite", "math500", "--response-field", "code", "--problem-field", "question",
                     "--model", "qwen25-14b", "--label", "qwen", "--db", "r1.db", "--data-dir", data},
                    tmp.path());
  INFO(math.err);
  REQUIRE(math.exit_code == 0);
  auto report = RunR1({"report", "--db", "r1.db", "--format", "json"}, tmp.path());
  auto json = nlohmann::json::parse(report.out);
  REQUIRE(json["runs"].size() == 2);
  // DeepScaleR: 9/30 published, 14 cut at 8192 tokens. Qwen2.5-14B: 402/500 published; r1-eval
  // finds 404 (three right answers the source misread, one interval it accepted wrongly; the
  // math grader's tests pin these four).
  CHECK(json["runs"][0]["metrics"]["pass@1"].get<double>() * 30 == Approx(9));
  CHECK(json["runs"][0]["samples"]["truncated"] == 14);
  CHECK(json["runs"][1]["metrics"]["pass@1"].get<double>() * 500 == Approx(404));
  // Broken down by subject and level, the groups add back up to the whole.
  for (const char* key : {"subject", "level"}) {
    const auto& groups = json["runs"][1]["breakdown"][key];
    int problems = 0;
    double correct = 0;
    for (const auto& g : groups) {
      problems += g["problems"].get<int>();
      correct += g["pass@1"].get<double>() * g["problems"].get<int>();
    }
    CHECK(problems == 500);
    CHECK(correct == Approx(404));
  }
  CHECK(json["runs"][1]["breakdown"]["subject"].size() == 7);
  CHECK(json["runs"][1]["breakdown"]["level"].size() == 5);

  // Importing again is refused (it would drop every sample); a record of another suite is
  // refused with its number.
  auto again = RunR1({"import", runs + "deepscaler-1.5b-aime24-8k/8192t_test2024_qwen-instruct_t0.6_k1_s0_e30.jsonl",
                      "--suite", "aime2024", "--response-field", "generated_responses",
                      "--problem-field", "question", "--model", "deepscaler", "--db", "r1.db",
                      "--data-dir", data},
                     tmp.path());
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("run 1 ('ds') already holds an import") != std::string::npos);
  auto wrong = RunR1({"import", runs + "deepscaler-1.5b-aime24-8k/8192t_test2024_qwen-instruct_t0.6_k1_s0_e30.jsonl",
                      "--suite", "aime2025", "--response-field", "generated_responses",
                      "--problem-field", "question", "--db", "r1.db", "--data-dir", data},
                     tmp.path());
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("record 1: matches no problem of suite 'aime2025'") != std::string::npos);
}

TEST_CASE("equiv answers one JSON line per input line - in order", "[cli][integration][equiv]") {
  TempDir tmp;
  auto r = WithStdin(tmp,
                     "{\"gold\": \"\\\\frac{1}{2}\", \"pred\": \"0.5\"}\n"
                     "{\"gold\": \"33\", \"response\": \"<think>x</think> so \\\\boxed{033}\"}\n"
                     "{\"gold\": \"(2,\\\\infty)\", \"pred\": \"[2,\\\\infty)\"}\n",
                     {"equiv"});
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["equal"] == true);
  CHECK(rows[1]["equal"] == true);
  CHECK(rows[1]["extracted"] == "033");
  CHECK(rows[2]["equal"] == false);
  for (const auto& row : rows) CHECK(row.contains("extracted"));
}

TEST_CASE("equiv --explain names the rule that decided", "[cli][integration][equiv]") {
  TempDir tmp;
  auto r = WithStdin(tmp,
                     "{\"gold\": \"11\", \"pred\": \"m + n = 3 + 8 = 11\"}\n"
                     "{\"gold\": \"y\", \"pred\": \"|y|\"}\n"
                     "{\"gold\": \"7\", \"response\": \"I give up.\"}\n",
                     {"equiv", "--explain"});
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["equal"] == true);
  CHECK(rows[0]["rule"] == "equation-chain");
  CHECK(rows[1]["equal"] == false);
  CHECK(rows[1]["rule"] == "test-points");
  CHECK(rows[1]["explain"].get<std::string>().find("negative") != std::string::npos);
  CHECK(rows[2]["rule"] == "no-answer");
}

TEST_CASE("import --think-opened: a response without </think> is truncated - not graded from its boxes",
          "[cli][integration][import]") {
  TempDir tmp;
  tmp.Write("rows.jsonl", "{\"id\": 1, \"question\": \"What is 2+3?\", \"answer\": \"5\"}\n");
  const std::string suite = tmp.Write("tiny.json", "{\"name\": \"tiny\", \"data\": \"rows.jsonl\", \"grader\": \"integer\"}");
  // An R1-distill template ends the prompt in "<think>\n": the generation starts inside thinking.
  // The first was cut off mid-thought (EOS before </think>), the second finished.
  const std::string records = tmp.Write(
      "gen.jsonl",
      "{\"problem\": \"What is 2+3?\", \"response\": [\"Maybe \\\\boxed{5}? Let me check that again\", "
      "\"2+3: \\\\boxed{4}? No.</think>The answer is \\\\boxed{5}.\"]}\n");
  auto answers = [&](const std::vector<std::string>& extra, const std::string& label) {
    std::vector<std::string> args = {"import", records, "--suite", suite, "--db", "r1.db", "--label", label};
    args.insert(args.end(), extra.begin(), extra.end());
    auto imported = RunR1(args, tmp.path());
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    auto exported = RunR1({"export", "--db", "r1.db", "--run", label}, tmp.path());
    REQUIRE(exported.exit_code == 0);
    std::vector<nlohmann::json> rows;
    std::istringstream in(exported.out);
    for (std::string line; std::getline(in, line);) rows.push_back(nlohmann::json::parse(line));
    REQUIRE(rows.size() == 2);
    return rows;
  };
  auto opened = answers({"--think-opened"}, "opened");
  CHECK(opened[0]["truncated"] == true);
  CHECK(opened[0]["correct"] == false);
  CHECK(opened[0]["reasoning"] == "Maybe \\boxed{5}? Let me check that again");
  CHECK(opened[1]["truncated"] == false);
  CHECK(opened[1]["correct"] == true);
  CHECK(opened[1]["answer"] == "5");
  // Without the flag the unfinished thought is read as an answer (what the old import did).
  auto plain = answers({}, "plain");
  CHECK(plain[0]["correct"] == true);
  CHECK(plain[0]["truncated"] == false);
}
