// Parsing of the HTTP Retry-After header (RFC 9110 section 10.2.3), which rate-limited and
// overloaded servers send with 429 and 503 answers.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace r1::models {

/// Seconds to wait according to a Retry-After value: delta-seconds ("120") or an HTTP-date
/// ("Sun, 06 Nov 1994 08:49:37 GMT", also the obsolete RFC 850 and asctime forms) relative to
/// `now`. A date in the past gives 0. nullopt when the value is neither.
std::optional<double> ParseRetryAfter(std::string_view value,
                                      std::chrono::system_clock::time_point now);

}  // namespace r1::models
