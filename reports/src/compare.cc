// Run-set comparison; see compare.h.
#include "r1/reports/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "r1/reports/leaderboard.h"

namespace r1::reports {
namespace {

std::string Name(const RunSummary& r) {
  return (r.run.label.empty() ? "#" + std::to_string(r.run.id) : r.run.label) +
         (r.run.model.empty() ? "" : " (" + r.run.model + ")");
}

Result<std::map<std::string, const RunSummary*>> BySuite(const std::vector<RunSummary>& runs, const char* side) {
  std::map<std::string, const RunSummary*> out;
  for (const auto& r : runs) {
    auto [it, inserted] = out.emplace(r.run.suite, &r);
    if (!inserted) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{} has two runs of suite {} ({} and {}); name one run per suite", side, r.run.suite,
                              Name(*it->second), Name(r)));
    }
  }
  return out;
}

bool Solved(int correct, int scored) { return scored > 0 && 2 * correct > scored; }

SuiteComparison CompareOne(const RunSummary& a, const RunSummary& b, const CompareOptions& options) {
  SuiteComparison c;
  c.suite = a.run.suite;
  c.a_name = Name(a);
  c.b_name = Name(b);
  c.a_run = a.run.id;
  c.b_run = b.run.id;
  c.a_pass1 = a.metrics.pass1;
  c.b_pass1 = b.metrics.pass1;
  c.a_scored = a.metrics.Scored();
  c.b_scored = b.metrics.Scored();
  c.comparable = c.a_scored && c.b_scored;
  c.a_errors = a.metrics.errors;
  c.a_unscored = a.metrics.unscored;
  c.b_errors = b.metrics.errors;
  c.b_unscored = b.metrics.unscored;
  if (b.run_problems > 0) {
    c.b_unsampled = std::max(0, b.run.samples_per_problem * b.run_problems - b.metrics.total);
  }

  std::map<std::string, const ProblemResult*> in_b;
  for (const auto& p : b.per_problem) {
    if (p.scored > 0) in_b.emplace(p.problem_id, &p);
  }
  std::vector<double> va, vb;
  int a_scored = 0;
  for (const auto& pa : a.per_problem) {
    if (pa.scored == 0) continue;
    ++a_scored;
    auto it = in_b.find(pa.problem_id);
    if (it == in_b.end()) {
      c.b_missing_problems.push_back(pa.problem_id);
      continue;
    }
    const ProblemResult& pb = *it->second;
    va.push_back(pa.PassRate());
    vb.push_back(pb.PassRate());
    const bool sa = Solved(pa.correct, pa.scored), sb = Solved(pb.correct, pb.scored);
    if (sa != sb) {
      (sa ? c.lost : c.gained).push_back({pa.problem_id, pa.correct, pa.scored, pb.correct, pb.scored});
    }
  }
  if (!a.per_problem.empty() && !b.per_problem.empty()) {
    c.b_missing_count = static_cast<int>(c.b_missing_problems.size());
  } else {
    c.b_missing_problems.clear();
    c.b_missing_count = std::max(0, a.metrics.problems_scored - b.metrics.problems_scored);
  }
  if (!c.comparable) {
    c.difference = {0, 0, 0};
  } else if (!va.empty()) {
    c.paired = true;
    c.problems = static_cast<int>(va.size());
    c.unmatched = a_scored + static_cast<int>(in_b.size()) - 2 * c.problems;
    PairedResult r = PairedDifference(va, vb, options.alpha, options.iterations, options.seed);
    c.difference = r.difference;
    c.p_value = r.p_value;
    c.exact = r.exact;
  } else {
    const double diff = b.metrics.pass1 - a.metrics.pass1;
    const double se = std::hypot(a.metrics.pass1_stderr, b.metrics.pass1_stderr);
    const double z = TwoSidedZ(options.alpha);
    c.problems = std::min(a.metrics.problems_scored, b.metrics.problems_scored);
    c.difference = {diff, diff - z * se, diff + z * se};
    c.p_value = se > 0 ? NormalTwoSidedP(diff / se) : (std::fabs(diff) < 1e-12 ? 1.0 : 0.0);
  }
  // The nulls of both tests are symmetric, so the one-sided p is half the two-sided one in the
  // observed direction.
  if (c.comparable) {
    c.p_drop = c.difference.estimate < 0 ? c.p_value / 2 : std::min(1.0, 1 - c.p_value / 2);
  }
  // Biggest swings first, so the list reads as "where did it change most".
  auto swing = [](const FlippedProblem& f) {
    return std::fabs(double(f.b_correct) / f.b_scored - double(f.a_correct) / f.a_scored);
  };
  for (auto* list : {&c.lost, &c.gained}) {
    std::stable_sort(list->begin(), list->end(), [&](const auto& x, const auto& y) { return swing(x) > swing(y); });
  }
  return c;
}

std::string Points(double fraction) { return fmt::format("{:+.1f}", 100 * fraction); }

std::string FlipList(const std::vector<FlippedProblem>& list, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < list.size() && i < max; ++i) {
    const auto& f = list[i];
    out += fmt::format("{}{} ({}/{} → {}/{})", i ? ", " : "", f.problem_id, f.a_correct, f.a_scored, f.b_correct,
                       f.b_scored);
  }
  if (list.size() > max) out += fmt::format(", and {} more", list.size() - max);
  return out;
}

}  // namespace

double TwoSidedZ(double alpha) {
  // Bisection on the normal tail; 60 halvings are far below double precision needs.
  double lo = 0, hi = 40;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (NormalTwoSidedP(mid) > alpha ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Result<Comparison> Compare(const std::vector<RunSummary>& a, const std::vector<RunSummary>& b,
                           const CompareOptions& options) {
  auto sa = BySuite(a, "A");
  if (!sa) return std::unexpected(sa.error());
  auto sb = BySuite(b, "B");
  if (!sb) return std::unexpected(sb.error());
  Comparison out;
  out.alpha = options.alpha;
  std::vector<std::string> order;
  for (const auto& col : BuildLeaderboard(a, {}).columns) {
    if (order.empty() || order.back() != col.suite) order.push_back(col.suite);
  }
  for (const auto& suite : order) {
    auto it = sb->find(suite);
    if (it == sb->end()) {
      out.only_a.push_back(suite);
      continue;
    }
    out.suites.push_back(CompareOne(*sa->at(suite), *it->second, options));
  }
  for (const auto& [suite, _] : *sb) {
    if (!sa->contains(suite)) out.only_b.push_back(suite);
  }
  if (out.suites.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "nothing to compare: the two sides share no suite");
  }
  return out;
}

std::string RenderCompareText(const Comparison& cmp) {
  const int level = static_cast<int>(std::lround(100 * (1 - cmp.alpha)));
  std::string out;
  for (const auto& c : cmp.suites) {
    out += fmt::format("{}: A = {}, B = {}\n", SuiteTitle(c.suite), c.a_name, c.b_name);
    if (!c.comparable) {
      out += "  pass@1 n/a on one side (no scored sample): not compared\n";
      continue;
    }
    out += fmt::format("  pass@1 {:.1f}% → {:.1f}%: B − A = {} points, {}% CI [{}, {}], p = {:.4g}{} ({} over {} problems{})\n",
                       100 * c.a_pass1, 100 * c.b_pass1, Points(c.difference.estimate), level,
                       Points(c.difference.low), Points(c.difference.high), c.p_value, c.exact ? " exact" : "",
                       c.paired ? "paired" : "unpaired, normal approximation", c.problems,
                       c.unmatched ? fmt::format("; {} scored by one side only", c.unmatched) : "");
    if (!c.paired) {
      out += "  (no per-problem results on one side: flipped problems unknown)\n";
      continue;
    }
    out += fmt::format("  flipped (majority of samples): {} lost, {} gained\n", c.lost.size(), c.gained.size());
    if (!c.lost.empty()) out += "    lost: " + FlipList(c.lost, 20) + "\n";
    if (!c.gained.empty()) out += "    gained: " + FlipList(c.gained, 20) + "\n";
  }
  for (const auto& s : cmp.only_a) out += fmt::format("{}: only in A, not compared\n", SuiteTitle(s));
  for (const auto& s : cmp.only_b) out += fmt::format("{}: only in B, not compared\n", SuiteTitle(s));
  return out;
}

std::string RenderCompareJson(const Comparison& cmp) {
  using nlohmann::json;
  json suites = json::array();
  for (const auto& c : cmp.suites) {
    auto flips = [](const std::vector<FlippedProblem>& list) {
      json out = json::array();
      for (const auto& f : list) {
        out.push_back({{"id", f.problem_id}, {"a_correct", f.a_correct}, {"a_scored", f.a_scored},
                       {"b_correct", f.b_correct}, {"b_scored", f.b_scored}});
      }
      return out;
    };
    suites.push_back({{"suite", c.suite},
                      {"a", {{"run", c.a_run}, {"name", c.a_name}, {"pass@1", c.a_pass1}}},
                      {"b", {{"run", c.b_run}, {"name", c.b_name}, {"pass@1", c.b_pass1}}},
                      {"difference", c.difference.estimate},
                      {"ci", {c.difference.low, c.difference.high}},
                      {"comparable", c.comparable},
                      {"p_value", c.comparable ? json(c.p_value) : json(nullptr)},
                      {"p_drop", c.comparable ? json(c.p_drop) : json(nullptr)},
                      {"exact", c.exact},
                      {"paired", c.paired},
                      {"problems", c.problems},
                      {"unmatched", c.unmatched},
                      {"lost", flips(c.lost)},
                      {"gained", flips(c.gained)}});
  }
  json out = {{"alpha", cmp.alpha}, {"suites", suites}, {"only_a", cmp.only_a}, {"only_b", cmp.only_b}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace r1::reports
