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
//  - Expressions with variables are compared at three fixed pseudo-random points; variable
//    names matter (x^2 != y^2).
//  - A percent matches its number or its number / 100 ("25\%" = 25 = 0.25). A base
//    subscript compares digits ("2516_8" = "2516", != "1358"). Degree marks are dropped.
//  - Sets and bare lists are order-free; tuples, pairs and vectors are ordered; "(a, b)" is
//    an ordered pair against a tuple and an open interval against an interval, never a set.
//    Interval openness matters except at infinities. Matrices compare element-wise; a column
//    or row vector matches a tuple.
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
// Equivalence is symmetric: Compare(a, b) and Compare(b, a) agree.
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
