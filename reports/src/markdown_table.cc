// The Markdown tables.
#include "r1/reports/markdown_table.h"

#include <fmt/format.h>

#include "r1/reports/html_escape.h"
#include "r1/reports/leaderboard.h"

namespace r1::reports {
namespace {

// Markdown renderers pass inline HTML through, so cells are HTML-escaped; '|' would end the
// cell and a newline the row.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : EscapeHtml(text)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string ColumnTitle(const LeaderboardColumn& c) {
  if (c.metric == "rating") return SuiteTitle(c.suite) + " rating";
  if (c.metric == "percentile") return SuiteTitle(c.suite) + " percentile";
  return SuiteTitle(c.suite) + " " + c.metric;
}

std::string Value(const LeaderboardColumn& column, const LeaderboardCell& cell) {
  if (cell.na) return "n/a";
  if (column.metric == "rating") return fmt::format("{:.0f}", cell.value);
  if (cell.ci95) return fmt::format("{:.1f} ± {:.1f}", 100 * cell.value, 100 * *cell.ci95);
  return fmt::format("{:.1f}", 100 * cell.value);
}

}  // namespace

std::string RenderMarkdown(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  const Leaderboard board = BuildLeaderboard(runs, options);
  std::string out = "| Model |";
  std::string rule = "|---|";
  for (const auto& c : board.columns) {
    out += " " + Cell(ColumnTitle(c)) + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const auto& row : board.rows) {
    out += row.reference ? "| *" + Cell(row.name) + "* (paper) |" : "| " + Cell(row.name) + " |";
    for (std::size_t i = 0; i < board.columns.size(); ++i) {
      auto it = row.cells.find(i);
      out += " " + (it == row.cells.end() ? std::string("–") : Value(board.columns[i], it->second)) + " |";
    }
    out += "\n";
  }
  out += "\npass@1 and cons@k in percent; ± is the half-width of the 95% confidence interval over "
         "problems (1.96 standard errors).";
  if (options.reference) {
    out += " Rows in italics are published numbers (" + Cell(options.reference->title) + ": " +
           Cell(options.reference->settings) + "), not measured here.";
  }
  out += "\n";
  if (runs.empty()) return out;

  out += "\n| Run | Suite | Model | k | Problems | Samples | Errors | Unscored | Truncated | `<think>` ok | "
         "Language mixing | Thinking tokens right / wrong | Median tokens |";
  out += options.pricing ? " Cost (USD) |\n" : "\n";
  out += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  out += options.pricing ? "---:|\n" : "\n";
  for (const auto& s : runs) {
    const auto& d = s.diagnostics;
    const auto& m = s.metrics;
    std::string name = s.run.label.empty() ? std::to_string(s.run.id)
                                           : fmt::format("{} ({})", Cell(s.run.label), s.run.id);
    std::string thinking = d.thinking_correct_n || d.thinking_wrong_n
                               ? fmt::format("{} / {}",
                                             d.thinking_correct_n ? fmt::format("{:.0f}", d.thinking_tokens_correct) : "–",
                                             d.thinking_wrong_n ? fmt::format("{:.0f}", d.thinking_tokens_wrong) : "–")
                               : "–";
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {:.1f}% | {:.1f}% | {:.1f}% | {} | {:.0f} |", name,
                       Cell(s.run.suite), Cell(s.run.model), s.run.samples_per_problem, m.problems,
                       m.total, m.errors, m.unscored, 100 * d.TruncationRate(), 100 * d.ThinkComplianceRate(),
                       100 * d.LanguageMixingRate(), thinking, d.median_completion_tokens);
    out += options.pricing ? fmt::format(" {:.2f} |\n", CostUsd(d, *options.pricing)) : "\n";
  }
  if (options.pricing) {
    out += fmt::format("\nCost at {} prices: ${} per million input tokens, ${} per million output tokens.\n",
                       Cell(options.pricing->name), options.pricing->input_per_million,
                       options.pricing->output_per_million);
  }
  return out;
}

}  // namespace r1::reports
