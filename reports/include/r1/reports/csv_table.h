// CSV (RFC 4180) for spreadsheets and pandas: one row per run, values as fractions like the
// JSON contract, then one row per reference model and suite when reference rows are asked for.
#pragma once

#include <string>
#include <vector>

#include "r1/reports/report_options.h"
#include "r1/reports/run_summary.h"

namespace r1::reports {

std::string RenderCsv(const std::vector<RunSummary>& runs, const ReportOptions& options = {});

/// `field` quoted when it holds a comma, quote, CR or LF (quotes doubled); invalid UTF-8
/// replaced. A leading =, +, - or @ gets a ' in front so spreadsheets do not run it as a formula.
std::string CsvField(std::string_view field);

}  // namespace r1::reports
