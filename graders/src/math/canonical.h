// Canonical keys of normalised answers (format in equivalence.h, CanonicalKey).
#pragma once

#include <string>

#include "math/expr.h"
#include "r1/graders/math/equivalence.h"

namespace r1::graders::math {

std::string KeyOf(const Expr& e, const Limits& limits);

/// Whitespace, $, \left/\right and LaTeX spacing removed; \dfrac/\tfrac read as \frac; a
/// trailing period dropped. The key and comparison of answers that do not parse.
std::string NormaliseUnparsed(std::string_view text);

}  // namespace r1::graders::math
