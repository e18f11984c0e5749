// Structural and numeric comparison of normalised answers (rules in equivalence.h).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "math/evaluate.h"
#include "math/expr.h"
#include "r1/graders/math/equivalence.h"

namespace r1::graders::math {

enum class Tri { kNo, kYes, kUnknown };

/// The comparison points: each free symbol gets a value in [0.3, 2.7] derived from its name,
/// so both sides (and every key) see the same values.
Env PointEnv(const std::vector<std::string>& symbols, int point);
inline constexpr int kPoints = 3;

/// "x = 5", "f(x) = 2x", "x = 4/2 = 2": a chain of '=' whose first member is a name.
bool IsAssignment(const Expr& e);

/// The interval a one-variable inequality describes ("x \le 3", "-1 < x < 2"), if any.
std::optional<Expr> InequalityAsInterval(const Expr& relation);

/// True for -\infty and \infty.
bool IsInfinite(const Expr& e);

class Comparer {
 public:
  explicit Comparer(const Limits& limits) : limits_(limits) {
    eval_limits_.max_exact_bits = limits.max_exact_bits;
  }

  Tri Equal(const Expr& a, const Expr& b);
  /// Why the last top-level decision went the way it did.
  const std::string& why() const { return why_; }

 private:
  Tri Say(Tri t, std::string why);
  Tri Relations(const Expr& a, const Expr& b);
  Tri RelationPair(const Expr& a, const Expr& b);
  Tri Proportional(const Expr& f, const Expr& g, bool positive);
  Tri Texts(const Expr& a, const Expr& b);
  Tri Structures(const Expr& a, const Expr& b);
  Tri Sequence(const std::vector<Expr>& a, const std::vector<Expr>& b);
  Tri SameElements(const std::vector<Expr>& a, const std::vector<Expr>& b);
  Tri Intervals(const Expr& a, const Expr& b);
  Tri Scalars(const Expr& a, const Expr& b);
  Tri Values(const Expr& a, const Expr& b);
  Tri NumericAt(const Expr& a, const Expr& b, const Env& env);

  const Limits& limits_;
  EvalLimits eval_limits_;
  std::string why_;
};

}  // namespace r1::graders::math
