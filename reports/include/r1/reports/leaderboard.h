// The paper-style matrix behind the Markdown table and the HTML leaderboard: rows are models
// (measured runs, then reference rows), columns are (benchmark, metric).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "r1/reports/report_options.h"
#include "r1/reports/run_summary.h"

namespace r1::reports {

/// "AIME 2024" for "aime2024"; unknown suites keep their name.
std::string SuiteTitle(const std::string& suite);

struct LeaderboardColumn {
  std::string suite;
  std::string metric;  ///< "pass@1", "cons@64", "rating", "percentile"
};

struct LeaderboardCell {
  double value = 0;             ///< fraction (rating: Elo points)
  std::optional<double> ci95;   ///< half-width of the 95% CI, measured pass@1 only
  std::int64_t run_id = 0;      ///< 0 for reference values
  bool na = false;              ///< no scored sample stands behind it: printed "n/a"
};

struct LeaderboardRow {
  std::string name;
  bool reference = false;
  std::string source;  ///< reference rows: where the numbers come from
  std::map<std::size_t, LeaderboardCell> cells;  ///< by column index
};

struct Leaderboard {
  std::vector<LeaderboardColumn> columns;
  std::vector<LeaderboardRow> rows;
};

/// One row per served model name, using its newest run of each suite; cons@K columns per
/// distinct K. Reference rows cover the suites the runs cover (all suites when there are no
/// runs). Suites follow the paper's order (AIME 2024, AIME 2025, MATH-500, GPQA Diamond,
/// LiveCodeBench, Codeforces), then others by name.
Leaderboard BuildLeaderboard(const std::vector<RunSummary>& runs, const ReportOptions& options);

}  // namespace r1::reports
