// Retry delays: exponential with jitter, or the server's Retry-After when it gave one.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

namespace r1::runner::internal {

class Backoff {
 public:
  Backoff(double base_s, double max_s, double retry_after_max_s, std::uint64_t seed)
      : base_s_(base_s), max_s_(max_s), retry_after_max_s_(retry_after_max_s), rng_(seed) {}

  /// Delay before attempt number `attempt + 1`, after `attempt` failures (attempt >= 1).
  double Delay(int attempt, std::optional<double> retry_after_s) {
    if (retry_after_s) return std::clamp(*retry_after_s, 0.0, retry_after_max_s_);
    double exp = std::min(max_s_, base_s_ * std::pow(2.0, attempt - 1));
    // "Full jitter" halves: spreads a burst of failures so retries do not arrive together.
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return exp * jitter(rng_);
  }

 private:
  double base_s_, max_s_, retry_after_max_s_;
  std::mt19937_64 rng_;
};

}  // namespace r1::runner::internal
