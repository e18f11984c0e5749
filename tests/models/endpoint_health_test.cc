// The endpoint states (endpoint_health.h) over simulated time: probing with backoff, rate-limit
// pauses and the gradual recovery of the concurrency a 429 took away.
#include "endpoint_health.h"

#include <catch2/catch.hpp>
#include <chrono>

namespace r1::models {
namespace {

using Clock = EndpointHealth::Clock;
using std::chrono::milliseconds;

TEST_CASE("a refused endpoint is down and probed one attempt at a time with doubling delays",
          "[models][health]") {
  EndpointHealth health;
  const Clock::time_point t0{};
  CHECK(health.Usable(1000, t0));
  health.OnNotTaken(false, t0);
  REQUIRE(health.down_since() == t0);
  CHECK_FALSE(health.Usable(0, t0 + milliseconds(499)));
  CHECK(health.NextChange(t0) == t0 + milliseconds(500));
  CHECK(health.Usable(0, t0 + milliseconds(500)));
  health.OnSent();  // the probe
  CHECK_FALSE(health.Usable(0, t0 + milliseconds(600)));
  CHECK(health.NextChange(t0 + milliseconds(600)) == Clock::time_point::max());
  const Clock::time_point t1 = t0 + milliseconds(600);
  health.OnNotTaken(true, t1);  // probe refused: next one a second later
  CHECK_FALSE(health.Usable(0, t1 + milliseconds(999)));
  CHECK(health.Usable(0, t1 + milliseconds(1000)));
  // Failures of attempts that were out before the endpoint went down do not push probes back.
  health.OnFailed(false, t1 + milliseconds(10));
  CHECK(health.Usable(0, t1 + milliseconds(1000)));
  health.OnSent();
  health.OnAnswer();
  CHECK_FALSE(health.down_since().has_value());
  CHECK(health.Usable(1000, t1 + milliseconds(1001)));
}

TEST_CASE("one failed answer leaves an endpoint up - two in a row take it down", "[models][health]") {
  EndpointHealth health;
  const Clock::time_point t0{};
  health.OnFailed(false, t0);
  CHECK_FALSE(health.down_since().has_value());
  health.OnAnswer();
  health.OnFailed(false, t0);
  CHECK_FALSE(health.down_since().has_value());
  health.OnFailed(false, t0);
  CHECK(health.down_since().has_value());
}

TEST_CASE("a 429 pauses the endpoint for Retry-After - halves its concurrency once per burst - "
          "and successes earn it back gradually",
          "[models][health]") {
  EndpointHealth health;
  const Clock::time_point t0{};
  health.OnRateLimited(16, 2.0, t0);
  health.OnRateLimited(15, 2.0, t0 + milliseconds(5));  // same burst
  REQUIRE(health.limit() == 8);
  CHECK_FALSE(health.down_since().has_value());  // a rate limit is an answer
  CHECK_FALSE(health.Usable(0, t0 + milliseconds(1999)));
  CHECK(health.NextChange(t0) == t0 + milliseconds(2005));
  CHECK(health.Usable(7, t0 + milliseconds(2005)));
  CHECK_FALSE(health.Usable(8, t0 + milliseconds(2005)));
  for (int i = 0; i < 8; ++i) health.OnAnswer();
  CHECK(health.limit() == 8);  // +1/8 per success: 8.99.. after 8
  health.OnAnswer();
  CHECK(health.limit() == 9);
}

TEST_CASE("429s without Retry-After pause for 1 s - then 2 s", "[models][health]") {
  EndpointHealth health;
  const Clock::time_point t0{};
  health.OnRateLimited(4, std::nullopt, t0);
  CHECK(health.NextChange(t0) == t0 + std::chrono::seconds(1));
  const Clock::time_point t1 = t0 + std::chrono::seconds(1);
  health.OnRateLimited(4, std::nullopt, t1);
  CHECK(health.NextChange(t1) == t1 + std::chrono::seconds(2));
}

}  // namespace
}  // namespace r1::models
