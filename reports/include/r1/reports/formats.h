// Report renderers: a terminal table, the JSON contract, and the per-sample JSONL export.
//
// JSON contract (architecture.md): {"runs":[{"id","suite","model","problems",
// "samples_per_problem","metrics":{"pass@1","pass@1_stderr","cons@K","pass@K",...},
// "samples":{"total","errors","truncated"}}]} with metric values as fractions in [0,1].
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "r1/reports/run_summary.h"

namespace r1::reports {

/// Fixed-width table for terminals; errors are flagged loudly.
std::string RenderTable(const std::vector<RunSummary>& runs);

std::string RenderJson(const std::vector<RunSummary>& runs);

/// One JSON line per sample: run, suite, problem_id, sample_index, answer, correct,
/// finish_reason, completion_tokens, error, and more. Never includes API keys (none are stored).
Status ExportJsonl(store::Store& store, const store::RunRecord& run, std::ostream& out);

}  // namespace r1::reports
