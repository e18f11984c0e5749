// Finding the final answer in a model response.
//
// Rules, in order:
//  1. Thinking is split off: the text after the last "</think>" (or Sky-T1's
//     "<|end_of_thought|>") is the final part. A response that opens "<think>" (or
//     "<|begin_of_thought|>") and never closes it has no final part: truncated, no answer, and
//     no fallback is tried. Responses with no think markers are all final part (the server may
//     have moved the thinking into reasoning_content).
//  2. In the final part, the last \boxed{...}, \boxed x or \fbox{...} wins, braces matched
//     (nested braces and escaped \{ \} inside are fine). An unclosed box is skipped. Boxes
//     right before it that are separated from it only by list glue (spaces, commas,
//     semicolons, "and"/"or", $, \quad) are joined to it with ", ", so
//     "$\boxed{2}$ and $\boxed{3}$" gives "2, 3"; a repeated identical box is kept once.
//  3. Without a box, these fallbacks are tried in this fixed order, each on the last match:
//     a. "answer is X" (covers "The final answer is $X$. I hope it is correct."),
//     b. "Answer: X" (also "**Answer:** X"),
//     c. the last math environment: $...$, $$...$$, \(...\) or \[...\].
//     X is the math environment that follows, or else the rest of the line up to a sentence
//     end. A "%" or "\%" right after a math environment is kept with it.
//     A bare variable ("t", "x_1", "\theta") is never taken from a fallback: the next one
//     is tried ("there are 3 values of \(t\)" does not answer "t").
//     d. the final statement: in the last sentence, a number right after is/are/equals/=
//     ("so the remainder is 4.", "there are 3 values of t").
//  Before rule 2, a final part whose backslashes are all doubled (JSON escaping left in the
//  text: "\\boxed{\\dfrac{5}{2}}", literal "\n") is unescaped. Between rules 2 and 3,
//  "boxed{17}" written without its backslash counts as a box ("boxed-no-backslash"). A box
//  always wins over an "Answer:" cue, also one in text appended after the box.
//  Every scan is linear in the response; a box or answer longer than kMaxAnswerBytes is not an
//  answer, which bounds the cost on adversarial inputs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "r1/core/types.h"

namespace r1::graders {

/// An extracted answer longer than this is treated as no answer.
inline constexpr std::size_t kMaxAnswerBytes = 16 * 1024;

struct FinalPart {
  std::string_view text;           ///< where the answer is looked for
  bool thinking_unclosed = false;  ///< thinking opened and never closed: truncated
};

FinalPart SplitThinking(std::string_view response);

/// Content of the last \boxed / \fbox in `text`, or nullopt. No joining of adjacent boxes.
std::optional<std::string> ExtractLastBoxed(std::string_view text);

/// The last box joined with the adjacent boxes before it (rule 2), or nullopt.
std::optional<std::string> ExtractBoxedAnswer(std::string_view text);

struct Extraction {
  std::string answer;  ///< empty: no answer
  bool truncated = false;
  /// How the answer was found: "boxed", "boxed-no-backslash", "answer-is", "answer-colon",
  /// "last-math", "final-statement", or "" (none).
  std::string method;
};

/// `text` with doubled backslashes halved and literal \n, \t, \r, \" read, when every
/// backslash in it is doubled that way (see above); nullopt when the text is not escaped.
std::optional<std::string> UnescapeDoubledBackslashes(std::string_view text);

/// Applies the rules above; finish_reason "length" always means truncated with no answer.
Extraction ExtractFinalAnswer(std::string_view response, std::string_view finish_reason);

/// The grade of a response that has no answer to compare (truncated, or nothing extracted),
/// with its reason; nullopt when `ex` holds an answer. Every answer grader starts with this.
std::optional<Grade> GradeWithoutAnswer(const Extraction& ex, const Completion& completion);

}  // namespace r1::graders
