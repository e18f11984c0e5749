#include "retry_after.h"

#include <catch2/catch.hpp>
#include <chrono>

namespace r1::models {
namespace {

// 1994-11-06 08:49:37 UTC, the example date of RFC 9110.
std::chrono::system_clock::time_point RfcExampleTime() {
  using namespace std::chrono;
  return sys_days(year(1994) / November / 6) + hours(8) + minutes(49) + seconds(37);
}

}  // namespace

TEST_CASE("retry-after reads delta-seconds", "[models][retry-after]") {
  const auto now = std::chrono::system_clock::now();
  CHECK(ParseRetryAfter("120", now) == 120.0);
  CHECK(ParseRetryAfter(" 0 ", now) == 0.0);
  CHECK(ParseRetryAfter("1.5", now) == 1.5);
}

TEST_CASE("retry-after reads the three HTTP-date forms relative to now", "[models][retry-after]") {
  const auto now = RfcExampleTime() - std::chrono::seconds(30);
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now) == 30.0);
  CHECK(ParseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now) == 30.0);
  CHECK(ParseRetryAfter("Sun Nov  6 08:49:37 1994", now) == 30.0);
}

TEST_CASE("retry-after gives zero for a date in the past", "[models][retry-after]") {
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT",
                        RfcExampleTime() + std::chrono::hours(1)) == 0.0);
}

TEST_CASE("retry-after rejects values that are neither seconds nor a date",
          "[models][retry-after]") {
  const auto now = std::chrono::system_clock::now();
  CHECK_FALSE(ParseRetryAfter("", now).has_value());
  CHECK_FALSE(ParseRetryAfter("soon", now).has_value());
  CHECK_FALSE(ParseRetryAfter("12abc", now).has_value());
  CHECK_FALSE(ParseRetryAfter("Sun, 31 Feb 1994 08:49:37 GMT", now).has_value());
  CHECK_FALSE(ParseRetryAfter("Sun, 06 Nov 1994 25:49:37 GMT", now).has_value());
}

}  // namespace r1::models
