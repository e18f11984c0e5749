// Options that take a duration: plain seconds ("600", "2.5") or a number with a unit
// ("90s", "10m", "10min", "1.5h").
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace r1::cli {

/// Seconds in `text`, or nullopt when it is not a non-negative duration as described above.
std::optional<double> ParseDuration(std::string_view text);

/// Adds `name` to `cmd`, storing seconds in `seconds`; a bad value is a usage error (exit 2)
/// naming the option and the value.
CLI::Option* AddDurationOption(CLI::App* cmd, const std::string& name, double& seconds,
                               const std::string& description);

}  // namespace r1::cli
