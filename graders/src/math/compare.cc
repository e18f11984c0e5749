// Answer comparison: relations, text, containers, intervals and scalars.
#include "math/compare.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "math/real_sets.h"
#include "r1/core/text.h"

namespace r1::graders::math {
namespace {

// Working precision of the first numeric pass; the second pass doubles it.
constexpr mpfr_prec_t kBasePrecision = 160;

bool IsSequence(const Expr& e) {
  return e.kind == Kind::kPair || e.kind == Kind::kTuple ||
         (e.kind == Kind::kMatrix && (e.rows == 1 || e.cols == 1));
}

bool IsUnordered(const Expr& e) { return e.kind == Kind::kSet || e.kind == Kind::kList; }

bool IsIntervalLike(const Expr& e) {
  return e.kind == Kind::kInterval || e.kind == Kind::kPair || e.kind == Kind::kUnion;
}

Expr AsInterval(const Expr& e) {
  Expr copy = e;
  if (copy.kind == Kind::kPair) copy.kind = Kind::kInterval;
  return copy;
}

// Members of a union (or the one interval).
std::vector<Expr> UnionMembers(const Expr& e) {
  if (e.kind != Kind::kUnion) return {AsInterval(e)};
  std::vector<Expr> out;
  for (const auto& a : e.args) out.push_back(AsInterval(a));
  return out;
}

std::optional<std::string> TextForm(const Expr& e) {
  switch (e.kind) {
    case Kind::kText:
      return e.text;
    case Kind::kSymbol:
    case Kind::kConstant: {
      std::string out;
      for (char c : e.text) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
          out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
      }
      return out;
    }
    case Kind::kMul: {
      std::string out;
      for (const auto& a : e.args) {
        auto part = TextForm(a);
        if (!part) return std::nullopt;
        out += *part;
      }
      return out;
    }
    default:
      return std::nullopt;
  }
}

bool IsBaseLiteral(const Expr& e) { return e.kind == Kind::kNumber && e.base != 0; }

bool IsPlainInteger(const Expr& e) {
  return e.kind == Kind::kNumber && e.base == 0 && e.repeat.empty() && e.exp10 == 0 &&
         e.text.find('.') == std::string::npos;
}

std::string StripLeadingZeros(std::string s) {
  std::size_t nz = s.find_first_not_of('0');
  return nz == std::string::npos ? "0" : s.substr(nz);
}

RelOp Flip(RelOp op) {
  switch (op) {
    case RelOp::kLt:
      return RelOp::kGt;
    case RelOp::kLe:
      return RelOp::kGe;
    case RelOp::kGt:
      return RelOp::kLt;
    case RelOp::kGe:
      return RelOp::kLe;
    default:
      return op;
  }
}

// "a > b" is "b < a": relations with only < and <= (or = and !=), read left to right.
Expr Orient(const Expr& rel) {
  bool greater = std::any_of(rel.ops.begin(), rel.ops.end(),
                             [](RelOp op) { return op == RelOp::kGt || op == RelOp::kGe; });
  if (!greater) return rel;
  Expr out = rel;
  std::reverse(out.args.begin(), out.args.end());
  std::reverse(out.ops.begin(), out.ops.end());
  for (auto& op : out.ops) op = Flip(op);
  return out;
}

// An assignment chain "x = a = b" reads as "x = b".
Expr ReduceAssignment(const Expr& rel) {
  if (!IsAssignment(rel) || rel.args.size() == 2) return rel;
  Expr out = rel;
  out.args = {rel.args.front(), rel.args.back()};
  out.ops = {RelOp::kEq};
  return out;
}

Expr Difference(const Expr& lhs, const Expr& rhs) {
  return Expr::Node(Kind::kAdd, {lhs, Expr::Node(Kind::kNeg, {rhs})});
}

bool HasSymbols(const Expr& e) {
  if (e.kind == Kind::kSymbol) return true;
  return std::any_of(e.args.begin(), e.args.end(), HasSymbols);
}

// |a - b| and max(|a|, |b|) of two numeric values.
void DiffAndMagnitude(const Complex& a, const Complex& b, Real& diff, Real& mag) {
  mpfr_prec_t p = diff.prec();
  Complex d(p);
  CSub(d, a, b);
  CAbs(diff, d);
  Real ma(p), mb(p);
  CAbs(ma, a);
  CAbs(mb, b);
  mpfr_max(mag.get(), ma.get(), mb.get(), MPFR_RNDN);
}

bool SameInfinity(const Complex& a, const Complex& b) {
  auto sign = [](const Real& r) { return mpfr_inf_p(r.get()) ? mpfr_sgn(r.get()) : 0; };
  return sign(a.re) == sign(b.re) && sign(a.im) == sign(b.im);
}

}  // namespace

Env PointEnv(const std::vector<std::string>& symbols, int point) {
  Env env;
  env.reserve(symbols.size());
  auto mix = [](std::uint64_t h) {
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
  };
  std::size_t index = 0;
  for (const auto& name : symbols) {
    std::uint64_t h = mix(Fnv1a(name + "#" + std::to_string(point)));
    double unit = static_cast<double>(h >> 11) * 0x1.0p-53;
    double magnitude = 0.3 + 2.4 * unit;
    PointValue v{magnitude, 0};
    if (point == 3) v.re = -magnitude;
    // Mixed signs: alternate by position so two symbols always get opposite signs.
    if (point == 4 && index % 2 == 0) v.re = -magnitude;
    if (point == kComplexPoint) {
      std::uint64_t h2 = mix(h ^ 0x9e3779b97f4a7c15ull);
      v.im = (0.3 + 2.4 * static_cast<double>(h2 >> 11) * 0x1.0p-53) * ((h2 & 1) ? -1 : 1);
      if (h & 1) v.re = -magnitude;
    }
    env.emplace_back(name, v);
    ++index;
  }
  return env;
}

bool IsAnalytic(const Expr& e) {
  switch (e.kind) {
    case Kind::kNumber:
    case Kind::kSymbol:
    case Kind::kConstant:
      return e.kind != Kind::kConstant || e.text != "inf";
    case Kind::kAdd:
    case Kind::kNeg:
    case Kind::kMul:
    case Kind::kDiv:
      return std::all_of(e.args.begin(), e.args.end(), IsAnalytic);
    case Kind::kPow: {
      const Expr& n = e.args[1].kind == Kind::kNeg ? e.args[1].args[0] : e.args[1];
      bool integer = n.kind == Kind::kNumber && n.base == 0 && n.repeat.empty() && n.exp10 == 0 &&
                     n.text.find('.') == std::string::npos;
      return integer && IsAnalytic(e.args[0]);
    }
    case Kind::kFunc:
      return (e.text == "exp" || e.text == "sin" || e.text == "cos") &&
             std::all_of(e.args.begin(), e.args.end(), IsAnalytic);
    default:
      return false;
  }
}

bool IsAssignment(const Expr& e) {
  if (e.kind != Kind::kRelation || e.args.front().kind != Kind::kSymbol) return false;
  return std::all_of(e.ops.begin(), e.ops.end(), [](RelOp op) { return op == RelOp::kEq; });
}

bool IsInfinite(const Expr& e) {
  if (e.kind == Kind::kConstant) return e.text == "inf";
  if (e.kind == Kind::kNeg) return IsInfinite(e.args[0]);
  return false;
}

std::optional<Expr> InequalityAsInterval(const Expr& relation) {
  if (relation.kind != Kind::kRelation) return std::nullopt;
  Expr rel = Orient(relation);
  for (RelOp op : rel.ops) {
    if (op != RelOp::kLt && op != RelOp::kLe) return std::nullopt;
  }
  auto is_var = [](const Expr& e) { return e.kind == Kind::kSymbol; };
  Expr inf = Expr::Leaf(Kind::kConstant, "inf");
  Expr neg_inf = Expr::Node(Kind::kNeg, {inf});
  Expr lo, hi;
  bool lo_closed = false, hi_closed = false;
  if (rel.args.size() == 2) {
    if (is_var(rel.args[0]) && !HasSymbols(rel.args[1])) {
      lo = neg_inf;
      hi = rel.args[1];
      hi_closed = rel.ops[0] == RelOp::kLe;
    } else if (is_var(rel.args[1]) && !HasSymbols(rel.args[0])) {
      lo = rel.args[0];
      hi = inf;
      lo_closed = rel.ops[0] == RelOp::kLe;
    } else {
      return std::nullopt;
    }
  } else if (rel.args.size() == 3 && is_var(rel.args[1]) && !HasSymbols(rel.args[0]) &&
             !HasSymbols(rel.args[2])) {
    lo = rel.args[0];
    hi = rel.args[2];
    lo_closed = rel.ops[0] == RelOp::kLe;
    hi_closed = rel.ops[1] == RelOp::kLe;
  } else {
    return std::nullopt;
  }
  Expr interval = Expr::Node(Kind::kInterval, {std::move(lo), std::move(hi)});
  interval.lo_closed = lo_closed;
  interval.hi_closed = hi_closed;
  return interval;
}

Tri Comparer::Say(Tri t, std::string why) {
  if (!why.starts_with("[")) why = std::string("[") + rule_ + "] " + why;
  why_ = std::move(why);
  return t;
}

Tri Comparer::Equal(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "kinds");
  // Reflexive even where evaluation cannot decide (undefined or out-of-range values).
  if (StructurallyEqual(a, b)) return Say(Tri::kYes, "[identical] the same answer");
  if (UsesSetAlgebra(a) || UsesSetAlgebra(b)) {
    auto ra = ToRealSet(a);
    auto rb = ToRealSet(b);
    if (ra && rb) {
      bool same = SameRealSet(*ra, *rb);
      return Say(same ? Tri::kYes : Tri::kNo,
                 std::string("[set-algebra] ") + (same ? "the same set " : "different sets ") +
                     RealSetText(*ra) + (same ? "" : " against " + RealSetText(*rb)));
    }
    if (a.kind == Kind::kSetOp || b.kind == Kind::kSetOp) {
      return Say(Tri::kNo,
                 "[set-algebra] an intersection or difference that does not reduce to pieces of "
                 "the real line (variable or non-real endpoints) matches nothing else");
    }
  }
  if (a.kind == Kind::kRelation || b.kind == Kind::kRelation) return Relations(a, b);
  if (a.kind == Kind::kText || b.kind == Kind::kText) return Texts(a, b);
  bool sa = IsScalar(a.kind), sb = IsScalar(b.kind);
  if (sa && sb) return Scalars(a, b);
  if (sa || sb) {
    const Expr& container = sa ? b : a;
    const Expr& scalar = sa ? a : b;
    if (IsUnordered(container) && container.args.size() == 1) {
      return Equal(scalar, container.args[0]);
    }
    return Say(Tri::kNo, "a single value against a list, set, tuple or interval");
  }
  return Structures(a, b);
}

// Names only: symbols joined by + * / ^ (exponents may be numbers), tuples and function
// values of names. A numeric coefficient or constant term makes the equation unsolved.
static bool NamesOnly(const Expr& e) {
  switch (e.kind) {
    case Kind::kSymbol:
      return true;
    case Kind::kAdd:
    case Kind::kMul:
    case Kind::kDiv:
    case Kind::kPair:
    case Kind::kTuple:
    case Kind::kFunc:
      return std::all_of(e.args.begin(), e.args.end(), NamesOnly);
    case Kind::kPow: {
      const Expr& n = e.args[1].kind == Kind::kNeg ? e.args[1].args[0] : e.args[1];
      return NamesOnly(e.args[0]) && (n.kind == Kind::kNumber || n.kind == Kind::kSymbol);
    }
    default:
      return false;
  }
}

std::optional<Expr> Comparer::StatedValue(const Expr& rel) {
  if (!std::all_of(rel.ops.begin(), rel.ops.end(), [](RelOp op) { return op == RelOp::kEq; })) {
    return std::nullopt;
  }
  const Expr& lhs = rel.args.front();
  bool computation = !HasSymbols(lhs) && IsScalar(lhs.kind);
  if (!NamesOnly(lhs) && !computation) return std::nullopt;
  // Members without variables are steps of one computation: they must all be equal.
  const Expr* first_value = nullptr;
  for (const auto& m : rel.args) {
    if (HasSymbols(m) || !IsScalar(m.kind)) continue;
    if (!first_value) {
      first_value = &m;
      continue;
    }
    std::string saved = why_;
    Tri t = Values(*first_value, m);
    why_ = saved;
    if (t != Tri::kYes) return Expr::Leaf(Kind::kText, "");  // an inconsistent chain
  }
  return rel.args.back();
}

Tri Comparer::Relations(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "relations");
  if (a.kind == Kind::kRelation && b.kind == Kind::kRelation) return RelationPair(a, b);
  const Expr& rel = a.kind == Kind::kRelation ? a : b;
  const Expr& other = a.kind == Kind::kRelation ? b : a;
  if (IsAssignment(rel)) {
    Tri t = Equal(rel.args.back(), other);
    return Say(t, "[assignment] the value after the last '=': " + why_);
  }
  // Only the prediction's chain is read for its value: a gold equation (a line
  // "x + y = 10") is not answered by its right side.
  bool rel_is_pred = &rel == &b;
  if (auto value = rel_is_pred ? StatedValue(rel) : std::nullopt) {
    if (value->kind == Kind::kText && value->text.empty()) {
      return Say(Tri::kNo, "[equation-chain] the chain's members without variables differ");
    }
    Tri t = Equal(*value, other);
    return Say(t,
               "[equation-chain] the left side only names the unknowns (or is a "
               "computation); the value after the last '=': " +
                   why_);
  }
  if (IsIntervalLike(other)) {
    if (auto interval = InequalityAsInterval(rel)) {
      Tri t = Structures(*interval, other);
      return Say(t, "[inequality-as-interval] " + why_);
    }
  }
  return Say(Tri::kNo,
             "[relation-vs-value] an equation whose left side is not only names (2x = 10, "
             "x + 1 = 5) states no value");
}

Tri Comparer::RelationPair(const Expr& a_in, const Expr& b_in) {
  RuleScope scope(*this, "relations");
  Expr a = Orient(ReduceAssignment(a_in));
  Expr b = Orient(ReduceAssignment(b_in));
  if (a.ops.size() > 1 || b.ops.size() > 1) {
    auto ia = InequalityAsInterval(a);
    auto ib = InequalityAsInterval(b);
    if (ia && ib) return Intervals(*ia, *ib);
  }
  if (a.ops != b.ops) return Say(Tri::kNo, "different relations");
  bool inequality = a.ops[0] == RelOp::kLt || a.ops[0] == RelOp::kLe;
  for (std::size_t i = 0; i < a.ops.size(); ++i) {
    Tri t = Proportional(Difference(a.args[i], a.args[i + 1]), Difference(b.args[i], b.args[i + 1]),
                         inequality);
    if (t != Tri::kYes) return t;
  }
  return Say(Tri::kYes, "the relations are multiples of each other");
}

Tri Comparer::Proportional(const Expr& f, const Expr& g, bool positive) {
  RuleScope scope(*this, "relations");
  std::vector<std::string> vars = FreeSymbols(f);
  for (auto& v : FreeSymbols(g)) vars.push_back(std::move(v));
  std::sort(vars.begin(), vars.end());
  vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
  if (vars.empty()) return Values(f, g);
  const mpfr_prec_t p = kBasePrecision;
  std::optional<Complex> ratio;
  int defined = 0;
  for (int k = 0; k < kRealPoints; ++k) {
    Env env = PointEnv(vars, k);
    Numeric nf = EvalNumeric(f, env, p, eval_limits_);
    Numeric ng = EvalNumeric(g, env, p, eval_limits_);
    if (nf.status != NumStatus::kOk || ng.status != NumStatus::kOk) continue;
    if (k >= kPoints && (nf.left_reals || ng.left_reals)) continue;
    Real mf(p), mg(p);
    CAbs(mf, nf.value);
    CAbs(mg, ng.value);
    bool fz = mpfr_cmp_d(mf.get(), 0x1.0p-100) < 0;
    bool gz = mpfr_cmp_d(mg.get(), 0x1.0p-100) < 0;
    if (fz && gz) continue;
    if (fz != gz) return Say(Tri::kNo, "the relations differ at a test point");
    Complex r(p);
    CDiv(r, ng.value, nf.value);
    ++defined;
    if (!ratio) {
      ratio = r;
      continue;
    }
    Real diff(p), mag(p);
    DiffAndMagnitude(r, *ratio, diff, mag);
    mpfr_mul_2si(mag.get(), mag.get(), -80, MPFR_RNDN);
    if (mpfr_cmp(diff.get(), mag.get()) > 0)
      return Say(Tri::kNo, "the relations are not multiples");
  }
  if (defined == 0) return Say(Tri::kUnknown, "the relations are undefined at every test point");
  if (positive) {
    Real im(p), re(p);
    mpfr_abs(im.get(), ratio->im.get(), MPFR_RNDN);
    mpfr_abs(re.get(), ratio->re.get(), MPFR_RNDN);
    mpfr_mul_2si(re.get(), re.get(), -80, MPFR_RNDN);
    if (mpfr_sgn(ratio->re.get()) <= 0 || mpfr_cmp(im.get(), re.get()) > 0) {
      return Say(Tri::kNo, "the inequalities point in opposite directions");
    }
  }
  return Say(Tri::kYes, "the relations are multiples of each other");
}

Tri Comparer::Texts(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "text");
  if (a.kind == Kind::kText && b.kind == Kind::kText) {
    return a.text == b.text ? Say(Tri::kYes, "same text") : Say(Tri::kNo, "different text");
  }
  const Expr& text = a.kind == Kind::kText ? a : b;
  const Expr& other = a.kind == Kind::kText ? b : a;
  if (IsUnordered(other) && other.args.size() == 1) return Equal(text, other.args[0]);
  auto form = TextForm(other);
  if (form && *form == text.text) return Say(Tri::kYes, "same text");
  return Say(Tri::kNo, "text against a different answer");
}

Tri Comparer::Structures(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "structure");
  if (IsUnordered(a) && IsUnordered(b)) return SameElements(a.args, b.args);
  // A bare list takes the order of a tuple it is compared with.
  if (a.kind == Kind::kList && IsSequence(b)) return Sequence(a.args, b.args);
  if (b.kind == Kind::kList && IsSequence(a)) return Sequence(a.args, b.args);
  if (a.kind == Kind::kEmptySet || b.kind == Kind::kEmptySet) {
    bool both = a.kind == b.kind;
    return Say(both ? Tri::kYes : Tri::kNo,
               both ? "both empty" : "empty set against a non-empty answer");
  }
  if (a.kind == Kind::kMatrix && b.kind == Kind::kMatrix) {
    // A row vector is not a column vector.
    if (a.rows != b.rows || a.cols != b.cols) {
      return Say(Tri::kNo, "[matrix] shapes differ (" + std::to_string(a.rows) + "x" +
                               std::to_string(a.cols) + " against " + std::to_string(b.rows) + "x" +
                               std::to_string(b.cols) + ")");
    }
    Tri t = Sequence(a.args, b.args);
    return Say(t, "[matrix] same shape; " + why_);
  }
  bool interval_a = a.kind == Kind::kInterval || a.kind == Kind::kUnion;
  bool interval_b = b.kind == Kind::kInterval || b.kind == Kind::kUnion;
  if ((interval_a && IsIntervalLike(b)) || (interval_b && IsIntervalLike(a))) {
    if (a.kind != Kind::kUnion && b.kind != Kind::kUnion)
      return Intervals(AsInterval(a), AsInterval(b));
    auto ma = UnionMembers(a);
    auto mb = UnionMembers(b);
    return SameElements(ma, mb);
  }
  if (IsSequence(a) && IsSequence(b)) return Sequence(a.args, b.args);
  return Say(Tri::kNo, "different kinds of answer (set, tuple, interval, matrix)");
}

Tri Comparer::Sequence(const std::vector<Expr>& a, const std::vector<Expr>& b) {
  RuleScope scope(*this, "ordered");
  if (a.size() != b.size()) return Say(Tri::kNo, "different numbers of items");
  if (a.size() > limits_.max_items) return Say(Tri::kUnknown, "too many items to compare");
  bool unknown = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    Tri t = Equal(a[i], b[i]);
    if (t == Tri::kNo) return Say(Tri::kNo, "item " + std::to_string(i + 1) + " differs: " + why_);
    unknown = unknown || t == Tri::kUnknown;
  }
  if (unknown) return Say(Tri::kUnknown, "some items cannot be compared");
  return Say(Tri::kYes, "every item matches in order");
}

Tri Comparer::SameElements(const std::vector<Expr>& a, const std::vector<Expr>& b) {
  RuleScope scope(*this, "unordered");
  if (a.size() > limits_.max_items || b.size() > limits_.max_items) {
    return Say(Tri::kUnknown, "too many items to compare");
  }
  // Each item must match some item on the other side; results are cached both ways.
  std::vector<Tri> cache(a.size() * b.size(), Tri::kUnknown);
  std::vector<bool> done(a.size() * b.size(), false);
  auto at = [&](std::size_t i, std::size_t j) {
    std::size_t k = i * b.size() + j;
    if (!done[k]) {
      cache[k] = Equal(a[i], b[j]);
      done[k] = true;
    }
    return cache[k];
  };
  bool unknown = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool found = false, maybe = false;
    for (std::size_t j = 0; j < b.size() && !found; ++j) {
      Tri t = at(i, j);
      found = t == Tri::kYes;
      maybe = maybe || t == Tri::kUnknown;
    }
    if (!found && !maybe) return Say(Tri::kNo, "an item has no match on the other side");
    unknown = unknown || !found;
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    bool found = false, maybe = false;
    for (std::size_t i = 0; i < a.size() && !found; ++i) {
      Tri t = at(i, j);
      found = t == Tri::kYes;
      maybe = maybe || t == Tri::kUnknown;
    }
    if (!found && !maybe) return Say(Tri::kNo, "an item has no match on the other side");
    unknown = unknown || !found;
  }
  if (unknown) return Say(Tri::kUnknown, "some items cannot be compared");
  return Say(Tri::kYes, "the same items in any order");
}

Tri Comparer::Intervals(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "interval");
  for (int side = 0; side < 2; ++side) {
    const Expr& ea = a.args[static_cast<std::size_t>(side)];
    const Expr& eb = b.args[static_cast<std::size_t>(side)];
    bool closed_a = side == 0 ? a.lo_closed : a.hi_closed;
    bool closed_b = side == 0 ? b.lo_closed : b.hi_closed;
    // Openness at an infinite end carries no meaning.
    if (closed_a != closed_b && !(IsInfinite(ea) && IsInfinite(eb))) {
      return Say(Tri::kNo, "interval ends differ in openness");
    }
    Tri t = Equal(ea, eb);
    if (t != Tri::kYes) {
      return t == Tri::kNo ? Say(Tri::kNo, "interval endpoints differ") : t;
    }
  }
  return Say(Tri::kYes, "same interval");
}

Tri Comparer::Scalars(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "percent");
  bool pa = a.kind == Kind::kPercent, pb = b.kind == Kind::kPercent;
  if (pa && pb) return Scalars(a.args[0], b.args[0]);
  if (pa || pb) {
    const Expr& percent = pa ? a : b;
    const Expr& other = pa ? b : a;
    // "25\%" answers 25 (the percent sign dropped) and 0.25 (its value).
    Tri as_number = Values(percent.args[0], other);
    if (as_number == Tri::kYes) return Say(Tri::kYes, "equal once the percent sign is dropped");
    Tri as_value = Values(percent, other);
    if (as_value == Tri::kYes) return Say(Tri::kYes, "equal as a fraction of 100");
    if (as_number == Tri::kUnknown || as_value == Tri::kUnknown) return Tri::kUnknown;
    return Say(Tri::kNo, "a percent equal neither to the number nor to its value");
  }
  rule_ = "base";
  if (IsBaseLiteral(a) || IsBaseLiteral(b)) {
    const Expr& based = IsBaseLiteral(a) ? a : b;
    const Expr& other = IsBaseLiteral(a) ? b : a;
    if (IsPlainInteger(other)) {
      // "2516_8" against "2516": the same digits, the base is the question's.
      bool same = StripLeadingZeros(based.text) == StripLeadingZeros(other.text);
      return Say(same ? Tri::kYes : Tri::kNo,
                 same ? "same digits in base " + std::to_string(based.base)
                      : "different digits in base " + std::to_string(based.base));
    }
  }
  return Values(a, b);
}

Tri Comparer::Values(const Expr& a, const Expr& b) {
  RuleScope scope(*this, "exact");
  auto ea = EvalExact(a, eval_limits_);
  if (ea) {
    auto eb = EvalExact(b, eval_limits_);
    if (eb) {
      bool same = *ea == *eb;
      return Say(same ? Tri::kYes : Tri::kNo,
                 same ? "equal as exact numbers" : "different exact values");
    }
  }
  std::vector<std::string> vars = FreeSymbols(a);
  for (auto& v : FreeSymbols(b)) vars.push_back(std::move(v));
  std::sort(vars.begin(), vars.end());
  vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
  if (vars.empty()) return NumericAt(a, b, {});
  rule_ = "test-points";
  int agreed = 0, positive = 0;
  bool analytic = IsAnalytic(a) && IsAnalytic(b);
  for (int k = 0; k < kAllPoints; ++k) {
    if (k == kComplexPoint && !analytic) continue;
    bool lenient = k >= kPoints;
    Tri t = NumericAt(a, b, PointEnv(vars, k), lenient, k != kComplexPoint);
    if (t == Tri::kNo) {
      static constexpr const char* kWhere[] = {"a positive", "a positive",   "a positive",
                                               "a negative", "a mixed-sign", "a complex"};
      return Say(Tri::kNo, std::string("different values at ") + kWhere[k] + " test point");
    }
    agreed += t == Tri::kYes ? 1 : 0;
    positive += t == Tri::kYes && !lenient ? 1 : 0;
  }
  if (positive == 0) return Say(Tri::kUnknown, "undefined at every positive test point");
  return Say(Tri::kYes, "equal at " + std::to_string(agreed) + " test points (positive, negative" +
                            (analytic ? ", complex)" : " where defined)"));
}

Tri Comparer::NumericAt(const Expr& a, const Expr& b, const Env& env, bool lenient,
                        bool real_point) {
  RuleScope scope(*this, "numeric");
  mpfr_prec_t p = kBasePrecision;
  Numeric na = EvalNumeric(a, env, p, eval_limits_);
  Numeric nb = EvalNumeric(b, env, p, eval_limits_);
  bool ua = na.status == NumStatus::kUndefined, ub = nb.status == NumStatus::kUndefined;
  if (lenient && (ua || ub || (real_point && (na.left_reals || nb.left_reals)))) {
    return Say(Tri::kUnknown, "outside the domain at this point");
  }
  if (ua && ub) return Say(Tri::kUnknown, "both sides are undefined");
  if (ua || ub) return Say(Tri::kNo, "one side is undefined");
  if (na.status == NumStatus::kOutOfRange || nb.status == NumStatus::kOutOfRange) {
    return Say(Tri::kUnknown, "a value is beyond the numeric range");
  }
  if (na.value.IsInf() || nb.value.IsInf()) {
    bool same = na.value.IsInf() && nb.value.IsInf() && SameInfinity(na.value, nb.value);
    return Say(same ? Tri::kYes : Tri::kNo, same ? "the same infinity" : "infinite against finite");
  }
  Real diff(p), mag(p);
  DiffAndMagnitude(na.value, nb.value, diff, mag);
  if (mag.IsZero()) return Say(Tri::kYes, "both are zero");
  // Huge magnitudes need more bits to resolve an absolute difference of 1.
  mpfr_exp_t e = mpfr_get_exp(mag.get());
  if (e > 32) {
    if (e + kBasePrecision > limits_.max_precision_bits) {
      return Say(Tri::kUnknown, "too large to compare numerically");
    }
    p = kBasePrecision + static_cast<mpfr_prec_t>(e);
    na = EvalNumeric(a, env, p, eval_limits_);
    nb = EvalNumeric(b, env, p, eval_limits_);
    diff = Real(p);
    mag = Real(p);
    DiffAndMagnitude(na.value, nb.value, diff, mag);
  }
  Real clear(p);
  mpfr_mul_2si(clear.get(), mag.get(), -32, MPFR_RNDN);
  if (mpfr_cmp(diff.get(), clear.get()) > 0) return Say(Tri::kNo, "different values");
  // Equal values differ only by rounding noise, which shrinks as the precision doubles.
  mpfr_prec_t p2 = 2 * p;
  Numeric na2 = EvalNumeric(a, env, p2, eval_limits_);
  Numeric nb2 = EvalNumeric(b, env, p2, eval_limits_);
  if (na2.status != NumStatus::kOk || nb2.status != NumStatus::kOk) {
    return Say(Tri::kUnknown, "the values cannot be refined");
  }
  Real diff2(p2), mag2(p2);
  DiffAndMagnitude(na2.value, nb2.value, diff2, mag2);
  Real floor(p2);
  mpfr_mul_2si(floor.get(), mag2.get(), -(p - 8), MPFR_RNDN);
  mpfr_max(floor.get(), floor.get(), diff.get(), MPFR_RNDN);
  mpfr_mul_2si(floor.get(), floor.get(), -(p / 2), MPFR_RNDN);
  if (mpfr_cmp(diff2.get(), floor.get()) <= 0) return Say(Tri::kYes, "numerically equal");
  return Say(Tri::kNo, "values differ beyond rounding");
}

}  // namespace r1::graders::math
