// Resampling statistics over problems, reproducible from a seed on every platform.
//
// Problems are the unit of resampling: a run's pass@1 is a mean of per-problem pass rates, and
// the samples of one problem are not independent evidence about the model.
//  - BootstrapMeanCi: percentile bootstrap CI of a mean (Efron & Tibshirani 1993, ch. 13).
//  - PairedDifference: B - A over problems both runs scored; its CI is the percentile bootstrap
//    of the mean paired difference, its p-value a two-sided paired randomization (sign-flip)
//    test: under "no difference" each problem's difference is as likely to have either sign.
//    The sign-flip test is exact (all 2^n patterns) for n <= 16 and Monte Carlo above; it keeps
//    its false-alarm rate at small n (30 AIME problems), where a bootstrap p-value runs low.
#pragma once

#include <cstdint>
#include <vector>

namespace r1::reports {

/// 64-bit SplitMix (Steele et al. 2014): fixed arithmetic, so a seed gives the same stream on
/// every compiler and standard library (std:: distributions do not guarantee that).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  /// Uniform in [0, n) without modulo bias; n >= 1.
  std::uint64_t Below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

inline constexpr std::uint64_t kDefaultSeed = 20250122;  // DeepSeek-R1's release date
inline constexpr int kDefaultIterations = 10000;

struct Interval {
  double estimate = 0;
  double low = 0;
  double high = 0;
};

/// Percentile bootstrap (1 - alpha) CI of the mean of `values` (empty: all zero).
Interval BootstrapMeanCi(const std::vector<double>& values, double alpha = 0.05,
                         int iterations = kDefaultIterations, std::uint64_t seed = kDefaultSeed);

struct PairedResult {
  int n = 0;             ///< pairs
  Interval difference;   ///< mean of (b - a) with its bootstrap CI
  double p_value = 1.0;  ///< two-sided sign-flip test of "mean difference is zero"
  bool exact = false;    ///< p-value from all sign patterns rather than Monte Carlo
};

/// Paired comparison of per-problem values; `a` and `b` must have the same length and order.
PairedResult PairedDifference(const std::vector<double>& a, const std::vector<double>& b,
                              double alpha = 0.05, int iterations = kDefaultIterations,
                              std::uint64_t seed = kDefaultSeed);

/// Two-sided p-value of the sign-flip test on differences `d` (exact for n <= 16).
double SignFlipPValue(const std::vector<double>& d, int iterations, std::uint64_t seed, bool* exact = nullptr);

/// Two-sided p-value of a z statistic (normal approximation), for unpaired comparisons.
double NormalTwoSidedP(double z);

}  // namespace r1::reports
