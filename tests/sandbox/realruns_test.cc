// Real model-written programs: every failure of LiveCodeBench's official run of
// Qwen2.5-7B-Instruct that recorded its failing test is judged again here, in the sandbox with
// LiveCodeBench hosting, and must get the same kind of verdict (WA or RE) and, for WA, the same
// output. Skipped (with a warning) when ../shared is not present.
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "r1/sandbox/compare.h"
#include "test_support.h"
#include "support/skip.h"

namespace r1::sandbox::testing {
namespace {

struct Case {
  std::string id, code, function, input, expected, lcb_verdict;
  std::optional<std::string> lcb_output;
};

std::vector<Case> LoadCases() {
  const char* env = std::getenv("R1_SHARED_DIR");
  const std::string shared = env ? env : R1_SHARED_DIR;
  const std::string data = shared + "/realruns/lcb-qwen25-7b-instruct-codegen/Scenario.codegeneration_1_0.2_eval_all.json";
  std::vector<Case> cases;
  if (access(data.c_str(), R_OK) != 0) return cases;
  const std::string command =
      "/usr/bin/python3 '" + std::string(R1_SOURCE_DIR) + "/tests/sandbox/realruns_cases.py' '" + data + "'";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string text;
  char buf[65536];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
  REQUIRE(pclose(pipe) == 0);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    auto j = nlohmann::json::parse(text.substr(start, end - start));
    Case c{j["id"], j["code"], j["function"], j["input"], j["expected"], j["lcb_verdict"], std::nullopt};
    if (!j["lcb_output"].is_null()) c.lcb_output = j["lcb_output"].get<std::string>();
    cases.push_back(std::move(c));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return cases;
}

TEST_CASE("real LiveCodeBench failures get LiveCodeBench's verdicts", "[sandbox][realruns]") {
  const std::vector<Case> cases = LoadCases();
  if (cases.empty()) {
    R1_SKIP("../shared/realruns not found");
  }
  std::mutex mu;
  std::map<std::string, int> tally;  // "WA->WA", "RE->OK", ...
  std::vector<std::string> disagreements;
  int outputs_compared = 0, outputs_same = 0;
  const auto start = std::chrono::steady_clock::now();

  // Each case is its own judgement; run them from as many threads as the pool has workers so
  // the pool stays full (Judge blocks its caller).
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> callers;
  for (std::size_t w = 0; w < Runner().pool().size(); ++w) {
    callers.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < cases.size();) {
        const Case& c = cases[i];
        CodeJudgeRequest request;
        request.program = {CodeLanguage::kPython, c.code, c.function, CodeHosting::kLiveCodeBench};
        request.tests.push_back({c.input, c.expected});
        request.limits.time_limit_s = 6;  // LiveCodeBench's per-test timeout
        request.limits.wall_limit_s = 60;  // CPU is the clock; do not let a loaded CI machine decide
        request.limits.memory_limit_mb = 1024;
        request.limits.keep_output_bytes = 1 << 20;
        auto judged = Runner().Judge(request);
        std::lock_guard lock(mu);
        if (!judged) {
          disagreements.push_back(c.id + ": judge error " + judged.error().message);
          continue;
        }
        const CodeTestResult& t = judged->tests[0];
        const std::string ours(CodeVerdictName(judged->verdict));
        ++tally[c.lcb_verdict + "->" + ours];
        if (ours != c.lcb_verdict) {
          disagreements.push_back(c.id + ": LCB " + c.lcb_verdict + ", ours " + ours + " (" + t.detail + ") " +
                                  t.error.substr(0, 300));
        } else if (ours == "WA" && c.lcb_output) {
          ++outputs_compared;
          const bool same = c.function.empty() ? LcbStdoutMatches(t.output, *c.lcb_output)
                                               : LcbJsonEqual(t.output, *c.lcb_output).value_or(false);
          if (same) {
            ++outputs_same;
          } else {
            disagreements.push_back(c.id + ": WA with a different output: ours '" + t.output.substr(0, 200) +
                                    "', LCB's '" + c.lcb_output->substr(0, 200) + "'");
          }
        }
      }
    });
  }
  for (std::thread& t : callers) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int agree = 0;
  for (const auto& [key, count] : tally) {
    if (key == "WA->WA" || key == "RE->RE") agree += count;
  }
  std::string summary = "cases " + std::to_string(cases.size()) + ", verdicts agree " + std::to_string(agree) +
                        ", WA outputs identical " + std::to_string(outputs_same) + "/" + std::to_string(outputs_compared) +
                        ", " + std::to_string(seconds) + " s;";
  for (const auto& [key, count] : tally) summary += " " + key + "=" + std::to_string(count);
  for (const std::string& d : disagreements) summary += "\n  " + d;
  WARN(summary);
  // The floor leaves room only for the documented differences (SECURITY.md): state shared
  // between LCB's tests in one process, its global timeouts, and its host's Python packages.
  CHECK(agree >= static_cast<int>(cases.size() * 0.99));
  CHECK(outputs_same >= static_cast<int>(outputs_compared * 0.98));
  RequireHostClean();
}

}  // namespace
}  // namespace r1::sandbox::testing
