// Evaluating scalar expressions: exactly (GMP rationals, with i) or numerically (MPFR complex).
//
// Exact evaluation covers what competition answers mostly are: integers, decimals, repeating
// decimals, fractions, percents, complex rationals, integer powers, perfect roots, factorials
// and binomials. It gives up (nullopt) on anything irrational or on a value bigger than
// max_exact_bits, and the caller goes numeric. Numeric evaluation runs at a caller-chosen
// precision and reports undefined values (division by zero, log 0) and overflow or underflow
// separately, so a 10^{10^{10}} is "cannot tell", never "equal".
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "math/expr.h"
#include "math/numbers.h"

namespace r1::graders::math {

struct EvalLimits {
  std::size_t max_exact_bits = 32768;  ///< numerator + denominator bits of any exact value
};

struct Exact {
  Rational re;
  Rational im;
  bool IsReal() const { return im.IsZero(); }
  bool operator==(const Exact& o) const { return re == o.re && im == o.im; }
};

std::optional<Exact> EvalExact(const Expr& e, const EvalLimits& limits = {});

enum class NumStatus { kOk, kUndefined, kOutOfRange };

struct Numeric {
  explicit Numeric(mpfr_prec_t prec) : value(prec) {}
  NumStatus status = NumStatus::kOk;
  Complex value;
  /// A power, root, logarithm or other function turned real inputs into a non-real value
  /// (\sqrt{-2}, \log(-1)): at a real test point the answer is outside its real domain there.
  bool left_reals = false;
};

/// The value of one free symbol at a test point.
struct PointValue {
  double re = 0;
  double im = 0;
};

/// Values of the free symbols, by name (sorted by name).
using Env = std::vector<std::pair<std::string, PointValue>>;

Numeric EvalNumeric(const Expr& e, const Env& env, mpfr_prec_t prec, const EvalLimits& limits = {});

/// Sorted, unique names of the free symbols in `e`.
std::vector<std::string> FreeSymbols(const Expr& e);

}  // namespace r1::graders::math
