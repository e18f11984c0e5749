// Pieces of the HTML report shared by its source files (private to reports/).
#pragma once

#include <string>
#include <vector>

#include "r1/reports/report_options.h"
#include "r1/reports/run_summary.h"

namespace r1::reports::html {

/// "label" or "#id": how a run is named on the page (not escaped).
std::string RunName(const RunSummary& run);

/// The section of one suite: charts, heatmap, sample viewer. `runs` are that suite's runs;
/// `colors` their palette indices; `anchor` the section id.
std::string SuiteSection(const std::string& suite, const std::string& anchor,
                         const std::vector<const RunSummary*>& runs, const std::vector<std::size_t>& colors);

}  // namespace r1::reports::html
