// compare and gate: paired differences, flipped problems, verdicts, JUnit and annotations.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "r1/reports/compare.h"
#include "r1/reports/gate.h"
#include "r1/reports/junit.h"
#include "support/temp_dir.h"

using namespace r1::reports;

namespace {

// A run from per-problem (correct, scored) counts, with pass@1 and its standard error.
RunSummary Run(std::int64_t id, const std::string& label, const std::string& suite,
               const std::vector<std::pair<int, int>>& counts) {
  RunSummary s;
  s.run.id = id;
  s.run.label = label;
  s.run.suite = suite;
  s.run.model = "model-" + label;
  s.run.samples_per_problem = 8;
  double sum = 0, ss = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    ProblemResult p;
    p.problem_id = std::to_string(60 + i);
    p.correct = counts[i].first;
    p.scored = p.samples = counts[i].second;
    s.per_problem.push_back(p);
    sum += p.PassRate();
  }
  const double n = static_cast<double>(counts.size());
  s.metrics.pass1 = sum / n;
  for (const auto& p : s.per_problem) ss += (p.PassRate() - s.metrics.pass1) * (p.PassRate() - s.metrics.pass1);
  s.metrics.pass1_stderr = std::sqrt(ss / (n - 1)) / std::sqrt(n);
  s.metrics.problems = s.metrics.problems_scored = static_cast<int>(counts.size());
  return s;
}

// 30 problems: the first `solved` at 8/8, the rest at 0/8, except `noisy` problems at 4/8.
std::vector<std::pair<int, int>> Counts(int solved, int noisy = 0) {
  std::vector<std::pair<int, int>> out;
  for (int i = 0; i < 30; ++i) out.emplace_back(i < solved ? 8 : i < solved + noisy ? 4 : 0, 8);
  return out;
}

}  // namespace

TEST_CASE("compare: identical runs differ by nothing", "[reports][compare]") {
  auto a = Run(1, "a", "aime2024", Counts(12, 6));
  auto b = Run(2, "b", "aime2024", Counts(12, 6));
  auto cmp = Compare({a}, {b});
  REQUIRE(cmp);
  REQUIRE(cmp->suites.size() == 1);
  const auto& c = cmp->suites[0];
  CHECK(c.paired);
  CHECK(c.problems == 30);
  CHECK(c.difference.estimate == 0);
  CHECK(c.difference.low == 0);
  CHECK(c.difference.high == 0);
  CHECK(c.p_value == 1.0);
  CHECK(c.lost.empty());
  CHECK(c.gained.empty());
  auto gate = EvaluateGate(*cmp, {});
  CHECK_FALSE(gate.failed);
}

TEST_CASE("compare: a real regression is significant and names the flipped problems", "[reports][compare]") {
  auto base = Run(1, "base", "aime2024", Counts(16));
  auto cand = Run(2, "cand", "aime2024", Counts(10));  // problems 70..75 lost
  auto cmp = Compare({base}, {cand});
  REQUIRE(cmp);
  const auto& c = cmp->suites[0];
  CHECK(c.difference.estimate == Approx(-6.0 / 30));
  CHECK(c.exact);
  CHECK(c.p_value == Approx(2.0 / 64));  // six problems all dropped: exact sign-flip p
  CHECK(c.difference.high < 0);
  REQUIRE(c.lost.size() == 6);
  CHECK(c.lost[0].problem_id == "70");
  CHECK(c.lost[0].a_correct == 8);
  CHECK(c.lost[0].b_correct == 0);
  CHECK(c.gained.empty());
  const std::string text = RenderCompareText(*cmp);
  CHECK(text.find("B − A = -20.0 points") != std::string::npos);
  CHECK(text.find("lost: 70 (8/8 → 0/8)") != std::string::npos);

  auto gate = EvaluateGate(*cmp, {.max_drop_points = 2.0, .alpha = 0.05});
  CHECK(gate.failed);
  REQUIRE(gate.suites.size() == 1);
  CHECK(gate.suites[0].drop_points == Approx(20.0));
  CHECK(gate.suites[0].message.find("aime2024") == 0);
  CHECK(gate.suites[0].message.find("dropped 20.0 points") != std::string::npos);
  CHECK(gate.suites[0].message.find("53.3% (baseline base (model-base)) → 33.3%") != std::string::npos);
  // The same drop passes when the limit is higher, or the significance bar stricter.
  CHECK_FALSE(EvaluateGate(*cmp, {.max_drop_points = 25.0, .alpha = 0.05}).failed);
  CHECK_FALSE(EvaluateGate(*cmp, {.max_drop_points = 2.0, .alpha = 0.01}).failed);
}

TEST_CASE("gate: noise passes - improvements pass", "[reports][compare]") {
  auto base = Run(1, "base", "aime2024", Counts(12, 4));
  // Two problems move by half their samples each way: no systematic change.
  auto noisy_counts = Counts(12, 4);
  noisy_counts[12] = {8, 8};
  noisy_counts[13] = {0, 8};
  auto noisy = Run(2, "noisy", "aime2024", noisy_counts);
  auto cmp = Compare({base}, {noisy});
  REQUIRE(cmp);
  CHECK(cmp->suites[0].p_value > 0.5);
  CHECK_FALSE(EvaluateGate(*cmp, {.max_drop_points = 0, .alpha = 0.05}).failed);

  auto better = Run(3, "better", "aime2024", Counts(20));
  auto up = Compare({base}, {better});
  REQUIRE(up);
  CHECK(up->suites[0].difference.estimate > 0);
  CHECK_FALSE(EvaluateGate(*up, {}).failed);
}

TEST_CASE("compare: suites are matched by name - problems by id", "[reports][compare]") {
  auto a1 = Run(1, "a1", "aime2024", Counts(10));
  auto a2 = Run(2, "a2", "math500", Counts(20));
  auto b1 = Run(3, "b1", "aime2024", Counts(10));
  auto b3 = Run(4, "b3", "gpqa-diamond", Counts(5));
  auto cmp = Compare({a1, a2}, {b1, b3});
  REQUIRE(cmp);
  REQUIRE(cmp->suites.size() == 1);
  CHECK(cmp->suites[0].suite == "aime2024");
  CHECK(cmp->only_a == std::vector<std::string>{"math500"});
  CHECK(cmp->only_b == std::vector<std::string>{"gpqa-diamond"});
  // The baseline's math500 is missing from the candidate: not gated, so the gate fails.
  auto gate = EvaluateGate(*cmp, {});
  CHECK(gate.failed);
  CHECK(gate.notes.size() == 1);  // gpqa-diamond, in the candidate only
  REQUIRE(gate.suites.size() == 2);
  CHECK(gate.suites[1].suite == "math500");
  CHECK(gate.suites[1].incomplete);
  CHECK(gate.suites[1].message.find("the candidate does not") != std::string::npos);
  auto partial = EvaluateGate(*cmp, {.allow_partial = true});
  CHECK_FALSE(partial.failed);
  CHECK(partial.notes.size() == 2);

  CHECK(Compare({a1}, {b3}).error().code == r1::ErrorCode::kInvalidArgument);
  auto twice = Compare({a1, Run(5, "again", "aime2024", Counts(3))}, {b1});
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message.find("two runs of suite aime2024") != std::string::npos);
}

TEST_CASE("compare: without per-problem results it falls back to an unpaired z-test", "[reports][compare]") {
  auto a = Run(1, "a", "aime2024", Counts(16));
  auto b = Run(2, "b", "aime2024", Counts(10));
  a.per_problem.clear();
  auto cmp = Compare({a}, {b});
  REQUIRE(cmp);
  const auto& c = cmp->suites[0];
  CHECK_FALSE(c.paired);
  const double se = std::hypot(a.metrics.pass1_stderr, b.metrics.pass1_stderr);
  CHECK(c.difference.low == Approx(c.difference.estimate - 1.959964 * se).epsilon(1e-4));
  CHECK(c.p_value == Approx(NormalTwoSidedP(c.difference.estimate / se)));
}

TEST_CASE("junit: well-formed XML with a failure per failing suite", "[reports][compare]") {
  GateResult result;
  result.failed = true;
  result.suites.push_back({.suite = "aime2024",
                           .failed = true,
                           .regressed = true,
                           .drop_points = 20.0,
                           .p_value = 0.03,
                           .message = "aime2024: dropped 20.0 points <&> \"quoted\" \x01"});
  result.suites.push_back(
      {.suite = "x\"><evil/>", .failed = false, .drop_points = 0.0, .p_value = 1.0, .message = "ok ]]> fine"});
  result.notes.push_back("math500: in the baseline only, not gated");
  const std::string xml = RenderJUnit(result);
  CHECK(xml.find("<failure type=\"regression\" message=\"aime2024: dropped 20.0 points &lt;&amp;&gt; &quot;quoted&quot; \"") !=
        std::string::npos);
  CHECK(xml.find("tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<evil/>") == std::string::npos);

  // An independent XML parser agrees it is well formed and counts the same.
  r1::testing::TempDir tmp;
  const std::string path = tmp.Write("junit.xml", xml);
  const std::string check = tmp.Write(
      "check.py",
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "assert root.tag == 'testsuites', root.tag\n"
      "cases = root.findall('./testsuite/testcase')\n"
      "assert len(cases) == 2, len(cases)\n"
      "assert len(root.findall('./testsuite/testcase/failure')) == 1\n"
      "assert cases[1].get('name') == 'x\"><evil/>'\n");
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    WARN("python3 not found: XML well-formedness checked by string only");
    return;
  }
  CHECK(std::system(("python3 " + check + " " + path).c_str()) == 0);
}

TEST_CASE("github annotations: one ::error per failing suite - newlines encoded", "[reports][compare]") {
  GateResult result;
  result.suites.push_back({.suite = "aime2024",
                           .failed = true,
                           .regressed = true,
                           .drop_points = 20.0,
                           .p_value = 0.03,
                           .message = "aime2024: 100% → 80%\nsecond line"});
  result.suites.push_back(
      {.suite = "math500", .failed = false, .drop_points = 0.0, .p_value = 1.0, .message = "math500: no drop"});
  const std::string out = GithubAnnotations(result);
  CHECK(out == "::error title=r1-eval gate: aime2024 regressed::aime2024: 100%25 → 80%25%0Asecond line\n");
}

TEST_CASE("gate: a candidate on 3 of the baseline's 30 problems fails - saying what is missing",
          "[reports][compare][gate]") {
  // 45% on all 30 AIME problems; the candidate answered 3 of them, at 16.7%.
  std::vector<std::pair<int, int>> base_counts;
  for (int i = 0; i < 30; ++i) base_counts.emplace_back(i < 12 ? 8 : i < 15 ? 4 : i < 17 ? 2 : 0, 8);
  auto base = Run(1, "base", "aime2024", base_counts);
  auto cand = Run(2, "cand", "aime2024", {{4, 8}, {0, 8}, {0, 8}});
  auto cmp = Compare({base}, {cand});
  REQUIRE(cmp);
  CHECK(cmp->suites[0].b_missing_count == 27);
  auto gate = EvaluateGate(*cmp, {});
  CHECK(gate.failed);
  REQUIRE(gate.suites.size() == 1);
  const auto& v = gate.suites[0];
  CHECK(v.incomplete);
  CHECK_FALSE(v.regressed);  // 3 problems cannot show a significant drop...
  CHECK(v.message.find("incomplete: the candidate lacks 27 problems the baseline scored (63, 64, 65") !=
        std::string::npos);  // ...which is why it must not pass
  CHECK(RenderGateText(gate).find("gate FAILED: 0 of 1 suites regressed, 1 incomplete") != std::string::npos);
  // JUnit and GitHub annotations carry the reason.
  const std::string xml = RenderJUnit(gate);
  CHECK(xml.find("<failure type=\"incomplete\"") != std::string::npos);
  CHECK(xml.find("lacks 27 problems") != std::string::npos);
  const std::string gh = GithubAnnotations(gate);
  CHECK(gh.find("::error title=r1-eval gate: aime2024 incomplete::") != std::string::npos);
  CHECK(gh.find("lacks 27 problems") != std::string::npos);

  // --allow-partial: gated on the 3 problems both scored, and it says so.
  auto partial = EvaluateGate(*cmp, {.allow_partial = true});
  CHECK_FALSE(partial.failed);
  CHECK(partial.suites[0].message.find("allowed by --allow-partial") != std::string::npos);
}

TEST_CASE("gate: errored or unscored candidate samples fail unless partial results are allowed",
          "[reports][compare][gate]") {
  auto base = Run(1, "base", "aime2024", Counts(12, 6));
  auto cand = Run(2, "cand", "aime2024", Counts(12, 6));
  cand.metrics.errors = 3;
  cand.metrics.unscored = 2;
  auto cmp = Compare({base}, {cand});
  REQUIRE(cmp);
  auto gate = EvaluateGate(*cmp, {});
  CHECK(gate.failed);
  CHECK(gate.suites[0].message.find("the candidate lacks 3 errored samples and 2 unscored samples") !=
        std::string::npos);
  CHECK_FALSE(EvaluateGate(*cmp, {.allow_partial = true}).failed);

  // Samples not yet sampled (an interrupted candidate) are missing too.
  cand.metrics.errors = cand.metrics.unscored = 0;
  cand.run_problems = 30;
  cand.metrics.total = 200;  // of 30 x 8
  auto unfinished = Compare({base}, {cand});
  REQUIRE(unfinished);
  CHECK(EvaluateGate(*unfinished, {}).suites[0].message.find("40 samples not yet sampled") != std::string::npos);
}

TEST_CASE("gate: nothing comparable is no pass", "[reports][compare][gate]") {
  auto base = Run(1, "base", "aime2024", Counts(12, 6));
  auto cand = Run(2, "cand", "aime2024", {{0, 0}, {0, 0}});
  cand.metrics.problems_scored = 0;
  cand.metrics.unscored = 16;
  auto cmp = Compare({base}, {cand});
  REQUIRE(cmp);
  CHECK_FALSE(cmp->suites[0].comparable);
  auto gate = EvaluateGate(*cmp, {.allow_partial = true});
  CHECK(gate.nothing_comparable);
  CHECK(gate.suites[0].message.find("nothing to compare: the candidate has no scored sample") != std::string::npos);
  CHECK(RenderGateText(gate).find("gate: nothing comparable") != std::string::npos);
}

TEST_CASE("gate: the question is whether it dropped - so the test is one-sided", "[reports][compare][gate]") {
  auto base = Run(1, "base", "aime2024", Counts(12, 6));
  auto counts = Counts(12, 6);
  counts[12] = {0, 8};
  counts[13] = {0, 8};
  counts[14] = {2, 8};
  auto lower = Run(2, "lower", "aime2024", counts);
  auto cmp = Compare({base}, {lower});
  REQUIRE(cmp);
  const auto& c = cmp->suites[0];
  REQUIRE(c.difference.estimate < 0);
  CHECK(c.p_drop == Approx(c.p_value / 2));
  // At an alpha between the one- and the two-sided p, only the one-sided test sees the drop.
  const double alpha = 0.75 * c.p_value;
  REQUIRE(c.p_drop < alpha);
  auto gate = EvaluateGate(*cmp, {.max_drop_points = 0, .alpha = alpha});
  CHECK(gate.failed);
  CHECK(gate.suites[0].regressed);
  CHECK(gate.suites[0].message.find("one-sided p = ") != std::string::npos);
  // An improvement has a one-sided p for a drop above one half.
  auto up = Compare({lower}, {base});
  REQUIRE(up);
  CHECK(up->suites[0].p_drop > 0.5);
}
