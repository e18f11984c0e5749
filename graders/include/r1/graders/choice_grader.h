// The multiple-choice grader ("choice"): finds the letter a response chose and maps it back to
// the option shown under that letter in that sample.
//
// Letter extraction, on the final part (thinking split off as in answer_extraction.h; unclosed
// thinking or finish_reason "length" is truncated with no answer). Rules are tried in this
// order; within a rule the LAST match in the text wins:
//  1. "Answer: X": the word "answer" (any case, e.g. "Final Answer", "**Answer:**"), then ':'.
//  2. The last \boxed{X} (or \fbox).
//  3. "answer is X" (e.g. "the correct answer is (C)", "the answer is: C").
//  4. A last non-empty line that is only a letter, e.g. "C", "(C)", "**C.**".
// X is a letter token: after optional wrappers ('*', '_', '$', '(', '[', '{', \text{, \textbf{,
// \boxed{, "option", "choice"), one of the offered capital letters not followed by a letter or
// digit ("Answer: Because" is no answer, "Answer: C) 4.5 eV" is C). Where rules 1 and 2 find
// text that is not a letter token, it counts when it equals one option's text exactly
// (ignoring case, surrounding spaces, $ and a final '.'), so "sp" never matches option "sp2".
//
// What was offered comes from Prompt::sample_data (choice_suite.h documents the JSON). The
// canonical key is the chosen option's identity ("option <data index>"), never its letter, so
// cons@k counts the same option chosen under different letters as one answer. Without
// sample_data the gold is a letter and keys are letters.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/grader.h"

namespace r1::graders {

struct ChoiceExtraction {
  int index = -1;      ///< position of the chosen option as shown (0 = "A"); -1: none
  std::string method;  ///< "answer-colon", "boxed", "answer-is", "last-line", or ""
  bool truncated = false;
};

/// Applies the rules above to a response offering `options` (as shown, in letter order).
ChoiceExtraction ExtractChoice(std::string_view response, std::string_view finish_reason,
                               const std::vector<std::string>& options);

std::unique_ptr<Grader> MakeChoiceGrader();

}  // namespace r1::graders
