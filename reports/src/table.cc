// The terminal table.
#include <fmt/format.h>

#include "r1/reports/formats.h"

namespace r1::reports {

std::string RenderTable(const std::vector<RunSummary>& runs) {
  std::string out = fmt::format("{:<4} {:<14} {:<28} {:>3} {:>16} {:>9} {:>9} {:>9} {:>7} {:>9}\n",
                                "run", "suite", "model", "k", "pass@1 (±se)", "cons@k",
                                "pass@k", "truncated", "errors", "mean tok");
  int with_errors = 0;
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    std::string model = s.run.model.size() > 28 ? s.run.model.substr(0, 25) + "..." : s.run.model;
    std::string name = s.run.label.empty() ? std::to_string(s.run.id) : s.run.label;
    if (name.size() > 4) name = name.substr(0, 4);
    double pass_k = m.pass_at_k.empty() ? 0 : m.pass_at_k.rbegin()->second;
    out += fmt::format(
        "{:<4} {:<14} {:<28} {:>3} {:>16} {:>9} {:>9} {:>9} {:>7} {:>9.0f}\n", name,
        s.run.suite, model, s.run.samples_per_problem,
        fmt::format("{:.1f} ± {:.1f}", 100 * m.pass1, 100 * m.pass1_stderr),
        fmt::format("{:.1f}", 100 * m.cons), fmt::format("{:.1f}", 100 * pass_k),
        fmt::format("{}/{}", m.truncated, m.total - m.errors), m.errors ? fmt::format("{}!", m.errors) : "0",
        m.mean_completion_tokens);
    if (m.errors) ++with_errors;
  }
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    if (m.errors) {
      out += fmt::format(
          "WARNING: run {} has {} errored samples (server failures, not wrong answers); they are "
          "excluded from the metrics. Rerun the same command to retry them.\n",
          s.run.id, m.errors);
    }
    int missing = s.run.samples_per_problem * m.problems - m.total;
    if (missing > 0) {
      out += fmt::format("NOTE: run {} is incomplete: {} samples not yet sampled.\n", s.run.id,
                         missing);
    }
    if (s.ungraded) {
      out += fmt::format("NOTE: run {} has {} ungraded samples; run `r1-eval regrade`.\n",
                         s.run.id, s.ungraded);
    }
  }
  return out;
}

}  // namespace r1::reports
