// Run metrics from per-sample outcomes.
//
// Definitions (DeepSeek-R1 paper, Chen et al. 2021):
//  - pass@1: per problem, the fraction of its scored samples that are correct; averaged over
//    problems. Its standard error treats problems as the unit: sd(p_i) / sqrt(P).
//  - pass@k (k = 1, 2, 4, ... up to K): unbiased estimator 1 - C(n-c, k) / C(n, k) per problem,
//    reported for k up to the smallest n over scored problems.
//  - cons@K: majority vote over canonical answer keys; ties go to the key reached first in
//    sample-index order; samples without an answer do not vote; no answer at all is wrong.
// Errored samples (no completion) and unscored ones (the judge failed for our own reasons) are
// excluded from every metric and counted; a problem none of whose samples is scored is not
// scored, and a run without any scored problem has no metrics at all (Scored() is false:
// reports print null / n/a, never 0).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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
  bool unscored = false;  ///< the judge failed for our own reasons: no verdict (last: keeps
                          ///< positional initialisers of the fields above valid)
};

struct ProblemOutcome {
  std::string problem_id;
  std::vector<SampleOutcome> samples;  ///< any order
};

struct RunMetrics {
  int problems = 0;          ///< problems with at least one sample
  int problems_scored = 0;   ///< problems with at least one scored sample
  int min_scored = 0;        ///< the fewest scored samples of any problem (0: some problem has none)
  int samples_per_problem = 0;  ///< K: the most samples any problem has
  double pass1 = 0;
  double pass1_stderr = 0;
  double cons = 0;  ///< cons@K
  std::map<int, double> pass_at_k;
  int total = 0;
  int errors = 0;
  int unscored = 0;  ///< judge failures of our own machinery (not wrong answers)
  int truncated = 0;
  double mean_completion_tokens = 0;  ///< over non-errored samples that report tokens

  /// Some sample is scored: pass@1, its stderr and cons@K stand on something.
  bool Scored() const { return problems_scored > 0; }
  /// pass@k when every problem has at least k scored samples (never estimated from fewer).
  std::optional<double> PassAt(int k) const {
    if (!Scored() || problems_scored < problems || min_scored < k) return std::nullopt;
    auto it = pass_at_k.find(k);
    return it == pass_at_k.end() ? std::nullopt : std::optional<double>(it->second);
  }
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
