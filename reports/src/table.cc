// The terminal table.
#include <fmt/format.h>

#include "r1/reports/formats.h"
#include "r1/reports/metric_text.h"

namespace r1::reports {
namespace {

std::string RunName(const RunSummary& s, std::size_t width) {
  std::string name = s.run.label.empty() ? std::to_string(s.run.id) : s.run.label;
  return name.size() > width ? name.substr(0, width) : name;
}

std::string Percent(double fraction) { return fmt::format("{:.1f}%", 100 * fraction); }

}  // namespace

std::string RenderTable(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  std::string out = fmt::format("{:<4} {:<14} {:<28} {:>3} {:>16} {:>9} {:>9} {:>9} {:>7} {:>8} {:>9}\n",
                                "run", "suite", "model", "k", "pass@1 (±se)", "cons@k",
                                "pass@k", "truncated", "errors", "unscored", "mean tok");
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    std::string model = s.run.model.size() > 28 ? s.run.model.substr(0, 25) + "..." : s.run.model;
    const bool scored = m.Scored();
    out += fmt::format(
        "{:<4} {:<14} {:<28} {:>3} {:>16} {:>9} {:>9} {:>9} {:>7} {:>8} {:>9.0f}\n", RunName(s, 4),
        s.run.suite, model, s.run.samples_per_problem,
        scored ? fmt::format("{:.1f} ± {:.1f}", 100 * m.pass1, 100 * m.pass1_stderr) : "n/a",
        PercentOrNa(scored ? std::optional(m.cons) : std::nullopt),
        PercentOrNa(m.PassAt(s.run.samples_per_problem)),
        fmt::format("{}/{}", m.truncated, m.total - m.errors - m.unscored),
        m.errors ? fmt::format("{}!", m.errors) : "0", m.unscored ? fmt::format("{}!", m.unscored) : "0",
        m.mean_completion_tokens);
  }

  // Reasoning diagnostics: why a score is what it is.
  if (!runs.empty()) {
    out += fmt::format("\n{:<4} {:<14} {:>9} {:>10} {:>9} {:>21} {:>10} {:>10}\n", "run", "suite",
                       "truncated", "<think> ok", "lang-mix", "think tok right/wrong", "median tok",
                       options.pricing ? "cost $" : "tokens");
    for (const auto& s : runs) {
      const auto& d = s.diagnostics;
      std::string last = options.pricing
                             ? fmt::format("{:.2f}", CostUsd(d, *options.pricing))
                             : fmt::format("{}", d.prompt_tokens + d.completion_tokens);
      std::string thinking =
          d.thinking_correct_n || d.thinking_wrong_n
              ? fmt::format("{:.0f}/{:.0f}", d.thinking_tokens_correct, d.thinking_tokens_wrong)
              : "-";
      out += fmt::format("{:<4} {:<14} {:>9} {:>10} {:>9} {:>21} {:>10.0f} {:>10}\n", RunName(s, 4),
                         s.run.suite, Percent(d.TruncationRate()), Percent(d.ThinkComplianceRate()),
                         Percent(d.LanguageMixingRate()), thinking, d.median_completion_tokens, last);
    }
    if (options.pricing) {
      out += fmt::format("cost at {} prices: ${}/M input, ${}/M output\n", options.pricing->name,
                         options.pricing->input_per_million, options.pricing->output_per_million);
    }
  }

  for (const auto& s : runs) {
    const auto& m = s.metrics;
    if (m.errors) {
      out += fmt::format(
          "WARNING: run {} has {} errored samples (server failures, not wrong answers); they are "
          "excluded from the metrics. Rerun the same command to retry them.\n",
          s.run.id, m.errors);
    }
    if (m.unscored) {
      out += fmt::format(
          "WARNING: run {} has {} unscored samples (our judge failed: sandbox or internal error, not "
          "wrong answers); they are excluded from the metrics. Fix the cause (`r1-eval sandbox "
          "check`), then `r1-eval regrade --unscored` retries them.\n",
          s.run.id, m.unscored);
    }
    for (const auto& note : MetricNotes(s)) {
      if (!note.starts_with("pass@") && !note.starts_with("no scored")) continue;
      out += fmt::format("NOTE: run {}: {}.\n", s.run.id, note);
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
  for (const auto& s : runs) {
    for (const auto& b : s.breakdowns) {
      out += fmt::format("\nrun {} {} by {}:\n", s.run.id, s.run.suite, b.key);
      for (const auto& g : b.groups) {
        out += fmt::format("  {:<28} {:>4} problems  pass@1 {:5.1f} ± {:4.1f}  cons@{} {:5.1f}\n",
                           g.value.size() > 28 ? g.value.substr(0, 25) + "..." : g.value,
                           g.problems, 100 * g.pass1, 100 * g.pass1_stderr,
                           s.run.samples_per_problem, 100 * g.cons);
      }
    }
  }
  return out;
}

}  // namespace r1::reports
