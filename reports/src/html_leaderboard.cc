// The HTML page: head with its policy, the leaderboard, the runs table, one section per suite.
#include "r1/reports/html_leaderboard.h"

#include <fmt/format.h>

#include <map>

#include "html_parts.h"
#include "r1/core/sha256.h"
#include "r1/reports/html_escape.h"
#include "r1/reports/leaderboard.h"
#include "r1/reports/svg_plots.h"

namespace r1::reports {
namespace {

constexpr std::string_view kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;padding:0 16px 48px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:20px 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d8dee4;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
nav a{margin-right:12px}.note{color:#57606a;font-size:12.5px}.warn{background:#fff4e5;border:1px solid #f0b35b;padding:6px 10px;border-radius:4px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:6px 0}th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}th{background:#f6f8fa;position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none}table.sortable th:hover{background:#eaeef2}
th[aria-sort=descending]::after{content:" \25BE"}th[aria-sort=ascending]::after{content:" \25B4"}
tr.ref td{color:#57606a;font-style:italic;background:#fafbfc}.badge{display:inline-block;font-size:11px;font-style:normal;padding:0 5px;border-radius:8px;background:#ddf4ff;color:#0969da;margin-left:4px}
.ci{color:#57606a;font-size:12px}.scroll{max-height:480px;max-width:100%;overflow:auto;display:inline-block;border:1px solid #eaeef2}
td.t,th.t{text-align:left}
.plots{display:flex;flex-wrap:wrap;gap:12px}.plot{border:1px solid #eaeef2;border-radius:4px;background:#fff}
.plot .ptitle{font-size:12px;font-weight:600}.plot .tick{font-size:10px;fill:#57606a}.plot .label{font-size:11px;fill:#24292f}
.plot .grid{stroke:#eaeef2}.plot .axis{stroke:#8c959f}
.heat td{text-align:center;min-width:34px;font-size:12px}.na{color:#8c959f}
.h0{background:#d73027;color:#fff}.h1{background:#e34a33;color:#fff}.h2{background:#f46d43}.h3{background:#fc8d59}.h4{background:#fdae61}.h5{background:#fee08b}
.h6{background:#d9ef8b}.h7{background:#a6d96a}.h8{background:#66bd63}.h9{background:#1a9850;color:#fff}.h10{background:#006837;color:#fff}
details{margin:4px 0}summary{cursor:pointer}.viewer>summary{font-weight:600}.problem{margin-left:14px}
.q,pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:6px 8px;border-radius:4px;margin:4px 0;font-size:12.5px}
pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}.sample{border-left:3px solid #8c959f;padding-left:8px;margin:8px 0}
.sample.right{border-color:#1a7f37}.sample.wrong{border-color:#cf222e}.sample.truncated{border-color:#bf8700}.sample.error{border-color:#8250df}
.sample .badge{background:#eaeef2;color:#24292f}.sample.right .badge{background:#dafbe1;color:#1a7f37}.sample.wrong .badge{background:#ffebe9;color:#cf222e}
.meta{margin:2px 0;font-size:12.5px}.think pre{max-height:420px;overflow:auto}
)css";

// Sorts any table.sortable by a clicked header: numbers by value (data-v), text by name,
// missing values always last; a second click reverses.
constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent;
    if (v === '') return null;
    var n = Number(v);
    return isNaN(n) ? v.toLowerCase() : n;
  }
  function sortBy(table, col, th) {
    var numeric = th.getAttribute('data-type') === 'num';
    var current = th.getAttribute('aria-sort');
    var dir = current ? (current === 'descending' ? 'ascending' : 'descending') : (numeric ? 'descending' : 'ascending');
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir);
    var sign = dir === 'ascending' ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
      return x < y ? -sign : x > y ? sign : 0;
    });
    for (var r = 0; r < rows.length; r++) body.appendChild(rows[r]);
  }
  var tables = document.querySelectorAll('table.sortable');
  for (var t = 0; t < tables.length; t++) {
    (function (table) {
      var heads = table.tHead.rows[0].cells;
      for (var c = 0; c < heads.length; c++) {
        (function (th, col) {
          th.tabIndex = 0;
          th.addEventListener('click', function () { sortBy(table, col, th); });
          th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sortBy(table, col, th); });
        })(heads[c], c);
      }
    })(tables[t]);
  }
  document.documentElement.setAttribute('data-ready', '1');
})();
)js";

// CSP source expression for an inline block: 'sha256-<base64 of the digest>'.
std::string CspHash(std::string_view block) {
  const std::string hex = Sha256Hex(block);
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<std::uint8_t>(bytes[i + 2]);
    b64 += kAlphabet[n >> 18 & 63];
    b64 += kAlphabet[n >> 12 & 63];
    b64 += i + 1 < bytes.size() ? kAlphabet[n >> 6 & 63] : '=';
    b64 += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return "'sha256-" + b64 + "'";
}

std::string Pct(double v) { return fmt::format("{:.1f}", 100 * v); }

std::string BoardTable(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  const Leaderboard board = BuildLeaderboard(runs, options);
  std::string out = "<table class=\"sortable\" id=\"board\">\n<thead><tr><th data-type=\"text\">model</th>";
  for (const auto& c : board.columns) {
    out += fmt::format("<th data-type=\"num\">{}<br><span class=\"ci\">{}</span></th>", EscapeHtml(SuiteTitle(c.suite)),
                       EscapeHtml(c.metric));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : board.rows) {
    out += row.reference
               ? fmt::format("<tr class=\"ref\" title=\"{}\"><td data-v=\"{}\">{}<span class=\"badge\">paper</span></td>",
                             EscapeHtml(row.source), EscapeHtml(row.name), EscapeHtml(row.name))
               : fmt::format("<tr><td data-v=\"{0}\">{0}</td>", EscapeHtml(row.name));
    for (std::size_t i = 0; i < board.columns.size(); ++i) {
      auto it = row.cells.find(i);
      if (it == row.cells.end()) {
        out += "<td data-v=\"\">–</td>";
        continue;
      }
      const auto& cell = it->second;
      if (cell.na) {
        out += "<td data-v=\"\" title=\"no scored sample\">n/a</td>";
      } else if (board.columns[i].metric == "rating") {
        out += fmt::format("<td data-v=\"{:.0f}\">{:.0f}</td>", cell.value, cell.value);
      } else if (cell.ci95) {
        out += fmt::format("<td data-v=\"{:.6f}\">{} <span class=\"ci\">± {}</span></td>", cell.value, Pct(cell.value),
                           Pct(*cell.ci95));
      } else {
        out += fmt::format("<td data-v=\"{:.6f}\">{}</td>", cell.value, Pct(cell.value));
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n<p class=\"note\">Percent; ± is the half-width of the 95% confidence interval over "
         "problems. The newest run stands for a model on a suite; click a header to sort.";
  if (options.reference) {
    out += fmt::format(" Rows marked <span class=\"badge\">paper</span> are published numbers from the {} ({}), "
                       "not measured here; hover a row for its source.",
                       EscapeHtml(options.reference->title), EscapeHtml(options.reference->settings));
  }
  return out + "</p>\n";
}

std::string RunsTable(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  std::string out =
      "<div class=\"scroll\"><table class=\"sortable\" id=\"runs-table\">\n<thead><tr>"
      "<th data-type=\"text\">run</th><th class=\"t\" data-type=\"text\">suite</th><th class=\"t\" data-type=\"text\">model</th>"
      "<th data-type=\"num\">k</th><th data-type=\"num\">pass@1 ± 95% CI</th><th data-type=\"num\">cons@k</th>"
      "<th data-type=\"num\">pass@k</th><th data-type=\"num\">truncated</th><th data-type=\"num\">errors</th>"
      "<th data-type=\"num\">unscored</th>"
      "<th data-type=\"num\">median tokens</th><th data-type=\"num\">&lt;think&gt; ok</th>"
      "<th data-type=\"num\">language mixing</th><th data-type=\"num\">thinking tokens right</th>"
      "<th data-type=\"num\">thinking tokens wrong</th><th data-type=\"num\">cost (USD)</th></tr></thead>\n<tbody>\n";
  for (const auto& s : runs) {
    const auto& m = s.metrics;
    const auto& d = s.diagnostics;
    const auto pass_k = m.PassAt(s.run.samples_per_problem);
    const auto na = [](const char* why) { return fmt::format("<td data-v=\"\" title=\"{}\">n/a</td>", why); };
    const std::string name = html::RunName(s);
    out += fmt::format("<tr><td data-v=\"{0}\" title=\"run {1}\">{0}</td><td class=\"t\">{2}</td><td class=\"t\">{3}</td><td>{4}</td>",
                       EscapeHtml(name), s.run.id, EscapeHtml(s.run.suite), EscapeHtml(s.run.model),
                       s.run.samples_per_problem);
    if (m.Scored()) {
      out += fmt::format("<td data-v=\"{:.6f}\">{} <span class=\"ci\">± {}</span></td>", m.pass1, Pct(m.pass1),
                         Pct(1.96 * m.pass1_stderr));
      out += fmt::format("<td data-v=\"{:.6f}\">{}</td>", m.cons, Pct(m.cons));
    } else {
      out += na("no scored sample") + na("no scored sample");
    }
    out += pass_k ? fmt::format("<td data-v=\"{:.6f}\">{}</td>", *pass_k, Pct(*pass_k))
                  : na("some problem has fewer than k scored samples");
    out += fmt::format("<td data-v=\"{:.6f}\">{}%</td><td data-v=\"{}\">{}</td>", d.TruncationRate(),
                       Pct(d.TruncationRate()), m.errors, m.errors ? fmt::format("<strong>{}</strong>", m.errors) : "0");
    out += fmt::format("<td data-v=\"{}\">{}</td>", m.unscored,
                       m.unscored ? fmt::format("<strong>{}</strong>", m.unscored) : "0");
    out += fmt::format("<td data-v=\"{0:.0f}\">{0:.0f}</td>", d.median_completion_tokens);
    out += fmt::format("<td data-v=\"{:.6f}\">{}%</td><td data-v=\"{:.6f}\">{}%</td>", d.ThinkComplianceRate(),
                       Pct(d.ThinkComplianceRate()), d.LanguageMixingRate(), Pct(d.LanguageMixingRate()));
    for (auto [n, v] : {std::pair{d.thinking_correct_n, d.thinking_tokens_correct},
                        std::pair{d.thinking_wrong_n, d.thinking_tokens_wrong}}) {
      out += n ? fmt::format("<td data-v=\"{0:.0f}\">{0:.0f}</td>", v) : "<td data-v=\"\">–</td>";
    }
    out += options.pricing ? fmt::format("<td data-v=\"{0:.4f}\">{0:.2f}</td>", CostUsd(d, *options.pricing))
                           : "<td data-v=\"\">–</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n<p class=\"note\">Thinking tokens are the server's reasoning_tokens when it "
         "reports them, else completion tokens. Truncated: finish_reason=length or thinking never closed. "
         "Errors (the server failed) and unscored samples (our judge failed) are left out of every metric; "
         "n/a: no scored sample stands behind the number (pass@k: some problem has fewer than k scored samples).";
  if (options.pricing) {
    out += fmt::format(" Cost at {} prices: ${} per million input tokens, ${} per million output tokens ({}).",
                       EscapeHtml(options.pricing->name), options.pricing->input_per_million,
                       options.pricing->output_per_million, EscapeHtml(options.pricing->note));
  } else {
    out += " Pass --price PRESET or --price-in/--price-out for a cost column.";
  }
  return out + "</p>\n";
}

}  // namespace

std::string RenderHtml(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  // Suites in the leaderboard's order, each with its runs; a run keeps one colour everywhere.
  std::vector<std::string> suites;
  std::map<std::string, std::vector<const RunSummary*>> by_suite;
  std::map<std::string, std::vector<std::size_t>> colors;
  for (const auto& col : BuildLeaderboard(runs, {}).columns) {
    if (suites.empty() || suites.back() != col.suite) suites.push_back(col.suite);
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    by_suite[runs[i].run.suite].push_back(&runs[i]);
    colors[runs[i].run.suite].push_back(by_suite[runs[i].run.suite].size() - 1);
  }
  int samples = 0, errors = 0;
  std::map<std::string, int> models;
  for (const auto& r : runs) {
    samples += r.metrics.total;
    errors += r.metrics.errors;
    ++models[r.run.model];
  }

  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; "
                     "script-src {}; img-src data:; base-uri 'none'; form-action 'none'\">\n",
                     CspHash(kStyle), CspHash(kScript));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>r1-eval leaderboard</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  auto count = [](std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); };
  out += fmt::format("<header><h1>r1-eval leaderboard</h1><p class=\"note\">{} of {} on {}, {}.</p>\n"
                     "<nav><a href=\"#leaderboard\">Leaderboard</a><a href=\"#runs\">Runs</a>",
                     count(runs.size(), "run", "runs"), count(models.size(), "model", "models"),
                     count(suites.size(), "suite", "suites"), count(static_cast<std::size_t>(samples), "sample", "samples"));
  for (std::size_t i = 0; i < suites.size(); ++i) {
    out += fmt::format("<a href=\"#suite-{}\">{}</a>", i, EscapeHtml(SuiteTitle(suites[i])));
  }
  out += "</nav></header>\n";
  if (errors) {
    out += fmt::format("<p class=\"warn\"><strong>{} {} ended in errors</strong> (server failures, not wrong "
                       "answers); excluded from the metrics. Rerun the same command to retry them.</p>\n",
                       errors, errors == 1 ? "sample" : "samples");
  }
  out += "<section id=\"leaderboard\">\n<h2>Leaderboard</h2>\n" + BoardTable(runs, options) + "</section>\n";
  out += "<section id=\"runs\">\n<h2>Runs and reasoning diagnostics</h2>\n" + RunsTable(runs, options) + "</section>\n";
  for (std::size_t i = 0; i < suites.size(); ++i) {
    if (!by_suite.contains(suites[i])) continue;  // a reference-only suite
    out += html::SuiteSection(suites[i], "suite-" + std::to_string(i), by_suite[suites[i]], colors[suites[i]]);
  }
  out += "<footer><p class=\"note\">Generated by r1-eval from the store; no model calls. Model output is shown "
         "escaped; thinking longer than the viewer keeps is abbreviated (r1-eval export has every byte).</p></footer>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace r1::reports
