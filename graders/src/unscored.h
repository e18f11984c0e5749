// Judge failures of our own machinery (sandbox error, internal error, missing compiler, broken
// problem data): the sample gets no verdict, so it can never be counted as a wrong answer.
#pragma once

#include <string>

#include "r1/core/code_runner.h"
#include "r1/core/types.h"

namespace r1::graders {

/// `grade` (keeping what was extracted) marked unscored, with no verdict and no vote.
inline Grade Unscored(std::string detail, Grade grade = {}) {
  grade.unscored = true;
  grade.correct = false;
  grade.canonical_key.clear();
  grade.detail = std::move(detail);
  return grade;
}

/// What the sandbox said about its own failure: the first internal error's detail.
inline std::string InternalErrorDetail(const CodeJudgement& j) {
  for (const auto& t : j.tests) {
    if (t.verdict != CodeVerdict::kInternalError || (t.detail.empty() && t.error.empty())) continue;
    return "IE: " + (t.detail.empty() ? t.error : t.detail);
  }
  return j.compile_output.empty() ? "IE: the sandbox failed" : "IE: " + j.compile_output;
}

}  // namespace r1::graders
