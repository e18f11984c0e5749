// Per-attribute breakdowns; see breakdown.h.
#include "r1/reports/breakdown.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "r1/reports/run_summary.h"

namespace r1::reports {
namespace {

// "2" < "10", then text order: levels and years read naturally.
bool NaturalLess(const std::string& a, const std::string& b) {
  auto numeric = [](const std::string& s) {
    return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), ::isdigit);
  };
  if (numeric(a) && numeric(b)) return std::stoll(a) < std::stoll(b);
  return a < b;
}

}  // namespace

std::vector<Breakdown> ComputeBreakdowns(const std::vector<Problem>& problems,
                                         const std::vector<ProblemResult>& results,
                                         const std::vector<std::string>& keys) {
  std::map<std::string, const ProblemResult*> by_id;
  for (const auto& r : results) {
    if (r.scored > 0) by_id[r.problem_id] = &r;
  }
  // key -> value -> per-problem pass rates and votes
  std::map<std::string, std::map<std::string, std::vector<const ProblemResult*>>> table;
  for (const auto& p : problems) {
    auto hit = by_id.find(p.id);
    if (hit == by_id.end()) continue;
    for (const auto& [key, value] : p.meta) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
      table[key][value].push_back(hit->second);
    }
  }
  std::vector<Breakdown> out;
  for (const auto& key : keys) {
    const auto& groups = table[key];
    if (groups.size() < 2) continue;
    Breakdown b{key, {}};
    for (const auto& [value, members] : groups) {
      BreakdownGroup g;
      g.value = value;
      g.problems = static_cast<int>(members.size());
      double sum = 0, votes = 0;
      for (const auto* r : members) {
        sum += r->PassRate();
        votes += r->vote_correct ? 1 : 0;
      }
      const double n = static_cast<double>(members.size());
      g.pass1 = sum / n;
      g.cons = votes / n;
      double ss = 0;
      for (const auto* r : members) ss += (r->PassRate() - g.pass1) * (r->PassRate() - g.pass1);
      g.pass1_stderr = members.size() > 1 ? std::sqrt(ss / (n - 1)) / std::sqrt(n) : 0;
      b.groups.push_back(std::move(g));
    }
    std::sort(b.groups.begin(), b.groups.end(),
              [](const auto& x, const auto& y) { return NaturalLess(x.value, y.value); });
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace r1::reports
