// The date window of dated suites (--since / --until). Days are "YYYY-MM-DD" and both ends are
// inclusive whole days, which for LiveCodeBench's midnight timestamps is exactly its runner's
// `start_date <= contest_date <= end_date`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "r1/core/error.h"

namespace r1::suites {

struct DateWindow {
  std::string since;  ///< first day kept; empty: no lower bound
  std::string until;  ///< last day kept; empty: no upper bound

  bool Contains(std::string_view day) const {
    return (since.empty() || day >= since) && (until.empty() || day <= until);
  }
  /// "2024-08-01..2025-02-01", with "*" for an open end.
  std::string Describe() const;
};

/// DeepSeek-R1's LiveCodeBench window: LiveCodeBench's runner run with
/// --start_date 2024-08-01 --end_date 2025-02-01 (the paper's "2024-08 - 2025-01").
inline const DateWindow kR1LiveCodeBenchWindow{"2024-08-01", "2025-02-01"};

/// True for a real calendar day written "YYYY-MM-DD".
bool IsCalendarDay(std::string_view day);

/// The window a suite uses: `since`/`until` from the command line override the matching end of
/// `fallback` one by one. kInvalidArgument names a malformed day or an empty window.
Result<DateWindow> ResolveDateWindow(const std::string& since, const std::string& until,
                                     const DateWindow& fallback);

/// "2023-08-21" from "2023-08-21T00:00:00" (or a bare day); nullopt when it is neither.
std::optional<std::string> DayOfIsoDateTime(std::string_view iso);

/// The UTC day of a Unix time in seconds.
std::string DayOfUnixTime(std::int64_t seconds);

}  // namespace r1::suites
