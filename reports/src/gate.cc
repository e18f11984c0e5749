// The regression gate; see gate.h.
#include "r1/reports/gate.h"

#include <fmt/format.h>

#include <cmath>

#include "r1/reports/leaderboard.h"

namespace r1::reports {

GateResult EvaluateGate(const Comparison& cmp, const GateOptions& options) {
  GateResult result;
  const int level = static_cast<int>(std::lround(100 * (1 - cmp.alpha)));
  for (const auto& c : cmp.suites) {
    GateVerdict v;
    v.suite = c.suite;
    v.drop_points = -100 * c.difference.estimate;
    v.p_value = c.p_value;
    const bool big = v.drop_points > 0 && v.drop_points >= options.max_drop_points - 1e-9;
    const bool significant = c.p_value < options.alpha;
    v.failed = big && significant;
    const std::string numbers = fmt::format(
        "pass@1 {:.1f}% (baseline {}) → {:.1f}% (candidate {}), change {:+.1f} points, {}% CI [{:+.1f}, {:+.1f}], "
        "p = {:.4g} ({} problems{})",
        100 * c.a_pass1, c.a_name, 100 * c.b_pass1, c.b_name, -v.drop_points, level, 100 * c.difference.low,
        100 * c.difference.high, c.p_value, c.problems, c.paired ? ", paired" : ", unpaired");
    std::string why;
    if (v.failed) {
      why = fmt::format("dropped {:.1f} points (limit {:.1f}) and p < {}", v.drop_points, options.max_drop_points,
                        options.alpha);
    } else if (v.drop_points <= 0) {
      why = "no drop";
    } else if (!big) {
      why = fmt::format("drop below the {:.1f}-point limit", options.max_drop_points);
    } else {
      why = fmt::format("drop not significant at alpha {}", options.alpha);
    }
    v.message = fmt::format("{}: {}: {}", c.suite, why, numbers);
    result.failed = result.failed || v.failed;
    result.suites.push_back(std::move(v));
  }
  for (const auto& s : cmp.only_a) result.notes.push_back(s + ": in the baseline only, not gated");
  for (const auto& s : cmp.only_b) result.notes.push_back(s + ": in the candidate only, not gated");
  return result;
}

std::string RenderGateText(const GateResult& result) {
  std::string out;
  int failed = 0;
  for (const auto& v : result.suites) {
    out += (v.failed ? "FAIL " : "ok   ") + v.message + "\n";
    failed += v.failed;
  }
  for (const auto& n : result.notes) out += "note " + n + "\n";
  out += result.failed ? fmt::format("gate FAILED: {} of {} suites regressed\n", failed, result.suites.size())
                       : fmt::format("gate passed: {} suites, no significant regression\n", result.suites.size());
  return out;
}

std::string GithubAnnotations(const GateResult& result) {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '%') out += "%25";
      else if (c == '\r') out += "%0D";
      else if (c == '\n') out += "%0A";
      else out += c;
    }
    return out;
  };
  std::string out;
  for (const auto& v : result.suites) {
    if (v.failed) out += "::error title=r1-eval gate: " + escape(v.suite) + " regressed::" + escape(v.message) + "\n";
  }
  return out;
}

}  // namespace r1::reports
