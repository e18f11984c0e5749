#include "r1/graders/metrics.h"

#include <catch2/catch.hpp>
#include <cmath>

using r1::graders::ComputeMetrics;
using r1::graders::PassAtK;
using r1::graders::ProblemOutcome;
using r1::graders::SampleOutcome;

namespace {
SampleOutcome S(int idx, const std::string& key, bool correct, bool errored = false,
                bool truncated = false, long tokens = 100) {
  SampleOutcome s;
  s.sample_index = idx;
  s.key = key;
  s.correct = correct;
  s.errored = errored;
  s.truncated = truncated;
  s.completion_tokens = tokens;
  return s;
}
double Binom(int n, int k) {
  double r = 1;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}
}  // namespace

TEST_CASE("pass@k equals 1 - C(n-c k)/C(n k)", "[graders][metrics]") {
  for (int n : {1, 4, 10, 64}) {
    for (int c = 0; c <= n; c += std::max(1, n / 5)) {
      for (int k = 1; k <= n; k *= 2) {
        double expected = n - c < k ? 1.0 : 1.0 - Binom(n - c, k) / Binom(n, k);
        CHECK(PassAtK(n, c, k) == Approx(expected).epsilon(1e-9));
      }
    }
  }
  CHECK(PassAtK(10, 3, 1) == Approx(0.3));
}

TEST_CASE("metrics match hand-computed values for a known set of outcomes", "[graders][metrics]") {
  // Problem A: 3 of 4 correct, votes 5,5,5,6 -> cons correct.
  // Problem B: 1 of 4 correct; votes 9 (wrong) x2, 8 (right) x1, one truncated -> cons wrong.
  // Problem C: 0 of 4; one errored sample (excluded), two without answers, one wrong 1.
  std::vector<ProblemOutcome> problems = {
      {"A", {S(0, "5", true), S(1, "5", true), S(2, "6", false), S(3, "5", true)}},
      {"B", {S(0, "9", false), S(1, "8", true), S(2, "", false, false, true), S(3, "9", false)}},
      {"C", {S(0, "", false), S(1, "", false, true), S(2, "1", false), S(3, "", false)}},
  };
  auto m = ComputeMetrics(problems);
  CHECK(m.problems == 3);
  CHECK(m.problems_scored == 3);
  CHECK(m.samples_per_problem == 4);
  // per-problem pass@1: 0.75, 0.25, 0 (C has 3 scored samples)
  CHECK(m.pass1 == Approx((0.75 + 0.25 + 0.0) / 3));
  double mean = 1.0 / 3;
  double var = (std::pow(0.75 - mean, 2) + std::pow(0.25 - mean, 2) + std::pow(0 - mean, 2)) / 2;
  CHECK(m.pass1_stderr == Approx(std::sqrt(var / 3)));
  CHECK(m.cons == Approx(1.0 / 3));
  CHECK(m.total == 12);
  CHECK(m.errors == 1);
  CHECK(m.truncated == 1);
  // pass@k reported up to the smallest scored n (3, from C): k = 1, 2 and 3.
  REQUIRE(m.pass_at_k.size() == 3);
  CHECK(m.pass_at_k.at(1) == Approx(m.pass1));
  CHECK(m.pass_at_k.at(2) == Approx((PassAtK(4, 3, 2) + PassAtK(4, 1, 2) + 0) / 3));
  CHECK(m.pass_at_k.at(3) == Approx((1.0 + PassAtK(4, 1, 3) + 0) / 3));
  CHECK(m.mean_completion_tokens == Approx(100));
}

TEST_CASE("cons@k ties go to the answer reached first by sample index", "[graders][metrics]") {
  // Given out of order on purpose: index 0 says 7 (wrong), index 1 says 4 (right).
  std::vector<SampleOutcome> samples = {S(3, "4", true), S(1, "4", true), S(2, "7", false),
                                        S(0, "7", false)};
  auto vote = r1::graders::MajorityVote(samples);
  CHECK(vote.key == "7");
  CHECK_FALSE(vote.correct);
}

TEST_CASE("a problem with no answers is wrong under cons and errored-only problems are unscored",
          "[graders][metrics]") {
  std::vector<ProblemOutcome> problems = {
      {"A", {S(0, "", false), S(1, "", false)}},
      {"B", {S(0, "", false, true), S(1, "", false, true)}},
  };
  auto m = ComputeMetrics(problems);
  CHECK(m.problems == 2);
  CHECK(m.problems_scored == 1);
  CHECK(m.cons == 0);
  CHECK(m.errors == 2);
}
