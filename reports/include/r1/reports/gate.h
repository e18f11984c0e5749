// The CI regression gate: fail on a real drop, pass on noise, and never pass what it did not
// compare.
//
// A suite fails when the candidate's pass@1 is at least `max_drop_points` percentage points
// below the baseline's AND the drop is significant (one-sided p < alpha: the question is "did it
// drop", so the test is one-sided). Requiring both keeps a gate quiet on small samples, where big
// swings are noise, and on huge samples, where tiny but significant drops may not matter.
//
// Like with like: a suite also fails when the candidate lacks problems the baseline scored, or
// has errored, unscored or not yet sampled samples; a suite of the baseline missing from the
// candidate fails too. `allow_partial` turns these into notes (the drop test then runs on the
// problems both sides scored). Nothing comparable at all (no suite with a scored sample on both
// sides) is bad input, not a pass.
#pragma once

#include <string>
#include <vector>

#include "r1/reports/compare.h"

namespace r1::reports {

struct GateOptions {
  double max_drop_points = 2.0;
  double alpha = 0.05;
  bool allow_partial = false;  ///< coverage gaps are notes, not failures
};

struct GateVerdict {
  std::string suite{};
  bool failed = false;
  bool regressed = false;   ///< a significant drop of at least the limit
  bool incomplete = false;  ///< the candidate did not cover what the baseline did
  double drop_points = 0;   ///< baseline - candidate, percentage points (negative: improved)
  double p_value = 1;       ///< one-sided, for a drop
  std::string gaps{};       ///< what the candidate lacks, in words ("" when complete)
  std::string message{};    ///< one line naming the suite, the reason and the numbers
};

struct GateResult {
  std::vector<GateVerdict> suites;
  std::vector<std::string> notes;  ///< suites not compared, gaps allowed by allow_partial
  bool failed = false;
  bool nothing_comparable = false;  ///< no suite with scored samples on both sides: exit 2
};

/// `comparison` must compare baseline (A) with candidate (B).
GateResult EvaluateGate(const Comparison& comparison, const GateOptions& options);

/// One line per suite ("FAIL aime2024: ...", "ok math500: ..."), then the notes and a verdict.
std::string RenderGateText(const GateResult& result);

/// GitHub Actions workflow commands: an ::error per failing suite, titled with the reason
/// (regressed / incomplete), message escaped as the runner requires (%, CR and LF encoded).
std::string GithubAnnotations(const GateResult& result);

}  // namespace r1::reports
