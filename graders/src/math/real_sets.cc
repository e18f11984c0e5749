// Reducing set-valued answers to sorted, disjoint pieces of the real line.
#include "math/real_sets.h"

#include <algorithm>
#include <cstdio>

#include "math/compare.h"
#include "math/evaluate.h"

namespace r1::graders::math {
namespace {

constexpr mpfr_prec_t kPrecision = 160;
constexpr std::size_t kMaxPieces = 64;

Expr Infinity(bool negative) {
  Expr inf = Expr::Leaf(Kind::kConstant, "inf");
  return negative ? Expr::Node(Kind::kNeg, {std::move(inf)}) : inf;
}

bool HasSymbol(const Expr& e) {
  if (e.kind == Kind::kSymbol) return true;
  return std::any_of(e.args.begin(), e.args.end(), HasSymbol);
}

// The real value of a variable-free scalar (+-inf allowed), or nullopt.
std::optional<Real> ValueOf(const Expr& e) {
  if (!IsScalar(e.kind) || HasSymbol(e)) return std::nullopt;
  Numeric n = EvalNumeric(e, {}, kPrecision);
  if (n.status != NumStatus::kOk || !n.value.IsReal() || mpfr_nan_p(n.value.re.get())) {
    return std::nullopt;
  }
  return std::move(n.value.re);
}

// -1, 0, 1; values closer than 2^-100 of their size are the same point (rounding noise of
// two ways of writing one irrational endpoint).
int Cmp(const Real& a, const Real& b) {
  if (mpfr_inf_p(a.get()) || mpfr_inf_p(b.get())) {
    if (mpfr_inf_p(a.get()) && mpfr_inf_p(b.get()) && mpfr_sgn(a.get()) == mpfr_sgn(b.get()))
      return 0;
    return mpfr_cmp(a.get(), b.get()) < 0 ? -1 : 1;
  }
  Real diff(kPrecision), mag(kPrecision), mb(kPrecision);
  mpfr_sub(diff.get(), a.get(), b.get(), MPFR_RNDN);
  mpfr_abs(mag.get(), a.get(), MPFR_RNDN);
  mpfr_abs(mb.get(), b.get(), MPFR_RNDN);
  mpfr_max(mag.get(), mag.get(), mb.get(), MPFR_RNDN);
  mpfr_mul_2si(mag.get(), mag.get(), -100, MPFR_RNDN);
  Real ad(kPrecision);
  mpfr_abs(ad.get(), diff.get(), MPFR_RNDN);
  if (mpfr_cmp(ad.get(), mag.get()) <= 0) return 0;
  return mpfr_sgn(diff.get()) < 0 ? -1 : 1;
}

bool NonEmpty(const Piece& p) {
  int c = Cmp(p.lo, p.hi);
  return c < 0 || (c == 0 && p.lo_closed && p.hi_closed);
}

std::optional<Piece> MakePiece(const Expr& lo, const Expr& hi, bool lo_closed, bool hi_closed) {
  auto l = ValueOf(lo);
  auto h = ValueOf(hi);
  if (!l || !h) return std::nullopt;
  Piece p;
  p.lo_expr = lo;
  p.hi_expr = hi;
  p.lo = std::move(*l);
  p.hi = std::move(*h);
  // Openness at an infinite end carries no meaning.
  p.lo_closed = lo_closed && !mpfr_inf_p(p.lo.get());
  p.hi_closed = hi_closed && !mpfr_inf_p(p.hi.get());
  return p;
}

RealSet Canonical(RealSet s) {
  std::erase_if(s, [](const Piece& p) { return !NonEmpty(p); });
  std::sort(s.begin(), s.end(), [](const Piece& a, const Piece& b) {
    int c = Cmp(a.lo, b.lo);
    if (c != 0) return c < 0;
    return a.lo_closed && !b.lo_closed;
  });
  RealSet out;
  for (auto& p : s) {
    if (!out.empty()) {
      Piece& cur = out.back();
      int c = Cmp(p.lo, cur.hi);
      if (c < 0 || (c == 0 && (cur.hi_closed || p.lo_closed))) {
        int h = Cmp(p.hi, cur.hi);
        if (h > 0) {
          cur.hi = p.hi;
          cur.hi_expr = p.hi_expr;
          cur.hi_closed = p.hi_closed;
        } else if (h == 0) {
          cur.hi_closed = cur.hi_closed || p.hi_closed;
        }
        continue;
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<Piece> Intersect(const Piece& a, const Piece& b) {
  Piece p;
  int lo = Cmp(a.lo, b.lo);
  const Piece& lo_from = lo >= 0 ? a : b;
  p.lo = lo_from.lo;
  p.lo_expr = lo_from.lo_expr;
  p.lo_closed = lo == 0 ? a.lo_closed && b.lo_closed : lo_from.lo_closed;
  int hi = Cmp(a.hi, b.hi);
  const Piece& hi_from = hi <= 0 ? a : b;
  p.hi = hi_from.hi;
  p.hi_expr = hi_from.hi_expr;
  p.hi_closed = hi == 0 ? a.hi_closed && b.hi_closed : hi_from.hi_closed;
  if (!NonEmpty(p)) return std::nullopt;
  return p;
}

RealSet IntersectSets(const RealSet& a, const RealSet& b) {
  RealSet out;
  for (const auto& p : a) {
    for (const auto& q : b) {
      if (auto r = Intersect(p, q)) out.push_back(std::move(*r));
    }
  }
  return Canonical(std::move(out));
}

// The complement of a canonical set: the gaps between its pieces.
RealSet Complement(const RealSet& s) {
  RealSet out;
  Piece gap;
  gap.lo_expr = Infinity(true);
  mpfr_set_inf(gap.lo.get(), -1);
  gap.lo_closed = false;
  for (const auto& p : s) {
    gap.hi = p.lo;
    gap.hi_expr = p.lo_expr;
    gap.hi_closed = !p.lo_closed;
    out.push_back(gap);
    gap.lo = p.hi;
    gap.lo_expr = p.hi_expr;
    gap.lo_closed = !p.hi_closed;
  }
  gap.hi_expr = Infinity(false);
  mpfr_set_inf(gap.hi.get(), 1);
  gap.hi_closed = false;
  out.push_back(gap);
  for (auto& p : out) {
    if (mpfr_inf_p(p.lo.get())) p.lo_closed = false;
    if (mpfr_inf_p(p.hi.get())) p.hi_closed = false;
  }
  return Canonical(std::move(out));
}

std::optional<RealSet> FromRelation(const Expr& rel, std::string& variable) {
  std::vector<std::string> vars = FreeSymbols(rel);
  if (vars.size() != 1 || (!variable.empty() && variable != vars[0])) return std::nullopt;
  variable = vars[0];
  if (auto interval = InequalityAsInterval(rel)) {
    auto p =
        MakePiece(interval->args[0], interval->args[1], interval->lo_closed, interval->hi_closed);
    if (!p) return std::nullopt;
    return Canonical({std::move(*p)});
  }
  // "x = 3" is the point; "x \ne 3" everything else.
  if (rel.args.size() == 2 && rel.args[0].kind == Kind::kSymbol &&
      (rel.ops[0] == RelOp::kEq || rel.ops[0] == RelOp::kNe)) {
    auto p = MakePiece(rel.args[1], rel.args[1], true, true);
    if (!p) return std::nullopt;
    RealSet point{std::move(*p)};
    if (rel.ops[0] == RelOp::kEq) return point;
    return Complement(point);
  }
  return std::nullopt;
}

std::optional<RealSet> Reduce(const Expr& e, std::string& variable, int depth) {
  if (depth > 32) return std::nullopt;
  switch (e.kind) {
    case Kind::kInterval:
    case Kind::kPair: {
      bool lo = e.kind == Kind::kInterval && e.lo_closed;
      bool hi = e.kind == Kind::kInterval && e.hi_closed;
      auto p = MakePiece(e.args[0], e.args[1], lo, hi);
      if (!p) return std::nullopt;
      return Canonical({std::move(*p)});
    }
    case Kind::kEmptySet:
      return RealSet{};
    case Kind::kSet: {
      RealSet out;
      for (const auto& a : e.args) {
        auto p = MakePiece(a, a, true, true);
        if (!p) return std::nullopt;
        out.push_back(std::move(*p));
      }
      return Canonical(std::move(out));
    }
    case Kind::kRelation:
      return FromRelation(e, variable);
    case Kind::kList: {
      // Numbers (all the solutions), or relations in one variable joined by "or".
      RealSet out;
      if (std::all_of(e.args.begin(), e.args.end(),
                      [](const Expr& a) { return IsScalar(a.kind); })) {
        for (const auto& a : e.args) {
          auto p = MakePiece(a, a, true, true);
          if (!p) return std::nullopt;
          out.push_back(std::move(*p));
        }
        return Canonical(std::move(out));
      }
      for (const auto& a : e.args) {
        if (a.kind != Kind::kRelation) return std::nullopt;
        auto part = FromRelation(a, variable);
        if (!part) return std::nullopt;
        out.insert(out.end(), part->begin(), part->end());
      }
      return Canonical(std::move(out));
    }
    case Kind::kUnion: {
      RealSet out;
      for (const auto& a : e.args) {
        auto part = Reduce(a, variable, depth + 1);
        if (!part) return std::nullopt;
        out.insert(out.end(), part->begin(), part->end());
        if (out.size() > kMaxPieces) return std::nullopt;
      }
      return Canonical(std::move(out));
    }
    case Kind::kSetOp: {
      auto a = Reduce(e.args[0], variable, depth + 1);
      auto b = Reduce(e.args[1], variable, depth + 1);
      if (!a || !b || a->size() * b->size() > kMaxPieces * kMaxPieces) return std::nullopt;
      if (e.text == "cap") return IntersectSets(*a, *b);
      return IntersectSets(*a, Complement(*b));
    }
    default:
      return std::nullopt;
  }
}

std::string ValueText(const Real& r) {
  if (mpfr_inf_p(r.get())) return mpfr_sgn(r.get()) < 0 ? "-inf" : "inf";
  char buf[64];
  mpfr_snprintf(buf, sizeof buf, "%.20Rg", r.get());
  return buf;
}

}  // namespace

Piece::Piece() : lo(kPrecision), hi(kPrecision) {}

bool UsesSetAlgebra(const Expr& e) {
  if (e.kind == Kind::kUnion || e.kind == Kind::kSetOp) return true;
  if (e.kind != Kind::kList || e.args.empty()) return false;
  return std::all_of(e.args.begin(), e.args.end(), [](const Expr& a) {
    return a.kind == Kind::kRelation &&
           std::any_of(a.ops.begin(), a.ops.end(), [](RelOp op) { return op != RelOp::kEq; });
  });
}

std::optional<RealSet> ToRealSet(const Expr& e) {
  std::string variable;
  return Reduce(e, variable, 0);
}

bool IsPoint(const Piece& p) { return p.lo_closed && p.hi_closed && Cmp(p.lo, p.hi) == 0; }

bool SameRealSet(const RealSet& a, const RealSet& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Cmp(a[i].lo, b[i].lo) != 0 || Cmp(a[i].hi, b[i].hi) != 0 ||
        a[i].lo_closed != b[i].lo_closed || a[i].hi_closed != b[i].hi_closed) {
      return false;
    }
  }
  return true;
}

std::string RealSetText(const RealSet& s) {
  if (s.empty()) return "{}";
  std::string out;
  for (const auto& p : s) {
    if (!out.empty()) out += "U";
    if (Cmp(p.lo, p.hi) == 0) {
      out += "{" + ValueText(p.lo) + "}";
      continue;
    }
    out += (p.lo_closed ? "[" : "(") + ValueText(p.lo) + "," + ValueText(p.hi) +
           (p.hi_closed ? "]" : ")");
  }
  return out;
}

}  // namespace r1::graders::math
