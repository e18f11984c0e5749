// Comparing two sets of runs suite by suite: the difference in pass@1 with a paired bootstrap
// CI over problems, a paired p-value, and the problems that flipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "r1/reports/bootstrap.h"
#include "r1/reports/run_summary.h"

namespace r1::reports {

/// A problem whose majority verdict changed: solved means more than half its samples right.
struct FlippedProblem {
  std::string problem_id;
  int a_correct = 0, a_scored = 0;
  int b_correct = 0, b_scored = 0;
};

struct SuiteComparison {
  std::string suite;
  std::string a_name, b_name;  ///< run label or "#id", plus the model
  std::int64_t a_run = 0, b_run = 0;
  double a_pass1 = 0, b_pass1 = 0;
  /// Paired over the problems both runs scored; unpaired (normal approximation from each
  /// run's standard error) when either side lacks per-problem results, e.g. an old report.
  bool paired = false;
  int problems = 0;       ///< pairs (paired) or problems in the smaller run (unpaired)
  int unmatched = 0;      ///< problems scored by only one side (paired only)
  Interval difference;    ///< b - a as fractions, with the (1 - alpha) CI
  double p_value = 1.0;   ///< two-sided
  /// One-sided p for "B is lower than A" (half the two-sided p of the symmetric sign-flip or
  /// normal null when B is lower, else 1 - half of it).
  double p_drop = 1.0;
  /// Both sides have a scored sample: there is something to compare.
  bool comparable = false;
  bool a_scored = false, b_scored = false;  ///< each side has a scored sample
  /// What B lacks of A: problems A scored and B did not (ids when both sides have per-problem
  /// results; else only the count), B's errored, unscored and not yet sampled samples.
  std::vector<std::string> b_missing_problems;
  int b_missing_count = 0;
  int b_errors = 0, b_unscored = 0, b_unsampled = 0;
  int a_errors = 0, a_unscored = 0;
  bool exact = false;     ///< exact sign-flip p-value
  std::vector<FlippedProblem> lost;    ///< solved by A, not by B
  std::vector<FlippedProblem> gained;  ///< solved by B, not by A
};

struct Comparison {
  std::vector<SuiteComparison> suites;  ///< suites both sides have, in the paper's order
  std::vector<std::string> only_a, only_b;  ///< suites one side lacks
  double alpha = 0.05;
};

struct CompareOptions {
  double alpha = 0.05;
  int iterations = kDefaultIterations;
  std::uint64_t seed = kDefaultSeed;
};

/// Pairs the runs of `a` and `b` by suite. kInvalidArgument when a side has two runs of one
/// suite (the message names them) or when the sides share no suite.
Result<Comparison> Compare(const std::vector<RunSummary>& a, const std::vector<RunSummary>& b,
                           const CompareOptions& options = {});

std::string RenderCompareText(const Comparison& comparison);
std::string RenderCompareJson(const Comparison& comparison);

/// The z with P(|Z| > z) = alpha (e.g. 1.96 for 0.05).
double TwoSidedZ(double alpha);

}  // namespace r1::reports
