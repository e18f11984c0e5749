// Math answer equivalence: is a predicted answer the same as the gold one?
//
// Pipeline: parse (LaTeX or plain, see src/math/parser.h for the reading rules) -> normal form
// (degrees dropped, \pm expanded, lists flattened) -> compare. Comparison rules:
//  - Scalars: exact rational arithmetic (GMP, complex rationals with i) when both sides allow
//    it, so 1/2^99 and 1/2^98 differ and 2^100 differs from 2^100 + 1. Otherwise MPFR at 160
//    bits (more for huge magnitudes, up to max_precision_bits), evaluated again at twice the
//    precision: values are equal when their difference shrinks with precision like rounding
//    noise. Irrational values therefore match their exact forms (\sqrt8 = 2\sqrt2), and
//    decimal approximations do not (0.333 != 1/3, 1.732 != \sqrt3).
//  - Expressions with variables are compared at fixed pseudo-random points: three positive
//    ones, where both sides must be defined and equal; a negative and a mixed-sign one, where
//    both must be equal unless one side is undefined or leaves the reals there (\sqrt{x}
//    at x < 0); and a complex one when both sides are built from + - * /, integer powers,
//    exp, sin, cos. So |y| != y, \sqrt{y^2} != y, while \sqrt{x}\sqrt{y} = \sqrt{xy}.
//    Variable names matter (x^2 != y^2).
//  - Unions, \cap, \setminus, set-builder "\{x \mid x > 3\}", finite sets of numbers and
//    "or"-joined inequalities in one variable reduce to sorted disjoint pieces of the real
//    line when a set operation is involved: "[0,2] \cup (2,5)" = "[0,5)",
//    "(0,16) \setminus \{4\}" = "(0,4) \cup (4,16)" (math/real_sets.h).
//  - A scalar times a matrix is the matrix of products; matrices compare only at the same
//    shape (a row vector is not a column vector); a tuple matches either vector.
//  - A percent matches its number or its number / 100 ("25\%" = 25 = 0.25). A base
//    subscript compares digits ("2516_8" = "2516", != "1358"). Degree marks are dropped.
//  - Sets and bare lists are order-free; tuples, pairs and vectors are ordered; "(a, b)" is
//    an ordered pair against a tuple and an open interval against an interval, never a set.
//    Interval openness matters except at infinities. Matrices compare element-wise; a column
//    or row vector matches a tuple.
//  - A predicted '=' chain whose left side only names the unknowns ("m + n = 3 + 8 = 11",
//    "(r, \theta) = (2, \pi/3)", "b^2 = 29", "g^{-1}(x) = \frac{x+1}{4}") or is a computation
//    without variables ("12^2 + 1 = 145") answers with its last member; its variable-free
//    members must agree. Not when the left side has a numeric coefficient or term ("2x = 10",
//    "x + 1 = 5": unsolved), not for inequalities, and not for a gold equation: "x + y = 10"
//    as gold is not answered by 10. This is the one rule that reads gold and prediction
//    differently.
//  - "x = 5" (a name on the left, '=' only) answers 5 against a bare value; two equations
//    match when one side difference is a constant nonzero multiple of the other
//    (2x + 4y = 6 vs x + 2y = 3); inequalities need a positive multiple. A one-variable
//    inequality matches the interval it describes (x \le 3 vs (-\infty, 3]).
//  - Text compares case-insensitively on letters and digits; "\text{(C)}" matches "C".
// Budgets, and the verdict when one is hit (never a hang, never a crash):
//  - answers over max_answer_bytes, or over the token/depth/node caps, are not parsed and
//    are compared as text after whitespace and LaTeX spacing are removed;
//  - exact values over max_exact_bits go numeric; magnitudes needing more than
//    max_precision_bits, overflow (10^{10^{10}}) and underflow are "cannot tell", and so are
//    sets over max_items items: those comparisons fall back to comparing the printed normal
//    forms.
// Equivalence is symmetric, Compare(a, b) and Compare(b, a) agree, except for the
// equation-chain rule above. Every reason starts with the rule that decided, in brackets
// ("[equation-chain] ...", "[test-points] ..."); Verdict::rule holds it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace r1::graders::math {

struct Limits {
  std::size_t max_answer_bytes = 4096;
  int max_tokens = 1024;
  int max_depth = 256;
  int max_nodes = 2048;
  std::size_t max_items = 32;
  std::size_t max_exact_bits = 32768;
  long max_precision_bits = 8192;
};

/// A parsed, normalised answer. Parse the gold once and compare it with many predictions.
class Answer {
 public:
  static Answer Parse(std::string_view text, const Limits& limits = {});

  /// The answer as given.
  const std::string& text() const;
  /// False when the answer did not parse (or hit a budget); it is then compared as text.
  bool parsed() const;
  /// Why it did not parse; empty when it did.
  const std::string& error() const;
  /// The printed normal form (parsed) or the normalised text (not parsed).
  std::string Normalized() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

struct Verdict {
  bool equal = false;
  std::string rule;    ///< the rule that decided ("equation-chain", "set-algebra", ...)
  std::string reason;  ///< one line saying why, for `r1-eval equiv --explain`
};

Verdict Compare(const Answer& gold, const Answer& pred, const Limits& limits = {});

/// A key that equivalent answers share as far as possible, for cons@k voting: exact values
/// print as reduced rationals ("5/2", "6-5i"), irrational values as 20 significant digits
/// ("~1.4142135623730950488"), expressions with variables as a hash of their values at the
/// comparison points, containers as their members' keys (sorted when order-free), text as
/// its normalised letters. Unparsed answers key on their normalised text.
std::string CanonicalKey(const Answer& answer, const Limits& limits = {});

/// Parses both and compares.
bool Equivalent(std::string_view gold, std::string_view pred, const Limits& limits = {});

}  // namespace r1::graders::math
