// The AIME grader: answers are integers 0-999, compared as numbers ("033" equals "33").
// Extraction follows answer_extraction.h (boxes, then the fallbacks). An answer the plain
// reader below does not take is handed to the math engine and counts when its exact value is
// an integer ("\frac{66}{2}", "33.0"); anything else is not an integer answer and is wrong.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "r1/core/grader.h"

namespace r1::graders {

/// Parses an integer answer after stripping LaTeX noise ($, spaces, \!, \,, braces, a leading
/// '+', a trailing '.', \text{...} wrappers). A fractional part or any other text: nullopt.
std::optional<long long> ParseIntegerAnswer(std::string_view answer);

std::unique_ptr<Grader> MakeIntegerGrader();

}  // namespace r1::graders
