// One suite's part of the HTML report: charts, the per-problem heatmap and the sample viewer.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "html_parts.h"
#include "r1/reports/html_escape.h"
#include "r1/reports/leaderboard.h"
#include "r1/reports/svg_plots.h"

namespace r1::reports::html {
namespace {

constexpr int kLengthBins = 10;
constexpr int kHistogramBins = 20;

const char* FormatName(ThinkFormat f) {
  switch (f) {
    case ThinkFormat::kCompliant: return "think ok";
    case ThinkFormat::kNoThinking: return "no thinking";
    case ThinkFormat::kEmptyThinking: return "empty thinking";
    case ThinkFormat::kUnclosed: return "thinking unclosed";
    case ThinkFormat::kNoAnswer: return "no answer after thinking";
    case ThinkFormat::kMalformed: return "malformed think tags";
  }
  return "";
}

std::string Charts(const std::vector<const RunSummary*>& runs, const std::vector<std::size_t>& colors) {
  std::int32_t max_tokens = 1;
  for (const RunSummary* r : runs) {
    for (const auto& p : r->points) max_tokens = std::max(max_tokens, p.completion_tokens);
  }
  // Series are placed at their palette index so a run keeps its colour in every chart.
  const std::size_t slots = colors.empty() ? 0 : *std::max_element(colors.begin(), colors.end()) + 1;
  std::vector<Series> accuracy(slots), passk(slots), histogram(slots);
  const double width = static_cast<double>(max_tokens) / kLengthBins;
  const double hwidth = static_cast<double>(max_tokens) / kHistogramBins;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunSummary& r = *runs[i];
    const std::size_t slot = colors[i];
    accuracy[slot].name = passk[slot].name = histogram[slot].name = RunName(r) + " " + r.run.model;
    std::vector<int> n(kLengthBins), right(kLengthBins), h(kHistogramBins);
    for (const auto& p : r.points) {
      const int b = std::min(kLengthBins - 1, static_cast<int>(p.completion_tokens / width));
      ++n[b];
      right[b] += p.correct;
      ++h[std::min(kHistogramBins - 1, static_cast<int>(p.completion_tokens / hwidth))];
    }
    for (int b = 0; b < kLengthBins; ++b) {
      if (n[b]) accuracy[slot].points.emplace_back((b + 0.5) * width, static_cast<double>(right[b]) / n[b]);
    }
    for (const auto& [k, v] : r.metrics.pass_at_k) passk[slot].points.emplace_back(k, v);
    if (!r.points.empty()) {
      for (int b = 0; b < kHistogramBins; ++b) {
        histogram[slot].points.emplace_back(b * hwidth, 100.0 * h[b] / static_cast<double>(r.points.size()));
      }
    }
  }
  PlotSpec acc{"Accuracy against completion length", "completion tokens", "accuracy %"};
  acc.x_max = max_tokens;
  PlotSpec pk{"pass@k", "k (samples)", "pass@k %"};
  pk.x_log2 = true;
  PlotSpec hist{"Completion length", "completion tokens", "% of samples"};
  hist.y_percent = false;
  hist.steps = true;
  hist.x_max = max_tokens;
  return "<div class=\"plots\">\n" + LineChart(acc, accuracy) + LineChart(pk, passk) + LineChart(hist, histogram) +
         "</div>\n";
}

std::string Heatmap(const std::vector<const RunSummary*>& runs) {
  // Problems in the order the first run that has them lists them.
  std::vector<std::string> ids;
  std::map<std::string, std::size_t> row_of;
  for (const RunSummary* r : runs) {
    for (const auto& p : r->per_problem) {
      if (row_of.emplace(p.problem_id, ids.size()).second) ids.push_back(p.problem_id);
    }
  }
  std::string out = "<div class=\"scroll\"><table class=\"sortable heat\">\n<thead><tr><th data-type=\"text\">problem</th>";
  for (const RunSummary* r : runs) {
    out += fmt::format("<th data-type=\"num\" title=\"{}\">{}</th>", EscapeHtml(r->run.model), EscapeHtml(RunName(*r)));
  }
  out += "</tr></thead>\n<tbody>\n";
  std::vector<std::vector<const ProblemResult*>> grid(ids.size(), std::vector<const ProblemResult*>(runs.size()));
  for (std::size_t c = 0; c < runs.size(); ++c) {
    for (const auto& p : runs[c]->per_problem) grid[row_of[p.problem_id]][c] = &p;
  }
  for (std::size_t row = 0; row < ids.size(); ++row) {
    out += fmt::format("<tr><td data-v=\"{0}\">{0}</td>", EscapeHtml(ids[row]));
    for (std::size_t c = 0; c < runs.size(); ++c) {
      const ProblemResult* p = grid[row][c];
      if (!p || p->scored == 0) {
        out += p ? "<td class=\"na\" data-v=\"\" title=\"no scored sample\">n/a</td>" : "<td class=\"na\" data-v=\"\">–</td>";
        continue;
      }
      const double rate = p->PassRate();
      out += fmt::format("<td class=\"h{}\" data-v=\"{:.4f}\" title=\"{}: {}/{} correct{}{}\">{:.0f}</td>",
                         static_cast<int>(rate * 10 + 0.5), rate, EscapeHtml(RunName(*runs[c])), p->correct, p->scored,
                         p->truncated ? fmt::format(", {} truncated", p->truncated) : "",
                         p->vote_correct ? ", majority right" : "", 100 * rate);
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  return out;
}

std::string Viewer(const RunSummary& r) {
  std::string out = fmt::format("<details class=\"viewer\"><summary>Samples of {} ({})</summary>\n",
                                EscapeHtml(RunName(r)), EscapeHtml(r.run.model));
  if (r.shown.empty()) {
    return out + "<p class=\"note\">No samples kept for the viewer (pass --viewer-samples N).</p></details>\n";
  }
  std::map<std::string, const Problem*> problems;
  for (const auto& p : r.problems) problems.emplace(p.id, &p);
  std::map<std::string, const ProblemResult*> results;
  for (const auto& p : r.per_problem) results.emplace(p.problem_id, &p);
  std::string current;
  for (const SampleView& v : r.shown) {
    if (v.problem_id != current) {
      if (!current.empty()) out += "</details>\n";
      current = v.problem_id;
      const ProblemResult* res = results.count(current) ? results[current] : nullptr;
      const Problem* prob = problems.count(current) ? problems[current] : nullptr;
      out += fmt::format("<details class=\"problem\"><summary>Problem {}{}</summary>\n", EscapeHtml(current),
                         res ? fmt::format(" — {}/{} correct{}", res->correct, res->scored,
                                               res->unscored ? fmt::format(", {} unscored", res->unscored) : "")
                             : "");
      if (prob) {
        out += fmt::format("<div class=\"q\">{}</div><p class=\"gold\">gold answer: <code>{}</code></p>\n",
                           EscapeHtml(prob->question), EscapeHtml(prob->gold));
      }
    }
    const char* verdict = !v.error.empty() ? "error"
                          : !v.graded      ? "ungraded"
                          : v.unscored     ? "unscored"
                          : v.truncated    ? "truncated"
                          : v.correct      ? "right"
                                           : "wrong";
    out += fmt::format("<div class=\"sample {}\"><p class=\"meta\"><span class=\"badge\">{}</span> sample #{}", verdict,
                       verdict, v.sample_index);
    if (v.graded) out += fmt::format(" · extracted <code>{}</code>", v.extracted.empty() ? "(none)" : EscapeHtml(v.extracted));
    if (v.completion_tokens >= 0) out += fmt::format(" · {} tokens", v.completion_tokens);
    if (!v.finish_reason.empty()) out += fmt::format(" · finish {}", EscapeHtml(v.finish_reason));
    if (v.error.empty()) out += fmt::format(" · {}", FormatName(v.format));
    out += "</p>\n";
    if (!v.error.empty()) out += fmt::format("<pre class=\"err\">{}</pre>\n", EscapeHtml(v.error));
    if (v.unscored) out += fmt::format("<pre class=\"err\">judge failed (not the model's fault): {}</pre>\n", EscapeHtml(v.detail));
    if (!v.thinking.empty()) {
      out += fmt::format("<details class=\"think\"><summary>thinking ({} bytes)</summary><pre>{}</pre></details>\n",
                         v.thinking.size(), EscapeHtml(v.thinking));
    }
    out += fmt::format("<pre class=\"answer\">{}</pre></div>\n", EscapeHtml(v.answer));
  }
  if (!current.empty()) out += "</details>\n";
  return out + "</details>\n";
}

}  // namespace

std::string RunName(const RunSummary& r) { return r.run.label.empty() ? "#" + std::to_string(r.run.id) : r.run.label; }

std::string SuiteSection(const std::string& suite, const std::string& anchor, const std::vector<const RunSummary*>& runs,
                         const std::vector<std::size_t>& colors) {
  std::string out = fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", anchor, EscapeHtml(SuiteTitle(suite)));
  out += Charts(runs, colors);
  out += "<h3>Per-problem pass rate (%)</h3>\n" + Heatmap(runs);
  out += "<h3>Samples</h3>\n";
  for (const RunSummary* r : runs) out += Viewer(*r);
  return out + "</section>\n";
}

}  // namespace r1::reports::html
