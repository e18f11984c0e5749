// Reading the JSONL fixtures and the shared real-run files from the graders tests.
#pragma once

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace r1::graders::testing {

/// Rows of a JSONL file; empty when the file is missing (callers decide whether that is fatal).
inline std::vector<nlohmann::json> ReadJsonl(const std::string& path) {
  std::vector<nlohmann::json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  }
  return rows;
}

inline std::string FixturePath(const std::string& name) {
  return std::string(R1_SOURCE_DIR) + "/tests/fixtures/graders/" + name;
}

/// ../shared (next to the checkout, or $R1_SHARED_DIR); tests that need it skip when it is
/// absent, and fail under CI=true (support/skip.h).
inline std::string SharedPath(const std::string& relative) {
  const char* env = std::getenv("R1_SHARED_DIR");
  return (env ? std::string(env) : std::string(R1_SOURCE_DIR) + "/../shared") + "/" + relative;
}

inline bool Exists(const std::string& path) { return std::ifstream(path).good(); }

}  // namespace r1::graders::testing
