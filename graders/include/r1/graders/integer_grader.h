// The AIME grader: answers are integers 0-999, compared as numbers ("033" equals "33").
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
