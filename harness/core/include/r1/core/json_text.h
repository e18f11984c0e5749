// A JSON value used as an id or an answer, as text. Header-only: only modules that already read
// JSON (and link nlohmann_json) include it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace r1 {

/// Strings as they are, integers in decimal (7, not 7.0), anything else as compact JSON.
inline std::string JsonScalarText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return value.dump();
}

}  // namespace r1
