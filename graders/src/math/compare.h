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

/// The comparison points: each free symbol gets a value derived from its name, so both sides
/// (and every key) see the same values. Points 0-2 are positive (in [0.3, 2.7]); point 3 is
/// negative, point 4 mixes signs between symbols, point 5 is complex. Sign-blind answers
/// (|y| against y, \sqrt{y^2} against y) agree at every positive point and differ at the
/// negative ones.
Env PointEnv(const std::vector<std::string>& symbols, int point);
inline constexpr int kPoints = 3;        ///< positive points: both sides must be defined
inline constexpr int kRealPoints = 5;    ///< plus the negative and mixed-sign points
inline constexpr int kComplexPoint = 5;  ///< used only when both sides are analytic
inline constexpr int kAllPoints = 6;

/// Built from + - * /, integer powers, exp, sin and cos only: an identity on the reals then
/// holds at complex points too, so the complex point may decide.
bool IsAnalytic(const Expr& e);

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
  /// Records why; a reason without a "[rule]" tag gets the tag of the rule being applied.
  Tri Say(Tri t, std::string why);

  // Names the rule a function applies for the reasons it gives; restores the caller's on exit.
  class RuleScope {
   public:
    RuleScope(Comparer& c, const char* rule) : c_(c), saved_(c.rule_) { c.rule_ = rule; }
    ~RuleScope() { c_.rule_ = saved_; }
    RuleScope(const RuleScope&) = delete;
    RuleScope& operator=(const RuleScope&) = delete;

   private:
    Comparer& c_;
    const char* saved_;
  };
  Tri Relations(const Expr& a, const Expr& b);
  /// The final right-hand side of an '=' chain whose left side only names unknowns
  /// ("m + n = 3 + 8 = 11", "(r, \theta) = (2, \pi/3)", "b^2 = 29") or is a computation
  /// without variables ("12^2 + 1 = 145"); an empty text for a chain whose variable-free
  /// members differ; nullopt when the rule does not apply ("2x = 10", "x + 1 = 5", "<").
  std::optional<Expr> StatedValue(const Expr& rel);
  Tri RelationPair(const Expr& a, const Expr& b);
  Tri Proportional(const Expr& f, const Expr& g, bool positive);
  Tri Texts(const Expr& a, const Expr& b);
  Tri Structures(const Expr& a, const Expr& b);
  Tri Sequence(const std::vector<Expr>& a, const std::vector<Expr>& b);
  Tri SameElements(const std::vector<Expr>& a, const std::vector<Expr>& b);
  Tri Intervals(const Expr& a, const Expr& b);
  Tri Scalars(const Expr& a, const Expr& b);
  Tri Values(const Expr& a, const Expr& b);
  /// `lenient` (points past the positive ones): a side undefined there, or outside its real
  /// domain at a real point, makes the point not count instead of deciding "different".
  Tri NumericAt(const Expr& a, const Expr& b, const Env& env, bool lenient = false,
                bool real_point = true);

  const Limits& limits_;
  EvalLimits eval_limits_;
  std::string why_;
  const char* rule_ = "kinds";
};

}  // namespace r1::graders::math
