// What every report format says about a run's numbers: the clamped 95% interval, and the notes
// that explain a null ("n/a") metric or a metric that leaves samples out.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "r1/reports/run_summary.h"

namespace r1::reports {

/// pass@1 ± 1.96 standard errors, clamped to [0, 1] (a rate cannot leave it).
std::pair<double, double> Ci95(double value, double stderr_);

/// One line per caveat of the run's numbers: no scored sample (every metric null), pass@K null
/// because some problem has fewer than K scored samples, samples left out as errored or unscored.
std::vector<std::string> MetricNotes(const RunSummary& s);

/// "45.0" (percent, one decimal) or "n/a" when nothing stands behind the number.
std::string PercentOrNa(std::optional<double> fraction);

}  // namespace r1::reports
