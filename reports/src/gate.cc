// The regression gate; see gate.h.
#include "r1/reports/gate.h"

#include <fmt/format.h>

#include <cmath>

#include "r1/reports/leaderboard.h"

namespace r1::reports {
namespace {

// What the candidate lacks of the baseline, in words; "" when it covers everything.
std::string Gaps(const SuiteComparison& c) {
  std::vector<std::string> parts;
  if (c.b_missing_count > 0) {
    std::string ids;
    for (std::size_t i = 0; i < c.b_missing_problems.size() && i < 10; ++i) {
      ids += (i ? ", " : "") + c.b_missing_problems[i];
    }
    if (c.b_missing_problems.size() > 10) ids += fmt::format(", and {} more", c.b_missing_problems.size() - 10);
    parts.push_back(fmt::format("{} problems the baseline scored{}", c.b_missing_count,
                                ids.empty() ? "" : " (" + ids + ")"));
  }
  if (c.b_errors > 0) parts.push_back(fmt::format("{} errored samples", c.b_errors));
  if (c.b_unscored > 0) parts.push_back(fmt::format("{} unscored samples", c.b_unscored));
  if (c.b_unsampled > 0) parts.push_back(fmt::format("{} samples not yet sampled", c.b_unsampled));
  if (parts.empty()) return "";
  std::string out = "the candidate lacks ";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  }
  return out;
}

}  // namespace

GateResult EvaluateGate(const Comparison& cmp, const GateOptions& options) {
  GateResult result;
  const int level = static_cast<int>(std::lround(100 * (1 - cmp.alpha)));
  int comparable = 0;
  for (const auto& c : cmp.suites) {
    GateVerdict v;
    v.suite = c.suite;
    v.gaps = Gaps(c);
    v.incomplete = !v.gaps.empty() || !c.comparable;
    if (!c.comparable) {
      v.failed = !options.allow_partial;
      v.message = fmt::format("{}: nothing to compare: {} has no scored sample", c.suite,
                              !c.b_scored ? "the candidate" : "the baseline");
      if (!v.gaps.empty()) v.message += " (" + v.gaps + ")";
      result.failed = result.failed || v.failed;
      if (options.allow_partial) result.notes.push_back(v.message);
      result.suites.push_back(std::move(v));
      continue;
    }
    ++comparable;
    v.drop_points = -100 * c.difference.estimate;
    v.p_value = c.p_drop;
    const bool big = v.drop_points > 0 && v.drop_points >= options.max_drop_points - 1e-9;
    const bool significant = c.p_drop < options.alpha;
    v.regressed = big && significant;
    v.failed = v.regressed || (v.incomplete && !options.allow_partial);
    const std::string numbers = fmt::format(
        "pass@1 {:.1f}% (baseline {}) → {:.1f}% (candidate {}), change {:+.1f} points, {}% CI [{:+.1f}, {:+.1f}], "
        "one-sided p = {:.4g} ({} problems{})",
        100 * c.a_pass1, c.a_name, 100 * c.b_pass1, c.b_name, -v.drop_points, level, 100 * c.difference.low,
        100 * c.difference.high, c.p_drop, c.problems, c.paired ? ", paired" : ", unpaired");
    std::string why;
    if (v.regressed) {
      why = fmt::format("dropped {:.1f} points (limit {:.1f}) and p < {}", v.drop_points, options.max_drop_points,
                        options.alpha);
    } else if (v.drop_points <= 0) {
      why = "no drop";
    } else if (!big) {
      why = fmt::format("drop below the {:.1f}-point limit", options.max_drop_points);
    } else {
      why = fmt::format("drop not significant at alpha {}", options.alpha);
    }
    if (v.incomplete) {
      why = options.allow_partial ? why + " on the part compared (" + v.gaps + "; allowed by --allow-partial)"
                                  : "incomplete: " + v.gaps + " (rerun it, or pass --allow-partial); " + why;
    }
    v.message = fmt::format("{}: {}: {}", c.suite, why, numbers);
    result.failed = result.failed || v.failed;
    result.suites.push_back(std::move(v));
  }
  for (const auto& s : cmp.only_a) {
    if (options.allow_partial) {
      result.notes.push_back(s + ": in the baseline only, not gated (allowed by --allow-partial)");
      continue;
    }
    GateVerdict v;
    v.suite = s;
    v.failed = v.incomplete = true;
    v.gaps = "the candidate lacks the suite";
    v.message = s + ": incomplete: the baseline has this suite and the candidate does not (run it, or pass "
                    "--allow-partial)";
    result.failed = true;
    result.suites.push_back(std::move(v));
  }
  for (const auto& s : cmp.only_b) result.notes.push_back(s + ": in the candidate only, not gated");
  result.nothing_comparable = comparable == 0;
  return result;
}

std::string RenderGateText(const GateResult& result) {
  std::string out;
  int regressed = 0, incomplete = 0;
  for (const auto& v : result.suites) {
    out += (v.failed ? "FAIL " : "ok   ") + v.message + "\n";
    regressed += v.failed && v.regressed;
    incomplete += v.failed && !v.regressed && v.incomplete;
  }
  for (const auto& n : result.notes) out += "note " + n + "\n";
  if (result.nothing_comparable) {
    out += "gate: nothing comparable (no suite has scored samples on both sides)\n";
  } else if (result.failed) {
    out += fmt::format("gate FAILED: {} of {} suites regressed, {} incomplete\n", regressed, result.suites.size(),
                       incomplete);
  } else {
    out += fmt::format("gate passed: {} suites, no significant regression\n", result.suites.size());
  }
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
    if (!v.failed) continue;
    const char* what = v.regressed ? "regressed" : "incomplete";
    out += "::error title=r1-eval gate: " + escape(v.suite) + " " + what + "::" + escape(v.message) + "\n";
  }
  return out;
}

}  // namespace r1::reports
