// A run's headline numbers, computed from the store alone (no model calls, no data files).
#pragma once

#include <string>
#include <vector>

#include "r1/graders/metrics.h"
#include "r1/store/store.h"

namespace r1::reports {

struct RunSummary {
  store::RunRecord run;
  graders::RunMetrics metrics;
  int ungraded = 0;  ///< successful samples without a grade (a crash between store and grade)
};

/// Metrics of one run from its stored samples and grades.
Result<RunSummary> Summarize(store::Store& store, const store::RunRecord& run);

}  // namespace r1::reports
