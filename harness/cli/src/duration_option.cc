// Duration options (see duration_option.h).
#include "duration_option.h"

#include <charconv>
#include <cmath>

namespace r1::cli {

std::optional<double> ParseDuration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || !std::isfinite(value) || value < 0) return std::nullopt;
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs") return value;
  if (unit == "m" || unit == "min" || unit == "mins") return value * 60;
  if (unit == "h" || unit == "hour" || unit == "hours") return value * 3600;
  return std::nullopt;
}

CLI::Option* AddDurationOption(CLI::App* cmd, const std::string& name, double& seconds,
                               const std::string& description) {
  CLI::Option* option = cmd->add_option_function<std::string>(
      name,
      [&seconds, name](const std::string& text) {
        const std::optional<double> parsed = ParseDuration(text);
        if (!parsed) {
          throw CLI::ValidationError(name, "'" + text +
                                               "' is not a duration (seconds, or a number with "
                                               "s, m or h, e.g. 600, 90s, 10m, 1.5h)");
        }
        seconds = *parsed;
      },
      description);
  option->type_name("DURATION");
  return option;
}

}  // namespace r1::cli
