// Finding the final answer in a model response.
//
// Rules, in order:
//  1. Thinking is split off: the text after the last "</think>" is the final part. A response
//     that opens "<think>" and never closes it has no final part (truncated, no answer).
//     Responses with no think tags are all final part (the server may have moved the
//     thinking into reasoning_content).
//  2. In the final part, the last \boxed{...}, \boxed x or \fbox{...} wins, braces matched
//     (nested braces and escaped \{ \} inside are fine). An unclosed box is no answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace r1::graders {

struct FinalPart {
  std::string_view text;        ///< where the answer is looked for
  bool thinking_unclosed = false;  ///< "<think>" without "</think>": truncated
};

FinalPart SplitThinking(std::string_view response);

/// Content of the last \boxed / \fbox in `text`, or nullopt.
std::optional<std::string> ExtractLastBoxed(std::string_view text);

struct Extraction {
  std::string answer;  ///< empty: no answer
  bool truncated = false;
  std::string method;  ///< "boxed" or "" (none); later fallbacks add their own names
};

/// Applies the rules above; finish_reason "length" always means truncated with no answer.
Extraction ExtractFinalAnswer(std::string_view response, std::string_view finish_reason);

}  // namespace r1::graders
