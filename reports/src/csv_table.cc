// The CSV table.
#include "r1/reports/csv_table.h"

#include <fmt/format.h>

#include "r1/reports/html_escape.h"
#include "r1/reports/metric_text.h"

namespace r1::reports {
namespace {

constexpr const char* kHeader =
    "kind,run_id,label,suite,model,k,problems,pass@1,pass@1_stderr,pass@1_ci95_low,pass@1_ci95_high,"
    "cons@k,pass@k,samples,errors,unscored,truncated,ungraded,truncation_rate,think_compliance_rate,"
    "language_mixing_rate,thinking_tokens_correct,thinking_tokens_wrong,median_completion_tokens,"
    "prompt_tokens,completion_tokens,cost_usd,rating,percentile,source\r\n";

std::string Num(double v) { return fmt::format("{:.6g}", v); }

}  // namespace

std::string CsvField(std::string_view field) {
  std::string text = ValidUtf8(field);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) {
    text = std::string(1, '\'') + text;
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string RenderCsv(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  std::string out = kHeader;
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    const auto& d = s.diagnostics;
    // Empty fields where no scored sample stands behind a number.
    const bool scored = m.Scored();
    const auto [low, high] = Ci95(m.pass1, m.pass1_stderr);
    const auto pass_k = m.PassAt(s.run.samples_per_problem);
    auto num = [&](double v) { return scored ? Num(v) : std::string(); };
    out += fmt::format(
        "run,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},,,\r\n", s.run.id,
        CsvField(s.run.label), CsvField(s.run.suite), CsvField(s.run.model), s.run.samples_per_problem,
        m.problems, num(m.pass1), num(m.pass1_stderr), num(low), num(high),
        num(m.cons), pass_k ? Num(*pass_k) : "", m.total, m.errors, m.unscored,
        m.truncated, s.ungraded, Num(d.TruncationRate()), Num(d.ThinkComplianceRate()),
        Num(d.LanguageMixingRate()), d.thinking_correct_n ? Num(d.thinking_tokens_correct) : "",
        d.thinking_wrong_n ? Num(d.thinking_tokens_wrong) : "", Num(d.median_completion_tokens),
        d.prompt_tokens, d.completion_tokens, options.pricing ? Num(CostUsd(d, *options.pricing)) : "");
  }
  if (options.reference) {
    for (const auto& row : options.reference->rows) {
      for (const auto& [suite, metrics] : row.values) {
        auto get = [&](const char* key) {
          auto it = metrics.find(key);
          return it == metrics.end() ? std::string() : Num(it->second);
        };
        const bool cons = metrics.contains("cons@64");
        out += fmt::format("reference,,,{},{},{},,{},,,,{},,,,,,,,,,,,,,,,{},{},{}\r\n", CsvField(suite),
                           CsvField(row.model), cons ? "64" : "", get("pass@1"), get("cons@64"),
                           get("rating"), get("percentile"), CsvField(row.source));
      }
    }
  }
  return out;
}

}  // namespace r1::reports
