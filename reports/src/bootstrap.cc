// Resampling statistics; see bootstrap.h.
#include "r1/reports/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace r1::reports {
namespace {

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Percentile of sorted values with linear interpolation between order statistics (type 7).
double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Interval Percentile(double estimate, std::vector<double> stats, double alpha) {
  std::sort(stats.begin(), stats.end());
  return {estimate, Quantile(stats, alpha / 2), Quantile(stats, 1 - alpha / 2)};
}

// Differences this close to zero count as zero; sums of pass rates carry rounding error.
constexpr double kTolerance = 1e-12;

}  // namespace

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Rejection keeps the draw uniform: discard the top partial block of the 64-bit range.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return x % n;
}

Interval BootstrapMeanCi(const std::vector<double>& values, double alpha, int iterations,
                         std::uint64_t seed) {
  const double estimate = Mean(values);
  if (values.empty() || iterations <= 0) return {estimate, estimate, estimate};
  Rng rng(seed);
  const std::size_t n = values.size();
  std::vector<double> means(static_cast<std::size_t>(iterations));
  for (double& m : means) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += values[rng.Below(n)];
    m = sum / static_cast<double>(n);
  }
  return Percentile(estimate, std::move(means), alpha);
}

double SignFlipPValue(const std::vector<double>& d, int iterations, std::uint64_t seed, bool* exact) {
  // Zero differences cannot change sign; dropping them changes no statistic.
  std::vector<double> nz;
  for (double x : d) {
    if (std::fabs(x) > kTolerance) nz.push_back(x);
  }
  if (exact) *exact = true;
  if (nz.empty()) return 1.0;
  const double observed = std::fabs(std::accumulate(nz.begin(), nz.end(), 0.0)) - kTolerance * 8;
  if (nz.size() <= 16) {
    const std::uint32_t patterns = 1u << nz.size();
    std::uint32_t extreme = 0;
    for (std::uint32_t mask = 0; mask < patterns; ++mask) {
      double sum = 0;
      for (std::size_t i = 0; i < nz.size(); ++i) sum += (mask >> i & 1u) ? -nz[i] : nz[i];
      if (std::fabs(sum) >= observed) ++extreme;
    }
    return static_cast<double>(extreme) / patterns;
  }
  if (exact) *exact = false;
  Rng rng(seed ^ 0x5349474EULL);  // a stream apart from the bootstrap's
  int extreme = 0;
  for (int it = 0; it < iterations; ++it) {
    double sum = 0;
    for (std::size_t i = 0; i < nz.size(); i += 64) {
      std::uint64_t bits = rng.Next();
      for (std::size_t j = i; j < std::min(i + 64, nz.size()); ++j, bits >>= 1) {
        sum += (bits & 1u) ? -nz[j] : nz[j];
      }
    }
    if (std::fabs(sum) >= observed) ++extreme;
  }
  // Counting the observed pattern itself keeps a Monte Carlo p-value valid (never 0).
  return (extreme + 1.0) / (iterations + 1.0);
}

PairedResult PairedDifference(const std::vector<double>& a, const std::vector<double>& b,
                              double alpha, int iterations, std::uint64_t seed) {
  PairedResult r;
  const std::size_t n = std::min(a.size(), b.size());
  r.n = static_cast<int>(n);
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = b[i] - a[i];
  r.difference = BootstrapMeanCi(d, alpha, iterations, seed);
  r.p_value = SignFlipPValue(d, iterations, seed, &r.exact);
  return r;
}

double NormalTwoSidedP(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

}  // namespace r1::reports
