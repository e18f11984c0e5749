// The paper-style matrix; see leaderboard.h.
#include "r1/reports/leaderboard.h"

#include <algorithm>
#include <set>

namespace r1::reports {
namespace {

// The paper's column order; suites it does not know come after, by name.
constexpr const char* kSuiteOrder[] = {"aime2024", "aime2025", "math500", "gpqa-diamond",
                                       "livecodebench", "codeforces", "r1-demos"};

int SuiteRank(const std::string& suite) {
  for (int i = 0; i < static_cast<int>(std::size(kSuiteOrder)); ++i) {
    if (suite == kSuiteOrder[i]) return i;
  }
  return static_cast<int>(std::size(kSuiteOrder));
}

// Within a suite: pass@1, then cons@K by K, then Codeforces' percentile and rating.
int MetricRank(const std::string& metric) {
  if (metric == "pass@1") return 0;
  if (metric.starts_with("cons@")) return 1 + std::stoi(metric.substr(5));
  if (metric == "percentile") return 1 << 20;
  return (1 << 20) + 1;
}

bool ColumnLess(const LeaderboardColumn& a, const LeaderboardColumn& b) {
  if (a.suite != b.suite) {
    int ra = SuiteRank(a.suite), rb = SuiteRank(b.suite);
    return ra != rb ? ra < rb : a.suite < b.suite;
  }
  return MetricRank(a.metric) < MetricRank(b.metric);
}

}  // namespace

std::string SuiteTitle(const std::string& suite) {
  if (suite == "aime2024") return "AIME 2024";
  if (suite == "aime2025") return "AIME 2025";
  if (suite == "math500") return "MATH-500";
  if (suite == "gpqa-diamond") return "GPQA Diamond";
  if (suite == "livecodebench") return "LiveCodeBench";
  if (suite == "codeforces") return "Codeforces";
  if (suite == "r1-demos") return "R1 demos";
  return suite;
}

Leaderboard BuildLeaderboard(const std::vector<RunSummary>& runs, const ReportOptions& options) {
  // The newest run per (model, suite) stands for that model on that suite.
  std::vector<const RunSummary*> chosen;
  for (const auto& s : runs) {
    auto same = std::find_if(chosen.begin(), chosen.end(), [&](const RunSummary* c) {
      return c->run.model == s.run.model && c->run.suite == s.run.suite;
    });
    if (same == chosen.end()) {
      chosen.push_back(&s);
    } else if (s.run.id > (*same)->run.id) {
      *same = &s;
    }
  }

  std::set<std::string> run_suites;
  auto less = [](const LeaderboardColumn& a, const LeaderboardColumn& b) { return ColumnLess(a, b); };
  std::set<LeaderboardColumn, decltype(less)> columns(less);
  for (const RunSummary* s : chosen) {
    run_suites.insert(s->run.suite);
    columns.insert({s->run.suite, "pass@1"});
    if (s->run.samples_per_problem > 1) {
      columns.insert({s->run.suite, "cons@" + std::to_string(s->run.samples_per_problem)});
    }
  }
  if (options.reference) {
    for (const auto& row : options.reference->rows) {
      for (const auto& [suite, metrics] : row.values) {
        if (!runs.empty() && !run_suites.contains(suite)) continue;
        for (const auto& [metric, _] : metrics) columns.insert({suite, metric});
      }
    }
  }

  Leaderboard board;
  board.columns.assign(columns.begin(), columns.end());
  auto column_of = [&](const std::string& suite, const std::string& metric) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < board.columns.size(); ++i) {
      if (board.columns[i].suite == suite && board.columns[i].metric == metric) return i;
    }
    return std::nullopt;
  };

  for (const RunSummary* s : chosen) {
    auto row = std::find_if(board.rows.begin(), board.rows.end(),
                            [&](const LeaderboardRow& r) { return r.name == s->run.model; });
    if (row == board.rows.end()) {
      board.rows.push_back({s->run.model, false, "", {}});
      row = board.rows.end() - 1;
    }
    const auto& m = s->metrics;
    if (auto c = column_of(s->run.suite, "pass@1")) {
      row->cells[*c] = m.Scored() ? LeaderboardCell{m.pass1, 1.96 * m.pass1_stderr, s->run.id}
                                  : LeaderboardCell{0, std::nullopt, s->run.id, true};
    }
    if (auto c = column_of(s->run.suite, "cons@" + std::to_string(s->run.samples_per_problem));
        c && s->run.samples_per_problem > 1) {
      row->cells[*c] = {m.cons, std::nullopt, s->run.id, !m.Scored()};
    }
  }
  if (options.reference) {
    for (const auto& ref : options.reference->rows) {
      LeaderboardRow row{ref.model, true, ref.source, {}};
      for (const auto& [suite, metrics] : ref.values) {
        for (const auto& [metric, value] : metrics) {
          if (auto c = column_of(suite, metric)) row.cells[*c] = {value, std::nullopt, 0};
        }
      }
      if (!row.cells.empty()) board.rows.push_back(std::move(row));
    }
  }
  return board;
}

}  // namespace r1::reports
