// Graders for user suites whose answers are plain text ("exact") or a pattern ("regex"). Both
// look at the final answer found by ExtractFinalAnswer (answer_extraction.h: the last \boxed{},
// else "answer is X", "Answer: X", the last math) and, when there is none, at the last
// non-empty line of the final part.
//  - exact: equal after trimming, dropping '$' and \text{...} wrappers, collapsing whitespace and
//    ignoring case. The canonical key is that normalised text.
//  - regex: the gold is an RE2 pattern that must match somewhere in the answer (anchor it with
//    ^...$ for a full match; (?i) for case-insensitive). RE2 runs in linear time, so patterns
//    from suite files are safe on any model output.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "r1/core/grader.h"

namespace r1::graders {

/// The normalisation "exact" compares with.
std::string NormalizeExactAnswer(std::string_view answer);

/// The answer text text graders look at, or "" (and truncated) as described above.
struct TextAnswer {
  std::string text;
  bool truncated = false;
};
TextAnswer FinalTextAnswer(const Completion& completion);

std::unique_ptr<Grader> MakeExactGrader();
std::unique_ptr<Grader> MakeRegexGrader();

}  // namespace r1::graders
