// The HTML leaderboard: one self-contained file (inline CSS, JS and SVG; no network, no CDN)
// that opens from disk.
//
// Sections: the paper-style leaderboard (models x benchmarks, optional reference rows), a
// sortable table of runs with pass@1 ± 95% CI, cons@k, truncation, errors, tokens, cost and
// the reasoning diagnostics; then per suite three SVG charts (accuracy against completion
// length, pass@k against k, the length histogram), a per-problem heatmap across runs and a
// sample viewer (thinking collapsed, final answer, extracted answer, verdict).
//
// Safety: every piece of text from the store goes through EscapeHtml (html_escape.h), and the
// page carries a Content-Security-Policy that allows only its own script and style (by hash),
// so even a missed escape could neither run script nor load anything from the network.
#pragma once

#include <string>
#include <vector>

#include "r1/reports/report_options.h"
#include "r1/reports/run_summary.h"

namespace r1::reports {

/// Runs should be summarized with SummarizeOptions::viewer_samples > 0 for the sample viewer.
std::string RenderHtml(const std::vector<RunSummary>& runs, const ReportOptions& options = {});

}  // namespace r1::reports
