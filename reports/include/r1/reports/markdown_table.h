// Markdown for papers, READMEs and pull requests.
#pragma once

#include <string>
#include <vector>

#include "r1/reports/report_options.h"
#include "r1/reports/run_summary.h"

namespace r1::reports {

/// The paper-style table (rows = models, columns = benchmark and metric, percent), reference
/// rows in italics, then a per-run table of counts and reasoning diagnostics.
std::string RenderMarkdown(const std::vector<RunSummary>& runs, const ReportOptions& options = {});

}  // namespace r1::reports
