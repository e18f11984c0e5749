// Retry-After parsing (see retry_after.h). Hand-written instead of strptime, whose month
// names follow the process locale.
#include "retry_after.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

namespace r1::models {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int> ToInt(std::string_view s) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (name == kMonths[i]) return i + 1;
  }
  return std::nullopt;
}

// Splits on spaces, commas and '-' (RFC 850 writes "06-Nov-94"); ':' stays inside the time.
std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ' || s[i] == ',' || s[i] == '-') {
      if (i > start) tokens.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return tokens;
}

std::optional<std::chrono::seconds> TimeOfDay(std::string_view hms) {
  if (hms.size() != 8 || hms[2] != ':' || hms[5] != ':') return std::nullopt;
  auto h = ToInt(hms.substr(0, 2));
  auto m = ToInt(hms.substr(3, 2));
  auto s = ToInt(hms.substr(6, 2));
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
  return std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(*s);
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view value) {
  const std::vector<std::string_view> t = Tokens(value);
  std::optional<int> day, year;
  std::optional<unsigned> month;
  std::optional<std::chrono::seconds> time;
  if (t.size() == 6 && t[5] == "GMT") {
    // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT".
    day = ToInt(t[1]);
    month = MonthNumber(t[2]);
    year = ToInt(t[3]);
    time = TimeOfDay(t[4]);
    if (year && t[3].size() == 2) *year += *year < 70 ? 2000 : 1900;
  } else if (t.size() == 5) {
    // asctime "Sun Nov  6 08:49:37 1994".
    month = MonthNumber(t[1]);
    day = ToInt(t[2]);
    time = TimeOfDay(t[3]);
    year = ToInt(t[4]);
  }
  if (!day || !month || !year || !time) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date) + *time;
}

}  // namespace

std::optional<double> ParseRetryAfter(std::string_view value,
                                      std::chrono::system_clock::time_point now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    // delta-seconds is an integer; a fraction is tolerated because some proxies send one.
    double seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return seconds;
  }
  const auto when = ParseHttpDate(value);
  if (!when) return std::nullopt;
  const std::chrono::duration<double> wait = *when - now;
  return wait.count() > 0 ? wait.count() : 0.0;
}

}  // namespace r1::models
