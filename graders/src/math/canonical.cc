// Canonical keys: equivalent answers print the same key as far as the key can see.
#include "math/canonical.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "math/compare.h"
#include "math/evaluate.h"
#include "math/real_sets.h"
#include "r1/core/text.h"

namespace r1::graders::math {
namespace {

constexpr mpfr_prec_t kKeyPrecision = 160;
constexpr int kKeyDigits = 20;

std::string Hex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Keys stay short: a value with hundreds of digits (1000!) keys on a prefix and a hash.
std::string Shorten(std::string key) {
  constexpr std::size_t kMaxKey = 64;
  if (key.size() <= kMaxKey) return key;
  return key.substr(0, 24) + "...#" + Hex(Fnv1a(key)) + "(" + std::to_string(key.size()) + ")";
}

std::string ExactKey(const Rational& re, const Rational& im) {
  if (im.IsZero()) return Shorten(re.ToString());
  std::string i = im.ToString();
  if (i == "1") i = "";
  if (i == "-1") i = "-";
  if (re.IsZero()) return Shorten(i + "i");
  return Shorten(re.ToString() + (im.Sign() > 0 ? "+" : "") + i + "i");
}

std::string Digits(const Real& r, int digits) {
  if (r.IsZero()) return "0";
  mpfr_exp_t exp = 0;
  char* s = mpfr_get_str(nullptr, &exp, 10, static_cast<std::size_t>(digits), r.get(), MPFR_RNDN);
  std::string m(s);
  mpfr_free_str(s);
  bool negative = !m.empty() && m[0] == '-';
  if (negative) m.erase(0, 1);
  // m is 0.DDDD x 10^exp; print D.DDD e(exp-1) without trailing zeros.
  while (m.size() > 1 && m.back() == '0') m.pop_back();
  std::string out = (negative ? "-" : "") + m.substr(0, 1);
  if (m.size() > 1) out += "." + m.substr(1);
  if (exp - 1 != 0) out += "e" + std::to_string(exp - 1);
  return out;
}

// A numeric value that is a rational with a small denominator, e.g. sin(pi/6) = 1/2.
std::optional<Rational> AsSmallRational(const Real& x) {
  if (!mpfr_number_p(x.get())) return std::nullopt;
  if (x.IsZero()) return Rational();
  mpfr_prec_t p = x.prec();
  // Continued fraction of |x|, convergents h/k, until k exceeds 10^6.
  Real rest(p), frac(p);
  mpfr_abs(rest.get(), x.get(), MPFR_RNDN);
  if (mpfr_get_exp(rest.get()) > 64 || mpfr_get_exp(rest.get()) < -64) return std::nullopt;
  mpz_t h0, h1, k0, k1, a, t;
  mpz_inits(h0, h1, k0, k1, a, t, nullptr);
  // Convergent recurrence seeds: h[-2] = 0, h[-1] = 1, k[-2] = 1, k[-1] = 0.
  mpz_set_ui(h0, 0);
  mpz_set_ui(h1, 1);
  mpz_set_ui(k0, 1);
  mpz_set_ui(k1, 0);
  std::optional<Rational> found;
  for (int step = 0; step < 64; ++step) {
    mpfr_get_z(a, rest.get(), MPFR_RNDD);
    // h = a h1 + h0, k = a k1 + k0
    mpz_mul(t, a, h1);
    mpz_add(t, t, h0);
    mpz_set(h0, h1);
    mpz_set(h1, t);
    mpz_mul(t, a, k1);
    mpz_add(t, t, k0);
    mpz_set(k0, k1);
    mpz_set(k1, t);
    if (mpz_cmp_ui(k1, 1000000) > 0) break;
    Rational q;
    mpz_set(mpq_numref(q.get()), h1);
    mpz_set(mpq_denref(q.get()), k1);
    mpq_canonicalize(q.get());
    Real approx(p), diff(p), bound(p);
    mpfr_set_q(approx.get(), q.get(), MPFR_RNDN);
    mpfr_abs(diff.get(), x.get(), MPFR_RNDN);
    mpfr_sub(diff.get(), diff.get(), approx.get(), MPFR_RNDN);
    mpfr_abs(diff.get(), diff.get(), MPFR_RNDN);
    mpfr_abs(bound.get(), x.get(), MPFR_RNDN);
    mpfr_mul_2si(bound.get(), bound.get(), -(p - 24), MPFR_RNDN);
    if (mpfr_cmp(diff.get(), bound.get()) <= 0) {
      if (mpfr_sgn(x.get()) < 0) mpq_neg(q.get(), q.get());
      found = std::move(q);
      break;
    }
    mpfr_sub_z(frac.get(), rest.get(), a, MPFR_RNDN);
    if (frac.IsZero()) break;
    mpfr_ui_div(rest.get(), 1, frac.get(), MPFR_RNDN);
  }
  mpz_clears(h0, h1, k0, k1, a, t, nullptr);
  return found;
}

std::string NumericKey(const Complex& v) {
  auto re = AsSmallRational(v.re);
  auto im = AsSmallRational(v.im);
  if (re && im) return ExactKey(*re, *im);
  std::string out = "~" + Digits(v.re, kKeyDigits);
  if (!v.im.IsZero()) out += "~" + Digits(v.im, kKeyDigits) + "i";
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool IsPlainIntegerDigits(const Expr& e) {
  return e.kind == Kind::kNumber && e.repeat.empty() && e.exp10 == 0 &&
         e.text.find('.') == std::string::npos;
}

std::string ScalarKey(const Expr& e, const Limits& limits) {
  if (e.kind == Kind::kPercent) return ScalarKey(e.args[0], limits);
  if (e.kind == Kind::kNumber && e.base != 0 && IsPlainIntegerDigits(e)) {
    std::size_t nz = e.text.find_first_not_of('0');
    return (nz == std::string::npos ? "0" : e.text.substr(nz)) + "_" + std::to_string(e.base);
  }
  EvalLimits eval{limits.max_exact_bits};
  if (auto exact = EvalExact(e, eval)) return ExactKey(exact->re, exact->im);
  std::vector<std::string> vars = FreeSymbols(e);
  if (e.kind == Kind::kSymbol && e.text.size() == 1) {
    // A lone letter votes with the text answer "(C)".
    return std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(e.text[0]))));
  }
  if (vars.empty()) {
    Numeric n = EvalNumeric(e, {}, kKeyPrecision, eval);
    if (n.status != NumStatus::kOk) return "?" + Print(e);
    if (n.value.IsInf()) return mpfr_sgn(n.value.re.get()) > 0 ? "inf" : "-inf";
    return NumericKey(n.value);
  }
  std::string signature;
  std::vector<std::string> point_keys;
  // Positive points only: at the others equal answers may differ in where they are defined
  // (\sqrt{x}\sqrt{y} and \sqrt{xy}), and a key cannot skip a point the way Compare does.
  for (int k = 0; k < kPoints; ++k) {
    Numeric n = EvalNumeric(e, PointEnv(vars, k), kKeyPrecision, eval);
    if (n.status != NumStatus::kOk) {
      signature += "u;";
      point_keys.push_back("u");
      continue;
    }
    signature += Digits(n.value.re, 16) + "," + Digits(n.value.im, 16) + ";";
    point_keys.push_back(n.value.IsInf() ? "inf" : NumericKey(n.value));
  }
  // The same value at every point: a constant written with variables (sin^2 x + cos^2 x).
  bool constant =
      point_keys[0] != "u" && std::all_of(point_keys.begin(), point_keys.end(),
                                          [&](const std::string& k) { return k == point_keys[0]; });
  if (constant) return point_keys[0];
  if (std::all_of(point_keys.begin(), point_keys.end(),
                  [](const std::string& k) { return k == "u"; })) {
    return "?" + Print(e);
  }
  return "f[" + Join(vars, ",") + "]:" + Hex(Fnv1a(signature));
}

// Equations key on their difference scaled by its value at the first point, so multiples
// of one equation share a key.
std::string RelationKey(const Expr& rel, const Limits& limits) {
  if (rel.args.size() != 2) return "rel:" + Print(rel);
  Expr f = Expr::Node(Kind::kAdd, {rel.args[0], Expr::Node(Kind::kNeg, {rel.args[1]})});
  std::vector<std::string> vars = FreeSymbols(f);
  if (vars.empty()) return "rel:" + Print(rel);
  EvalLimits eval{limits.max_exact_bits};
  std::optional<Complex> scale;
  std::string signature;
  for (int k = 0; k < kPoints; ++k) {
    Numeric n = EvalNumeric(f, PointEnv(vars, k), kKeyPrecision, eval);
    if (n.status != NumStatus::kOk) {
      signature += "u;";
      continue;
    }
    if (!scale && !n.value.re.IsZero()) {
      scale = n.value;
      if (rel.ops[0] != RelOp::kEq && rel.ops[0] != RelOp::kNe) {
        // Inequalities only scale by positive numbers.
        mpfr_abs(scale->re.get(), scale->re.get(), MPFR_RNDN);
        mpfr_abs(scale->im.get(), scale->im.get(), MPFR_RNDN);
      }
    }
    Complex v(kKeyPrecision);
    if (!scale || !CDiv(v, n.value, *scale)) {
      signature += "0;";
      continue;
    }
    signature += Digits(v.re, 16) + "," + Digits(v.im, 16) + ";";
  }
  static constexpr const char* kOps[] = {"eq", "ne", "lt", "le", "gt", "ge"};
  std::string op = kOps[static_cast<int>(rel.ops[0])];
  // "a > b" keys as "b < a".
  if (op == "gt" || op == "ge") {
    Expr flipped = rel;
    std::swap(flipped.args[0], flipped.args[1]);
    flipped.ops[0] = op == "gt" ? RelOp::kLt : RelOp::kLe;
    return RelationKey(flipped, limits);
  }
  return op + "[" + Join(vars, ",") + "]:" + Hex(Fnv1a(signature));
}

std::string EndpointKey(const Expr& e, const Limits& limits) { return KeyOf(e, limits); }

// A reduced set keys like the answer written plainly: points as a set ("{2,3,7,8}", one point
// as itself), an interval as an interval, several pieces as a union.
std::string RealSetKey(const RealSet& set, const Limits& limits) {
  if (set.empty()) return "{}";
  std::vector<std::string> points, pieces;
  for (const auto& p : set) {
    if (IsPoint(p)) {
      points.push_back(KeyOf(p.lo_expr, limits));
      continue;
    }
    pieces.push_back(std::string(p.lo_closed ? "[" : "(") + EndpointKey(p.lo_expr, limits) + "," +
                     EndpointKey(p.hi_expr, limits) + (p.hi_closed ? "]" : ")"));
  }
  std::sort(points.begin(), points.end());
  if (pieces.empty()) return points.size() == 1 ? points[0] : "{" + Join(points, ",") + "}";
  for (auto& pt : points) pieces.push_back(pt);
  std::sort(pieces.begin(), pieces.end());
  return Join(pieces, "U");
}

bool NamesOnlyTuple(const Expr& e) {
  if (e.kind != Kind::kPair && e.kind != Kind::kTuple) return false;
  return std::all_of(e.args.begin(), e.args.end(),
                     [](const Expr& a) { return a.kind == Kind::kSymbol; });
}

bool HasFreeSymbol(const Expr& e) {
  if (e.kind == Kind::kSymbol) return true;
  return std::any_of(e.args.begin(), e.args.end(), HasFreeSymbol);
}

// Relations that key as the value they state: "x = 5", a chain "p + q = 6 + 8 = 14", a
// computation "13^2 + 1 = 170", "(x, y) = (1, -2)". A two-member equation with an expression
// on the left ("x + y = 3") keys as an equation, so its multiples share the key.
bool KeysAsValue(const Expr& rel) {
  if (!std::all_of(rel.ops.begin(), rel.ops.end(), [](RelOp op) { return op == RelOp::kEq; }))
    return false;
  if (IsAssignment(rel) || NamesOnlyTuple(rel.args.front())) return true;
  if (!HasFreeSymbol(rel.args.front()) && IsScalar(rel.args.front().kind)) return true;
  return rel.args.size() > 2;
}

}  // namespace

std::string KeyOf(const Expr& e, const Limits& limits) {
  switch (e.kind) {
    case Kind::kPair:
    case Kind::kTuple: {
      std::vector<std::string> parts;
      for (const auto& a : e.args) parts.push_back(KeyOf(a, limits));
      return "(" + Join(parts, ",") + ")";
    }
    case Kind::kMatrix: {
      std::vector<std::string> parts;
      for (const auto& a : e.args) parts.push_back(KeyOf(a, limits));
      if (e.rows == 1 || e.cols == 1) return "(" + Join(parts, ",") + ")";
      std::vector<std::string> rows;
      for (int r = 0; r < e.rows; ++r) {
        std::vector<std::string> row(parts.begin() + r * e.cols, parts.begin() + (r + 1) * e.cols);
        rows.push_back(Join(row, ","));
      }
      return "[" + Join(rows, ";") + "]";
    }
    case Kind::kSet:
    case Kind::kList: {
      if (UsesSetAlgebra(e)) {
        if (auto set = ToRealSet(e)) return RealSetKey(*set, limits);
      }
      std::vector<std::string> parts;
      for (const auto& a : e.args) parts.push_back(KeyOf(a, limits));
      std::sort(parts.begin(), parts.end());
      parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
      if (parts.size() == 1) return parts[0];
      return "{" + Join(parts, ",") + "}";
    }
    case Kind::kInterval: {
      bool lo_closed = e.lo_closed && !IsInfinite(e.args[0]);
      bool hi_closed = e.hi_closed && !IsInfinite(e.args[1]);
      return std::string(lo_closed ? "[" : "(") + EndpointKey(e.args[0], limits) + "," +
             EndpointKey(e.args[1], limits) + (hi_closed ? "]" : ")");
    }
    case Kind::kSetOp:
      if (auto set = ToRealSet(e)) return RealSetKey(*set, limits);
      return "?" + Print(e);
    case Kind::kUnion: {
      if (auto set = ToRealSet(e)) return RealSetKey(*set, limits);
      std::vector<std::string> parts;
      for (const auto& a : e.args) {
        Expr member = a;
        if (member.kind == Kind::kPair) member.kind = Kind::kInterval;
        parts.push_back(KeyOf(member, limits));
      }
      std::sort(parts.begin(), parts.end());
      return Join(parts, "U");
    }
    case Kind::kRelation:
      if (KeysAsValue(e)) return KeyOf(e.args.back(), limits);
      if (auto interval = InequalityAsInterval(e)) return KeyOf(*interval, limits);
      if (e.args.size() == 2 && e.ops[0] == RelOp::kNe) {
        if (auto set = ToRealSet(e)) return RealSetKey(*set, limits);
      }
      return RelationKey(e, limits);
    case Kind::kText:
      return e.text;
    case Kind::kEmptySet:
      return "{}";
    default:
      return ScalarKey(e, limits);
  }
}

std::string NormaliseUnparsed(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '$') continue;
    if (c == '\\' && i + 1 < text.size()) {
      std::string_view rest = text.substr(i + 1);
      char n = rest[0];
      if (n == '!' || n == ',' || n == ';' || n == ':' || n == ' ') {
        ++i;
        continue;
      }
      bool skipped = false;
      for (std::string_view cmd : {"left", "right", "displaystyle"}) {
        if (rest.starts_with(cmd) &&
            (rest.size() == cmd.size() ||
             !std::isalpha(static_cast<unsigned char>(rest[cmd.size()])))) {
          i += cmd.size();
          skipped = true;
          break;
        }
      }
      if (skipped) continue;
      if (rest.starts_with("dfrac") || rest.starts_with("tfrac")) {
        out += "\\frac";
        i += 5;
        continue;
      }
    }
    out += c;
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace r1::graders::math
