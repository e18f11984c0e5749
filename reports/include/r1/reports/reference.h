// Published reference numbers (the DeepSeek-R1 paper's tables) shown beside measured runs.
// The numbers live in data/reference/<name>.json with their sources and are compiled in, so
// `--reference r1` works from any directory and an installed binary.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "r1/core/error.h"

namespace r1::reports {

struct ReferenceRow {
  std::string model;
  std::string source;  ///< the citation of the table the row comes from
  std::string note;
  /// suite -> metric -> value; "pass@1", "cons@64" and "percentile" as fractions in [0,1]
  /// (published in percent), "rating" in Elo points.
  std::map<std::string, std::map<std::string, double>> values;
};

struct ReferenceTable {
  std::string name;   ///< "r1"
  std::string title;  ///< "DeepSeek-R1 paper"
  std::string settings;
  std::vector<ReferenceRow> rows;
};

/// The table called `name`; kNotFound names the known ones.
Result<ReferenceTable> LoadReference(const std::string& name);

/// Parses a table in the data/reference JSON layout; kInvalidArgument says what is wrong.
Result<ReferenceTable> ParseReference(const std::string& json_text);

}  // namespace r1::reports
