// Interval clamping and the notes beside null metrics; see metric_text.h.
#include "r1/reports/metric_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace r1::reports {

std::pair<double, double> Ci95(double value, double stderr_) {
  return {std::clamp(value - 1.96 * stderr_, 0.0, 1.0), std::clamp(value + 1.96 * stderr_, 0.0, 1.0)};
}

std::vector<std::string> MetricNotes(const RunSummary& s) {
  const auto& m = s.metrics;
  const int k = s.run.samples_per_problem;
  std::vector<std::string> notes;
  if (!m.Scored()) {
    notes.push_back(fmt::format("no scored sample ({} errored, {} unscored of {}): every metric is null",
                                m.errors, m.unscored, m.total));
    return notes;
  }
  if (k > 0 && !m.PassAt(k)) {
    int short_of_k = 0;
    for (const auto& p : s.per_problem) short_of_k += p.scored < k ? 1 : 0;
    const int unsampled = std::max(0, s.run_problems - static_cast<int>(s.per_problem.size()));
    notes.push_back(fmt::format("pass@{} is null: {} problems have fewer than {} scored samples", k,
                                short_of_k + unsampled, k));
  }
  if (m.errors || m.unscored) {
    notes.push_back(fmt::format("{} errored and {} unscored samples are left out of every metric",
                                m.errors, m.unscored));
  }
  return notes;
}

std::string PercentOrNa(std::optional<double> fraction) {
  return fraction ? fmt::format("{:.1f}", 100 * *fraction) : "n/a";
}

}  // namespace r1::reports
