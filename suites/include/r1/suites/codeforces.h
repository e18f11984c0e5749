// Codeforces problems from open-r1/codeforces (Parquet; shared/docs/reference/datasets.md 6.1).
//
// Why Parquet and not the dataset viewer's JSON rows API: the API truncates large cells, and
// `official_tests` is exactly the kind of cell it truncates (a page with truncated_cells has to
// be refused, so many problems could never be loaded), generated tests exist only as Parquet, and
// the viewer needs the network at every cold start. The project's own reader (r1/parquet) reads
// the files byte for byte as Hugging Face serves them, so the data is pinned like every other
// suite's.
//
// Folder layout (as on Hugging Face): DIR/codeforces/*.parquet are problem files (e.g. the test
// split, data/test-00000-of-00001.parquet); DIR/codeforces/generated_tests/test_cases_NNNN.parquet
// are optional generated tests per contest (columns problem_id, input, output).
//
// Tests: official_tests when official_tests_complete (Codeforces cuts long tests, so an
// incomplete set is never run), then the problem's generated tests, as open-r1's cf_scoring
// runs them. Skipped, with the reason kept for the caller: interactive problems (a non-empty
// interaction_format), input_mode "file", and problems left without a complete test.
// Limits: the problem's time_limit (seconds, as CPU time) and memory_limit (MB).
// generated_checker, when present, is the Python checker the grader runs in the sandbox.
//
// Prompt (R1 rules: one user turn, no system prompt), modelled on open-r1's Codeforces prompt:
// an instruction to reason, then solve in C++17 (default; competitors' language) or Python 3,
// reading stdin and writing stdout, with the solution in one fenced block; then the statement
// with limits, input and output formats, examples and note.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "r1/core/code_runner.h"
#include "r1/core/error.h"
#include "r1/core/suite.h"

namespace r1::suites {

struct CodeforcesTest {
  std::string input;
  std::string output;
};

/// One problem row of open-r1/codeforces (the fields this suite uses).
struct CodeforcesRow {
  std::string id;  ///< "2050/A"
  std::int64_t contest_id = 0;
  std::string contest_name;
  std::int64_t contest_start = 0;  ///< Unix seconds
  std::string index;
  std::string title;
  double time_limit_s = 0;
  double memory_limit_mb = 0;
  std::string description, input_format, output_format, interaction_format, note;
  std::vector<CodeforcesTest> examples;
  std::int64_t rating = 0;  ///< 0: unrated
  std::vector<CodeforcesTest> official_tests;
  bool official_tests_complete = false;
  std::string input_mode = "stdio";
  std::string generated_checker;
};

/// Every row of one problem Parquet file. Missing optional columns take their defaults;
/// kInvalidArgument names a missing required column ("id", "description", "official_tests").
Result<std::vector<CodeforcesRow>> ReadCodeforcesProblems(const std::string& path);

/// Generated tests of one generated_tests/test_cases_NNNN.parquet file, by problem id.
Result<std::vector<std::pair<std::string, CodeforcesTest>>> ReadCodeforcesGeneratedTests(const std::string& path);

/// The user message for a row.
std::string CodeforcesPrompt(const CodeforcesRow& row, CodeLanguage language);

/// options.variant is unused; options.language "cpp" (default) or "python"; the window is
/// options.since/until on the contest's start day (UTC), no bound by default.
Result<std::unique_ptr<Suite>> MakeCodeforcesSuite(const SuiteOptions& options);

/// Problems a Codeforces suite left out, with why ("interactive", ...); empty for other suites.
std::vector<std::pair<std::string, std::string>> CodeforcesSkipped(const Suite& suite);

}  // namespace r1::suites
