// LaTeX or plain math answer -> expression tree.
//
// Reading rules that decide verdicts (each one a documented choice, not an accident):
//  - A bare top-level "a, b, c" (also joined by "and"/"or"/";") is a kList: all solutions, order
//    free. "(a, b)" is a kPair (interval or ordered pair, decided against the other answer);
//    "[a, b)", "(a, b]", "[a, b]" are intervals; three or more items in brackets are a tuple;
//    "\{...\}" (and a bare "{1, 2}") is a set.
//  - Thousands groups: "1{,}000", "10,\!080", "58\,500" always; a plain "58,500" or "1 000"
//    only at the top level, with no space after the comma and exactly three digits per group.
//  - "2\frac12" (an integer literal then a proper \frac of integer literals) is the mixed
//    number 5/2, also before "\%" or "^\circ" (the mark applies to the whole number); in plain
//    text "41 1/2" (integer, space, proper fraction) is 83/2. Any other juxtaposition is
//    multiplication; "3|x|" and "3\left|x\right|" multiply an absolute value.
//  - "\lor" and "\vee" join list items like "or"; "A \cap B" and "A \setminus B" are set
//    operations (kSetOp, left to right with \cup); "\{x \mid x > 3\}" (also ':' or '|') is its
//    condition "x > 3"; "D)" and "D) 12" answer with the letter like "(D) 12".
//  - e and i are Euler's number and the imaginary unit; \pi, pi, π are π; \infty, inf, ∞ are ∞.
//  - "x \in S" is S. A \text{...}, \mbox{...} or unit word after a quantity is a unit and is
//    dropped ("15\mbox{ cm}^2" is 15); "^\circ", "°" mark degrees; "^{\text{th}}" is dropped.
//  - "1010_2" is a number written in base 2; "x_1" is a variable named x_{1}.
//  - A whole answer that is only words ("Monday", "\text{east}", "\text{(C)}") is text,
//    compared case-insensitively on its letters and digits. A choice letter followed by its
//    option ("(D) 12", "\textbf{(D)}\ 12") answers with the letter.
// Budgets: inputs over max_tokens tokens, nesting deeper than max_depth or trees over
// max_nodes nodes fail to parse (the caller then falls back to text comparison).
#pragma once

#include <string_view>

#include "math/expr.h"
#include "r1/core/error.h"

namespace r1::graders::math {

struct ParseLimits {
  int max_tokens = 1024;
  int max_depth = 256;
  int max_nodes = 2048;
};

Result<Expr> ParseMath(std::string_view text, const ParseLimits& limits = {});

}  // namespace r1::graders::math
