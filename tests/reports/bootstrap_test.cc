// Resampling statistics against textbook values.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "r1/reports/bootstrap.h"
#include "r1/reports/compare.h"

using namespace r1::reports;

namespace {

// Standard normal draws (Box-Muller) from the portable generator.
std::vector<double> Normals(int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> out;
  while (static_cast<int>(out.size()) < n) {
    const double u1 = (static_cast<double>(rng.Next() >> 11) + 0.5) / 9007199254740992.0;
    const double u2 = (static_cast<double>(rng.Next() >> 11) + 0.5) / 9007199254740992.0;
    out.push_back(std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
  }
  return out;
}

std::vector<double> Bernoulli(int n, double p, Rng& rng) {
  std::vector<double> out(n);
  for (double& v : out) v = static_cast<double>(rng.Below(1000000)) < p * 1e6 ? 1 : 0;
  return out;
}

}  // namespace

TEST_CASE("the generator is SplitMix64 exactly", "[reports][stats]") {
  // Reference outputs of SplitMix64 from seed 0 (Vigna's splitmix64.c).
  Rng rng(0);
  CHECK(rng.Next() == 0xE220A8397B1DCDAFULL);
  CHECK(rng.Next() == 0x6E789E6AA1B965F4ULL);
  CHECK(rng.Next() == 0x06C45D188009454FULL);
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) CHECK(a.Below(30) == b.Below(30));
}

TEST_CASE("bootstrap CI of a fair coin's mean is the textbook ±1.96·sqrt(pq/n)", "[reports][stats]") {
  std::vector<double> coin(100, 0.0);
  std::fill(coin.begin(), coin.begin() + 50, 1.0);
  const Interval ci = BootstrapMeanCi(coin);
  const double half = 1.96 * std::sqrt(0.25 / 100);  // 0.098
  CHECK(ci.estimate == Approx(0.5));
  CHECK(ci.low == Approx(0.5 - half).margin(0.015));
  CHECK(ci.high == Approx(0.5 + half).margin(0.015));
}

TEST_CASE("bootstrap CI of normal data matches mean ± 1.96 s/sqrt(n)", "[reports][stats]") {
  const auto x = Normals(400, 7);
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double se = std::sqrt(ss / (n - 1)) / std::sqrt(n);
  const Interval ci = BootstrapMeanCi(x);
  CHECK(ci.low == Approx(mean - 1.96 * se).margin(0.1 * 1.96 * se));
  CHECK(ci.high == Approx(mean + 1.96 * se).margin(0.1 * 1.96 * se));
}

TEST_CASE("95% bootstrap intervals cover the true mean about 95% of the time", "[reports][stats]") {
  Rng data(99);
  int covered = 0;
  const int trials = 300;
  for (int t = 0; t < trials; ++t) {
    const auto x = Bernoulli(60, 0.3, data);
    const Interval ci = BootstrapMeanCi(x, 0.05, 1000, 1000 + t);
    covered += ci.low <= 0.3 && 0.3 <= ci.high;
  }
  // Binomial(300, 0.95) lies in [0.91, 0.99] with overwhelming probability; the percentile
  // bootstrap undercovers slightly at n = 60.
  CHECK(covered / double(trials) > 0.89);
  CHECK(covered / double(trials) < 0.99);
}

TEST_CASE("same seed - same interval - another seed - nearly the same", "[reports][stats]") {
  const auto x = Normals(50, 3);
  const Interval a = BootstrapMeanCi(x, 0.05, 5000, 1);
  const Interval b = BootstrapMeanCi(x, 0.05, 5000, 1);
  const Interval c = BootstrapMeanCi(x, 0.05, 5000, 2);
  CHECK(a.low == b.low);
  CHECK(a.high == b.high);
  CHECK(a.low != c.low);
  CHECK(c.low == Approx(a.low).margin(0.05));
}

TEST_CASE("a paired test on identical runs finds no difference", "[reports][stats]") {
  const std::vector<double> rates = {1, 0.75, 0.25, 0, 0.6, 0.5, 0.125};
  const PairedResult r = PairedDifference(rates, rates);
  CHECK(r.n == 7);
  CHECK(r.difference.estimate == 0);
  CHECK(r.difference.low == 0);
  CHECK(r.difference.high == 0);
  CHECK(r.p_value == 1.0);
}

TEST_CASE("sign-flip p-values are the exact textbook ones for small n", "[reports][stats]") {
  bool exact = false;
  // Five problems all improved: only all-plus and all-minus are as extreme: 2/32.
  CHECK(SignFlipPValue({1, 1, 1, 1, 1}, 0, 0, &exact) == Approx(0.0625));
  CHECK(exact);
  CHECK(SignFlipPValue({1, 1, 1, 1, 1, 1}, 0, 0) == Approx(0.03125));
  // {0.5, 1, 1.5}: |sum| >= 3 only for all-plus and all-minus: 2/8.
  CHECK(SignFlipPValue({0.5, 1.0, 1.5}, 0, 0) == Approx(0.25));
  // {3, 1, 1}: |sum| >= 5 for +++ and ---; +-- and -++ give 1, +-+ ... give 3: 2/8.
  CHECK(SignFlipPValue({3, 1, 1}, 0, 0) == Approx(0.25));
  CHECK(SignFlipPValue({1, -1}, 0, 0) == Approx(1.0));
  CHECK(SignFlipPValue({0, 0, 0}, 0, 0) == 1.0);
  // Zeros do not count as pairs that could flip.
  CHECK(SignFlipPValue({0, 1, 0, 1, 1, 1, 1}, 0, 0) == Approx(0.0625));
}

TEST_CASE("monte carlo sign-flip: tiny p for a clear effect - uniform under the null", "[reports][stats]") {
  bool exact = true;
  const std::vector<double> all_up(30, 0.5);
  CHECK(SignFlipPValue(all_up, 10000, 5, &exact) < 0.001);
  CHECK_FALSE(exact);
  Rng data(11);
  int rejections = 0;
  const int trials = 200;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> d(30);
    for (double& v : d) v = (static_cast<double>(data.Below(2001)) - 1000) / 1000;  // symmetric around 0
    rejections += SignFlipPValue(d, 2000, t) < 0.05;
  }
  CHECK(rejections / double(trials) < 0.1);
}

TEST_CASE("normal quantiles", "[reports][stats]") {
  CHECK(TwoSidedZ(0.05) == Approx(1.959964).epsilon(1e-5));
  CHECK(TwoSidedZ(0.01) == Approx(2.575829).epsilon(1e-5));
  CHECK(NormalTwoSidedP(1.959964) == Approx(0.05).epsilon(1e-4));
}
