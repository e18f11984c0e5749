// The CI regression gate: fail on a real drop, pass on noise.
//
// A suite fails when the candidate's pass@1 is at least `max_drop_points` percentage points
// below the baseline's AND the drop is significant (two-sided p < alpha, the same test
// `compare` reports). Requiring both keeps a gate quiet on small samples, where big swings are
// noise, and on huge samples, where tiny but significant drops may not matter.
#pragma once

#include <string>
#include <vector>

#include "r1/reports/compare.h"

namespace r1::reports {

struct GateOptions {
  double max_drop_points = 2.0;
  double alpha = 0.05;
};

struct GateVerdict {
  std::string suite;
  bool failed = false;
  double drop_points = 0;  ///< baseline - candidate, percentage points (negative: improved)
  double p_value = 1;
  std::string message;  ///< one line naming the suite and the numbers
};

struct GateResult {
  std::vector<GateVerdict> suites;
  std::vector<std::string> notes;  ///< suites not compared
  bool failed = false;
};

/// `comparison` must compare baseline (A) with candidate (B).
GateResult EvaluateGate(const Comparison& comparison, const GateOptions& options);

/// One line per suite ("FAIL aime2024: ...", "ok math500: ..."), then the notes and a verdict.
std::string RenderGateText(const GateResult& result);

/// GitHub Actions workflow commands: an ::error per failing suite (message escaped as the
/// runner requires: %, CR and LF percent-encoded).
std::string GithubAnnotations(const GateResult& result);

}  // namespace r1::reports
