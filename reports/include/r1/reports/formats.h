// Report renderers: a terminal table, the JSON contract (and reading it back), and the
// per-sample JSONL export. Markdown, CSV and HTML have their own headers.
//
// JSON contract (architecture.md): {"runs":[{"id","suite","model","problems",
// "samples_per_problem","metrics":{"pass@1","pass@1_stderr","cons@K","pass@K",...},
// "samples":{"total","errors","truncated"}}]} with metric values as fractions in [0,1].
// Added keys: per run "diagnostics" and "per_problem"; top level "pricing" and "reference"
// when asked for.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "r1/reports/report_options.h"
#include "r1/reports/run_summary.h"

namespace r1::reports {

/// Fixed-width table for terminals, then the reasoning diagnostics; errors are flagged loudly.
std::string RenderTable(const std::vector<RunSummary>& runs, const ReportOptions& options = {});

std::string RenderJson(const std::vector<RunSummary>& runs, const ReportOptions& options = {});

/// Reads a report written by RenderJson (e.g. a baseline committed to a repository) back into
/// summaries: run identity, metrics and, when present, per-problem results. Diagnostics,
/// points and samples are not restored. kInvalidArgument says what is missing.
Result<std::vector<RunSummary>> ParseJsonReport(const std::string& text);

/// One JSON line per sample: run, suite, problem_id, sample_index, answer, correct,
/// finish_reason, completion_tokens, error, and more. Never includes API keys (none are stored).
/// For suites whose text must not be published (GPQA) "content" and "reasoning" are null and
/// "withheld" says why, unless `include_withheld_output` (the model restates the question).
Status ExportJsonl(store::Store& store, const store::RunRecord& run, std::ostream& out,
                   bool include_withheld_output = false);

}  // namespace r1::reports
