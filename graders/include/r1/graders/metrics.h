// Run metrics from per-sample outcomes.
//
// Definitions (DeepSeek-R1 paper, Chen et al. 2021):
//  - pass@1: per problem, the fraction of its scored samples that are correct; averaged over
//    problems. Its standard error treats problems as the unit: sd(p_i) / sqrt(P).
//  - pass@k (k = 1, 2, 4, ... up to K): unbiased estimator 1 - C(n-c, k) / C(n, k) per problem,
//    reported for k up to the smallest n over scored problems.
//  - cons@K: majority vote over canonical answer keys; ties go to the key reached first in
//    sample-index order; samples without an answer do not vote; no answer at all is wrong.
// Errored samples (no completion) are excluded from every metric and counted; a problem whose
// samples all errored is not scored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace r1::graders {

struct SampleOutcome {
  int sample_index = 0;
  bool errored = false;
  bool truncated = false;
  bool correct = false;
  std::string key;  ///< canonical answer key; empty: no answer
  std::int64_t completion_tokens = -1;
};

struct ProblemOutcome {
  std::string problem_id;
  std::vector<SampleOutcome> samples;  ///< any order
};

struct RunMetrics {
  int problems = 0;          ///< problems with at least one sample
  int problems_scored = 0;   ///< problems with at least one non-errored sample
  int samples_per_problem = 0;  ///< K: the most samples any problem has
  double pass1 = 0;
  double pass1_stderr = 0;
  double cons = 0;  ///< cons@K
  std::map<int, double> pass_at_k;
  int total = 0;
  int errors = 0;
  int truncated = 0;
  double mean_completion_tokens = 0;  ///< over non-errored samples that report tokens
};

/// 1 - C(n-c, k) / C(n, k), computed as a stable product; requires 0 <= c <= n, 1 <= k <= n.
double PassAtK(int n, int c, int k);

/// The winning key of one problem's vote (empty when no sample has an answer) and whether it
/// is correct.
struct Vote {
  std::string key;
  bool correct = false;
};
Vote MajorityVote(const std::vector<SampleOutcome>& samples);

RunMetrics ComputeMetrics(const std::vector<ProblemOutcome>& problems);

}  // namespace r1::graders
