// The one loader every JSON-based suite shares: reads every *.jsonl / *.json file of a folder
// (JSON lines, or one JSON array) or, when there is none, every *.parquet file (the Hugging
// Face exports of e.g. HuggingFaceH4/aime_2024, yentinglin/aime_2025), maps fields to Problem,
// and fingerprints what it read.
#pragma once

#include <string>
#include <vector>

#include "r1/core/error.h"
#include "r1/core/types.h"

namespace r1::suites {

/// Which row fields feed a Problem; each list is tried in order, the first present wins.
struct FieldSpec {
  std::vector<std::string> id;        ///< empty or absent: "<file>:<line>"
  std::vector<std::string> question;  ///< required
  std::vector<std::string> answer;    ///< required (string or number)
  std::vector<std::string> meta;      ///< copied into Problem::meta when present
  /// Also accept objects and arrays as the answer; the gold is then their JSON text (programmatic
  /// checks and code tests are specified that way).
  bool structured_answer = false;
};

struct LoadedRows {
  std::vector<Problem> problems;
  std::string data_version;  ///< SHA-256 over file names and bytes, in name order
};

/// Errors name the file, line and field: "DIR/x.jsonl: line 3: missing field 'answer'"
/// (kInvalidArgument), or the folder when it holds no data file (kNotFound).
Result<LoadedRows> LoadJsonRows(const std::string& dir, const FieldSpec& fields);

/// One file (JSON lines or one JSON array); errors as LoadJsonRows.
Result<LoadedRows> LoadJsonRowsFile(const std::string& path, const FieldSpec& fields);

/// Rows held in memory (suites built into the binary); `name` stands for the file in errors.
Result<LoadedRows> LoadJsonRowsText(const std::string& name, std::string_view text,
                                    const FieldSpec& fields);

}  // namespace r1::suites
