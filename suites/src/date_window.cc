// Date windows; see date_window.h.
#include "r1/suites/date_window.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <tuple>

namespace r1::suites {

std::string DateWindow::Describe() const {
  return (since.empty() ? "*" : since) + ".." + (until.empty() ? "*" : until);
}

bool IsCalendarDay(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return false;
  }
  y = std::stoi(std::string(day.substr(0, 4)));
  m = std::stoi(std::string(day.substr(5, 2)));
  d = std::stoi(std::string(day.substr(8, 2)));
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                     std::chrono::day(static_cast<unsigned>(d)))
      .ok();
}

Result<DateWindow> ResolveDateWindow(const std::string& since, const std::string& until,
                                     const DateWindow& fallback) {
  DateWindow window = fallback;
  for (auto [flag, value, slot] : {std::tuple{"--since", &since, &window.since},
                                   std::tuple{"--until", &until, &window.until}}) {
    if (value->empty()) continue;
    if (!IsCalendarDay(*value)) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(flag) + " " + *value + ": expected a day as YYYY-MM-DD, e.g. 2024-08-01");
    }
    *slot = *value;
  }
  if (!window.since.empty() && !window.until.empty() && window.since > window.until) {
    return Fail(ErrorCode::kInvalidArgument, "date window " + window.Describe() + " is empty (since > until)");
  }
  return window;
}

std::optional<std::string> DayOfIsoDateTime(std::string_view iso) {
  if (iso.size() < 10) return std::nullopt;
  std::string_view day = iso.substr(0, 10);
  if (!IsCalendarDay(day)) return std::nullopt;
  if (iso.size() > 10 && iso[10] != 'T' && iso[10] != ' ') return std::nullopt;
  return std::string(day);
}

std::string DayOfUnixTime(std::int64_t seconds) {
  using namespace std::chrono;
  const sys_days days = floor<std::chrono::days>(sys_seconds(std::chrono::seconds(seconds)));
  const year_month_day ymd(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace r1::suites
