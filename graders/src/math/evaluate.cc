// Exact and numeric evaluation of scalar expressions.
#include "math/evaluate.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace r1::graders::math {
namespace {

// Factorials and binomials up to this size are computed exactly even in numeric mode.
constexpr unsigned long kSmallFactorial = 1000;
// Trigonometric arguments beyond 2^this are meaningless in an answer and slow to reduce.
constexpr mpfr_exp_t kMaxTrigExponent = 8192;

bool LiteralToRational(const Expr& e, Rational& out, std::size_t max_bits) {
  std::string_view text = e.text;
  if (text.size() > 20000) return false;
  mpq_ptr q = out.get();
  if (e.base) {
    if (mpz_set_str(mpq_numref(q), std::string(text).c_str(), e.base) != 0) return false;
    mpz_set_ui(mpq_denref(q), 1);
    return true;
  }
  std::size_t dot = text.find('.');
  std::string digits(text.substr(0, dot));
  std::size_t frac_len = 0;
  if (dot != std::string_view::npos) {
    frac_len = text.size() - dot - 1;
    digits += text.substr(dot + 1);
  }
  if (digits.empty()) digits = "0";
  mpz_ptr num = mpq_numref(q);
  mpz_ptr den = mpq_denref(q);
  mpz_set_str(num, digits.c_str(), 10);
  mpz_ui_pow_ui(den, 10, frac_len);
  if (!e.repeat.empty()) {
    // 0.1\overline{6} = (16 - 1) / 90: A (10^k - 1) + R over 10^m (10^k - 1).
    mpz_t nines, r;
    mpz_inits(nines, r, nullptr);
    mpz_ui_pow_ui(nines, 10, e.repeat.size());
    mpz_sub_ui(nines, nines, 1);
    mpz_set_str(r, e.repeat.c_str(), 10);
    mpz_mul(num, num, nines);
    mpz_add(num, num, r);
    mpz_mul(den, den, nines);
    mpz_clears(nines, r, nullptr);
  }
  if (e.exp10) {
    double bits = std::abs(e.exp10) * 3.33 + static_cast<double>(digits.size()) * 3.33;
    if (bits > static_cast<double>(max_bits)) return false;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, static_cast<unsigned long>(std::abs(e.exp10)));
    if (e.exp10 > 0) {
      mpz_mul(num, num, p);
    } else {
      mpz_mul(den, den, p);
    }
    mpz_clear(p);
  }
  mpq_canonicalize(q);
  return out.Bits() <= max_bits;
}

// k-th root of a rational when it is exact; q >= 0.
bool ExactRoot(const Rational& q, unsigned long k, Rational& out) {
  mpz_t n, d;
  mpz_inits(n, d, nullptr);
  bool exact = mpz_root(n, mpq_numref(q.get()), k) != 0 && mpz_root(d, mpq_denref(q.get()), k) != 0;
  if (exact) {
    mpz_set(mpq_numref(out.get()), n);
    mpz_set(mpq_denref(out.get()), d);
    mpq_canonicalize(out.get());
  }
  mpz_clears(n, d, nullptr);
  return exact;
}

class ExactEvaluator {
 public:
  explicit ExactEvaluator(const EvalLimits& limits) : limits_(limits) {}

  std::optional<Exact> Eval(const Expr& e) {
    auto v = EvalNode(e);
    if (v && (v->re.Bits() > limits_.max_exact_bits || v->im.Bits() > limits_.max_exact_bits)) {
      return std::nullopt;
    }
    return v;
  }

 private:
  bool TooBig(const Exact& v) const {
    return v.re.Bits() > limits_.max_exact_bits || v.im.Bits() > limits_.max_exact_bits;
  }

  static Exact Real(const Rational& r) { return Exact{r, Rational()}; }

  std::optional<Exact> Mul(const Exact& a, const Exact& b) {
    Exact out;
    if (a.IsReal() && b.IsReal()) {
      mpq_mul(out.re.get(), a.re.get(), b.re.get());
      return out;
    }
    Rational t;
    mpq_mul(out.re.get(), a.re.get(), b.re.get());
    mpq_mul(t.get(), a.im.get(), b.im.get());
    mpq_sub(out.re.get(), out.re.get(), t.get());
    mpq_mul(out.im.get(), a.re.get(), b.im.get());
    mpq_mul(t.get(), a.im.get(), b.re.get());
    mpq_add(out.im.get(), out.im.get(), t.get());
    return out;
  }

  std::optional<Exact> Div(const Exact& a, const Exact& b) {
    if (b.re.IsZero() && b.im.IsZero()) return std::nullopt;
    Exact out;
    if (b.IsReal()) {
      mpq_div(out.re.get(), a.re.get(), b.re.get());
      mpq_div(out.im.get(), a.im.get(), b.re.get());
      return out;
    }
    // (a / b) = a * conj(b) / |b|^2
    Exact conj{b.re, Rational()};
    mpq_neg(conj.im.get(), b.im.get());
    auto top = Mul(a, conj);
    Rational norm, t;
    mpq_mul(norm.get(), b.re.get(), b.re.get());
    mpq_mul(t.get(), b.im.get(), b.im.get());
    mpq_add(norm.get(), norm.get(), t.get());
    mpq_div(top->re.get(), top->re.get(), norm.get());
    mpq_div(top->im.get(), top->im.get(), norm.get());
    return top;
  }

  std::optional<Exact> PowInt(const Exact& base, long n) {
    if (n == 0) return Real(Rational(1));
    if (base.re.IsZero() && base.im.IsZero()) {
      if (n < 0) return std::nullopt;
      return base;
    }
    double bits = static_cast<double>(base.re.Bits() + base.im.Bits() + 2) *
                  static_cast<double>(n < 0 ? -n : n);
    if (bits > static_cast<double>(limits_.max_exact_bits)) return std::nullopt;
    unsigned long e = n < 0 ? static_cast<unsigned long>(-n) : static_cast<unsigned long>(n);
    Exact out;
    if (base.IsReal()) {
      mpz_pow_ui(mpq_numref(out.re.get()), mpq_numref(base.re.get()), e);
      mpz_pow_ui(mpq_denref(out.re.get()), mpq_denref(base.re.get()), e);
      mpq_canonicalize(out.re.get());
    } else {
      out = Real(Rational(1));
      Exact b = base;
      while (e) {
        if (e & 1) out = *Mul(out, b);
        e >>= 1;
        if (e) b = *Mul(b, b);
      }
    }
    if (n < 0) return Div(Real(Rational(1)), out);
    return out;
  }

  std::optional<Exact> Pow(const Expr& base_expr, const Expr& exp_expr) {
    auto base = EvalNode(base_expr);
    auto exp = EvalNode(exp_expr);
    if (!base || !exp || !exp->IsReal()) return std::nullopt;
    const Rational& p = exp->re;
    if (p.IsInteger()) {
      if (!mpz_fits_slong_p(mpq_numref(p.get()))) return std::nullopt;
      return PowInt(*base, mpz_get_si(mpq_numref(p.get())));
    }
    // Rational exponent: exact only for perfect roots of real bases.
    if (!base->IsReal() || !mpz_fits_ulong_p(mpq_denref(p.get())) ||
        !mpz_fits_slong_p(mpq_numref(p.get()))) {
      return std::nullopt;
    }
    unsigned long q = mpz_get_ui(mpq_denref(p.get()));
    long num = mpz_get_si(mpq_numref(p.get()));
    if (q > 64) return std::nullopt;
    Rational root;
    Rational magnitude = base->re;
    bool negative = base->re.Sign() < 0;
    if (negative) {
      if (q % 2 == 0) return std::nullopt;  // a complex root; numeric handles it
      mpq_neg(magnitude.get(), magnitude.get());
    }
    if (!ExactRoot(magnitude, q, root)) return std::nullopt;
    if (negative) mpq_neg(root.get(), root.get());
    return PowInt(Real(root), num);
  }

  std::optional<Exact> Sqrt(const Exact& v) {
    if (!v.IsReal()) return std::nullopt;
    Rational magnitude = v.re;
    if (v.re.Sign() < 0) mpq_neg(magnitude.get(), magnitude.get());
    Rational root;
    if (!ExactRoot(magnitude, 2, root)) return std::nullopt;
    if (v.re.Sign() < 0) return Exact{Rational(), root};  // sqrt(-4) = 2i
    return Real(root);
  }

  std::optional<unsigned long> SmallNatural(const Exact& v, unsigned long max) {
    if (!v.IsReal() || !v.re.IsInteger() || v.re.Sign() < 0) return std::nullopt;
    if (!mpz_fits_ulong_p(mpq_numref(v.re.get()))) return std::nullopt;
    unsigned long n = mpz_get_ui(mpq_numref(v.re.get()));
    if (n > max) return std::nullopt;
    return n;
  }

  std::optional<Exact> Func(const Expr& e) {
    const std::string& f = e.text;
    if (f == "sqrt") {
      auto v = EvalNode(e.args[0]);
      return v ? Sqrt(*v) : std::nullopt;
    }
    if (f == "root" && e.args.size() == 2) {
      Expr recip = Expr::Node(Kind::kDiv, {Expr::Integer(1), e.args[1]});
      return Pow(e.args[0], recip);
    }
    if (f == "abs") {
      auto v = EvalNode(e.args[0]);
      if (!v) return std::nullopt;
      if (v->IsReal()) {
        mpq_abs(v->re.get(), v->re.get());
        return v;
      }
      Exact norm = *Mul(*v, Exact{v->re, [&] {
                                    Rational t;
                                    mpq_neg(t.get(), v->im.get());
                                    return t;
                                  }()});
      return Sqrt(norm);
    }
    if ((f == "floor" || f == "ceil") && e.args.size() == 1) {
      auto v = EvalNode(e.args[0]);
      if (!v || !v->IsReal()) return std::nullopt;
      Exact out;
      if (f == "floor") {
        mpz_fdiv_q(mpq_numref(out.re.get()), mpq_numref(v->re.get()), mpq_denref(v->re.get()));
      } else {
        mpz_cdiv_q(mpq_numref(out.re.get()), mpq_numref(v->re.get()), mpq_denref(v->re.get()));
      }
      return out;
    }
    return std::nullopt;
  }

  std::optional<Exact> EvalNode(const Expr& e) {
    switch (e.kind) {
      case Kind::kNumber: {
        Exact v;
        if (!LiteralToRational(e, v.re, limits_.max_exact_bits)) return std::nullopt;
        return v;
      }
      case Kind::kConstant:
        if (e.text == "i") return Exact{Rational(), Rational(1)};
        return std::nullopt;
      case Kind::kAdd: {
        Exact sum;
        for (const auto& a : e.args) {
          auto v = EvalNode(a);
          if (!v) return std::nullopt;
          mpq_add(sum.re.get(), sum.re.get(), v->re.get());
          mpq_add(sum.im.get(), sum.im.get(), v->im.get());
          if (TooBig(sum)) return std::nullopt;
        }
        return sum;
      }
      case Kind::kNeg: {
        auto v = EvalNode(e.args[0]);
        if (!v) return std::nullopt;
        mpq_neg(v->re.get(), v->re.get());
        mpq_neg(v->im.get(), v->im.get());
        return v;
      }
      case Kind::kMul: {
        Exact product = Real(Rational(1));
        for (const auto& a : e.args) {
          auto v = EvalNode(a);
          if (!v) return std::nullopt;
          product = *Mul(product, *v);
          if (TooBig(product)) return std::nullopt;
        }
        return product;
      }
      case Kind::kDiv: {
        auto a = EvalNode(e.args[0]);
        if (!a) return std::nullopt;
        auto b = EvalNode(e.args[1]);
        if (!b) return std::nullopt;
        return Div(*a, *b);
      }
      case Kind::kPow:
        return Pow(e.args[0], e.args[1]);
      case Kind::kFunc:
        return Func(e);
      case Kind::kFactorial: {
        auto v = EvalNode(e.args[0]);
        if (!v) return std::nullopt;
        auto n = SmallNatural(*v, 100000);
        if (!n) return std::nullopt;
        // log2(n!) ~ n log2(n / e); refuse before computing a value over the budget.
        double bits = *n < 2 ? 1 : *n * (std::log2(static_cast<double>(*n)) - 1.44);
        if (bits > static_cast<double>(limits_.max_exact_bits)) return std::nullopt;
        Exact out;
        mpz_fac_ui(mpq_numref(out.re.get()), *n);
        return out;
      }
      case Kind::kBinom: {
        auto n = EvalNode(e.args[0]);
        auto k = EvalNode(e.args[1]);
        if (!n || !k) return std::nullopt;
        auto nn = SmallNatural(*n, limits_.max_exact_bits);
        if (!nn || !k->IsReal() || !k->re.IsInteger()) return std::nullopt;
        Exact out;
        if (k->re.Sign() < 0 || mpz_cmp_ui(mpq_numref(k->re.get()), *nn) > 0) return out;
        mpz_bin_uiui(mpq_numref(out.re.get()), *nn, mpz_get_ui(mpq_numref(k->re.get())));
        return out;
      }
      case Kind::kPercent: {
        auto v = EvalNode(e.args[0]);
        if (!v) return std::nullopt;
        return Div(*v, Real(Rational(100)));
      }
      case Kind::kDegree:
        return EvalNode(e.args[0]);
      default:
        return std::nullopt;
    }
  }

  const EvalLimits& limits_;
};

class NumericEvaluator {
 public:
  NumericEvaluator(const Env& env, mpfr_prec_t prec, const EvalLimits& limits)
      : env_(env), prec_(prec), limits_(limits) {}

  Numeric Run(const Expr& e) {
    mpfr_clear_flags();
    Numeric out(prec_);
    Complex v = Eval(e);
    if (undefined_ || v.IsNan()) {
      out.status = NumStatus::kUndefined;
    } else if (mpfr_overflow_p() || mpfr_underflow_p() || (v.IsInf() && !used_infinity_)) {
      out.status = NumStatus::kOutOfRange;
    }
    out.value = std::move(v);
    out.left_reals = left_reals_;
    return out;
  }

 private:
  Complex Zero() { return Complex(prec_); }
  Complex Undefined() {
    undefined_ = true;
    return Complex(prec_);
  }

  Complex FromRational(const Rational& q) {
    Complex c(prec_);
    mpfr_set_q(c.re.get(), q.get(), MPFR_RNDN);
    return c;
  }

  Complex Literal(const Expr& e) {
    Complex c(prec_);
    if (e.base == 0 && e.repeat.empty() && e.text.size() < 1000) {
      std::string s = e.text;
      if (e.exp10) s += "e" + std::to_string(e.exp10);
      mpfr_set_str(c.re.get(), s.c_str(), 10, MPFR_RNDN);
      return c;
    }
    Rational q;
    if (!LiteralToRational(e, q, 1u << 22)) return Undefined();
    return FromRational(q);
  }

  std::optional<Rational> ExactReal(const Expr& e) {
    auto v = EvalExact(e, limits_);
    if (!v || !v->IsReal()) return std::nullopt;
    return std::move(v->re);
  }

  Complex Pow(const Expr& base_expr, const Expr& exp_expr) {
    Complex b = Eval(base_expr);
    Complex out(prec_);
    if (auto p = ExactReal(exp_expr)) {
      mpq_srcptr q = p->get();
      if (p->IsInteger() && mpz_fits_slong_p(mpq_numref(q))) {
        long n = mpz_get_si(mpq_numref(q));
        if (b.IsReal() || (n >= -4096 && n <= 4096)) {
          if (b.re.IsZero() && b.im.IsZero() && n < 0) return Undefined();
          CPowInt(out, b, n);
          return out;
        }
      } else if (b.IsReal() && mpz_fits_ulong_p(mpq_denref(q))) {
        // Odd roots of negative reals stay real: (-8)^{1/3} = -2.
        unsigned long den = mpz_get_ui(mpq_denref(q));
        bool negative = mpfr_sgn(b.re.get()) < 0;
        if (!negative || den % 2 == 1) {
          Real e(prec_), magnitude(prec_);
          mpfr_set_q(e.get(), q, MPFR_RNDN);
          mpfr_abs(magnitude.get(), b.re.get(), MPFR_RNDN);
          if (magnitude.IsZero() && mpq_sgn(q) < 0) return Undefined();
          mpfr_pow(out.re.get(), magnitude.get(), e.get(), MPFR_RNDN);
          if (negative && mpz_odd_p(mpq_numref(q))) mpfr_neg(out.re.get(), out.re.get(), MPFR_RNDN);
          return out;
        }
      }
    }
    Complex e = Eval(exp_expr);
    if (b.IsReal() && e.IsReal() && mpfr_sgn(b.re.get()) > 0) {
      mpfr_pow(out.re.get(), b.re.get(), e.re.get(), MPFR_RNDN);
      return out;
    }
    if (b.re.IsZero() && b.im.IsZero()) {
      if (e.IsReal() && mpfr_sgn(e.re.get()) > 0) return out;
      return Undefined();
    }
    Complex log(prec_);
    CLog(log, b);
    CMul(log, log, e);
    CExp(out, log);
    if (b.IsReal() && e.IsReal() && !out.IsReal()) left_reals_ = true;
    return out;
  }

  bool TrigArgumentOk(const Complex& a) {
    for (const Real* r : {&a.re, &a.im}) {
      if (!r->IsZero() && mpfr_number_p(r->get()) && mpfr_get_exp(r->get()) > kMaxTrigExponent) {
        return false;
      }
    }
    return true;
  }

  Complex Trig(const std::string& f, const Complex& a) {
    if (!TrigArgumentOk(a)) return Undefined();
    Complex s(prec_), c(prec_), out(prec_);
    if (f == "sin") {
      CSin(out, a);
      return out;
    }
    if (f == "cos") {
      CCos(out, a);
      return out;
    }
    CSin(s, a);
    CCos(c, a);
    Complex one(prec_);
    mpfr_set_ui(one.re.get(), 1, MPFR_RNDN);
    bool ok = true;
    if (f == "tan") ok = CDiv(out, s, c);
    if (f == "cot") ok = CDiv(out, c, s);
    if (f == "sec") ok = CDiv(out, one, c);
    if (f == "csc") ok = CDiv(out, one, s);
    return ok ? std::move(out) : Undefined();
  }

  Complex RealFunc(const std::string& f, const Complex& a) {
    if (!a.IsReal()) return Undefined();
    Complex out(prec_);
    mpfr_ptr r = out.re.get();
    mpfr_srcptr x = a.re.get();
    bool in_unit = mpfr_cmp_si(x, -1) >= 0 && mpfr_cmp_si(x, 1) <= 0;
    if (f == "arcsin" || f == "arccos") {
      if (!in_unit) return Undefined();
      f == "arcsin" ? mpfr_asin(r, x, MPFR_RNDN) : mpfr_acos(r, x, MPFR_RNDN);
    } else if (f == "arctan") {
      mpfr_atan(r, x, MPFR_RNDN);
    } else if (f == "arccot" || f == "arcsec" || f == "arccsc") {
      if (a.re.IsZero()) return Undefined();
      Real inv(prec_);
      mpfr_ui_div(inv.get(), 1, x, MPFR_RNDN);
      bool inv_in_unit = mpfr_cmp_si(inv.get(), -1) >= 0 && mpfr_cmp_si(inv.get(), 1) <= 0;
      if (f == "arccot") mpfr_atan(r, inv.get(), MPFR_RNDN);
      if (f != "arccot" && !inv_in_unit) return Undefined();
      if (f == "arcsec") mpfr_acos(r, inv.get(), MPFR_RNDN);
      if (f == "arccsc") mpfr_asin(r, inv.get(), MPFR_RNDN);
    } else if (f == "sinh") {
      mpfr_sinh(r, x, MPFR_RNDN);
    } else if (f == "cosh") {
      mpfr_cosh(r, x, MPFR_RNDN);
    } else if (f == "tanh") {
      mpfr_tanh(r, x, MPFR_RNDN);
    } else if (f == "floor") {
      mpfr_floor(r, x);
    } else if (f == "ceil") {
      mpfr_ceil(r, x);
    } else if (f == "sgn") {
      mpfr_set_si(r, mpfr_sgn(x), MPFR_RNDN);
    } else {
      return Undefined();
    }
    return out;
  }

  Complex Func(const Expr& e) {
    const std::string& f = e.text;
    bool trig = f == "sin" || f == "cos" || f == "tan" || f == "cot" || f == "sec" || f == "csc";
    if (trig) ++in_trig_;
    std::vector<Complex> args;
    args.reserve(e.args.size());
    for (const auto& a : e.args) args.push_back(Eval(a));
    if (trig) --in_trig_;
    if (args.empty()) return Undefined();
    bool real_in =
        std::all_of(args.begin(), args.end(), [](const Complex& a) { return a.IsReal(); });
    Complex out = FuncOf(e, args);
    if (real_in && !out.IsReal()) left_reals_ = true;
    return out;
  }

  Complex FuncOf(const Expr& e, const std::vector<Complex>& args) {
    const std::string& f = e.text;
    bool trig = f == "sin" || f == "cos" || f == "tan" || f == "cot" || f == "sec" || f == "csc";
    Complex out(prec_);
    if (trig) return Trig(f, args[0]);
    if (f == "sqrt") {
      CSqrt(out, args[0]);
      return out;
    }
    if (f == "root") {
      Expr recip = Expr::Node(Kind::kDiv, {Expr::Integer(1), e.args[1]});
      return Pow(e.args[0], recip);
    }
    if (f == "abs") {
      CAbs(out.re, args[0]);
      return out;
    }
    if (f == "exp") {
      CExp(out, args[0]);
      return out;
    }
    if (f == "log") {
      if (!CLog(out, args[0])) return Undefined();
      if (args.size() == 2) {
        Complex base(prec_);
        if (!CLog(base, args[1]) || !CDiv(out, out, base)) return Undefined();
      }
      return out;
    }
    if (f == "max" || f == "min") {
      for (const auto& a : args) {
        if (!a.IsReal()) return Undefined();
      }
      out.re = args[0].re;
      for (const auto& a : args) {
        int cmp = mpfr_cmp(a.re.get(), out.re.get());
        if ((f == "max" && cmp > 0) || (f == "min" && cmp < 0)) out.re = a.re;
      }
      return out;
    }
    if (f == "gcd" || f == "lcm") {
      mpz_t acc, z;
      mpz_inits(acc, z, nullptr);
      bool ok = true;
      for (std::size_t i = 0; i < args.size() && ok; ++i) {
        ok = args[i].IsReal() && mpfr_integer_p(args[i].re.get()) &&
             mpfr_get_exp(args[i].re.get()) < 4096;
        if (!ok) break;
        mpfr_get_z(z, args[i].re.get(), MPFR_RNDN);
        if (i == 0) {
          mpz_abs(acc, z);
        } else if (f == "gcd") {
          mpz_gcd(acc, acc, z);
        } else {
          mpz_lcm(acc, acc, z);
        }
      }
      if (ok) mpfr_set_z(out.re.get(), acc, MPFR_RNDN);
      mpz_clears(acc, z, nullptr);
      return ok ? std::move(out) : Undefined();
    }
    return RealFunc(f, args[0]);
  }

  Complex Factorial(const Complex& a) {
    if (!a.IsReal()) return Undefined();
    Complex out(prec_);
    mpfr_srcptr x = a.re.get();
    if (mpfr_integer_p(x)) {
      if (mpfr_sgn(x) < 0) return Undefined();
      if (mpfr_cmp_ui(x, kSmallFactorial) <= 0) {
        mpfr_fac_ui(out.re.get(), mpfr_get_ui(x, MPFR_RNDN), MPFR_RNDN);
        return out;
      }
    }
    // Gamma(x + 1); through its logarithm for huge x, which stays cheap.
    Real x1(prec_);
    mpfr_add_ui(x1.get(), x, 1, MPFR_RNDN);
    if (mpfr_cmp_ui(x1.get(), 100000) > 0) {
      mpfr_lngamma(out.re.get(), x1.get(), MPFR_RNDN);
      mpfr_exp(out.re.get(), out.re.get(), MPFR_RNDN);
    } else {
      mpfr_gamma(out.re.get(), x1.get(), MPFR_RNDN);
    }
    return out;
  }

  Complex Binomial(const Complex& n, const Complex& k) {
    if (!n.IsReal() || !k.IsReal()) return Undefined();
    Complex out(prec_);
    mpfr_srcptr nn = n.re.get();
    mpfr_srcptr kk = k.re.get();
    if (mpfr_integer_p(nn) && mpfr_integer_p(kk) && mpfr_sgn(nn) >= 0 &&
        mpfr_cmp_ui(nn, 5000) <= 0) {
      if (mpfr_sgn(kk) < 0 || mpfr_cmp(kk, nn) > 0) return out;
      mpz_t z;
      mpz_init(z);
      mpz_bin_uiui(z, mpfr_get_ui(nn, MPFR_RNDN), mpfr_get_ui(kk, MPFR_RNDN));
      mpfr_set_z(out.re.get(), z, MPFR_RNDN);
      mpz_clear(z);
      return out;
    }
    // exp(lnGamma(n+1) - lnGamma(k+1) - lnGamma(n-k+1)) for large or fractional arguments.
    Real a(prec_), b(prec_), c(prec_), t(prec_);
    mpfr_add_ui(t.get(), nn, 1, MPFR_RNDN);
    mpfr_lngamma(a.get(), t.get(), MPFR_RNDN);
    mpfr_add_ui(t.get(), kk, 1, MPFR_RNDN);
    mpfr_lngamma(b.get(), t.get(), MPFR_RNDN);
    mpfr_sub(t.get(), nn, kk, MPFR_RNDN);
    mpfr_add_ui(t.get(), t.get(), 1, MPFR_RNDN);
    mpfr_lngamma(c.get(), t.get(), MPFR_RNDN);
    mpfr_sub(a.get(), a.get(), b.get(), MPFR_RNDN);
    mpfr_sub(a.get(), a.get(), c.get(), MPFR_RNDN);
    mpfr_exp(out.re.get(), a.get(), MPFR_RNDN);
    return out;
  }

  Complex Eval(const Expr& e) {
    if (undefined_) return Zero();
    switch (e.kind) {
      case Kind::kNumber:
        return Literal(e);
      case Kind::kSymbol: {
        auto it = std::lower_bound(env_.begin(), env_.end(), e.text,
                                   [](const auto& p, const std::string& n) { return p.first < n; });
        if (it == env_.end() || it->first != e.text) return Undefined();
        Complex c(prec_);
        mpfr_set_d(c.re.get(), it->second.re, MPFR_RNDN);
        mpfr_set_d(c.im.get(), it->second.im, MPFR_RNDN);
        return c;
      }
      case Kind::kConstant: {
        Complex c(prec_);
        if (e.text == "pi") {
          mpfr_const_pi(c.re.get(), MPFR_RNDN);
        } else if (e.text == "e") {
          mpfr_set_ui(c.re.get(), 1, MPFR_RNDN);
          mpfr_exp(c.re.get(), c.re.get(), MPFR_RNDN);
        } else if (e.text == "i") {
          mpfr_set_ui(c.im.get(), 1, MPFR_RNDN);
        } else {
          used_infinity_ = true;
          mpfr_set_inf(c.re.get(), 1);
        }
        return c;
      }
      case Kind::kAdd: {
        Complex sum(prec_);
        for (const auto& a : e.args) {
          Complex v = Eval(a);
          CAdd(sum, sum, v);
        }
        return sum;
      }
      case Kind::kNeg: {
        Complex v = Eval(e.args[0]);
        mpfr_neg(v.re.get(), v.re.get(), MPFR_RNDN);
        mpfr_neg(v.im.get(), v.im.get(), MPFR_RNDN);
        return v;
      }
      case Kind::kMul: {
        Complex product(prec_);
        mpfr_set_ui(product.re.get(), 1, MPFR_RNDN);
        for (const auto& a : e.args) {
          Complex v = Eval(a);
          CMul(product, product, v);
        }
        return product;
      }
      case Kind::kDiv: {
        Complex a = Eval(e.args[0]);
        Complex b = Eval(e.args[1]);
        Complex out(prec_);
        if (!CDiv(out, a, b)) return Undefined();
        return out;
      }
      case Kind::kPow:
        return Pow(e.args[0], e.args[1]);
      case Kind::kFunc:
        return Func(e);
      case Kind::kFactorial:
        return Factorial(Eval(e.args[0]));
      case Kind::kBinom:
        return Binomial(Eval(e.args[0]), Eval(e.args[1]));
      case Kind::kPercent: {
        Complex v = Eval(e.args[0]);
        mpfr_div_ui(v.re.get(), v.re.get(), 100, MPFR_RNDN);
        mpfr_div_ui(v.im.get(), v.im.get(), 100, MPFR_RNDN);
        return v;
      }
      case Kind::kDegree: {
        Complex v = Eval(e.args[0]);
        if (in_trig_ > 0) {  // sin 30° is sin(π/6)
          Real pi(prec_);
          mpfr_const_pi(pi.get(), MPFR_RNDN);
          for (Real* r : {&v.re, &v.im}) {
            mpfr_mul(r->get(), r->get(), pi.get(), MPFR_RNDN);
            mpfr_div_ui(r->get(), r->get(), 180, MPFR_RNDN);
          }
        }
        return v;
      }
      default:
        return Undefined();
    }
  }

  const Env& env_;
  mpfr_prec_t prec_;
  const EvalLimits& limits_;
  bool undefined_ = false;
  bool used_infinity_ = false;
  bool left_reals_ = false;
  int in_trig_ = 0;
};

void CollectSymbols(const Expr& e, std::vector<std::string>& out) {
  if (e.kind == Kind::kSymbol) out.push_back(e.text);
  for (const auto& a : e.args) CollectSymbols(a, out);
}

}  // namespace

std::optional<Exact> EvalExact(const Expr& e, const EvalLimits& limits) {
  return ExactEvaluator(limits).Eval(e);
}

Numeric EvalNumeric(const Expr& e, const Env& env, mpfr_prec_t prec, const EvalLimits& limits) {
  return NumericEvaluator(env, prec, limits).Run(e);
}

std::vector<std::string> FreeSymbols(const Expr& e) {
  std::vector<std::string> out;
  CollectSymbols(e, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace r1::graders::math
